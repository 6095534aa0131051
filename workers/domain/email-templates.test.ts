import { describe, expect, it } from "vitest";
import { EMAIL_TEMPLATES, renderEmail, type OrderEmailData } from "./email-templates";

const order: OrderEmailData = {
  customerName: "Ada <script>",
  orderNumber: "ORD-7K3F9Q",
  orderUrl: "http://localhost:8787/orders/ord_1",
  currency: "USD",
  lines: [{ name: 'Trail "Runner" <b>', variantTitle: "42 / Blue", quantity: 2, lineTotalCents: 25_998 }],
  subtotalCents: 25_998,
  shippingCents: 0,
  taxCents: 0,
  totalCents: 25_998,
  carrier: "UPS",
  trackingNumber: "1Z999",
  refundedCents: 25_998,
  failureReason: "insufficient_funds",
};

describe("email templates", () => {
  it.each(EMAIL_TEMPLATES.filter((template) => template !== "password_reset"))("renders %s as HTML and text, escaped", (template) => {
    const email = renderEmail({ template: template as Exclude<typeof template, "password_reset">, order });
    expect(email.subject).toContain("ORD-7K3F9Q");
    expect(email.html).toContain("&lt;script&gt;");
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("Trail &quot;Runner&quot; &lt;b&gt;");
    expect(email.html).toContain("$259.98");
    expect(email.text).toContain('Trail "Runner" <b> (42 / Blue) x 2: $259.98');
    expect(email.text).toContain(order.orderUrl);
  });

  it("puts tracking in the shipped email and the refund in the cancelled one", () => {
    expect(renderEmail({ template: "order_shipped", order }).text).toContain("Tracking number: 1Z999");
    expect(renderEmail({ template: "order_cancelled", order }).text).toContain("$259.98 will be refunded");
    expect(renderEmail({ template: "order_refunded", order: { ...order, orderCancelled: true } }).text).toContain("we refunded $259.98");
    expect(renderEmail({ template: "order_cancelled", order: { ...order, refundedCents: 0 } }).text).toContain("Nothing was charged");
    expect(renderEmail({ template: "payment_failed", order }).text).toContain("insufficient funds");
  });

  it("renders the password reset link", () => {
    const email = renderEmail({ template: "password_reset", reset: { customerName: "Ada", resetUrl: "http://localhost:8787/reset-password?token=abc&x=1", expiresInMinutes: 30 } });
    expect(email.html).toContain('href="http://localhost:8787/reset-password?token=abc&amp;x=1"');
    expect(email.text).toContain("http://localhost:8787/reset-password?token=abc&x=1");
    expect(email.text).toContain("30 minutes");
  });
});

describe("order emails with promotions", () => {
  it("names each discount and the shipping method, escaped", () => {
    const discounted: OrderEmailData = {
      ...order,
      discounts: [
        { name: "Winter <sale>", code: "WINTER", amountCents: 2_600 },
        { name: "Free shipping", amountCents: 0 },
      ],
      shippingMethodName: "Express",
      shippingCents: 0,
      totalCents: 23_398,
    };
    const email = renderEmail({ template: "order_placed", order: discounted });
    expect(email.text).toContain("Winter <sale> (WINTER): −$26.00");
    expect(email.text).toContain("Free shipping: Free shipping");
    expect(email.text).toContain("Shipping (Express): $0.00");
    expect(email.html).toContain("Winter &lt;sale&gt; (WINTER)");
    expect(email.html).not.toContain("<sale>");
  });
});

describe("emails in the order's language", () => {
  const eur: OrderEmailData = { ...order, currency: "EUR", lines: [{ ...order.lines[0]!, lineTotalCents: 123_456 }], totalCents: 123_456, refundedCents: 123_456 };

  it.each([
    ["de", "Wir haben Ihre Bestellung ORD-7K3F9Q erhalten", "Hallo Ada <script>,", "Gesamt: 1.234,56\u00a0€", "Vielen Dank für Ihre Bestellung."],
    ["fr", "Nous avons bien reçu votre commande ORD-7K3F9Q", "Bonjour Ada <script>,", "Total: 1\u202f234,56\u00a0€", "Merci pour votre commande."],
    ["ja", "ご注文 ORD-7K3F9Q を承りました", "Ada <script> 様", "合計: €1,234.56", "ご注文ありがとうございます。"],
    ["en", "We received your order ORD-7K3F9Q", "Hi Ada <script>,", "Total: €1,234.56", "Thanks for your order."],
  ])("writes the order_placed email in %s with money in that locale", (language, subject, greeting, total, intro) => {
    const email = renderEmail({ template: "order_placed", order: { ...eur, language } });
    expect(email.subject).toBe(subject);
    expect(email.text).toContain(greeting);
    expect(email.text).toContain(intro);
    expect(email.text).toContain(total);
    expect(email.html).toContain(`<html lang="${language}">`);
    // Escaping holds in every language.
    expect(email.html).not.toContain("<script>");
  });

  it("falls back to English when the language is absent or not one we write", () => {
    for (const language of [undefined, "es", ""]) {
      const email = renderEmail({ template: "payment_succeeded", order: { ...order, ...(language === undefined ? {} : { language }) } });
      expect(email.subject).toBe("Order ORD-7K3F9Q confirmed");
      expect(email.html).toContain('<html lang="en">');
    }
  });

  it.each(EMAIL_TEMPLATES.filter((template) => template !== "password_reset"))("has a German, French and Japanese %s unlike the English one", (template) => {
    const english = renderEmail({ template: template as Exclude<typeof template, "password_reset">, order });
    for (const language of ["de", "fr", "ja"]) {
      const email = renderEmail({ template: template as Exclude<typeof template, "password_reset">, order: { ...order, language } });
      expect(email.subject).toContain("ORD-7K3F9Q");
      expect(email.subject).not.toBe(english.subject);
      expect(email.text.split("\n")[2]).not.toBe(english.text.split("\n")[2]);
    }
  });

  it("translates tracking, refunds and failure reasons", () => {
    expect(renderEmail({ template: "order_shipped", order: { ...order, language: "de" } }).text).toContain("Sendungsnummer: 1Z999");
    expect(renderEmail({ template: "order_cancelled", order: { ...eur, language: "de" } }).text).toContain("1.234,56\u00a0€ werden Ihrer Karte erstattet");
    expect(renderEmail({ template: "payment_failed", order: { ...order, language: "fr" } }).text).toContain("provision insuffisante");
    expect(renderEmail({ template: "payment_failed", order: { ...order, language: "ja", failureReason: "something_new" } }).text).toContain("カードが承認されませんでした。");
  });

  it("writes Japanese yen without a minor unit", () => {
    const yen: OrderEmailData = { ...order, currency: "JPY", language: "ja", lines: [{ ...order.lines[0]!, lineTotalCents: 4_500 }], subtotalCents: 4_500, totalCents: 4_500 };
    expect(renderEmail({ template: "order_placed", order: yen }).text).toContain("合計: ￥4,500");
  });

  it("names the VAT as included when the order's prices include it", () => {
    const gross: OrderEmailData = { ...eur, language: "de", taxInclusive: true, taxCents: 19_711 };
    const text = renderEmail({ template: "order_placed", order: gross }).text;
    expect(text).toContain("inkl. MwSt.: 197,11\u00a0€");
    expect(text).not.toContain("\nMwSt.: 197,11");
    expect(renderEmail({ template: "order_placed", order: { ...eur, language: "fr", taxInclusive: true, taxCents: 100 } }).text).toContain("TTC: 1,00\u00a0€");
    expect(renderEmail({ template: "order_placed", order: { ...eur, language: "de", taxCents: 100 } }).text).toContain("\nMwSt.: 1,00\u00a0€");
  });

  it.each([
    ["de", "Setzen Sie Ihr Edgeware-Passwort zurück", "30 Minuten"],
    ["fr", "Réinitialisez votre mot de passe Edgeware", "30 minutes"],
    ["ja", "Edgeware のパスワード再設定", "30 分間"],
  ])("writes the password reset in %s", (language, subject, minutes) => {
    const email = renderEmail({ template: "password_reset", reset: { language, customerName: "Ada", resetUrl: "http://localhost:8787/reset-password?token=abc", expiresInMinutes: 30 } });
    expect(email.subject).toBe(subject);
    expect(email.text).toContain(minutes);
  });
});
