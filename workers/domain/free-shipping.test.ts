import { describe, expect, it } from "vitest";
import { marketFreeShippingThreshold } from "./free-shipping";

const method = (freeOverCents: number | null) => ({ freeOverCents });

describe("marketFreeShippingThreshold", () => {
  it("is the one threshold when every country has it", () => {
    expect(marketFreeShippingThreshold([[method(7_500), method(null)]])).toBe(7_500);
    expect(marketFreeShippingThreshold([[method(7_500)], [method(7_500), method(null)]])).toBe(7_500);
  });

  it("takes each country's lowest threshold, then the highest across countries, so the promise holds everywhere", () => {
    expect(marketFreeShippingThreshold([[method(9_000), method(6_000)], [method(7_500)]])).toBe(7_500);
    expect(marketFreeShippingThreshold([[method(5_000)], [method(12_000), method(null)]])).toBe(12_000);
  });

  it("promises nothing when a shipped-to country has no threshold", () => {
    expect(marketFreeShippingThreshold([[method(7_500)], [method(null), method(null)]])).toBeNull();
    expect(marketFreeShippingThreshold([[method(null)]])).toBeNull();
  });

  it("leaves out countries nothing ships to, and promises nothing when none is shipped to", () => {
    expect(marketFreeShippingThreshold([[], [method(6_000)]])).toBe(6_000);
    expect(marketFreeShippingThreshold([[], []])).toBeNull();
    expect(marketFreeShippingThreshold([])).toBeNull();
  });

  it("keeps a zero threshold: shipping is free on every order", () => {
    expect(marketFreeShippingThreshold([[method(0)], [method(0), method(2_000)]])).toBe(0);
  });
});
