/**
 * The cart page's one form for all its lines: each line posts `sku` and `quantity` (in the same
 * order), and the button that sent it may add `step` ("SKU:+1" / "SKU:-1") or `remove` (a SKU).
 * Pure, so the action (which applies it) and the page (which shows it while it is pending)
 * read a submission the same way.
 */

export const MAX_LINE_QUANTITY = 99;

export interface CartFormLine {
  sku: string;
  /** As typed; checked by the action's schema, read here only when it is a whole number. */
  quantity: string;
}

export interface CartFormSubmission {
  lines: CartFormLine[];
  step: { sku: string; delta: 1 | -1 } | null;
  remove: string | null;
}

interface Fields {
  getAll(name: string): unknown[];
  get(name: string): unknown;
}

/** The submission's lines and button; null when its shape is wrong (mismatched lists, a bad step). */
export function readCartForm(fields: Fields): CartFormSubmission | null {
  const skus = fields.getAll("sku");
  const quantities = fields.getAll("quantity");
  if (skus.length !== quantities.length || skus.length > 200) return null;
  const lines: CartFormLine[] = [];
  for (const [i, sku] of skus.entries()) {
    const quantity = quantities[i];
    if (typeof sku !== "string" || typeof quantity !== "string") return null;
    lines.push({ sku, quantity: quantity.trim() });
  }
  const stepField = fields.get("step");
  let step: CartFormSubmission["step"] = null;
  if (stepField !== null) {
    const match = typeof stepField === "string" ? /^(.{1,100}):([+-]1)$/.exec(stepField) : null;
    if (!match) return null;
    step = { sku: match[1]!, delta: match[2] === "+1" ? 1 : -1 };
  }
  const removeField = fields.get("remove");
  if (removeField !== null && (typeof removeField !== "string" || removeField.length === 0 || removeField.length > 100)) return null;
  return { lines, step, remove: typeof removeField === "string" ? removeField : null };
}

/**
 * The quantity each line should have once the submission is applied (0 removes it), for the
 * lines whose typed quantity is a whole number; a step counts from the typed quantity.
 */
export function targetQuantities(submission: CartFormSubmission): Map<string, number> {
  const targets = new Map<string, number>();
  for (const line of submission.lines) {
    if (/^\d{1,4}$/.test(line.quantity)) targets.set(line.sku, Number(line.quantity));
  }
  const { step, remove } = submission;
  if (step && targets.has(step.sku)) {
    targets.set(step.sku, Math.min(MAX_LINE_QUANTITY, Math.max(0, targets.get(step.sku)! + step.delta)));
  }
  if (remove) targets.set(remove, 0);
  return targets;
}
