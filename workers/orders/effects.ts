/**
 * What follows an order event: stock, refunds, follow-up jobs, the cart, the notification
 * and the email. Every effect is derived from the event row (what really happened, decided
 * inside D1) and is idempotent by an id the event fixes, so running the effects of one event
 * twice (a redelivery, the sweep finishing an event whose runner died) changes nothing more.
 * The event is marked done only after all of them ran.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { AppConfig } from "../env";
import type { Db } from "../factory";
import { orderHistory, payments, refunds } from "../db/schema";
import { loadOrder, notify, orderEmailAddress, orderEmailData, type OrderAggregate } from "../db/queries/orders";
import { orderEventMessage, type OrderMessageContext } from "../domain/order-events";
import type { PaymentJob } from "../domain/schemas/jobs";
import { cartOf } from "../lib/cart";
import { enqueueEmails, queueEmail } from "../lib/email/outbox";
import { cancelAll } from "../lib/stock";
import { EVENT_COLUMNS, toEventRow, type OrderEventRow } from "./events";
import { settlePromotionUses } from "./promotion-uses";
import { orderLinkFor } from "./guest";

export interface LifecycleDeps {
  env: Env;
  config: AppConfig;
  db: Db;
  requestId?: string;
}

/** The stock holds a payment attempt may have made: its own id, and its re-reservation after expiry. */
export function attemptReservationIds(reservationId: string): string[] {
  return [reservationId, `${reservationId}:late`];
}

function detail<T>(event: OrderEventRow, name: string): T | undefined {
  return event.details[name] as T | undefined;
}

async function attemptOf(db: Db, paymentId: string | undefined) {
  if (!paymentId) return undefined;
  return db.query.payments.findFirst({ where: eq(payments.id, paymentId) });
}

/** The reservation ids of every payment attempt of the order. */
function orderReservationIds(aggregate: OrderAggregate): string[] {
  const ids = [aggregate.order.reservationId, ...aggregate.payments.map((payment) => payment.reservationId ?? aggregate.order.reservationId)];
  return [...new Set(ids)];
}

/** Ends every hold the order's attempts made (an order that ends unsold). */
async function cancelOrderStock(env: Env, aggregate: OrderAggregate, actor: string | null) {
  await cancelAll(env, orderReservationIds(aggregate).flatMap(attemptReservationIds), aggregate.lines.map((line) => line.sku), actor);
}

/** The reservation id one attempt holds its stock and promotion uses under. */
async function attemptReservationId(db: Db, aggregate: OrderAggregate, paymentId: string | undefined): Promise<string> {
  const attempt = await attemptOf(db, paymentId);
  return attempt?.reservationId ?? aggregate.order.reservationId;
}

/** Ends one attempt's holds (its charge failed, or it succeeded too late to sell). */
async function cancelAttemptStock(env: Env, aggregate: OrderAggregate, paymentId: string | undefined, db: Db) {
  const attempt = await attemptOf(db, paymentId);
  const reservationId = attempt?.reservationId ?? aggregate.order.reservationId;
  await cancelAll(env, attemptReservationIds(reservationId), aggregate.lines.map((line) => line.sku), `order:${aggregate.order.id}`);
}

/** Hands every refund of the order still waiting for the gateway to the payments queue. */
async function enqueuePendingRefunds(env: Env, db: Db, orderId: string) {
  const pending = await db
    .select({ id: refunds.id })
    .from(refunds)
    .where(and(eq(refunds.orderId, orderId), eq(refunds.status, "pending")));
  if (pending.length === 0) return;
  await env.PAYMENTS_QUEUE.sendBatch(pending.map((row) => ({ body: { kind: "refund", refundId: row.id } satisfies PaymentJob })));
}

/** The cart the order was bought from: a guest's lines wait in the guest cart even after the order is attached to an account. */
export function cartOfOrder(env: Env, order: Pick<OrderAggregate["order"], "userId" | "guestCartId">) {
  if (order.guestCartId !== null) return cartOf(env, { kind: "guest", guestId: order.guestCartId });
  return cartOf(env, { kind: "user", userId: order.userId ?? "" });
}

async function sideEffects(deps: LifecycleDeps, event: OrderEventRow, aggregate: OrderAggregate): Promise<void> {
  const { env, db } = deps;
  const paymentId = detail<string>(event, "paymentId");
  switch (event.kind) {
    case "placed":
      return;
    case "charge_succeeded":
      // The stock was committed before the event; the held cart lines were bought.
      await settlePromotionUses(db, env, aggregate.order.id, [await attemptReservationId(db, aggregate, paymentId)], "commit");
      if (paymentId) await cartOfOrder(env, aggregate.order).dropHeld(paymentId);
      return;
    case "charge_declined":
    case "charge_abandoned":
      await cancelAttemptStock(env, aggregate, paymentId, db);
      await settlePromotionUses(db, env, aggregate.order.id, [await attemptReservationId(db, aggregate, paymentId)], "release");
      if (paymentId) await cartOfOrder(env, aggregate.order).returnHeld(paymentId);
      return;
    case "charge_late":
    case "charge_oversold":
      await cancelAttemptStock(env, aggregate, paymentId, db);
      await settlePromotionUses(db, env, aggregate.order.id, [await attemptReservationId(db, aggregate, paymentId)], "release");
      await enqueuePendingRefunds(env, db, aggregate.order.id);
      return;
    case "cancelled":
      await cancelOrderStock(env, aggregate, event.actorId);
      // Every attempt's use goes back, committed or not: the order did not sell.
      await settlePromotionUses(db, env, aggregate.order.id, orderReservationIds(aggregate), "release");
      await enqueuePendingRefunds(env, db, aggregate.order.id);
      return;
    case "refund_requested":
      await enqueuePendingRefunds(env, db, aggregate.order.id);
      return;
    case "payment_retried":
      if (paymentId) await env.PAYMENTS_QUEUE.send({ kind: "charge", orderId: aggregate.order.id, paymentId } satisfies PaymentJob);
      return;
    case "return_received": {
      // What came back goes on the shelf once per return and SKU; then its refund is paid.
      const received = detail<{ sku: string; quantity: number }[]>(event, "lines") ?? [];
      const returnId = detail<string>(event, "returnId")!;
      await Promise.all(
        received.filter((line) => line.quantity > 0).map(async (line) => {
          const result = await env.INVENTORY.getByName(line.sku).receiveReturn(`return:${returnId}`, line.quantity, event.actorId);
          if (!result.ok) throw new RangeError(`receiveReturn ${line.sku}: ${result.reason}`);
        }),
      );
      await enqueuePendingRefunds(env, db, aggregate.order.id);
      return;
    }
    case "refund_succeeded":
    case "refund_failed":
    case "fulfilment":
    case "return_requested":
    case "return_approved":
    case "return_rejected":
      return;
  }
}

function messageContext(event: OrderEventRow, aggregate: OrderAggregate): OrderMessageContext {
  const { order } = aggregate;
  const context: OrderMessageContext = {
    number: order.number,
    currency: order.currency,
    carrier: order.carrier,
    trackingNumber: order.trackingNumber,
    failureReason: detail<string>(event, "reason") ?? null,
    fulfilmentStatus: event.kind === "fulfilment" ? (event.status as "processing" | "shipped" | "delivered") : undefined,
    chargeAttempted: Boolean(detail<number | boolean>(event, "chargeAttempted")),
    orderCancelled: order.status === "cancelled",
  };
  const refundId = detail<string>(event, "refundId");
  if (refundId) {
    const refund = aggregate.refunds.find((row) => row.id === refundId);
    context.amountCents = refund?.amountCents;
  } else if (event.kind === "cancelled") {
    // What the cancellation refunds: the refund rows its batch wrote.
    const cancelRefunds = aggregate.refunds.filter((row) => row.id.endsWith("_cancel"));
    context.amountCents = cancelRefunds.reduce((sum, row) => sum + row.amountCents, 0);
  }
  if (event.kind === "charge_oversold") context.amountCents = order.totalCents;
  return context;
}

/** Runs the effects of an event once; a no-op for an event already done. */
export async function applyEventEffects(deps: LifecycleDeps, event: OrderEventRow): Promise<void> {
  if (event.effectsDone) return;
  const { env, config, db } = deps;
  const before = await loadOrder(db, event.orderId);
  if (!before) return;
  await sideEffects(deps, event, before);
  // Read again: the side effects may have added rows (refunds) the words depend on.
  const aggregate = (await loadOrder(db, event.orderId)) ?? before;
  const context = messageContext(event, aggregate);
  const message = orderEventMessage(event.kind, context);
  const to = orderEmailAddress(aggregate);
  // A guest has no account to sign in to: each email carries its own tokened link.
  const link = message.email && to && !aggregate.customer ? await orderLinkFor(db, { orderId: aggregate.order.id, dedupeKey: event.key, appOrigin: config.APP_ORIGIN }) : null;
  const email =
    message.email && to
      ? queueEmail(db, {
          dedupeKey: event.key,
          to,
          data: {
            template: message.email,
            order: orderEmailData(aggregate, config.APP_ORIGIN, {
              ...(link ? { orderUrl: link.url } : {}),
              failureReason: context.failureReason,
              chargeAttempted: context.chargeAttempted,
              orderCancelled: context.orderCancelled,
              ...(event.kind === "refund_succeeded" || event.kind === "cancelled" || event.kind === "charge_oversold" || event.kind === "return_received"
                ? { refundedCents: context.amountCents ?? 0 }
                : {}),
            }),
          },
        })
      : null;
  await db.batch([
    db.update(orderHistory).set({ effectsDoneAt: new Date().toISOString() }).where(and(eq(orderHistory.id, event.id), isNull(orderHistory.effectsDoneAt))),
    // Notifications live in an account; a guest's order has none to put them in.
    ...(message.notification && aggregate.order.userId !== null
      ? [notify(db, { userId: aggregate.order.userId, ...message.notification, orderId: aggregate.order.id, dedupeKey: event.key })]
      : []),
    ...(link ? [link.statement] : []),
    ...(email ? [email.statement] : []),
  ]);
  if (email) await enqueueEmails(env, [email.job], deps.requestId);
}

/**
 * Finishes events whose runner stopped before their effects were done (a crash, a timeout).
 * Called by the scheduled sweep with events older than `olderThanMs`, so it never races a
 * runner that is merely slow.
 */
export async function finishPendingEffects(deps: LifecycleDeps, olderThanMs: number, now = Date.now()): Promise<number> {
  const before = new Date(now - olderThanMs).toISOString();
  const rows = await deps.db.all<Parameters<typeof toEventRow>[0]>(
    sql`SELECT ${EVENT_COLUMNS} FROM order_history WHERE effects_done_at IS NULL AND created_at < ${before} ORDER BY id LIMIT 50`,
  );
  for (const row of rows) await applyEventEffects(deps, toEventRow(row));
  return rows.length;
}
