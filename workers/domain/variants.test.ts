import { describe, expect, it } from "vitest";
import { defaultVariantTitle, productTotals } from "./variants";

describe("variants", () => {
  it("titles a variant from its options, or Default", () => {
    expect(defaultVariantTitle({ size: "M", color: "Navy" })).toBe("M / Navy");
    expect(defaultVariantTitle({})).toBe("Default");
    expect(defaultVariantTitle(undefined)).toBe("Default");
  });

  it("prices a product at its cheapest active variant and sums active stock", () => {
    expect(
      productTotals([
        { priceCents: 3000, available: 2 },
        { priceCents: 1000, available: 0, isActive: false },
        { priceCents: 2000, available: 5 },
      ]),
    ).toEqual({ priceCents: 2000, available: 7 });
    expect(productTotals([])).toEqual({ priceCents: null, available: 0 });
  });
});
