/**
 * What an admin may do to many records at once. Each action is the same change the single
 * record's endpoint makes, run once per id; the list here is the one source the API's schema
 * and the admin pages read.
 */

/** A bulk request names at most this many records (one page of a list is 20 to 100). */
export const MAX_BULK_IDS = 100;

export const PRODUCT_BULK_ACTIONS = ["deactivate", "reactivate"] as const;
export type ProductBulkAction = (typeof PRODUCT_BULK_ACTIONS)[number];

/** Fulfilment steps that need nothing per order (shipping needs each order's tracking number), and cancelling. */
export const ORDER_BULK_ACTIONS = ["processing", "delivered", "cancel"] as const;
export type OrderBulkAction = (typeof ORDER_BULK_ACTIONS)[number];

export const REVIEW_BULK_ACTIONS = ["hide", "unhide", "delete"] as const;
export type ReviewBulkAction = (typeof REVIEW_BULK_ACTIONS)[number];

export type BulkAction = ProductBulkAction | OrderBulkAction | ReviewBulkAction;

/**
 * The actions that take something away from shoppers or customers (a product leaves the shop,
 * an order is cancelled and refunded, a review disappears): the admin confirms them first.
 */
const DESTRUCTIVE: ReadonlySet<BulkAction> = new Set<BulkAction>(["deactivate", "cancel", "hide", "delete"]);

export function isDestructiveBulkAction(action: BulkAction): boolean {
  return DESTRUCTIVE.has(action);
}

/** One record's outcome in a bulk request. */
export interface BulkItemResult {
  id: string;
  ok: boolean;
  problem?: { status: number; code: string; detail: string };
}

/** "3 of 4 done" figures for a bulk answer. */
export function summariseBulk(results: readonly BulkItemResult[]): { succeeded: number; failed: number } {
  const succeeded = results.filter((result) => result.ok).length;
  return { succeeded, failed: results.length - succeeded };
}
