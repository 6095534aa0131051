const formatters = new Map<string, Intl.NumberFormat>();

/** Integer minor units as a price for people, e.g. 2499 USD → "$24.99". */
export function formatMoney(cents: number, currency = "USD"): string {
  let formatter = formatters.get(currency);
  if (!formatter) {
    try {
      formatter = new Intl.NumberFormat("en-US", { style: "currency", currency });
    } catch {
      // An unknown code must not break a page: fall back to the code itself.
      formatter = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", currencyDisplay: "code" });
    }
    formatters.set(currency, formatter);
  }
  return formatter.format(cents / 100);
}

/** Cents as the decimal string schema.org and price inputs expect: 2499 → "24.99". */
export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Cents as a whole-unit string for filter inputs: 2500 → "25", 2499 → "24.99". */
export function centsToInput(cents: number): string {
  return cents % 100 === 0 ? String(cents / 100) : centsToDecimal(cents);
}

/**
 * A price typed by a shopper ("25", "24.9", "24.99", "$1,000") as cents, or null when it is
 * not a plain non-negative amount with at most two decimals.
 */
export function parsePriceInput(text: string): number | null {
  const cleaned = text.trim().replace(/^\$/, "").replaceAll(",", "");
  const match = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? "").padEnd(2, "0"));
  return whole * 100 + fraction;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;
}
