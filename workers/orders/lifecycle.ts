/**
 * Cancellation and fulfilment: the transitions people make by hand. Like every transition
 * they are events (events.ts), so a cancel racing a charge, a refund or a shipment is decided
 * by whichever batch D1 runs first, and the effects follow the one that happened.
 */
import { sql } from "drizzle-orm";
import { auditEntryIf } from "../db/queries/audit";
import { cancellableStatuses, statusesLeadingTo, type CancelActor, type FulfilmentStatus } from "../domain/order-status";
import { ApiError } from "../lib/problem";
import { applyEventEffects, type LifecycleDeps } from "./effects";
import { runOrderEvent, syncPaymentStatus, type OrderEventResult } from "./events";
import { insertRemainingRefund } from "./refunds";

async function orderStatusOf(deps: LifecycleDeps, orderId: string) {
  const order = await deps.db.query.orders.findFirst({ columns: { status: true }, where: (orders, { eq }) => eq(orders.id, orderId) });
  return order?.status;
}

async function finish(deps: LifecycleDeps, result: OrderEventResult, orderId: string, refusal: (status: string) => string) {
  if (result.event) await applyEventEffects(deps, result.event);
  if (result.fresh) return;
  const status = (await orderStatusOf(deps, orderId)) ?? "gone";
  throw new ApiError("invalid_transition", refusal(status.replaceAll("_", " ")));
}

/**
 * Cancels an order. Unpaid: its pending payment is marked failed (a charge already on its way
 * is refunded by the charge's own event when it lands). Paid: the rest of the payment is
 * refunded. Either way every stock hold or sale of the order is returned.
 */
export async function cancelOrder(
  deps: LifecycleDeps,
  input: { orderId: string; actor: CancelActor; actorId: string },
): Promise<void> {
  const { db } = deps;
  const { orderId } = input;
  const key = `order_cancelled:${orderId}`;
  const result = await runOrderEvent(
    db,
    {
      orderId,
      key,
      kind: "cancelled",
      from: cancellableStatuses(input.actor),
      to: "cancelled",
      note: input.actor === "admin" ? "Cancelled by the store" : "Cancelled by the customer",
      actorId: input.actorId,
      details: { actor: input.actor },
      // Whether a charge was already claimed for the attempt in force, read in the same statement.
      computedDetails: { chargeAttempted: sql`(SELECT p.status = 'pending' AND p.attempts > 0 FROM payments p WHERE p.id = orders.payment_id)` },
    },
    {
      after: (guard) => [
        sql`
          UPDATE payments SET status = 'failed', failure_reason = 'cancelled', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
          WHERE order_id = ${orderId} AND status = 'pending' AND ${guard(key)}`,
        insertRemainingRefund(db, { paymentFilter: sql`p.order_id = ${orderId}`, suffix: "cancel", reason: "order cancelled", guard: guard(key), actorId: input.actorId }),
        syncPaymentStatus(orderId),
        ...(input.actor === "admin"
          ? [auditEntryIf({ actorId: input.actorId, action: "order.cancelled", entityType: "order", entityId: orderId, requestId: deps.requestId }, guard(key))]
          : []),
      ],
    },
  );
  await finish(deps, result, orderId, (status) => `An order that is ${status} cannot be cancelled.`);
}

/** Moves a paid order through processing, shipped (with carrier and tracking) and delivered. */
export async function advanceFulfilment(
  deps: LifecycleDeps,
  input: { orderId: string; to: FulfilmentStatus; carrier?: string; trackingNumber?: string; actorId: string },
): Promise<void> {
  const { db } = deps;
  const { orderId, to } = input;
  const key = `order_${to}:${orderId}`;
  const shipping = to === "shipped" ? [sql`carrier = ${input.carrier ?? null}`, sql`tracking_number = ${input.trackingNumber ?? null}`] : [];
  const result = await runOrderEvent(
    db,
    {
      orderId,
      key,
      kind: "fulfilment",
      from: statusesLeadingTo(to),
      to,
      note: to === "shipped" ? `Shipped with ${input.carrier}, tracking ${input.trackingNumber}` : to === "delivered" ? "Delivered" : "Processing",
      actorId: input.actorId,
      details: to === "shipped" ? { carrier: input.carrier, trackingNumber: input.trackingNumber } : {},
      set: shipping,
    },
    {
      after: (guard) => [
        auditEntryIf(
          { actorId: input.actorId, action: "order.status_changed", entityType: "order", entityId: orderId, details: { to, carrier: input.carrier, trackingNumber: input.trackingNumber }, requestId: deps.requestId },
          guard(key),
        ),
      ],
    },
  );
  await finish(deps, result, orderId, (status) => `An order that is ${status} cannot become ${to}.`);
}
