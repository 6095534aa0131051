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
