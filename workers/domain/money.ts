/**
 * Money is an integer count of a currency's minor units (cents for USD and EUR, pence for GBP,
 * whole yen for JPY, which has none). Every amount travels with its currency; only these
 * functions turn it into text or read it from text, so each currency's exponent is applied in
 * one place. Display goes through `Intl.NumberFormat` in the reader's locale.
 */

/** The currencies the store sells in. Others still format, through Intl's own data. */
export const CURRENCIES = ["USD", "EUR", "GBP", "JPY"] as const;
export type Currency = (typeof CURRENCIES)[number];

const exponents = new Map<string, number>();

/** How many minor-unit digits a currency has: 2 for USD, EUR and GBP, 0 for JPY (ISO 4217, via Intl). */
export function currencyExponent(currency: string): number {
  let exponent = exponents.get(currency);
  if (exponent === undefined) {
    try {
      exponent = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      exponent = 2;
    }
    exponents.set(currency, exponent);
  }
  return exponent;
}

/** Minor units in one major unit: 100 for USD, 1 for JPY. */
export function minorPerMajor(currency: string): number {
  return 10 ** currencyExponent(currency);
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    try {
      formatter = new Intl.NumberFormat(locale, { style: "currency", currency });
    } catch {
      // An unknown code or locale must not break a page: fall back to the code itself.
      formatter = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", currencyDisplay: "code" });
    }
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * Integer minor units as a price for people, in the reader's locale:
 * 2499 USD → "$24.99"; 2499 EUR in de → "24,99 €"; 2499 JPY in ja → "￥2,499".
 */
export function formatMoney(minor: number, currency = "USD", locale = "en-US"): string {
  return formatterFor(currency, locale).format(minor / minorPerMajor(currency));
}

/** Minor units as the decimal string schema.org and price inputs expect: 2499 USD → "24.99", 2499 JPY → "2499". */
export function centsToDecimal(minor: number, currency = "USD"): string {
  const exponent = currencyExponent(currency);
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  if (exponent === 0) return `${sign}${abs}`;
  const unit = 10 ** exponent;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(exponent, "0")}`;
}

/** Minor units as a whole-unit string for inputs: 2500 → "25", 2499 → "24.99" (USD); 2499 JPY → "2499". */
export function centsToInput(minor: number, currency = "USD"): string {
  const unit = minorPerMajor(currency);
  return minor % unit === 0 ? String(minor / unit) : centsToDecimal(minor, currency);
}

/**
 * An amount typed by a person ("25", "24.9", "24.99", "$1,000", "€ 12", "¥1,200") as minor
 * units of `currency`, or null when it is not a plain non-negative amount with at most as many
 * decimals as the currency has (none for JPY).
 */
export function parsePriceInput(text: string, currency = "USD"): number | null {
  const exponent = currencyExponent(currency);
  const cleaned = text.trim().replace(/^[$€£¥￥]\s*/, "").replaceAll(",", "");
  const match = /^(\d+)(?:\.(\d+))?$/.exec(cleaned);
  if (!match) return null;
  // Up to 9 digits in all: 9,999,999.99 USD, 999,999,999 JPY.
  const whole = match[1]!;
  const fraction = match[2] ?? "";
  if (whole.length > 9 - exponent || fraction.length > exponent) return null;
  return Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, "0") || "0");
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;
}
