/**
 * The payments consumer: charges orders, settles the outcome (stock committed or released,
 * order paid or payment_failed, notification and email), refunds, and applies Stripe's
 * webhook events. Every step is idempotent by the order, payment or refund id it acts on, so
 * a redelivered message never charges twice or commits stock twice.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { appConfig, type AppConfig } from "../workers/env";
import { createDb, type Db } from "../workers/factory";
import { orders, payments, refunds } from "../workers/db/schema";
import {
  historyIfChanged,
  loadOrder,
  notify,
  orderEmailData,
  transitionOrder,
  type OrderAggregate,
} from "../workers/db/queries/orders";
import { paymentJob, type PaymentJob } from "../workers/domain/schemas/jobs";
import { retryDelaySeconds } from "../workers/domain/retry";
import { enqueueEmails, queueEmail } from "../workers/lib/email/outbox";
import { GatewayUnavailableError, paymentGateway, type ChargeOutcome } from "../workers/lib/payments/gateway";
import { commitAll, releaseAll, reserveAll, restockAll } from "../workers/lib/stock";
import { recordFailedJob } from "./failed-jobs";

const log = (entry: Record<string, unknown>) => console.log(JSON.stringify({ level: "info", queue: "payments", ...entry }));

export async function handlePaymentsBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const config = appConfig(env);
  const db = createDb(env.DB);
  // Messages are independent (one order each) and mostly waiting on the gateway: run them
  // side by side rather than one gateway latency after another.
  await Promise.all(
    batch.messages.map(async (message) => {
      const parsed = paymentJob.safeParse(message.body);
      if (!parsed.success) {
        // A message that can never succeed goes straight to the failed jobs for a human.
        await recordFailedJob(db, batch.queue, message, `invalid message: ${parsed.error.message}`);
        message.ack();
        return;
      }
      try {
        await processPaymentJob(env, config, db, parsed.data);
        message.ack();
      } catch (error) {
        const delaySeconds = retryDelaySeconds(message.attempts);
        console.error(
          JSON.stringify({
            level: error instanceof GatewayUnavailableError ? "warn" : "error",
            queue: "payments",
            msg: "payment_job_retry",
            job: parsed.data,
            attempts: message.attempts,
            delaySeconds,
            error: error instanceof Error ? error.message : String(error),
          }),
        );
        message.retry({ delaySeconds });
      }
    }),
  );
}

export async function processPaymentJob(env: Env, config: AppConfig, db: Db, job: PaymentJob): Promise<void> {
  switch (job.kind) {
    case "charge":
      return charge(env, config, db, job.orderId);
    case "refund":
      return refund(env, config, db, job.refundId);
    case "stripe_event": {
      const aggregate = await loadOrder(db, job.orderId);
      if (!aggregate) return;
      const outcome: ChargeOutcome =
        job.type === "payment_intent.succeeded"
          ? { status: "succeeded", providerRef: job.paymentIntentId }
          : { status: "declined", reason: job.failureCode ?? "card_declined", providerRef: job.paymentIntentId };
      return settle(env, config, db, aggregate, outcome);
    }
  }
}

function pendingPayment(aggregate: OrderAggregate) {
  return aggregate.payments.find((payment) => payment.status === "pending") ?? aggregate.payments.at(-1);
}

async function charge(env: Env, config: AppConfig, db: Db, orderId: string): Promise<void> {
  const aggregate = await loadOrder(db, orderId);
  if (!aggregate) return;
  const payment = pendingPayment(aggregate);
  // Already settled (a redelivery), or cancelled before the charge: nothing to do.
  if (!payment || payment.status !== "pending" || aggregate.order.status !== "pending") return;
  await db
    .update(payments)
    .set({ attempts: sql`${payments.attempts} + 1`, updatedAt: new Date().toISOString() })
    .where(eq(payments.id, payment.id));
  const outcome = await paymentGateway(env, config).charge({
    orderId,
    amountCents: aggregate.order.totalCents,
    currency: aggregate.order.currency,
    token: aggregate.order.paymentToken,
    idempotencyKey: `charge_${orderId}`,
  });
  log({ msg: "charge_outcome", orderId, status: outcome.status });
  await settle(env, config, db, aggregate, outcome);
}

/** Applies a gateway outcome to an order. Safe to run again with the same outcome. */
export async function settle(env: Env, config: AppConfig, db: Db, aggregate: OrderAggregate, outcome: ChargeOutcome): Promise<void> {
  const { order } = aggregate;
  const payment = pendingPayment(aggregate);
  if (!payment) return;
  if (outcome.status === "processing") {
    await db
      .update(payments)
      .set({ providerRef: outcome.providerRef, updatedAt: new Date().toISOString() })
      .where(and(eq(payments.id, payment.id), eq(payments.status, "pending")));
    return;
  }
  if (outcome.status === "declined") return settleDeclined(env, config, db, aggregate, payment.id, outcome);
  return settleSucceeded(env, config, db, aggregate, payment.id, outcome.providerRef);
}

async function settleDeclined(
  env: Env,
  config: AppConfig,
  db: Db,
  aggregate: OrderAggregate,
  paymentId: string,
  outcome: Extract<ChargeOutcome, { status: "declined" }>,
): Promise<void> {
  const { order } = aggregate;
  // A decline arriving after a success (out-of-order webhooks) changes nothing.
  if (order.status !== "pending") return;
  await releaseAll(env, order.reservationId, aggregate.lines.map((line) => line.sku));
  const email = queueEmail(db, {
    dedupeKey: `payment_failed:${order.id}`,
    to: aggregate.customer?.email ?? "",
    data: { template: "payment_failed", order: orderEmailData(aggregate, config.APP_ORIGIN, { failureReason: outcome.reason }) },
  });
  const now = new Date().toISOString();
  await db.batch([
    db
      .update(payments)
      .set({ status: "failed", failureReason: outcome.reason, providerRef: outcome.providerRef ?? null, updatedAt: now })
      .where(and(eq(payments.id, paymentId), eq(payments.status, "pending"))),
    transitionOrder(db, order.id, ["pending"], "payment_failed", { paymentStatus: "failed" }),
    historyIfChanged(db, order.id, "payment_failed", `Payment declined: ${outcome.reason}`),
    notify(db, {
      userId: order.userId,
      type: "payment_failed",
      message: `Payment for order ${order.number} was declined.`,
      orderId: order.id,
      dedupeKey: `payment_failed:${order.id}`,
    }),
    email.statement,
  ]);
  await enqueueEmails(env, [email.job]);
}

async function settleSucceeded(
  env: Env,
  config: AppConfig,
  db: Db,
  aggregate: OrderAggregate,
  paymentId: string,
  providerRef: string,
): Promise<void> {
  const { order } = aggregate;
  const now = new Date().toISOString();
  // The money is taken whatever happens next: record it first (from pending, or from failed
  // when a success arrives after a decline or a cancellation).
  await db
    .update(payments)
    .set({ status: "succeeded", providerRef, failureReason: null, updatedAt: now })
    .where(and(eq(payments.id, paymentId), inArray(payments.status, ["pending", "failed"])));
  if (order.status !== "pending") {
    // Cancelled or failed while the charge was in flight: give the money back, once.
    if (order.status === "cancelled" || order.status === "payment_failed") {
      await startRefund(env, db, { orderId: order.id, paymentId, amountCents: order.totalCents, reason: `charge landed after the order was ${order.status}`, refundId: `ref_${order.id}_late` });
    }
    return;
  }

  const stock = await commitStock(env, config, order.reservationId, aggregate);
  if (!stock.ok) {
    // The reservation expired and the stock was sold meanwhile: never oversell. Refund in
    // full, exactly once, and cancel the order.
    const refundId = `ref_${order.id}_oversell`;
    const email = queueEmail(db, {
      dedupeKey: `order_cancelled:${order.id}`,
      to: aggregate.customer?.email ?? "",
      data: { template: "order_cancelled", order: orderEmailData(aggregate, config.APP_ORIGIN, { refundedCents: order.totalCents }) },
    });
    await db.batch([
      transitionOrder(db, order.id, ["pending"], "cancelled", { paymentStatus: "succeeded" }),
      historyIfChanged(db, order.id, "cancelled", "Out of stock when the payment arrived; refunded in full"),
      notify(db, {
        userId: order.userId,
        type: "order_cancelled",
        message: `Order ${order.number} could not be fulfilled and was refunded.`,
        orderId: order.id,
        dedupeKey: `order_cancelled:${order.id}`,
      }),
      email.statement,
    ]);
    await enqueueEmails(env, [email.job]);
    await startRefund(env, db, { orderId: order.id, paymentId, amountCents: order.totalCents, reason: "out of stock after payment", refundId });
    return;
  }

  const email = queueEmail(db, {
    dedupeKey: `payment_succeeded:${order.id}`,
    to: aggregate.customer?.email ?? "",
    data: { template: "payment_succeeded", order: orderEmailData(aggregate, config.APP_ORIGIN) },
  });
  await db.batch([
    transitionOrder(db, order.id, ["pending"], "paid", { paymentStatus: "succeeded", paidAt: now }),
    historyIfChanged(db, order.id, "paid", "Payment received"),
    notify(db, {
      userId: order.userId,
      type: "payment_succeeded",
      message: `Order ${order.number} is confirmed: payment received.`,
      orderId: order.id,
      dedupeKey: `payment_succeeded:${order.id}`,
    }),
    email.statement,
  ]);
  await enqueueEmails(env, [email.job]);
}

/**
 * Turns the order's reservation into a sale. If a line's reservation expired while the
 * payment was processed, the stock is re-reserved under a second id if any remains.
 */
async function commitStock(
  env: Env,
  config: AppConfig,
  reservationId: string,
  aggregate: OrderAggregate,
): Promise<{ ok: boolean }> {
  const skus = aggregate.lines.map((line) => line.sku);
  const committed = await commitAll(env, reservationId, skus);
  if (committed.ok) return { ok: true };
  const lost = new Set(committed.failures.map((failure) => failure.sku));
  const lateId = `${reservationId}:late`;
  const lines = aggregate.lines.filter((line) => lost.has(line.sku)).map((line) => ({ sku: line.sku, quantity: line.quantity }));
  const reserved = await reserveAll(env, lateId, lines, config.RESERVATION_TTL_SECONDS);
  if (!reserved.ok) {
    // Whatever was committed under the original id is returned to stock.
    const kept = skus.filter((sku) => !lost.has(sku));
    await restockAll(env, reservationId, kept, `order:${aggregate.order.id}`);
    return { ok: false };
  }
  const late = await commitAll(env, lateId, lines.map((line) => line.sku));
  return { ok: late.ok };
}

/** Records a refund (once, by its id) and queues the gateway call. */
export async function startRefund(
  env: Env,
  db: Db,
  refund: { refundId: string; orderId: string; paymentId: string; amountCents: number; reason: string; actorId?: string },
): Promise<void> {
  await db
    .insert(refunds)
    .values({
      id: refund.refundId,
      paymentId: refund.paymentId,
      orderId: refund.orderId,
      amountCents: refund.amountCents,
      reason: refund.reason,
      actorId: refund.actorId ?? null,
    })
    .onConflictDoNothing({ target: refunds.id });
  await env.PAYMENTS_QUEUE.send({ kind: "refund", refundId: refund.refundId } satisfies PaymentJob);
}

async function refund(env: Env, config: AppConfig, db: Db, refundId: string): Promise<void> {
  const row = await db.query.refunds.findFirst({ where: eq(refunds.id, refundId) });
  if (!row || row.status !== "pending") return;
  const payment = await db.query.payments.findFirst({ where: eq(payments.id, row.paymentId) });
  if (!payment?.providerRef) {
    await db.update(refunds).set({ status: "failed", failureReason: "no captured payment", updatedAt: new Date().toISOString() }).where(eq(refunds.id, refundId));
    return;
  }
  const outcome = await paymentGateway(env, config).refund({ refundId, providerRef: payment.providerRef, amountCents: row.amountCents });
  const now = new Date().toISOString();
  if (outcome.status === "failed") {
    await db.update(refunds).set({ status: "failed", failureReason: outcome.reason, updatedAt: now }).where(and(eq(refunds.id, refundId), eq(refunds.status, "pending")));
    log({ msg: "refund_failed", refundId, reason: outcome.reason });
    return;
  }
  // The money movements are applied only by the statement that moved the refund out of
  // pending (changes() = 1), so a redelivered job cannot count a refund twice.
  await db.batch([
    db.update(refunds).set({ status: "succeeded", providerRef: outcome.providerRef, updatedAt: now }).where(and(eq(refunds.id, refundId), eq(refunds.status, "pending"))),
    db
      .update(payments)
      .set({
        refundedCents: sql`${payments.refundedCents} + ${row.amountCents}`,
        status: sql`CASE WHEN ${payments.refundedCents} + ${row.amountCents} >= ${payments.amountCents} THEN 'refunded' ELSE ${payments.status} END`,
        updatedAt: now,
      })
      .where(and(eq(payments.id, row.paymentId), sql`changes() = 1`)),
    db
      .update(orders)
      .set({
        refundedCents: sql`${orders.refundedCents} + ${row.amountCents}`,
        paymentStatus: sql`CASE WHEN ${orders.refundedCents} + ${row.amountCents} >= ${orders.totalCents} THEN 'refunded' ELSE ${orders.paymentStatus} END`,
        updatedAt: now,
      })
      .where(and(eq(orders.id, row.orderId), sql`changes() = 1`)),
  ]);
  log({ msg: "refund_succeeded", refundId, amountCents: row.amountCents });
}

