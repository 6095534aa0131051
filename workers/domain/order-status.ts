/**
 * The order lifecycle as one state machine. Every status change — the payment consumer's,
 * the admin's, a cancellation — goes through `canTransition`, so an illegal move is refused
 * in one place (the API answers 409).
 *
 *   pending → paid → processing → shipped → delivered
 *   pending → payment_failed
 *   pending | paid | processing → cancelled
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
  shipped: ["delivered"],
  delivered: [],
  payment_failed: [],
  cancelled: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return transitions[from].includes(to);
}

export function allowedTransitions(from: OrderStatus): readonly OrderStatus[] {
  return transitions[from];
}

/** Who may cancel: the shopper before the order ships, an admin by the state machine's rule. */
export function canCancel(status: OrderStatus, actor: "owner" | "admin"): boolean {
  if (!canTransition(status, "cancelled")) return false;
  return actor === "admin" || status === "pending" || status === "paid" || status === "processing";
}

/** The statuses an admin sets by hand; the others belong to payment and cancellation. */
export const ADMIN_FULFILMENT_STATUSES = ["processing", "shipped", "delivered"] as const;
export type FulfilmentStatus = (typeof ADMIN_FULFILMENT_STATUSES)[number];

/** Orders whose goods the shopper has paid for (reviews count as verified purchases). */
export const PAID_STATUSES: readonly OrderStatus[] = ["paid", "processing", "shipped", "delivered"];
