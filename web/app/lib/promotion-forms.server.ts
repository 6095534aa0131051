/**
 * The admin's promotion and shipping-zone forms: posted fields turned into the bodies the API
 * takes and checked with the API's own schemas. Dollars are typed for cents, dates in the
 * browser's datetime-local format (read as UTC), lists comma-separated.
 */
import { createPromotionBody, updatePromotionBody } from "../../../workers/domain/schemas/promotions";
import { createShippingZoneBody, updateShippingZoneBody } from "../../../workers/domain/schemas/shipping";
import { currencyExponent, formatMoney, parsePriceInput } from "../../../workers/domain/money";
import { failureFromIssues, textValues, type AdminFailure } from "./admin.server";

type Issue = { path: (string | number)[]; message: string };
type Parse<T> = { ok: true; body: T; values: Record<string, string> } | { ok: false; failure: AdminFailure };

const blank = (value: string | undefined) => (value ?? "").trim() === "";

function cents(values: Record<string, string>, field: string, issues: Issue[], currency = "USD"): number | null {
  if (blank(values[field])) return null;
  const parsed = parsePriceInput(values[field]!, currency);
  if (parsed === null) {
    issues.push({ path: [field], message: currency === "USD" ? "Enter an amount in dollars, such as 24.99." : `Enter an amount in ${currency}, such as ${currencyExponent(currency) === 0 ? "800" : "4.99"}.` });
  }
  return parsed;
}

function whole(values: Record<string, string>, field: string, issues: Issue[]): number | null {
  if (blank(values[field])) return null;
  if (!/^\d{1,9}$/.test(values[field]!.trim())) {
    issues.push({ path: [field], message: "Enter a whole number." });
    return null;
  }
  return Number(values[field]!.trim());
}

/** "2026-12-24T09:00" from a datetime-local box, as UTC. */
function instant(values: Record<string, string>, field: string, issues: Issue[]): string | null {
  if (blank(values[field])) return null;
  const text = values[field]!.trim();
  const parsed = Date.parse(/Z$|[+-]\d\d:\d\d$/.test(text) ? text : `${text}Z`);
  if (Number.isNaN(parsed)) {
    issues.push({ path: [field], message: "Enter a date and time." });
    return null;
  }
  return new Date(parsed).toISOString();
}

const list = (value: string | undefined) =>
  (value ?? "")
    .split(/[\s,]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);

function promotionCandidate(values: Record<string, string>, issues: Issue[]) {
  const kind = values.kind ?? "";
  const moneyValue = kind === "fixed" || kind === "spend_get";
  const productIds = list(values.productIds);
  const categoryIds = list(values.categoryIds);
  const value = kind === "free_shipping" ? null : moneyValue ? cents(values, "value", issues) : whole(values, "value", issues);
  // The API's own message counts cents; the box is typed in dollars, so answer in dollars first.
  if (moneyValue && (value === 0 || blank(values.value))) issues.push({ path: ["value"], message: `Enter at least ${formatMoney(1, "USD")}.` });
  return {
    name: values.name ?? "",
    code: blank(values.code) ? null : values.code!.trim(),
    kind,
    value,
    appliesTo: productIds.length || categoryIds.length ? { productIds, categoryIds } : null,
    minSubtotalCents: cents(values, "minSubtotal", issues),
    startsAt: instant(values, "startsAt", issues),
    endsAt: instant(values, "endsAt", issues),
    usageLimit: whole(values, "usageLimit", issues),
    perCustomerLimit: whole(values, "perCustomerLimit", issues),
    exclusive: Object.hasOwn(values, "exclusive"),
    buyQuantity: whole(values, "buyQuantity", issues),
    getQuantity: whole(values, "getQuantity", issues),
    maxApplications: whole(values, "maxApplications", issues),
    customerEmail: blank(values.customerEmail) ? null : values.customerEmail!.trim(),
  };
}

/** API paths to form fields: the two money fields are typed in dollars under other names. */
const fieldOf = (path: string) => (path === "minSubtotalCents" ? "minSubtotal" : path.startsWith("appliesTo") ? "productIds" : path);

function finish<T>(intent: string, parsed: { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } }, values: Record<string, string>, own: Issue[], target?: string): Parse<T> {
  const issues: { path: PropertyKey[]; message: string }[] = [...own];
  if (!parsed.success) for (const issue of parsed.error.issues) issues.push({ path: [fieldOf(issue.path.map(String).join("."))], message: issue.message });
  if (issues.length > 0 || !parsed.success) return { ok: false, failure: failureFromIssues(intent, issues, values, target ? { target } : {}) };
  return { ok: true, body: parsed.data, values };
}

export function parseCreatePromotion(formData: FormData) {
  const values = textValues(formData);
  const issues: Issue[] = [];
  const candidate = promotionCandidate(values, issues);
  return finish("create", createPromotionBody.safeParse(candidate), values, issues);
}

/** Every field is sent: the edit form shows the whole promotion. The kind stays as it was. */
export function parseUpdatePromotion(formData: FormData) {
  const values = textValues(formData);
  const issues: Issue[] = [];
  const { kind: _kind, ...candidate } = promotionCandidate(values, issues);
  return finish("update", updatePromotionBody.safeParse(candidate), values, issues, values.id);
}

/** Method rows are posted as `methods.N.name`, `methods.N.amount`, …; an empty name leaves the row out. */
function zoneCandidate(values: Record<string, string>, issues: Issue[], currency: string) {
  const rows = new Set<number>();
  for (const key of Object.keys(values)) {
    const match = /^methods\.(\d{1,2})\.name$/.exec(key);
    if (match) rows.add(Number(match[1]));
  }
  const methods = [...rows]
    .sort((a, b) => a - b)
    .filter((row) => !blank(values[`methods.${row}.name`]))
    .map((row) => ({
      ...(blank(values[`methods.${row}.id`]) ? {} : { id: values[`methods.${row}.id`]!.trim() }),
      name: values[`methods.${row}.name`] ?? "",
      rate: { kind: "flat" as const, amountCents: cents(values, `methods.${row}.amount`, issues, currency) ?? 0 },
      freeOverCents: cents(values, `methods.${row}.freeOver`, issues, currency),
      minDays: whole(values, `methods.${row}.minDays`, issues),
      maxDays: whole(values, `methods.${row}.maxDays`, issues),
    }));
  return { name: values.name ?? "", countries: list(values.countries).map((code) => code.toUpperCase()), methods };
}

/**
 * Amounts are typed in the currency of the zone's market, which the caller looks up (never
 * taken from the form): yen has no decimals.
 */
export function parseCreateZone(formData: FormData, currency: string) {
  const values = textValues(formData);
  const issues: Issue[] = [];
  const candidate = { ...zoneCandidate(values, issues, currency), ...(blank(values.marketId) ? {} : { marketId: values.marketId!.trim() }) };
  return finish("create", createShippingZoneBody.safeParse(candidate), values, issues);
}

export function parseUpdateZone(formData: FormData, currency: string) {
  const values = textValues(formData);
  const issues: Issue[] = [];
  return finish("update", updateShippingZoneBody.safeParse(zoneCandidate(values, issues, currency)), values, issues, values.id);
}
