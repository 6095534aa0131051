/**
 * Transactional emails rendered to HTML and plain text. Pure: every value is escaped here, so
 * a product name or address containing markup arrives as text.
 */
import { formatMoney } from "./money";
import { failureReasonText } from "./order-events";

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

function layout(title: string, bodyHtml: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:24px;background:#f4f4f5;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#18181b">
<table role="presentation" width="100%" style="max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:24px">
<tr><td><p style="font-weight:700;font-size:18px;margin:0 0 16px">${STORE}</p>${bodyHtml}
<p style="color:#71717a;font-size:12px;margin-top:24px">You are receiving this email because of activity on your ${STORE} account.</p></td></tr></table></body></html>`;
}

function button(url: string, label: string): string {
  return `<p><a href="${escapeHtml(url)}" style="display:inline-block;background:#18181b;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(label)}</a></p>`;
}

function orderSummary(order: OrderEmailData): { html: string; text: string } {
  const money = (cents: number) => formatMoney(cents, order.currency);
  const amount = (cents: number | null) => (cents === null ? "Free shipping" : cents < 0 ? `−${money(-cents)}` : money(cents));
  const rows = order.lines
    .map(
      (line) =>
        `<tr><td style="padding:4px 0">${escapeHtml(line.name)}${line.variantTitle ? ` <span style="color:#71717a">(${escapeHtml(line.variantTitle)})</span>` : ""} × ${line.quantity}</td><td style="text-align:right">${money(line.lineTotalCents)}</td></tr>`,
    )
    .join("");
  // A discount reads as a negative amount; free shipping (no amount of its own) by its name alone.
  const totals: (readonly [string, number | null])[] = [
    ["Subtotal", order.subtotalCents],
    ...(order.discounts ?? []).map((discount) => [`${discount.name}${discount.code ? ` (${discount.code})` : ""}`, discount.amountCents > 0 ? -discount.amountCents : null] as const),
    [order.shippingMethodName ? `Shipping (${order.shippingMethodName})` : "Shipping", order.shippingCents],
    ["Tax", order.taxCents],
  ];
  const html = `<table role="presentation" width="100%" style="border-collapse:collapse;margin:16px 0">${rows}
${totals.map(([label, cents]) => `<tr><td style="color:#71717a">${escapeHtml(label)}</td><td style="text-align:right;color:#71717a">${amount(cents)}</td></tr>`).join("")}
<tr><td style="font-weight:700;border-top:1px solid #e4e4e7;padding-top:6px">Total</td><td style="text-align:right;font-weight:700;border-top:1px solid #e4e4e7;padding-top:6px">${money(order.totalCents)}</td></tr></table>`;
  const text = [
    ...order.lines.map((line) => `- ${line.name}${line.variantTitle ? ` (${line.variantTitle})` : ""} x ${line.quantity}: ${money(line.lineTotalCents)}`),
    ...totals.map(([label, cents]) => `${label}: ${amount(cents)}`),
    `Total: ${money(order.totalCents)}`,
  ].join("\n");
  return { html, text };
}

function orderEmail(subject: string, intro: string, order: OrderEmailData, extraText = ""): RenderedEmail {
  const summary = orderSummary(order);
  const greeting = `Hi ${order.customerName},`;
  const html = layout(
    subject,
    `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(intro)}</p>${extraText ? `<p>${escapeHtml(extraText)}</p>` : ""}${summary.html}${button(order.orderUrl, `View order ${order.orderNumber}`)}`,
  );
  const text = [greeting, "", intro, ...(extraText ? ["", extraText] : []), "", summary.text, "", `View your order: ${order.orderUrl}`, "", `— ${STORE}`].join("\n");
  return { subject, html, text };
}

export function renderEmail(data: EmailData): RenderedEmail {
  if (data.template === "password_reset") {
    const { reset } = data;
    const subject = `Reset your ${STORE} password`;
    const intro = `Someone asked to reset the password of your ${STORE} account. The link works once, for ${reset.expiresInMinutes} minutes. If it wasn't you, ignore this email: your password stays as it is.`;
    return {
      subject,
      html: layout(subject, `<p>${escapeHtml(`Hi ${reset.customerName},`)}</p><p>${escapeHtml(intro)}</p>${button(reset.resetUrl, "Choose a new password")}`),
      text: [`Hi ${reset.customerName},`, "", intro, "", reset.resetUrl, "", `— ${STORE}`].join("\n"),
    };
  }
  const { order } = data;
  const number = order.orderNumber;
  switch (data.template) {
    case "order_placed":
      return orderEmail(`We received your order ${number}`, "Thanks for your order. We're confirming your payment now and will email you as soon as it goes through.", order);
    case "payment_succeeded":
      return orderEmail(`Order ${number} confirmed`, "Your payment went through and your order is confirmed. We'll let you know when it ships.", order);
    case "payment_failed":
      return orderEmail(
        `Payment failed for order ${number}`,
        `The payment for your order didn't go through, so nothing was charged. ${failureReasonText(order.failureReason)}`,
        order,
        "Your order is saved and your cart still holds its items: open the order to try another card, or go back to checkout.",
      );
    case "order_shipped":
      return orderEmail(
        `Order ${number} has shipped`,
        "Good news: your order is on its way.",
        order,
        order.carrier && order.trackingNumber ? `Carrier: ${order.carrier}. Tracking number: ${order.trackingNumber}.` : "",
      );
    case "order_link":
      return orderEmail(
        `Your order ${number}`,
        "You asked for a link to your order. Keep it to yourself: anyone with it can see the order. If it wasn't you, ignore this email.",
        order,
      );
    case "order_delivered":
      return orderEmail(`Order ${number} was delivered`, "Your order has been delivered. We hope you enjoy it — reviews help other shoppers.", order);
    case "order_cancelled":
      return orderEmail(
        `Order ${number} was cancelled`,
        order.refundedCents
          ? `Your order was cancelled and ${formatMoney(order.refundedCents, order.currency)} will be refunded to your card. We'll email you when the refund is issued.`
          : order.chargeAttempted
            ? "Your order was cancelled. Your payment was already on its way to your bank; if it goes through, we will refund it in full and email you."
            : "Your order was cancelled. Nothing was charged.",
        order,
      );
    case "return_requested":
      return orderEmail(`Return requested for order ${number}`, "We received your return request and will review it shortly. We'll email you when it is approved.", order);
    case "return_approved":
      return orderEmail(
        `Your return for order ${number} was approved`,
        "Your return was approved. Please send the items back in their original packaging; we'll refund you as soon as they arrive.",
        order,
      );
    case "return_rejected":
      return orderEmail(`Your return for order ${number}`, "We're sorry: your return request was declined. Reply to this email if you have questions.", order);
    case "return_received":
      return orderEmail(
        `We received your return for order ${number}`,
        `Your returned items arrived. ${formatMoney(order.refundedCents ?? 0, order.currency)} will be refunded to your card; we'll email you when the refund is issued.`,
        order,
      );
    case "order_refunded": {
      const amount = formatMoney(order.refundedCents ?? 0, order.currency);
      return orderEmail(
        order.orderCancelled ? `Order ${number} was cancelled and refunded` : `A refund for order ${number}`,
        order.orderCancelled
          ? `Your order was cancelled and we refunded ${amount} to your card. Refunds take 5–10 business days to appear.`
          : `We refunded ${amount} to your card for this order. Refunds take 5–10 business days to appear.`,
        order,
      );
    }
  }
}
