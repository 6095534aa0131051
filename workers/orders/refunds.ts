/**
 * Refunds: requested by an admin, by a cancellation, or by a charge that arrived too late;
 * carried out by the payments queue. What is still refundable is computed inside the INSERT
 * that records a refund, so two racing refunds of one payment can never together exceed it.
 */
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { auditEntryIf } from "../db/queries/audit";
import { payments, refunds } from "../db/schema";
import { refundableCents } from "../domain/pricing";
import { formatMoney } from "../domain/money";
import { newId } from "../lib/ids";
import { paymentGateway } from "../lib/payments/gateway";
import { ApiError } from "../lib/problem";
import { applyEventEffects, type LifecycleDeps } from "./effects";
import { ANY_STATUS, runOrderEvent, syncPaymentStatus } from "./events";

/** Cents of payment `p` not yet refunded or being refunded (failed refunds free their amount again). */
const remainingOf = sql`(p.amount_cents - coalesce((SELECT sum(r.amount_cents) FROM refunds r WHERE r.payment_id = p.id AND r.status != 'failed'), 0))`;

/**
 * Records a refund of everything still refundable on each matching succeeded payment, with
 * the id `ref_<payment>_<suffix>` (so each cause refunds a payment at most once).
 */
export function insertRemainingRefund(
  db: LifecycleDeps["db"],
  refund: { paymentFilter: SQL; suffix: string; reason: string; guard: SQL; actorId?: string | null },
) {
  return sql`
    INSERT INTO refunds (id, payment_id, order_id, amount_cents, reason, actor_id)
    SELECT 'ref_' || p.id || '_' || ${refund.suffix}, p.id, p.order_id, ${remainingOf}, ${refund.reason}, ${refund.actorId ?? null}
    FROM payments p
    WHERE ${refund.paymentFilter} AND p.status = 'succeeded' AND ${remainingOf} > 0 AND ${refund.guard}
    ON CONFLICT (id) DO NOTHING`;
}

/** Cents still refundable on a payment, as the site and the error messages show it. */
export async function refundableOf(db: LifecycleDeps["db"], paymentId: string): Promise<number> {
  const payment = await db.query.payments.findFirst({ where: eq(payments.id, paymentId) });
  if (!payment || payment.status !== "succeeded") return 0;
  const claimed = await db
    .select({ total: sql<number>`coalesce(sum(${refunds.amountCents}), 0)` })
    .from(refunds)
    .where(and(eq(refunds.paymentId, paymentId), inArray(refunds.status, ["pending", "succeeded"])))
    .get();
  return refundableCents(payment.amountCents, Number(claimed?.total ?? 0));
}

/**
 * An admin's refund of a payment, in full (no amount) or in part. Answers 409 when the
 * payment was not taken or the amount is more than what is left.
 */
export async function requestRefund(
  deps: LifecycleDeps,
  input: { paymentId: string; amountCents?: number; actorId: string },
): Promise<{ refundId: string }> {
  const { db } = deps;
  const payment = await db.query.payments.findFirst({ where: eq(payments.id, input.paymentId) });
  if (!payment) throw new ApiError("not_found", "No such payment.");
  const refundId = newId("ref");
  const key = `refund_requested:${refundId}`;
  const amount = input.amountCents === undefined ? remainingOf : sql`${input.amountCents}`;
  const enough = input.amountCents === undefined ? sql`${remainingOf} > 0` : sql`${remainingOf} >= ${input.amountCents}`;
  const result = await runOrderEvent(
    db,
    {
      orderId: payment.orderId,
      key,
      kind: "refund_requested",
      from: ANY_STATUS,
      to: null,
      guard: sql`EXISTS (SELECT 1 FROM refunds WHERE id = ${refundId})`,
      note: input.amountCents === undefined ? "Refund of the rest of the payment requested" : `Refund of ${formatMoney(input.amountCents, payment.currency)} requested`,
      actorId: input.actorId,
      details: { refundId, paymentId: payment.id },
    },
    {
      before: [
        sql`
          INSERT INTO refunds (id, payment_id, order_id, amount_cents, reason, actor_id)
          SELECT ${refundId}, p.id, p.order_id, ${amount}, 'refunded by the store', ${input.actorId}
          FROM payments p WHERE p.id = ${payment.id} AND p.status = 'succeeded' AND ${enough}`,
      ],
      after: (guard) => [
        auditEntryIf(
          { actorId: input.actorId, action: "payment.refunded", entityType: "payment", entityId: payment.id, details: { refundId, amountCents: input.amountCents ?? "rest" }, requestId: deps.requestId },
          guard(key),
        ),
      ],
    },
  );
  if (!result.fresh || !result.event) {
    const available = await refundableOf(db, payment.id);
    if (available === 0) {
      const state = await db.query.payments.findFirst({ columns: { status: true }, where: eq(payments.id, payment.id) });
      throw new ApiError("conflict", state?.status === "succeeded" ? "This payment has nothing left to refund." : `A ${state?.status ?? "missing"} payment cannot be refunded.`);
    }
    const words = `At most ${formatMoney(available, payment.currency)} can still be refunded.`;
    throw new ApiError("conflict", words, { errors: [{ path: "amountCents", message: words }] });
  }
  await applyEventEffects(deps, result.event);
  return { refundId };
}

/** The payments queue's refund job: ask the gateway, then record its answer once. */
export async function processRefund(deps: LifecycleDeps, refundId: string): Promise<void> {
  const { db } = deps;
  const refund = await db.query.refunds.findFirst({ where: eq(refunds.id, refundId) });
  if (!refund || refund.status !== "pending") return;
  const payment = await db.query.payments.findFirst({ where: eq(payments.id, refund.paymentId) });
  const now = new Date().toISOString();
  const outcome = payment?.providerRef
    ? await paymentGateway(deps.env, deps.config).refund({ refundId, providerRef: payment.providerRef, amountCents: refund.amountCents })
    : ({ status: "failed", reason: "no captured payment" } as const);
  if (outcome.status === "failed") {
    const result = await runOrderEvent(
      db,
      {
        orderId: refund.orderId,
        key: `refund_failed:${refundId}`,
        kind: "refund_failed",
        from: ANY_STATUS,
        to: null,
        guard: sql`EXISTS (SELECT 1 FROM refunds WHERE id = ${refundId} AND status = 'failed')`,
        note: `Refund failed: ${outcome.reason}`,
        details: { refundId, reason: outcome.reason },
      },
      { before: [db.update(refunds).set({ status: "failed", failureReason: outcome.reason, updatedAt: now }).where(and(eq(refunds.id, refundId), eq(refunds.status, "pending")))] },
    );
    if (result.event) await applyEventEffects(deps, result.event);
    return;
  }
  const key = `refund_succeeded:${refundId}`;
  const result = await runOrderEvent(
    db,
    {
      orderId: refund.orderId,
      key,
      kind: "refund_succeeded",
      from: ANY_STATUS,
      to: null,
      guard: sql`EXISTS (SELECT 1 FROM refunds WHERE id = ${refundId} AND status = 'succeeded')`,
      note: `Refunded ${formatMoney(refund.amountCents, payment?.currency ?? "USD")}`,
      details: { refundId, paymentId: refund.paymentId },
    },
    {
      before: [
        db.update(refunds).set({ status: "succeeded", providerRef: outcome.providerRef, updatedAt: now }).where(and(eq(refunds.id, refundId), eq(refunds.status, "pending"))),
      ],
      // The money movements go with the event, so a redelivered job never counts a refund twice.
      after: (guard) => [
        sql`
          UPDATE payments SET refunded_cents = refunded_cents + ${refund.amountCents},
            status = CASE WHEN refunded_cents + ${refund.amountCents} >= amount_cents THEN 'refunded' ELSE status END,
            updated_at = ${now}
          WHERE id = ${refund.paymentId} AND ${guard(key)}`,
        sql`UPDATE orders SET refunded_cents = refunded_cents + ${refund.amountCents}, updated_at = ${now} WHERE id = ${refund.orderId} AND ${guard(key)}`,
        // A return's refund paid out: the return is done.
        sql`UPDATE returns SET status = 'refunded', updated_at = ${now} WHERE refund_id = ${refundId} AND status = 'received' AND ${guard(key)}`,
        syncPaymentStatus(refund.orderId),
      ],
    },
  );
  if (result.event) await applyEventEffects(deps, result.event);
}
