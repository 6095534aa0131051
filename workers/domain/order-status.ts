/**
 * The order lifecycle as one state machine. Every status change — the payment consumer's,
 * the admin's, a cancellation — goes through `canTransition`, so an illegal move is refused
 * in one place (the API answers 409).
 *
 *   pending → paid → processing → shipped → delivered
 *   pending → payment_failed → pending (the shopper tries another card)
 *   pending | paid | processing | shipped → cancelled (the shopper only before shipping)
 */
export const ORDER_STATUSES = [
  "pending",
  "paid",
  "payment_failed",
  "processing",
  "shipped",
  "delivered",
  "cancelled",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const transitions: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ["paid", "payment_failed", "cancelled"],
  paid: ["processing", "cancelled"],
  processing: ["shipped", "cancelled"],
  shipped: ["delivered", "cancelled"],
  delivered: [],
  payment_failed: ["pending"],
  cancelled: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return transitions[from].includes(to);
}

export function allowedTransitions(from: OrderStatus): readonly OrderStatus[] {
  return transitions[from];
}

export type CancelActor = "owner" | "admin";

/** Who may cancel: the shopper before the order ships, an admin before it is delivered. */
export function canCancel(status: OrderStatus, actor: CancelActor): boolean {
  if (!canTransition(status, "cancelled")) return false;
  return actor === "admin" || status !== "shipped";
}

/** The statuses `actor` may cancel from, for the conditional update that cancels. */
export function cancellableStatuses(actor: CancelActor): OrderStatus[] {
  return ORDER_STATUSES.filter((status) => canCancel(status, actor));
}

/** The statuses an order may be in to move to `to`. */
export function statusesLeadingTo(to: OrderStatus): OrderStatus[] {
  return ORDER_STATUSES.filter((from) => canTransition(from, to));
}

/** May the shopper pay again (a new card) for an order in this status? */
export function canRetryPayment(status: OrderStatus): boolean {
  return canTransition(status, "pending");
}

/** The statuses an admin sets by hand; the others belong to payment and cancellation. */
export const ADMIN_FULFILMENT_STATUSES = ["processing", "shipped", "delivered"] as const;
export type FulfilmentStatus = (typeof ADMIN_FULFILMENT_STATUSES)[number];

/** Orders whose goods the shopper has paid for (reviews count as verified purchases). */
export const PAID_STATUSES: readonly OrderStatus[] = ["paid", "processing", "shipped", "delivered"];
