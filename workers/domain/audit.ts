/**
 * How an audit entry reads to a person: a phrase for what was done and a before → after line
 * for each field that changed. The API stores the changes at write time (the old value is gone
 * afterwards) and names the records on read (see docs/decisions/025-readable-audit-log.md).
 */
import { formatMoney } from "./money";

/** A field's value before and after a change, as stored in an entry's `details.changes`. */
export interface FieldChange {
  from: unknown;
  to: unknown;
}

/**
 * The fields of `patch` whose value differs from `before`, among `fields` (long texts such as
 * descriptions are left out by the caller: the entry says they changed, not what they said).
 */
export function fieldChanges(before: Record<string, unknown>, patch: Record<string, unknown>, fields: readonly string[]): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const field of fields) {
    if (!(field in patch) || patch[field] === undefined) continue;
    const from = before[field] ?? null;
    const to = patch[field] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
  }
  return changes;
}

/** The action types the API records, each with what it says an admin did (to the named record). */
export const AUDIT_ACTION_PHRASES: Record<string, string> = {
  "product.created": "created the product",
  "product.updated": "edited the product",
  "product.deactivated": "deactivated the product",
  "product.reactivated": "reactivated the product",
  "product.variant_added": "added a variant to",
  "product.variant_updated": "edited a variant of",
  "product.image_added": "added an image to",
  "product.translation_set": "translated the product",
  "product.translation_deleted": "removed a translation of",
  "category.created": "created the category",
  "category.updated": "edited the category",
  "category.deleted": "deleted the category",
  "category.translation_set": "translated the category",
  "category.translation_deleted": "removed a translation of the category",
  "inventory.set": "counted the stock of",
  "inventory.adjusted": "adjusted the stock of",
  "inventory.initialized": "gave first stock to",
  "order.status_changed": "moved the order on",
  "order.cancelled": "cancelled the order",
  "payment.refunded": "refunded a payment of",
  "return.approved": "approved a return of",
  "return.rejected": "declined a return of",
  "return.received": "received a return of",
  "review.hidden": "hid a review of",
  "review.unhidden": "unhid a review of",
  "review.deleted": "deleted a review of",
  "user.role_changed": "changed the role of",
  "failed_job.retried": "retried a failed job",
  "promotion.created": "created the promotion",
  "promotion.updated": "edited the promotion",
  "promotion.deactivated": "deactivated the promotion",
  "shipping_zone.created": "created the shipping zone",
  "shipping_zone.updated": "edited the shipping zone",
  "shipping_zone.deleted": "deleted the shipping zone",
  "market.created": "created the market",
  "market.updated": "edited the market",
  "market.price_set": "set a market price in",
  "market.price_cleared": "cleared a market price in",
};

/** The action types for the audit log's filter, in the order above. */
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_PHRASES);

const FIELD_LABELS: Record<string, string> = {
  priceCents: "price",
  amountCents: "amount",
  refundCents: "refund",
  isActive: "active",
  isFeatured: "featured",
  isHidden: "hidden",
  categoryId: "category",
  onHand: "on hand",
  trackingNumber: "tracking number",
};

const label = (field: string) => FIELD_LABELS[field] ?? field.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();

function show(field: string, value: unknown, currency: string): string {
  if (value === null || value === undefined || value === "") return "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number" && field.endsWith("Cents")) return formatMoney(value, currency);
  if (typeof value === "string" || typeof value === "number") return String(value).replaceAll("_", " ");
  return JSON.stringify(value);
}

/** One line of an entry's diff: "price: $20.00 → $25.00". */
export interface ChangeLine {
  field: string;
  from: string;
  to: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * What an entry's details say changed, one line a field. `details.changes` holds field
 * changes; stock and role entries keep their older `{ from, to }` shape, read as one field.
 */
export function changeLines(action: string, details: Record<string, unknown> | null, currency = "USD"): ChangeLine[] {
  if (!details) return [];
  const lines: ChangeLine[] = [];
  if (isRecord(details.changes)) {
    for (const [field, change] of Object.entries(details.changes)) {
      if (!isRecord(change)) continue;
      lines.push({ field: label(field), from: show(field, change.from, currency), to: show(field, change.to, currency) });
    }
    return lines;
  }
  const single = action.startsWith("inventory.") ? "onHand" : action === "user.role_changed" ? "role" : action === "order.status_changed" ? "status" : null;
  if (single && ("from" in details || "to" in details)) {
    lines.push({ field: label(single), from: "from" in details ? show(single, details.from, currency) : "—", to: show(single, details.to, currency) });
  }
  return lines;
}

/** "edited the product", or the raw action for one this list does not know yet. */
export function actionPhrase(action: string): string {
  return AUDIT_ACTION_PHRASES[action] ?? action.replaceAll("_", " ").replace(".", ": ");
}
