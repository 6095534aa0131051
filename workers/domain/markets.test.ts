import type { Promotion } from "./promotions";
import { describe, expect, it } from "vitest";
import { chooseMarket, convertFromBase, derivePrice, marketForCountry, priceInMarket, promotionInMarket, roundingProblem, roundPrice, type Market } from "./markets";

const market = (overrides: Partial<Market> & Pick<Market, "id" | "currency">): Market => ({
  name: overrides.id,
  countries: [],
  languages: ["en"],
  defaultLanguage: "en",
  taxInclusive: false,
  taxRates: {},
  taxShipping: true,
  exchangeRateMicros: 1_000_000,
  rounding: "exact",
  isBase: false,
  position: 0,
  ...overrides,
});

const us = market({ id: "us", currency: "USD", countries: ["US"], isBase: true });
const eu = market({ id: "eu", currency: "EUR", countries: ["DE", "FR"], exchangeRateMicros: 920_000, rounding: "ninety_nine", taxInclusive: true });
const gb = market({ id: "gb", currency: "GBP", countries: ["GB"], exchangeRateMicros: 790_000, rounding: "ninety_nine", taxInclusive: true });
const jp = market({ id: "jp", currency: "JPY", countries: ["JP"], exchangeRateMicros: 150_000_000, rounding: "tens", taxInclusive: true });
const all = [us, eu, gb, jp];

describe("prices per market", () => {
  it("converts base cents into each currency's own minor units", () => {
    expect(convertFromBase(2_499, eu)).toBe(2_299); // 24.99 × 0.92 = 22.9908 → €22.99
    expect(convertFromBase(2_499, gb)).toBe(1_974); // 24.99 × 0.79 = 19.7421 → £19.74
    expect(convertFromBase(2_499, jp)).toBe(3_749); // 24.99 × 150 = 3748.5 → ¥3,749 (halves up)
    expect(convertFromBase(0, jp)).toBe(0);
    // Large prices stay exact.
    expect(convertFromBase(999_999_999, market({ id: "x", currency: "JPY", exchangeRateMicros: 999_999_999 }))).toBe(9_999_999_980);
    expect(() => convertFromBase(-1, eu)).toThrow(RangeError);
    expect(() => convertFromBase(1.5, eu)).toThrow(RangeError);
  });

  it("rounds by the market's rule, in that currency's units", () => {
    expect(roundPrice(2_299, "EUR", "exact")).toBe(2_299);
    expect(roundPrice(2_249, "EUR", "whole")).toBe(2_200);
    expect(roundPrice(2_250, "EUR", "whole")).toBe(2_300);
    expect(roundPrice(2_299, "EUR", "ninety_nine")).toBe(2_299);
    expect(roundPrice(2_240, "GBP", "ninety_nine")).toBe(2_199);
    expect(roundPrice(30, "GBP", "ninety_nine")).toBe(99); // never below one unit less a penny
    expect(roundPrice(3_749, "JPY", "tens")).toBe(3_750);
    expect(roundPrice(3_744, "JPY", "tens")).toBe(3_740);
    expect(roundPrice(3_749, "JPY", "whole")).toBe(3_749); // whole yen: yen has no minor unit
    expect(roundingProblem("JPY", "ninety_nine")).toContain("no minor units");
    expect(roundingProblem("EUR", "ninety_nine")).toBeNull();
  });

  it("derives from the base price unless one was set, and keeps the base market's own", () => {
    expect(derivePrice(2_499, eu)).toBe(2_299);
    expect(derivePrice(2_499, gb)).toBe(1_999); // £19.74 → £19.99
    expect(derivePrice(2_499, jp)).toBe(3_750);
    expect(derivePrice(2_499, us)).toBe(2_499);
    expect(priceInMarket(2_499, eu, 2_500)).toBe(2_500);
    expect(priceInMarket(2_499, eu, null)).toBe(2_299);
    expect(priceInMarket(2_499, us, 1)).toBe(2_499);
  });

  it("is monotonic: a dearer base price is never cheaper in a market (listings sort by it)", () => {
    for (const target of [eu, gb, jp]) {
      let previous = -1;
      for (let base = 0; base < 20_000; base += 7) {
        const price = derivePrice(base, target);
        expect(price).toBeGreaterThanOrEqual(previous);
        previous = price;
      }
    }
  });
});

describe("choosing the market", () => {
  it("takes the named market, else the country's, else the base", () => {
    expect(chooseMarket(all, { requested: "EU", country: "US" })).toMatchObject({ ok: true, market: { id: "eu" }, source: "requested" });
    expect(chooseMarket(all, { requested: "mars" })).toEqual({ ok: false, requested: "mars" });
    expect(chooseMarket(all, { country: "de" })).toMatchObject({ ok: true, market: { id: "eu" }, source: "country" });
    expect(chooseMarket(all, { country: "BR" })).toMatchObject({ ok: true, market: { id: "us" } });
    expect(chooseMarket(all, {})).toMatchObject({ ok: true, market: { id: "us" }, source: "base" });
    expect(marketForCountry(all, "JP").currency).toBe("JPY");
  });
});

describe("promotionInMarket", () => {
  const base: Promotion = {
    id: "prm_1",
    name: "Ten off fifty",
    code: "TEN",
    kind: "fixed",
    value: 1_000,
    appliesTo: null,
    minSubtotalCents: 5_000,
    startsAt: null,
    endsAt: null,
    usageLimit: null,
    perCustomerLimit: null,
    exclusive: false,
    active: true,
    buyQuantity: null,
    getQuantity: null,
    maxApplications: null,
    customerEmail: null,
  };

  it("converts a fixed amount off and its minimum at the market's rate, exactly and without retail rounding", () => {
    expect(promotionInMarket(base, jp)).toMatchObject({ value: 1_500, minSubtotalCents: 7_500 }); // ¥1,500 off over ¥7,500
    expect(promotionInMarket(base, eu)).toMatchObject({ value: 920, minSubtotalCents: 4_600 }); // €9.20 off over €46.00
    expect(promotionInMarket(base, gb)).toMatchObject({ value: 790, minSubtotalCents: 3_950 });
  });

  it("converts spend-get's amount and step, and leaves percentages and the base market alone", () => {
    expect(promotionInMarket({ ...base, kind: "spend_get", value: 500, minSubtotalCents: 10_000 }, jp)).toMatchObject({ value: 750, minSubtotalCents: 15_000 });
    expect(promotionInMarket({ ...base, kind: "percent", value: 15, minSubtotalCents: null }, jp)).toMatchObject({ value: 15, minSubtotalCents: null });
    expect(promotionInMarket({ ...base, kind: "buy_x_get_y", value: 100, minSubtotalCents: 2_000 }, eu)).toMatchObject({ value: 100, minSubtotalCents: 1_840 });
    expect(promotionInMarket(base, us)).toBe(base);
  });
});
