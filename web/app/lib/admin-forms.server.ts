/**
 * The admin forms: each turns posted fields into the body an API endpoint takes and checks
 * it with that endpoint's own zod schema (workers/domain/schemas), so the form can never
 * accept what the API refuses. What is form-only (dollars typed for cents, blank rows) is
 * handled here; the rules themselves are the API's.
 */
import type { z } from "zod";
import { roleChangeBody } from "../../../workers/domain/schemas/auth";
import {
  createCategoryBody,
  createProductBody,
  updateCategoryBody,
  updateProductBody,
  updateVariantBody,
  variantInput,
  type CreateProductBody,
  type UpdateProductBody,
} from "../../../workers/domain/schemas/catalog";
import { isReservedKey, RESERVED_KEY_MESSAGE } from "../../../workers/domain/reserved-keys";
import { categoryTranslationBody, productTranslationBody, translationLanguageField } from "../../../workers/domain/schemas/translations";
import { inventoryUpdateBody } from "../../../workers/domain/schemas/inventory";
import { orderStatusBody, refundBody } from "../../../workers/domain/schemas/orders";
import { failureFromIssues, textValues, type AdminFailure } from "./admin.server";
import { currencyExponent, formatMoney, parsePriceInput } from "../../../workers/domain/money";

type Issue = { path: (string | number)[]; message: string };

export type FormParse<T> =
  | { ok: true; body: T; values: Record<string, string>; fieldOf: (apiPath: string) => string | undefined }
  | { ok: false; failure: AdminFailure };

const identity = (path: string) => path;

function finish<T>(
  intent: string,
  schema: z.ZodType<T>,
  candidate: unknown,
  values: Record<string, string>,
  own: Issue[],
  fieldOf: (apiPath: string) => string | undefined = identity,
  target?: string,
): FormParse<T> {
  const parsed = schema.safeParse(candidate);
  // Our own checks name form fields already; the schema's name API paths.
  const issues: Issue[] = [...own];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOf(issue.path.map(String).join("."));
      issues.push({ path: field ? [field] : [], message: issue.message });
    }
  }
  if (issues.length > 0 || !parsed.success) {
    return { ok: false, failure: failureFromIssues(intent, issues, values, { ...(target ? { target } : {}) }) };
  }
  return { ok: true, body: parsed.data, values, fieldOf };
}

/** A box is ticked when it was posted at all: browsers send nothing for an unticked one. */
const ticked = (values: Record<string, string>, name: string) => Object.hasOwn(values, name);

const blankToUndefined = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

/**
 * An amount typed in `currency`'s own units ("24.99" USD, "800" JPY) as its minor units; an
 * issue for `field` when it is not a plain amount. Messages speak in the currency's units too.
 */
function dollars(text: string | undefined, field: string, issues: Issue[], { required, currency = "USD" }: { required: boolean; currency?: string }): number | undefined {
  const value = text?.trim() ?? "";
  if (value === "") {
    if (required) issues.push({ path: [field], message: "Enter a price." });
    return undefined;
  }
  const cents = parsePriceInput(value, currency);
  if (cents === null) {
    issues.push({ path: [field], message: amountHint(currency) });
    return undefined;
  }
  return cents;
}

/** "Enter an amount in dollars, such as 24.99." in the units of `currency` (no decimals for JPY). */
export function amountHint(currency: string): string {
  if (currency === "USD") return "Enter an amount in dollars, such as 24.99.";
  return `Enter an amount in ${currency}, such as ${currencyExponent(currency) === 0 ? "800" : "24.99"}.`;
}

/** A whole number typed into a box (optionally signed). */
function wholeNumber(text: string | undefined, field: string, issues: Issue[], { signed = false } = {}): number | undefined {
  const value = text?.trim() ?? "";
  if (value === "") return undefined;
  if (!(signed ? /^[-+]?\d{1,9}$/ : /^\d{1,9}$/).test(value)) {
    issues.push({ path: [field], message: signed ? "Enter a whole number, such as 5 or -2." : "Enter a whole number." });
    return undefined;
  }
  return Number(value);
}

/** Indexes of the repeated rows posted as `${prefix}.N.…`, in order. */
function rowIndexes(values: Record<string, string>, prefix: string): number[] {
  const indexes = new Set<number>();
  const pattern = new RegExp(`^${prefix.replace(".", "\\.")}\\.(\\d{1,3})\\.`);
  for (const key of Object.keys(values)) {
    const match = pattern.exec(key);
    if (match) indexes.add(Number(match[1]));
  }
  return [...indexes].sort((a, b) => a - b);
}

// ── Products ──────────────────────────────────────────────────────────────────

/** The option keys the variant forms edit; others a variant has are kept as they are. */
export const FORM_OPTION_KEYS = ["size", "color"] as const;

function optionsFrom(size: string | undefined, color: string | undefined): Record<string, string> {
  const options: Record<string, string> = {};
  const s = blankToUndefined(size);
  const c = blankToUndefined(color);
  if (s) options.size = s;
  if (c) options.color = c;
  return options;
}

/** Key/value specification rows (`spec.N.key`, `spec.N.value`); blank rows are skipped. */
function specificationsFrom(values: Record<string, string>, issues: Issue[]): { specifications: Record<string, string>; rowOfKey: Map<string, number> } {
  const specifications: Record<string, string> = {};
  const rowOfKey = new Map<string, number>();
  for (const row of rowIndexes(values, "spec")) {
    const key = values[`spec.${row}.key`]?.trim() ?? "";
    const value = values[`spec.${row}.value`]?.trim() ?? "";
    if (!key && !value) continue;
    if (!key) {
      issues.push({ path: [`spec.${row}.key`], message: "Name this specification, or clear its value." });
      continue;
    }
    if (rowOfKey.has(key)) {
      issues.push({ path: [`spec.${row}.key`], message: "This specification is listed twice." });
      continue;
    }
    // Assigning `__proto__` would drop the row without a word; say why instead.
    if (isReservedKey(key)) {
      issues.push({ path: [`spec.${row}.key`], message: RESERVED_KEY_MESSAGE });
      continue;
    }
    specifications[key] = value;
    rowOfKey.set(key, row);
  }
  return { specifications, rowOfKey };
}

/** API paths of the product fields to the form's field names. */
function productFieldOf(rowOfKey: Map<string, number>, variantRows: number[] = []) {
  return (path: string): string | undefined => {
    const [head, second, third, fourth] = path.split(".");
    if (head === "specifications") {
      if (second === undefined) return "specifications";
      const row = rowOfKey.get(second);
      return row === undefined ? "specifications" : `spec.${row}.key`;
    }
    if (head === "variants") {
      if (second === undefined) return "variants";
      const row = variantRows[Number(second)];
      if (row === undefined) return "variants";
      if (third === "priceCents") return `variants.${row}.price`;
      if (third === "options") return `variants.${row}.${fourth === "color" ? "color" : "size"}`;
      if (third === "sku" || third === "title" || third === "initialStock") return `variants.${row}.${third}`;
      return `variants.${row}.sku`;
    }
    if (head === "sku") return "variants.0.sku";
    return head;
  };
}

/** The create-product form: product fields, specification rows and variant rows. */
export function parseCreateProduct(formData: FormData): FormParse<CreateProductBody> {
  const values = textValues(formData);
  const issues: Issue[] = [];
  if (!values.categoryId) issues.push({ path: ["categoryId"], message: "Choose a category." });
  const { specifications, rowOfKey } = specificationsFrom(values, issues);
  const variantRows: number[] = [];
  const variants: unknown[] = [];
  for (const row of rowIndexes(values, "variants")) {
    const field = (name: string) => values[`variants.${row}.${name}`] ?? "";
    const filled = ["sku", "title", "size", "color", "price", "initialStock"].some((name) => field(name).trim() !== "");
    if (!filled) continue;
    const priceCents = dollars(field("price"), `variants.${row}.price`, issues, { required: true });
    const initialStock = wholeNumber(field("initialStock"), `variants.${row}.initialStock`, issues);
    const options = optionsFrom(field("size"), field("color"));
    variantRows.push(row);
    variants.push({
      sku: field("sku"),
      ...(blankToUndefined(field("title")) ? { title: field("title").trim() } : {}),
      ...(Object.keys(options).length ? { options } : {}),
      priceCents: priceCents ?? 0,
      ...(initialStock !== undefined ? { initialStock } : {}),
    });
  }
  const candidate = {
    name: values.name ?? "",
    ...(blankToUndefined(values.slug) ? { slug: values.slug } : {}),
    description: values.description ?? "",
    // Without a category chosen, our own message stands; a placeholder keeps the schema's out.
    categoryId: values.categoryId || "-",
    ...(blankToUndefined(values.brand) ? { brand: values.brand } : {}),
    specifications,
    isFeatured: ticked(values, "isFeatured"),
    variants,
  };
  return finish("create", createProductBody, candidate, values, issues, productFieldOf(rowOfKey, variantRows));
}

/** The edit-product form: the same product fields, without variants. */
export function parseUpdateProduct(formData: FormData): FormParse<UpdateProductBody> {
  const values = textValues(formData);
  const issues: Issue[] = [];
  if (!values.categoryId) issues.push({ path: ["categoryId"], message: "Choose a category." });
  const { specifications, rowOfKey } = specificationsFrom(values, issues);
  const candidate = {
    name: values.name ?? "",
    ...(blankToUndefined(values.slug) ? { slug: values.slug } : {}),
    description: values.description ?? "",
    ...(values.categoryId ? { categoryId: values.categoryId } : {}),
    brand: blankToUndefined(values.brand) ?? null,
    specifications,
    isFeatured: ticked(values, "isFeatured"),
  };
  return finish("update", updateProductBody, candidate, values, issues, productFieldOf(rowOfKey));
}

/** One variant's row on the edit page; options other than size and colour are kept. */
export function parseUpdateVariant(formData: FormData, currentOptions: Record<string, string>) {
  const values = textValues(formData);
  const sku = values.sku ?? "";
  const issues: Issue[] = [];
  const priceCents = dollars(values.price, "price", issues, { required: true });
  const kept = Object.fromEntries(Object.entries(currentOptions).filter(([key]) => !(FORM_OPTION_KEYS as readonly string[]).includes(key)));
  const candidate = {
    ...(blankToUndefined(values.title) ? { title: values.title } : {}),
    options: { ...kept, ...optionsFrom(values.size, values.color) },
    priceCents: priceCents ?? 0,
    isActive: ticked(values, "isActive"),
  };
  const fieldOf = (path: string) => (path === "priceCents" ? "price" : path.startsWith("options") ? (path.endsWith("color") ? "color" : "size") : path.split(".")[0]);
  return finish("update-variant", updateVariantBody, candidate, values, issues, fieldOf, sku);
}

/** The add-a-variant form on the edit page. */
export function parseAddVariant(formData: FormData) {
  const values = textValues(formData);
  const issues: Issue[] = [];
  const priceCents = dollars(values.price, "price", issues, { required: true });
  const initialStock = wholeNumber(values.initialStock, "initialStock", issues);
  const options = optionsFrom(values.size, values.color);
  const candidate = {
    sku: values.sku ?? "",
    ...(blankToUndefined(values.title) ? { title: values.title } : {}),
    ...(Object.keys(options).length ? { options } : {}),
    priceCents: priceCents ?? 0,
    ...(initialStock !== undefined ? { initialStock } : {}),
  };
  const fieldOf = (path: string) => (path === "priceCents" ? "price" : path.startsWith("options") ? (path.endsWith("color") ? "color" : "size") : path.split(".")[0]);
  return finish("add-variant", variantInput, candidate, values, issues, fieldOf);
}

// ── Categories ────────────────────────────────────────────────────────────────

function categoryCandidate(values: Record<string, string>, issues: Issue[]) {
  const sortOrder = wholeNumber(values.sortOrder, "sortOrder", issues, { signed: true });
  return {
    name: values.name ?? "",
    ...(blankToUndefined(values.slug) ? { slug: values.slug } : {}),
    description: values.description ?? "",
    ...(sortOrder !== undefined ? { sortOrder } : {}),
  };
}

export function parseCreateCategory(formData: FormData) {
  const values = textValues(formData);
  const issues: Issue[] = [];
  return finish("create", createCategoryBody, categoryCandidate(values, issues), values, issues);
}

export function parseUpdateCategory(formData: FormData) {
  const values = textValues(formData);
  const issues: Issue[] = [];
  return finish("update", updateCategoryBody, categoryCandidate(values, issues), values, issues, identity, values.id);
}

// ── Translations ──────────────────────────────────────────────────────────────

/**
 * A translation form (intent "translate"): the language it names and the body PUT
 * /admin/{products|categories}/:id/translations/:lang takes, checked with that route's schema.
 */
export function parseTranslation(formData: FormData, kind: "product" | "category") {
  const values = textValues(formData);
  const schema = (kind === "product" ? productTranslationBody : categoryTranslationBody).extend({ lang: translationLanguageField });
  const candidate = { lang: values.lang ?? "", name: values.name ?? "", description: values.description ?? "" };
  return finish("translate", schema, candidate, values, [], identity, values.target);
}

/** The JSON for the API: a blank description (parsed as none) is left out, so English shows. */
export function translationJson(body: { name: string; description: string | null }) {
  return body.description === null ? { name: body.name } : { name: body.name, description: body.description };
}

// ── Stock ─────────────────────────────────────────────────────────────────────

/** "Set on hand to N" or "adjust by ±N", as PUT /inventory/:sku takes it. */
export function parseStockChange(formData: FormData) {
  const values = textValues(formData);
  const issues: Issue[] = [];
  const mode = values.mode === "delta" ? "delta" : "onHand";
  const amount = wholeNumber(values.amount, "amount", issues, { signed: mode === "delta" });
  if (amount === undefined && issues.length === 0) issues.push({ path: ["amount"], message: "Enter a number of units." });
  const candidate = mode === "delta" ? { delta: amount ?? 0 } : { onHand: amount ?? 0 };
  return finish("stock", inventoryUpdateBody, candidate, values, issues, () => "amount", values.sku);
}

// ── Orders and payments ───────────────────────────────────────────────────────

export function parseOrderStatus(formData: FormData) {
  const values = textValues(formData);
  const candidate = {
    status: values.status ?? "",
    ...(blankToUndefined(values.carrier) ? { carrier: values.carrier } : {}),
    ...(blankToUndefined(values.trackingNumber) ? { trackingNumber: values.trackingNumber } : {}),
  };
  return finish("status", orderStatusBody, candidate, values, [], identity, values.status);
}

/**
 * A partial (or full) refund of one payment, typed in the payment's currency. `refundableCents`
 * is what the API says is left, so an amount over it is answered in that currency's units
 * (the schema's own limit would otherwise speak in minor units).
 */
export function parseRefund(formData: FormData, payment: { currency: string; refundableCents: number }) {
  const values = textValues(formData);
  const issues: Issue[] = [];
  const { currency } = payment;
  const amountCents = dollars(values.amount, "amount", issues, { required: false, currency });
  if (amountCents === undefined && issues.length === 0) issues.push({ path: ["amount"], message: "Enter the amount to refund." });
  if (amountCents === 0) issues.push({ path: ["amount"], message: `Refund at least ${formatMoney(1, currency)}.` });
  if (amountCents !== undefined && amountCents > payment.refundableCents) {
    issues.push({ path: ["amount"], message: payment.refundableCents > 0 ? `At most ${formatMoney(payment.refundableCents, currency)} can still be refunded.` : "This payment has nothing left to refund." });
  }
  return finish("refund", refundBody, { amountCents: amountCents ?? 0 }, values, issues, () => "amount", values.paymentId);
}

// ── Customers ─────────────────────────────────────────────────────────────────

export function parseRoleChange(formData: FormData) {
  const values = textValues(formData);
  return finish("role", roleChangeBody, { role: values.role ?? "" }, values, [], identity, values.id);
}
