import { describe, expect, it } from "vitest";
import { centsToDecimal, centsToInput, currencyExponent, formatMoney, minorPerMajor, parsePriceInput } from "./money";

// Intl separates some amounts from their symbols with a no-break space (U+00A0 or U+202F).
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

describe("money in every seeded currency", () => {
  it("knows each currency's minor units", () => {
    expect([currencyExponent("USD"), currencyExponent("EUR"), currencyExponent("GBP"), currencyExponent("JPY")]).toEqual([2, 2, 2, 0]);
    expect(minorPerMajor("JPY")).toBe(1);
    expect(minorPerMajor("EUR")).toBe(100);
  });

  it("formats in the reader's locale", () => {
    expect(formatMoney(2_499, "USD")).toBe("$24.99");
    expect(plain(formatMoney(2_499, "EUR", "de-DE"))).toBe("24,99 €");
    expect(plain(formatMoney(2_499, "EUR", "fr-FR"))).toBe("24,99 €");
    expect(formatMoney(2_499, "GBP", "en-GB")).toBe("£24.99");
    expect(formatMoney(2_499, "JPY", "ja-JP")).toBe("￥2,499");
    expect(formatMoney(2_499, "JPY", "en-US")).toBe("¥2,499");
    expect(formatMoney(-150, "USD")).toBe("-$1.50");
  });

  it("writes and reads decimals with the currency's own exponent", () => {
    expect(centsToDecimal(2_499, "USD")).toBe("24.99");
    expect(centsToDecimal(5, "EUR")).toBe("0.05");
    expect(centsToDecimal(2_499, "JPY")).toBe("2499");
    expect(centsToInput(2_500, "GBP")).toBe("25");
    expect(centsToInput(2_500, "JPY")).toBe("2500");
    expect(parsePriceInput("24.99", "USD")).toBe(2_499);
    expect(parsePriceInput("€ 12,5".replace(",", "."), "EUR")).toBe(1_250);
    expect(parsePriceInput("£1,000", "GBP")).toBe(100_000);
    expect(parsePriceInput("¥1,200", "JPY")).toBe(1_200);
    // Yen has no decimals; no currency takes three.
    expect(parsePriceInput("12.5", "JPY")).toBeNull();
    expect(parsePriceInput("1.999", "USD")).toBeNull();
    expect(parsePriceInput("-1", "USD")).toBeNull();
    expect(parsePriceInput("10000000", "USD")).toBeNull();
    expect(parsePriceInput("999999999", "JPY")).toBe(999_999_999);
  });
});
