import { describe, expect, it } from "vitest";
import { orderTotals, priceOrder, refundableForLine } from "./pricing";
import type { Promotion } from "./promotions";
import { DEFAULT_STANDARD_METHOD, type ShippingMethod } from "./shipping";

const now = new Date("2026-12-01T12:00:00Z");
const express: ShippingMethod = { id: "exp", name: "Express", rate: { kind: "flat", amountCents: 1_499 } };

function promotion(overrides: Partial<Promotion> & Pick<Promotion, "id" | "kind">): Promotion {
  return {
    name: overrides.id, code: null, value: null, appliesTo: null, minSubtotalCents: null, startsAt: null, endsAt: null, usageLimit: null,
    perCustomerLimit: null, exclusive: false, active: true, buyQuantity: null, getQuantity: null, maxApplications: null, customerEmail: null, ...overrides,
  };
}

const line = (sku: string, unitPriceCents: number, quantity = 1) => ({ sku, productId: `prd_${sku}`, categoryId: null, unitPriceCents, quantity });

describe("the pricing pipeline", () => {
  it("without promotions and with the Standard method, agrees with the historic totals", () => {
    for (const cents of [1_999, 5_000, 7_499, 7_500, 12_345]) {
      const { subtotalCents, shippingCents, taxCents, totalCents } = priceOrder({ lines: [line("A", cents)], country: "GB", method: DEFAULT_STANDARD_METHOD });
      expect({ subtotalCents, shippingCents, taxCents, totalCents }).toEqual(orderTotals([{ unitPriceCents: cents, quantity: 1 }], "GB"));
    }
  });

  it("charges shipping on the discounted subtotal and taxes discounted goods plus shipping", () => {
    // 8000 − 10% = 7200 < 7500: Standard is charged again; GB tax 20% of (7200 + 599)
    const priced = priceOrder({ lines: [line("A", 8_000)], country: "GB", method: DEFAULT_STANDARD_METHOD, promotions: [promotion({ id: "p", kind: "percent", value: 10 })], now });
    expect(priced).toMatchObject({ subtotalCents: 8_000, discountCents: 800, shippingCents: 599, taxCents: 1_560, totalCents: 8_000 - 800 + 599 + 1_560 });
    expect(priced.freeShippingRemainingCents).toBe(300);
  });

  it("makes shipping free with a free-shipping promotion, whatever the method", () => {
    const priced = priceOrder({ lines: [line("A", 1_000)], country: "US", method: express, promotions: [promotion({ id: "s", kind: "free_shipping" })], now });
    expect(priced).toMatchObject({ shippingCents: 0, freeShipping: true, freeShippingRemainingCents: null, totalCents: 1_000 });
  });

  it("always adds up: subtotal − discount + shipping + tax = total", () => {
    const priced = priceOrder({
      lines: [line("B", 3_333, 2), line("A", 1_111, 3)],
      country: "DE",
      method: express,
      promotions: [promotion({ id: "p", kind: "percent", value: 17 }), promotion({ id: "f", kind: "fixed", value: 250 })],
      now,
    });
    expect(priced.subtotalCents - priced.discountCents + priced.shippingCents + priced.taxCents).toBe(priced.totalCents);
    expect(priced.lines.reduce((sum, entry) => sum + entry.discountCents, 0)).toBe(priced.discountCents);
    expect(priced.lines.map((entry) => entry.sku)).toEqual(["A", "B"]);
  });

  it("refunds a discounted line at most what was paid for it", () => {
    const priced = priceOrder({ lines: [line("A", 1_000, 2), line("B", 500)], country: "US", method: null, promotions: [promotion({ id: "p", kind: "fixed", value: 700 })], now });
    const paid = priced.lines.reduce((sum, entry) => sum + refundableForLine(entry), 0);
    expect(paid).toBe(priced.subtotalCents - priced.discountCents);
    for (const entry of priced.lines) expect(refundableForLine(entry)).toBeLessThanOrEqual(entry.lineTotalCents - entry.discountCents);
    expect(refundableForLine({ lineTotalCents: 500, discountCents: 900 })).toBe(0);
    expect(refundableForLine({ lineTotalCents: 500 })).toBe(500);
  });

  it("charges nothing for shipping on an empty cart or without a method", () => {
    expect(priceOrder({ lines: [], country: "US", method: DEFAULT_STANDARD_METHOD }).totalCents).toBe(0);
    expect(priceOrder({ lines: [line("A", 100)], country: "US", method: null }).shippingCents).toBe(0);
  });
});
