/**
 * Cart rules with no I/O: line and quantity limits, merging, and the priced view the API
 * returns. The Cart object applies the limits; routes build the view from its lines and the
 * current D1 prices.
 */

export const MAX_CART_LINES = 100;
export const MAX_LINE_QUANTITY = 99;

/** What the cart stores per SKU: the quantity plus what the shopper saw when adding it. */
export interface CartLine {
  sku: string;
  productId: string;
  name: string;
  variantTitle: string;
  imageUrl: string | null;
  quantity: number;
  /** The unit price when the line was added (or last added to). */
  addedPriceCents: number;
  currency: string;
  /** ISO 8601. */
  addedAt: string;
}

export type CartLineInput = Omit<CartLine, "addedAt">;

export interface CartSnapshot {
  lines: CartLine[];
  /** ISO 8601; null for a cart that was never written. */
  updatedAt: string | null;
  /** The one discount code the shopper entered, upper-cased; absent or null for none. */
  discountCode?: string | null;
}

export type CartRefusal =
  | { ok: false; reason: "insufficient_stock"; available: number; inCart: number }
  | { ok: false; reason: "quantity_limit"; maxQuantity: number; inCart: number }
  | { ok: false; reason: "line_limit"; maxLines: number }
  | { ok: false; reason: "not_in_cart" }
  | { ok: false; reason: "currency_mismatch"; cartCurrency: string; currency: string }
  | { ok: false; reason: "invalid_argument"; message: string };

export type CartChangeResult = { ok: true; cart: CartSnapshot } | CartRefusal;

/** A merged line that could not be taken in full. */
export interface MergeAdjustment {
  sku: string;
  requested: number;
  /** Units actually added to the cart (0: none). */
  added: number;
  reason: "quantity_limit" | "insufficient_stock" | "line_limit" | "unavailable" | "currency_mismatch";
}

export type CartMergeResult =
  | { ok: true; cart: CartSnapshot; adjustments: MergeAdjustment[] }
  | { ok: false; reason: "invalid_argument"; message: string };

function isWhole(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value);
}

/** The line's new quantity after adding `adding` units, or why not. */
export function decideAdd(input: {
  inCart: number;
  adding: number;
  available: number;
  lineCount: number;
}): { ok: true; quantity: number } | Exclude<CartRefusal, { reason: "not_in_cart" }> {
  const { inCart, adding, available, lineCount } = input;
  if (!isWhole(adding) || adding < 1 || adding > MAX_LINE_QUANTITY) {
    return { ok: false, reason: "invalid_argument", message: `quantity must be a whole number from 1 to ${MAX_LINE_QUANTITY}` };
  }
  if (inCart === 0 && lineCount >= MAX_CART_LINES) return { ok: false, reason: "line_limit", maxLines: MAX_CART_LINES };
  const quantity = inCart + adding;
  if (quantity > MAX_LINE_QUANTITY) {
    return { ok: false, reason: "quantity_limit", maxQuantity: MAX_LINE_QUANTITY, inCart };
  }
  if (quantity > available) return { ok: false, reason: "insufficient_stock", available: Math.max(0, available), inCart };
  return { ok: true, quantity };
}

/**
 * A line's quantity set outright (0 removes). Lowering a quantity is always allowed, even
 * when stock has since fallen below it: the shopper is moving toward what can be bought.
 */
export function decideSetQuantity(input: {
  inCart: number;
  quantity: number;
  available: number | null;
}): { ok: true; quantity: number } | Exclude<CartRefusal, { reason: "line_limit" | "not_in_cart" }> {
  const { inCart, quantity, available } = input;
  if (!isWhole(quantity) || quantity < 0 || quantity > MAX_LINE_QUANTITY) {
    return { ok: false, reason: "invalid_argument", message: `quantity must be a whole number from 0 to ${MAX_LINE_QUANTITY}` };
  }
  if (quantity > inCart && available !== null && quantity > available) {
    return { ok: false, reason: "insufficient_stock", available: Math.max(0, available), inCart };
  }
  return { ok: true, quantity };
}

/**
 * Merging a guest line into a cart: quantities add up, capped at the per-line limit and at
 * what is available (but never below what the cart already held).
 */
export function mergeQuantity(input: {
  inCart: number;
  incoming: number;
  available: number;
}): { quantity: number; capped: "quantity_limit" | "insufficient_stock" | null } {
  const { inCart, incoming, available } = input;
  const wanted = inCart + Math.max(0, incoming);
  const byLimit = Math.min(wanted, MAX_LINE_QUANTITY);
  const byStock = Math.max(inCart, Math.min(byLimit, Math.max(0, available)));
  if (byStock < byLimit) return { quantity: byStock, capped: "insufficient_stock" };
  if (byLimit < wanted) return { quantity: byLimit, capped: "quantity_limit" };
  return { quantity: byLimit, capped: null };
}

/** The catalog's current view of a SKU, read from D1 when the cart is shown. */
export interface CurrentVariant {
  sku: string;
  productId: string;
  name: string;
  variantTitle: string;
  imageUrl: string | null;
  priceCents: number;
  currency: string;
  /** Both the product and the variant are active. */
  active: boolean;
  /** For promotions limited to categories. */
  categoryId?: string | null;
}

export interface CartItemView {
  sku: string;
  productId: string;
  name: string;
  variantTitle: string;
  /** The current price; the line's total uses it. */
  unitPriceCents: number;
  addedPriceCents: number;
  priceChanged: boolean;
  quantity: number;
  lineTotalCents: number;
  imageUrl: string | null;
  /** The product or variant was deactivated (or removed): it cannot be bought. */
  unavailable: boolean;
}

export interface CartView {
  items: CartItemView[];
  /** Sum over the lines that can still be bought. */
  subtotalCents: number;
  totalItems: number;
  currency: string;
  updatedAt: string | null;
}

export const DEFAULT_CURRENCY = "USD";

/**
 * A cart has one currency, its first line's: a line in another currency is refused, since
 * minor units of two currencies cannot be added up. Null when every line agrees.
 */
export function cartCurrencyProblem(lines: readonly { sku: string; currency: string }[]): { sku: string; message: string } | null {
  const currency = lines[0]?.currency;
  const other = lines.find((line) => line.currency !== currency);
  if (!other || !currency) return null;
  return { sku: other.sku, message: `This cart is in ${currency}; ${other.sku} is priced in ${other.currency}. One order can hold only one currency.` };
}

/** Prices the stored lines with the catalog's current data. */
export function cartView(cart: CartSnapshot, current: ReadonlyMap<string, CurrentVariant>): CartView {
  const items = cart.lines.map((line): CartItemView => {
    const now = current.get(line.sku);
    const unitPriceCents = now?.priceCents ?? line.addedPriceCents;
    return {
      sku: line.sku,
      productId: now?.productId ?? line.productId,
      name: now?.name ?? line.name,
      variantTitle: now?.variantTitle ?? line.variantTitle,
      unitPriceCents,
      addedPriceCents: line.addedPriceCents,
      priceChanged: unitPriceCents !== line.addedPriceCents,
      quantity: line.quantity,
      lineTotalCents: unitPriceCents * line.quantity,
      imageUrl: now ? now.imageUrl : line.imageUrl,
      unavailable: !now?.active,
    };
  });
  const buyable = items.filter((item) => !item.unavailable);
  return {
    items,
    subtotalCents: buyable.reduce((sum, item) => sum + item.lineTotalCents, 0),
    totalItems: buyable.reduce((sum, item) => sum + item.quantity, 0),
    currency: cart.lines[0]?.currency ?? DEFAULT_CURRENCY,
    updatedAt: cart.updatedAt,
  };
}
