import { describe, expect, it } from "vitest";
import { applyBasisPoints, orderTotals, refundableCents } from "./pricing";
import { retryDelaySeconds } from "./retry";

describe("order totals", () => {
  it("charges flat shipping below the threshold and none above", () => {
    expect(orderTotals([{ unitPriceCents: 2_500, quantity: 2 }], "US")).toEqual({ subtotalCents: 5_000, shippingCents: 599, taxCents: 0, totalCents: 5_599 });
    expect(orderTotals([{ unitPriceCents: 2_500, quantity: 3 }], "US").shippingCents).toBe(0);
  });

  it("taxes goods and shipping at the country's rate, rounding half up to the cent", () => {
    // (1999 + 599) × 20% = 519.6 → 520
    expect(orderTotals([{ unitPriceCents: 1_999, quantity: 1 }], "gb")).toEqual({ subtotalCents: 1_999, shippingCents: 599, taxCents: 520, totalCents: 3_118 });
    expect(applyBasisPoints(25, 2_000)).toBe(5);
    expect(applyBasisPoints(1, 5_000)).toBe(1); // 0.5 → 1
    expect(applyBasisPoints(1, 4_999)).toBe(0);
  });

  it("never produces fractions and refuses bad lines", () => {
    const totals = orderTotals([{ unitPriceCents: 333, quantity: 3 }, { unitPriceCents: 1, quantity: 7 }], "DE");
    for (const value of Object.values(totals)) expect(Number.isInteger(value)).toBe(true);
    expect(() => orderTotals([{ unitPriceCents: 1.5, quantity: 1 }], "US")).toThrow(RangeError);
    expect(() => orderTotals([{ unitPriceCents: 100, quantity: 0 }], "US")).toThrow(RangeError);
    expect(() => orderTotals([{ unitPriceCents: -1, quantity: 1 }], "US")).toThrow(RangeError);
  });

  it("knows what is left to refund", () => {
    expect(refundableCents(5_000, 1_200)).toBe(3_800);
    expect(refundableCents(5_000, 6_000)).toBe(0);
  });
});

describe("retry delays", () => {
  it("grow exponentially with jitter and are capped", () => {
    expect(retryDelaySeconds(1, () => 0)).toBe(1);
    expect(retryDelaySeconds(1, () => 1)).toBe(2);
    expect(retryDelaySeconds(4, () => 0)).toBe(8);
    expect(retryDelaySeconds(4, () => 1)).toBe(16);
    expect(retryDelaySeconds(50, () => 1)).toBe(300);
  });
});
