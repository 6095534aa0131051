import { describe, expect, it } from "vitest";
import { quoteTax, taxContained, totalWithTax, type TaxRules } from "./tax";
import { priceOrder } from "./pricing";
import { formatMoney } from "./money";
import { returnRefundCents } from "./returns";

const us: TaxRules = { inclusive: false, rates: { US: 0, CA: 500, GB: 2_000 }, taxShipping: true };
const eu: TaxRules = { inclusive: true, rates: { DE: 1_900, FR: 2_000 }, taxShipping: true };
const gb: TaxRules = { inclusive: true, rates: { GB: 2_000 }, taxShipping: true };
const jp: TaxRules = { inclusive: true, rates: { JP: 1_000 }, taxShipping: true };

describe("tax as each market expects it", () => {
  it("finds the tax a gross price contains, half up", () => {
    expect(taxContained(11_900, 1_900)).toBe(1_900); // €119 incl. 19 % holds €19
    expect(taxContained(2_299, 1_900)).toBe(367); // 22.99 × 19/119 = 3.6707
    expect(taxContained(1_999, 2_000)).toBe(333); // 19.99 / 6 = 3.3317
    expect(taxContained(3_750, 1_000)).toBe(341); // ¥3,750 × 10/110 = 340.9
    expect(taxContained(0, 1_900)).toBe(0);
    expect(taxContained(1_000, 0)).toBe(0);
  });

  it("adds US tax at checkout, and shows inclusive tax without adding it", () => {
    const added = quoteTax(us, { country: "CA", currency: "USD", goodsCents: 10_000, shippingCents: 599 });
    expect(added).toEqual({ taxCents: 530, inclusive: false, rates: [{ country: "CA", rateBps: 500, shipping: true, inclusive: false }] });
    expect(totalWithTax(10_000, 599, added)).toBe(11_129);
    const contained = quoteTax(eu, { country: "de", currency: "EUR", goodsCents: 11_900, shippingCents: 0 });
    expect(contained).toMatchObject({ taxCents: 1_900, inclusive: true });
    expect(totalWithTax(11_900, 0, contained)).toBe(11_900);
  });

  it("taxes shipping only where the market does", () => {
    const withShipping = quoteTax(gb, { country: "GB", currency: "GBP", goodsCents: 1_999, shippingCents: 499 });
    const without = quoteTax({ ...gb, taxShipping: false }, { country: "GB", currency: "GBP", goodsCents: 1_999, shippingCents: 499 });
    expect(withShipping.taxCents).toBe(taxContained(2_498, 2_000));
    expect(without.taxCents).toBe(taxContained(1_999, 2_000));
    expect(without.rates[0]?.shipping).toBe(false);
  });

  it("prices whole orders in a zero-decimal and a two-decimal currency, with a discount", () => {
    const method = { id: "m", name: "Standard", rate: { kind: "flat" as const, amountCents: 800 }, freeOverCents: 10_000, minDays: 2, maxDays: 4 };
    const promotion = { id: "p", name: "10 %", code: null, kind: "percent" as const, value: 10, appliesTo: null, minSubtotalCents: null, startsAt: null, endsAt: null, usageLimit: null, perCustomerLimit: null, exclusive: false, active: true, buyQuantity: null, getQuantity: null, maxApplications: null, customerEmail: null };
    const yen = priceOrder({ lines: [{ sku: "A", productId: "a", categoryId: null, unitPriceCents: 3_750, quantity: 3 }], country: "JP", method, promotions: [promotion], tax: jp });
    // ¥11,250 − ¥1,125 = ¥10,125: over ¥10,000, so shipping is free; the tax is contained.
    expect(yen).toMatchObject({ subtotalCents: 11_250, discountCents: 1_125, shippingCents: 0, taxCents: taxContained(10_125, 1_000), taxInclusive: true, totalCents: 10_125 });
    expect(formatMoney(yen.totalCents, "JPY", "ja-JP")).toBe("￥10,125");
    const euros = priceOrder({ lines: [{ sku: "A", productId: "a", categoryId: null, unitPriceCents: 2_299, quantity: 2 }], country: "FR", method: { ...method, rate: { kind: "flat", amountCents: 599 }, freeOverCents: 7_500 }, promotions: [promotion], tax: eu });
    expect(euros).toMatchObject({ subtotalCents: 4_598, discountCents: 460, shippingCents: 599, taxInclusive: true, totalCents: 4_598 - 460 + 599 });
    expect(euros.taxCents).toBe(taxContained(4_138 + 599, 2_000));
    expect(euros.taxRates).toEqual([{ country: "FR", rateBps: 2_000, shipping: true, inclusive: true }]);
    const dollars = priceOrder({ lines: [{ sku: "A", productId: "a", categoryId: null, unitPriceCents: 2_499, quantity: 2 }], country: "US", method: null, promotions: [promotion], tax: us });
    expect(dollars).toMatchObject({ subtotalCents: 4_998, discountCents: 500, taxCents: 0, taxInclusive: false, totalCents: 4_498 });
  });

  it("refunds what was paid in each currency: inclusive tax is inside the price, added tax comes back with its share", () => {
    // Yen, VAT included: two of three units back refund two thirds of what the line cost, tax and all.
    const yen = returnRefundCents({
      lines: [{ line: { sku: "A", quantity: 3, paidCents: 10_125 }, refundedBefore: 0, received: 2 }],
      money: { taxableCents: 10_125, taxCents: taxContained(10_125, 1_000), taxAdded: false },
      shipping: { cents: 0, refund: false, alreadyRefunded: false },
    });
    expect(yen).toEqual({ goodsCents: 6_750, taxCents: 0, shippingCents: 0, totalCents: 6_750 });
    // Euros, VAT included, with shipping refunded: still never more than was paid.
    const euros = returnRefundCents({
      lines: [{ line: { sku: "A", quantity: 2, paidCents: 4_138 }, refundedBefore: 1, received: 1 }],
      money: { taxableCents: 4_737, taxCents: taxContained(4_737, 2_000), taxAdded: false },
      shipping: { cents: 599, refund: true, alreadyRefunded: false },
    });
    expect(euros).toEqual({ goodsCents: 2_069, taxCents: 0, shippingCents: 599, totalCents: 2_668 });
    // Dollars, tax added: the goods' share of the tax comes back too.
    const dollars = returnRefundCents({
      lines: [{ line: { sku: "A", quantity: 1, paidCents: 10_000 }, refundedBefore: 0, received: 1 }],
      money: { taxableCents: 10_599, taxCents: 530, taxAdded: true },
      shipping: { cents: 599, refund: false, alreadyRefunded: false },
    });
    expect(dollars).toEqual({ goodsCents: 10_000, taxCents: Math.floor((10_000 * 530) / 10_599), shippingCents: 0, totalCents: 10_000 + Math.floor((10_000 * 530) / 10_599) });
  });
});
