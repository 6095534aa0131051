/**
 * The admin's market forms: posted fields turned into the bodies the API takes and checked
 * with the API's own schemas. The exchange rate is typed as a decimal (0.92 for millionths),
 * tax rates as "DE 19, AT 20" in percent (for basis points), prices in the market's currency.
 */
import { createMarketBody, setMarketPriceBody, updateMarketBody } from "../../../workers/domain/schemas/markets";
import { RATE_SCALE } from "../../../workers/domain/markets";
import { currencyExponent, parsePriceInput } from "../../../workers/domain/money";
import { failureFromIssues, textValues, type AdminFailure } from "./admin.server";

type Issue = { path: PropertyKey[]; message: string };
type Parse<T> = { ok: true; body: T; values: Record<string, string> } | { ok: false; failure: AdminFailure };

const blank = (value: string | undefined) => (value ?? "").trim() === "";

const list = (value: string | undefined) =>
  (value ?? "")
    .split(/[\s,]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);

/** "0.92" → 920000: at most six decimals, above zero. */
function rateMicros(text: string, issues: Issue[]): number | undefined {
  const match = /^(\d{1,7})(?:\.(\d{1,6}))?$/.exec(text.trim());
  const micros = match ? Number(match[1]) * RATE_SCALE + Number((match[2] ?? "").padEnd(6, "0")) : 0;
  if (!match || micros === 0) {
    issues.push({ path: ["exchangeRate"], message: "Enter how much of the market's currency one US dollar buys, as a decimal above zero, such as 0.92." });
    return undefined;
  }
  return micros;
}

/** "DE 19, AT 20, CH 8.1" → { DE: 1900, AT: 2000, CH: 810 }. */
function taxRates(text: string, issues: Issue[]): Record<string, number> {
  const rates: Record<string, number> = {};
  const entries = text
    .split(/[,;\n]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const match = /^([A-Za-z]{2})\s*[:=]?\s*(\d{1,3})(?:\.(\d{1,2}))?\s*%?$/.exec(entry);
    if (!match) {
      issues.push({ path: ["taxRates"], message: `“${entry.slice(0, 40)}” is not a rate: write a country code and a percent, such as DE 19, AT 20.` });
      continue;
    }
    const country = match[1]!.toUpperCase();
    if (Object.hasOwn(rates, country)) {
      issues.push({ path: ["taxRates"], message: `${country} has two rates.` });
      continue;
    }
    rates[country] = Number(match[2]) * 100 + Number((match[3] ?? "").padEnd(2, "0"));
  }
  return rates;
}

/** The posted fields, with the language boxes (one name, many values) as one comma-separated entry. */
function marketValues(formData: FormData): Record<string, string> {
  const values = textValues(formData);
  values.languages = formData
    .getAll("languages")
    .filter((value): value is string => typeof value === "string")
    .join(",");
  return values;
}

/**
 * The fields both forms have. The base market's edit form has no exchange rate or rounding
 * (the API refuses to change them), so those are sent only when posted.
 */
function marketCandidate(values: Record<string, string>, issues: Issue[]) {
  return {
    name: values.name ?? "",
    countries: list(values.countries).map((code) => code.toUpperCase()),
    languages: list(values.languages),
    defaultLanguage: values.defaultLanguage ?? "",
    taxInclusive: Object.hasOwn(values, "taxInclusive"),
    taxRates: taxRates(values.taxRates ?? "", issues),
    taxShipping: Object.hasOwn(values, "taxShipping"),
    ...(Object.hasOwn(values, "exchangeRate") ? { exchangeRateMicros: rateMicros(values.exchangeRate ?? "", issues) } : {}),
    ...(Object.hasOwn(values, "rounding") ? { rounding: values.rounding } : {}),
  };
}

/** API paths to form fields: list entries and record keys mark their list's field. */
export function marketFieldOf(path: string): string | undefined {
  const [head] = path.split(".");
  if (!head) return undefined;
  if (head === "exchangeRateMicros") return "exchangeRate";
  return head === "priceMinor" ? "price" : head;
}

function finish<T>(
  intent: string,
  parsed: { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } },
  values: Record<string, string>,
  own: Issue[],
  target?: string,
): Parse<T> {
  // Our own reading of a field comes first: it says what was wrong with what was typed.
  const ownFields = new Set(own.map((issue) => String(issue.path[0])));
  const issues: Issue[] = [...own];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = marketFieldOf(issue.path.map(String).join("."));
      if (!field || !ownFields.has(field)) issues.push(issue);
    }
  }
  if (issues.length > 0 || !parsed.success) {
    return { ok: false, failure: failureFromIssues(intent, issues, values, { ...(target ? { target } : {}), fieldOf: marketFieldOf }) };
  }
  return { ok: true, body: parsed.data, values };
}

export function parseCreateMarket(formData: FormData) {
  const values = marketValues(formData);
  const issues: Issue[] = [];
  const candidate = { id: values.id ?? "", currency: values.currency ?? "", ...marketCandidate(values, issues) };
  return finish("create", createMarketBody.safeParse(candidate), values, issues);
}

/** Every field of the edit form is sent; the currency stays as it was (a new one would drop the set prices). */
export function parseUpdateMarket(formData: FormData) {
  const values = marketValues(formData);
  const issues: Issue[] = [];
  return finish("update", updateMarketBody.safeParse(marketCandidate(values, issues)), values, issues, values.id);
}

/** A variant's price, typed in the market's currency (whole yen for JPY). */
export function parseMarketPrice(formData: FormData, currency: string) {
  const values = textValues(formData);
  const issues: Issue[] = [];
  const priceMinor = blank(values.price) ? null : parsePriceInput(values.price!, currency);
  if (priceMinor === null) {
    issues.push({
      path: ["price"],
      message:
        currencyExponent(currency) === 0
          ? `Enter a whole amount in ${currency}, such as 3750: ${currency} has no decimals.`
          : `Enter an amount in ${currency}, such as 22.99.`,
    });
  }
  const parsed = setMarketPriceBody.safeParse({ priceMinor: priceMinor ?? 0 });
  return finish("set-price", parsed, values, issues, values.sku);
}
