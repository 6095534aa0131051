/**
 * Transactional emails rendered to HTML and plain text. Pure: every value is escaped here, so
 * a product name or address containing markup arrives as text.
 */
import i18next, { type TFunction } from "i18next";
// The emails share the site's resources (decision 014): data only, the one read from web/.
import de from "../../web/app/locales/de/email.json";
import en from "../../web/app/locales/en/email.json";
import fr from "../../web/app/locales/fr/email.json";
import ja from "../../web/app/locales/ja/email.json";
import { formatMoney } from "./money";

/** The languages an email can be written in; anything else is written in English. */
export const EMAIL_LANGUAGES = ["en", "de", "fr", "ja"] as const;
export type EmailLanguage = (typeof EMAIL_LANGUAGES)[number];
const INTL_LOCALES: Record<EmailLanguage, string> = { en: "en-US", de: "de-DE", fr: "fr-FR", ja: "ja-JP" };

// One instance for every email, initialised synchronously from memory: no backend, no network.
const emails = i18next.createInstance();
void emails.init({
  lng: "en",
  fallbackLng: "en",
  supportedLngs: [...EMAIL_LANGUAGES],
  ns: ["email"],
  defaultNS: "email",
  resources: { en: { email: en }, de: { email: de }, fr: { email: fr }, ja: { email: ja } },
  initImmediate: false,
  // Every value is escaped where it is put into HTML; the text part wants it raw.
  interpolation: { escapeValue: false },
});

function emailLanguage(language: string | undefined): EmailLanguage {
  return (EMAIL_LANGUAGES as readonly string[]).includes(language ?? "") ? (language as EmailLanguage) : "en";
}

/** What every part of one email needs: its language, words and number formats. */
interface Copy {
  lang: EmailLanguage;
  t: TFunction;
  money: (minor: number) => string;
}

function copyFor(language: string | undefined, currency = "USD"): Copy {
  const lang = emailLanguage(language);
  return { lang, t: emails.getFixedT(lang), money: (minor) => formatMoney(minor, currency, INTL_LOCALES[lang]) };
}

/** A card or gateway failure code in the email's language. */
function failureText(t: TFunction, reason: string | null | undefined): string {
  if (!reason) return t("failure.none");
  return t(`failure.${reason}`, { defaultValue: t("failure.other") });
}

export const EMAIL_TEMPLATES = [
  "order_placed",
  "payment_succeeded",
  "payment_failed",
  "order_shipped",
  "order_delivered",
  "order_cancelled",
  "order_refunded",
  "order_link",
  "return_requested",
  "return_approved",
  "return_rejected",
  "return_received",
  "password_reset",
] as const;
export type EmailTemplate = (typeof EMAIL_TEMPLATES)[number];

export interface OrderEmailData {
  /** The order's language (en, de, fr, ja); absent on emails queued before orders had one. */
  language?: string;
  /** The order's prices contain its tax (shown as "incl. VAT"), rather than adding it. */
  taxInclusive?: boolean;
  customerName: string;
  orderNumber: string;
  orderUrl: string;
  currency: string;
  lines: { name: string; variantTitle: string; quantity: number; lineTotalCents: number }[];
  subtotalCents: number;
  /** Each discount by name; absent for orders placed before promotions existed. */
  discounts?: { name: string; code?: string; amountCents: number }[];
  shippingMethodName?: string | null;
  shippingCents: number;
  taxCents: number;
  totalCents: number;
  carrier?: string | null;
  trackingNumber?: string | null;
  refundedCents?: number;
  failureReason?: string | null;
  /** A cancelled unpaid order whose charge was already on its way to the bank. */
  chargeAttempted?: boolean;
  /** For a refund: whether the order it belongs to was cancelled. */
  orderCancelled?: boolean;
}

export interface PasswordResetData {
  /** The account's language, when known (en, de, fr, ja); English otherwise. */
  language?: string;
  customerName: string;
  resetUrl: string;
  expiresInMinutes: number;
}

export type EmailData =
  | { template: Exclude<EmailTemplate, "password_reset">; order: OrderEmailData }
  | { template: "password_reset"; reset: PasswordResetData };

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

const STORE = "Edgeware";

function layout(copy: Copy, title: string, bodyHtml: string): string {
  return `<!doctype html><html lang="${copy.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:24px;background:#f4f4f5;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#18181b">
<table role="presentation" width="100%" style="max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:24px">
<tr><td><p style="font-weight:700;font-size:18px;margin:0 0 16px">${STORE}</p>${bodyHtml}
<p style="color:#71717a;font-size:12px;margin-top:24px">${escapeHtml(copy.t("footer", { store: STORE }))}</p></td></tr></table></body></html>`;
}

function button(url: string, label: string): string {
  return `<p><a href="${escapeHtml(url)}" style="display:inline-block;background:#18181b;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(label)}</a></p>`;
}

function orderSummary(copy: Copy, order: OrderEmailData): { html: string; text: string } {
  const { t, money } = copy;
  const amount = (cents: number | null) => (cents === null ? t("freeShipping") : cents < 0 ? `−${money(-cents)}` : money(cents));
  const rows = order.lines
    .map(
      (line) =>
        `<tr><td style="padding:4px 0">${escapeHtml(line.name)}${line.variantTitle ? ` <span style="color:#71717a">(${escapeHtml(line.variantTitle)})</span>` : ""} × ${line.quantity}</td><td style="text-align:right">${money(line.lineTotalCents)}</td></tr>`,
    )
    .join("");
  // A discount reads as a negative amount; free shipping (no amount of its own) by its name alone.
  const totals: (readonly [string, number | null])[] = [
    [t("subtotal"), order.subtotalCents],
    ...(order.discounts ?? []).map((discount) => [`${discount.name}${discount.code ? ` (${discount.code})` : ""}`, discount.amountCents > 0 ? -discount.amountCents : null] as const),
    [order.shippingMethodName ? t("shippingWith", { method: order.shippingMethodName }) : t("shipping"), order.shippingCents],
    // Tax-inclusive prices already hold the VAT: it is named as part of the total, not added.
    [order.taxInclusive ? `${t("vatIncluded")}` : t("tax"), order.taxCents],
  ];
  const html = `<table role="presentation" width="100%" style="border-collapse:collapse;margin:16px 0">${rows}
${totals.map(([label, cents]) => `<tr><td style="color:#71717a">${escapeHtml(label)}</td><td style="text-align:right;color:#71717a">${amount(cents)}</td></tr>`).join("")}
<tr><td style="font-weight:700;border-top:1px solid #e4e4e7;padding-top:6px">${escapeHtml(t("total"))}</td><td style="text-align:right;font-weight:700;border-top:1px solid #e4e4e7;padding-top:6px">${money(order.totalCents)}</td></tr></table>`;
  const text = [
    ...order.lines.map((line) => `- ${line.name}${line.variantTitle ? ` (${line.variantTitle})` : ""} x ${line.quantity}: ${money(line.lineTotalCents)}`),
    ...totals.map(([label, cents]) => `${label}: ${amount(cents)}`),
    `${t("total")}: ${money(order.totalCents)}`,
  ].join("\n");
  return { html, text };
}

function orderEmail(copy: Copy, subject: string, intro: string, order: OrderEmailData, extraText = ""): RenderedEmail {
  const { t } = copy;
  const summary = orderSummary(copy, order);
  const greeting = t("greeting", { name: order.customerName });
  const html = layout(
    copy,
    subject,
    `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(intro)}</p>${extraText ? `<p>${escapeHtml(extraText)}</p>` : ""}${summary.html}${button(order.orderUrl, t("viewOrderButton", { number: order.orderNumber }))}`,
  );
  const text = [greeting, "", intro, ...(extraText ? ["", extraText] : []), "", summary.text, "", t("viewOrderText", { url: order.orderUrl }), "", `— ${STORE}`].join("\n");
  return { subject, html, text };
}

/** The email for `data`, in its `language` (English when absent or unknown). */
export function renderEmail(data: EmailData): RenderedEmail {
  if (data.template === "password_reset") {
    const { reset } = data;
    const copy = copyFor(reset.language);
    const { t } = copy;
    const subject = t("reset.subject", { store: STORE });
    const intro = t("reset.intro", { store: STORE, minutes: reset.expiresInMinutes });
    const greeting = t("greeting", { name: reset.customerName });
    return {
      subject,
      html: layout(copy, subject, `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(intro)}</p>${button(reset.resetUrl, t("reset.button"))}`),
      text: [greeting, "", intro, "", reset.resetUrl, "", `— ${STORE}`].join("\n"),
    };
  }
  const { order } = data;
  const copy = copyFor(order.language, order.currency);
  const { t, money } = copy;
  const number = order.orderNumber;
  const email = (subject: string, intro: string, extra = "") => orderEmail(copy, subject, intro, order, extra);
  switch (data.template) {
    case "order_placed":
    case "payment_succeeded":
    case "order_link":
    case "order_delivered":
    case "return_requested":
    case "return_approved":
    case "return_rejected":
      return email(t(`${data.template}.subject`, { number }), t(`${data.template}.intro`));
    case "payment_failed":
      return email(
        t("payment_failed.subject", { number }),
        t("payment_failed.intro", { reason: failureText(t, order.failureReason) }),
        t("payment_failed.extra"),
      );
    case "order_shipped":
      return email(
        t("order_shipped.subject", { number }),
        t("order_shipped.intro"),
        order.carrier && order.trackingNumber ? t("order_shipped.tracking", { carrier: order.carrier, tracking: order.trackingNumber }) : "",
      );
    case "order_cancelled":
      return email(
        t("order_cancelled.subject", { number }),
        order.refundedCents
          ? t("order_cancelled.refund", { amount: money(order.refundedCents) })
          : order.chargeAttempted
            ? t("order_cancelled.attempted")
            : t("order_cancelled.nothing"),
      );
    case "return_received":
      return email(t("return_received.subject", { number }), t("return_received.intro", { amount: money(order.refundedCents ?? 0) }));
    case "order_refunded": {
      const amount = money(order.refundedCents ?? 0);
      return order.orderCancelled
        ? email(t("order_refunded.subjectCancelled", { number }), t("order_refunded.introCancelled", { amount }))
        : email(t("order_refunded.subject", { number }), t("order_refunded.intro", { amount }));
    }
  }
}
