/**
 * The payment side of the order lifecycle: charging an attempt, applying the gateway's
 * answer (ours or Stripe's webhook), giving up on a charge that stayed unanswered, and
 * "try another card". Each outcome is a set of candidate events run in one batch (see
 * events.ts); which one happens is decided by the order's status inside D1, never by a copy
 * read before the gateway call.
 */
import { and, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { orderLines, payments } from "../db/schema";
import { failureReasonText } from "../domain/order-events";
import { GatewayUnavailableError, paymentGateway, type ChargeOutcome } from "../lib/payments/gateway";
import { cancelAll, commitAll, reserveAll, stockShortage } from "../lib/stock";
import { ApiError } from "../lib/problem";
import { sha256Hex } from "../lib/ids";
import { applyEventEffects, cartOfOrder, type LifecycleDeps } from "./effects";
import { ANY_STATUS, runOrderEvent, runOrderEvents, syncPaymentStatus, type OrderEventResult } from "./events";
import { insertRemainingRefund } from "./refunds";

export type PaymentAttempt = typeof payments.$inferSelect;

/** The gateway's idempotency key for an attempt: a retry of the same attempt never charges twice. */
export function chargeKey(paymentId: string): string {
  return `charge_${paymentId}`;
}

async function runEffects(deps: LifecycleDeps, results: Iterable<OrderEventResult>) {
  for (const result of results) if (result.event) await applyEventEffects(deps, result.event);
}

async function currentAttempt(deps: LifecycleDeps, orderId: string): Promise<PaymentAttempt | undefined> {
  const order = await deps.db.query.orders.findFirst({ columns: { paymentId: true }, where: (orders, { eq: equals }) => equals(orders.id, orderId) });
  if (!order?.paymentId) return undefined;
  return deps.db.query.payments.findFirst({ where: eq(payments.id, order.paymentId) });
}

/**
 * Charges one payment attempt. The attempt is claimed first with a conditional update, so a
 * cancellation that already marked it failed stops the charge, and a cancellation after the
 * claim knows a charge may be on its way (and its refund follows if it lands).
 */
export async function chargeAttempt(deps: LifecycleDeps, job: { orderId: string; paymentId?: string }): Promise<void> {
  const { db } = deps;
  const paymentId = job.paymentId ?? (await currentAttempt(deps, job.orderId))?.id;
  if (!paymentId) return;
  const [attempt] = await db
    .update(payments)
    .set({ attempts: sql`${payments.attempts} + 1`, updatedAt: new Date().toISOString() })
    .where(and(eq(payments.id, paymentId), eq(payments.status, "pending")))
    .returning();
  if (!attempt) {
    // Settled already (a redelivery), or ended before this delivery. If an earlier delivery
    // claimed it, its charge may have gone through with the answer lost: ask the gateway, so
    // money taken for an ended order is found and refunded.
    const ended = await db.query.payments.findFirst({ where: eq(payments.id, paymentId) });
    if (ended && ended.status === "failed" && ended.attempts > 0) {
      const known = await paymentGateway(deps.env, deps.config).lookupCharge({ orderId: ended.orderId, paymentId, idempotencyKey: chargeKey(paymentId) });
      if (known?.status === "succeeded") await recordChargeOutcome(deps, ended, known);
    }
    return;
  }
  const outcome = await paymentGateway(deps.env, deps.config).charge({
    orderId: attempt.orderId,
    paymentId: attempt.id,
    amountCents: attempt.amountCents,
    currency: attempt.currency,
    token: attempt.cardToken,
    idempotencyKey: chargeKey(attempt.id),
  });
  console.log(JSON.stringify({ level: "info", queue: "payments", msg: "charge_outcome", orderId: attempt.orderId, paymentId, status: outcome.status }));
  await recordChargeOutcome(deps, attempt, outcome);
}

/**
 * Sells the attempt's reservation. A line whose hold expired while the card was charged is
 * reserved again under a second id if stock remains; a hold that was cancelled (the order
 * ended meanwhile) is never revived. "unavailable" means the charge cannot keep its goods.
 */
async function sellStock(deps: LifecycleDeps, attempt: PaymentAttempt): Promise<"sold" | "unavailable"> {
  const { env, db, config } = deps;
  const reservationId = attempt.reservationId;
  if (!reservationId) return "unavailable";
  const lines = await db.select({ sku: orderLines.sku, quantity: orderLines.quantity }).from(orderLines).where(eq(orderLines.orderId, attempt.orderId));
  const committed = await commitAll(env, reservationId, lines.map((line) => line.sku));
  if (committed.ok) return "sold";
  if (committed.failures.some((failure) => failure.failure.reason === "cancelled" || failure.failure.reason === "invalid_argument")) return "unavailable";
  const lost = new Set(committed.failures.map((failure) => failure.sku));
  const lateId = `${reservationId}:late`;
  const lostLines = lines.filter((line) => lost.has(line.sku));
  const reserved = await reserveAll(env, lateId, lostLines, config.RESERVATION_TTL_SECONDS);
  if (!reserved.ok) return "unavailable";
  const late = await commitAll(env, lateId, lostLines.map((line) => line.sku));
  return late.ok ? "sold" : "unavailable";
}

/** Applies a gateway answer to an attempt. Safe to run again with the same answer. */
export async function recordChargeOutcome(deps: LifecycleDeps, attempt: PaymentAttempt, outcome: ChargeOutcome): Promise<void> {
  const { db } = deps;
  const now = new Date().toISOString();
  const { orderId, id: paymentId } = attempt;
  const isCurrent = sql`orders.payment_id = ${paymentId}`;

  if (outcome.status === "processing") {
    // Whatever became of the attempt meanwhile, the webhook that follows names this reference.
    await db
      .update(payments)
      .set({ providerRef: outcome.providerRef, updatedAt: now })
      .where(and(eq(payments.id, paymentId), isNull(payments.providerRef)));
    return;
  }

  if (outcome.status === "declined") {
    const result = await runOrderEvent(
      db,
      {
        orderId,
        key: `payment_failed:${paymentId}`,
        kind: "charge_declined",
        from: ["pending"],
        to: "payment_failed",
        guard: isCurrent,
        note: `Payment declined. ${failureReasonText(outcome.reason)}`,
        details: { paymentId, reason: outcome.reason },
      },
      {
        before: [
          db
            .update(payments)
            .set({ status: "failed", failureReason: outcome.reason, providerRef: outcome.providerRef ?? null, updatedAt: now })
            .where(and(eq(payments.id, paymentId), eq(payments.status, "pending"))),
        ],
        after: () => [syncPaymentStatus(orderId)],
      },
    );
    await runEffects(deps, [result]);
    return;
  }

  const stock = await sellStock(deps, attempt);
  const main =
    stock === "sold"
      ? ({ key: `payment_succeeded:${paymentId}`, kind: "charge_succeeded", to: "paid", note: "Payment received", set: [sql`paid_at = ${now}`] } as const)
      : ({ key: `payment_oversold:${paymentId}`, kind: "charge_oversold", to: "cancelled", note: "Out of stock when the payment arrived; refunded in full", set: [] } as const);
  const lateKey = `payment_late:${paymentId}`;
  // Late: the money arrived for an attempt that is not the order's pending one any more
  // (cancelled, failed, retried). It can never also be the attempt that paid (NOT EXISTS).
  const lateGuard: SQL = sql`NOT (orders.status = 'pending' AND ${isCurrent})
    AND NOT EXISTS (SELECT 1 FROM order_history WHERE event_key IN (${`payment_succeeded:${paymentId}`}, ${`payment_oversold:${paymentId}`}))`;
  const results = await runOrderEvents(
    db,
    [
      { orderId, key: main.key, kind: main.kind, from: ["pending"], to: main.to, guard: isCurrent, note: main.note, set: [...main.set], details: { paymentId } },
      { orderId, key: lateKey, kind: "charge_late", from: ANY_STATUS, to: null, guard: lateGuard, note: "A payment arrived after the order had ended; refunding it in full", details: { paymentId } },
    ],
    {
      // The money was taken whatever the order's state: record it first.
      before: [
        db
          .update(payments)
          .set({ status: "succeeded", providerRef: outcome.providerRef, failureReason: null, updatedAt: now })
          .where(and(eq(payments.id, paymentId), inArray(payments.status, ["pending", "failed"]))),
      ],
      after: (guard) => [
        ...(main.kind === "charge_oversold"
          ? [insertRemainingRefund(db, { paymentFilter: sql`p.id = ${paymentId}`, suffix: "void", reason: "out of stock after payment", guard: guard(main.key) })]
          : []),
        insertRemainingRefund(db, { paymentFilter: sql`p.id = ${paymentId}`, suffix: "void", reason: "payment arrived after the order ended", guard: guard(lateKey) }),
        syncPaymentStatus(orderId),
      ],
    },
  );
  await runEffects(deps, results.values());
}

/**
 * A charge whose every delivery failed may still have gone through (the answer was lost):
 * ask the gateway first. Charged or declined → apply that answer; never charged → the attempt
 * is abandoned and the shopper told nothing was taken. If the gateway cannot even be asked,
 * this throws and the dead letter is retried.
 */
export async function reconcileAbandonedCharge(deps: LifecycleDeps, job: { orderId: string; paymentId?: string }): Promise<void> {
  const { db } = deps;
  const attempt = job.paymentId
    ? await db.query.payments.findFirst({ where: eq(payments.id, job.paymentId) })
    : await currentAttempt(deps, job.orderId);
  if (!attempt || attempt.status !== "pending") return;
  const known = await paymentGateway(deps.env, deps.config).lookupCharge({ orderId: attempt.orderId, paymentId: attempt.id, idempotencyKey: chargeKey(attempt.id) });
  if (known) {
    await recordChargeOutcome(deps, attempt, known);
    return;
  }
  const reason = "payment_service_unavailable";
  const result = await runOrderEvent(
    db,
    {
      orderId: attempt.orderId,
      key: `payment_abandoned:${attempt.id}`,
      kind: "charge_abandoned",
      from: ["pending"],
      to: "payment_failed",
      guard: sql`orders.payment_id = ${attempt.id}`,
      note: "The payment service could not be reached; nothing was charged",
      details: { paymentId: attempt.id, reason },
    },
    {
      before: [
        db
          .update(payments)
          .set({ status: "failed", failureReason: reason, updatedAt: new Date().toISOString() })
          .where(and(eq(payments.id, attempt.id), eq(payments.status, "pending"))),
      ],
      after: () => [syncPaymentStatus(attempt.orderId)],
    },
  );
  await runEffects(deps, [result]);
}

/** A Stripe webhook's verdict on a PaymentIntent, applied like our own charge's answer. */
export async function applyGatewayEvent(
  deps: LifecycleDeps,
  event: { orderId: string; paymentId?: string; providerRef: string; outcome: ChargeOutcome },
): Promise<void> {
  const { db } = deps;
  const attempt =
    (event.paymentId ? await db.query.payments.findFirst({ where: eq(payments.id, event.paymentId) }) : undefined) ??
    (await db.query.payments.findFirst({ where: and(eq(payments.orderId, event.orderId), eq(payments.providerRef, event.providerRef)) })) ??
    (await currentAttempt(deps, event.orderId));
  if (!attempt || attempt.orderId !== event.orderId) return;
  await recordChargeOutcome(deps, attempt, event.outcome);
}

/**
 * "Try another card" on an order whose payment failed: reserve its stock again under a new
 * attempt, then move the order back to pending with that attempt in force. Idempotent by the
 * Idempotency-Key (the attempt's id derives from it). When the stock is gone, or the order is
 * not in payment_failed, nothing changes and the caller gets 409.
 */
export async function retryPayment(
  deps: LifecycleDeps,
  input: { orderId: string; actorId: string; idempotencyKey: string; token: string | null },
): Promise<{ replayed: boolean }> {
  const { env, db, config } = deps;
  const paymentId = `pay_${(await sha256Hex(`${input.orderId}:${input.idempotencyKey}`)).slice(0, 26)}`;
  const eventKey = `payment_retried:${paymentId}`;
  const existing = await db.query.payments.findFirst({ where: eq(payments.id, paymentId) });
  if (existing) {
    if ((existing.cardToken ?? null) !== input.token) {
      throw new ApiError("idempotency_mismatch", "This Idempotency-Key was already used with a different request body.");
    }
    return { replayed: true };
  }
  const order = await db.query.orders.findFirst({ where: (orders, { eq: equals }) => equals(orders.id, input.orderId) });
  if (!order) throw new ApiError("not_found", "No such order.");
  if (order.status !== "payment_failed") {
    throw new ApiError("invalid_transition", `Only an order whose payment failed can be paid again; this one is ${order.status.replaceAll("_", " ")}.`);
  }
  const lines = await db.select({ sku: orderLines.sku, quantity: orderLines.quantity, name: orderLines.name }).from(orderLines).where(eq(orderLines.orderId, order.id));
  const reservationId = `${order.id}:${paymentId}`;
  const reservation = await reserveAll(env, reservationId, lines, config.RESERVATION_TTL_SECONDS);
  if (!reservation.ok) {
    throw stockShortage(reservation, lines, "Some items of this order are no longer in stock, so it cannot be paid again. Your cart still has them: review it at checkout.");
  }
  const result = await runOrderEvent(
    db,
    {
      orderId: order.id,
      key: eventKey,
      kind: "payment_retried",
      from: ["payment_failed"],
      to: "pending",
      note: "Paying again with another card",
      actorId: input.actorId,
      details: { paymentId },
      set: [
        sql`payment_id = ${paymentId}`,
        sql`reservation_id = ${reservationId}`,
        sql`reservation_expires_at = ${reservation.expiresAt}`,
        sql`payment_token = ${input.token}`,
      ],
    },
    {
      after: (guard) => [
        sql`
          INSERT INTO payments (id, order_id, provider, amount_cents, currency, status, reservation_id, card_token)
          SELECT ${paymentId}, orders.id, ${config.PAYMENT_PROVIDER}, orders.total_cents, orders.currency, 'pending', ${reservationId}, ${input.token}
          FROM orders WHERE orders.id = ${order.id} AND ${guard(eventKey)}`,
        syncPaymentStatus(order.id),
      ],
    },
  );
  if (!result.fresh) {
    // The same key won in a concurrent request: its attempt uses this very hold.
    if (result.event) return { replayed: true };
    // Another request moved the order first: give this attempt's hold back.
    await cancelAll(env, [reservationId], lines.map((line) => line.sku));
    throw new ApiError("invalid_transition", "The order changed meanwhile; reload it and try again.");
  }
  // The order's lines leave the cart again while this attempt is charged.
  await cartOfOrder(env, order).holdLines(paymentId, lines);
  await runEffects(deps, [result]);
  return { replayed: false };
}

export { GatewayUnavailableError };
