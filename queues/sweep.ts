/**
 * The scheduled sweep that makes enqueueing at-least-once: a request or consumer that wrote
 * its outbox row or pending payment but failed to enqueue leaves work behind; this re-sends
 * it. Consumers are idempotent, so sending twice is harmless.
 */
import { and, eq, lt } from "drizzle-orm";
import { appConfig } from "../workers/env";
import { createDb } from "../workers/factory";
import { finishPendingEffects } from "../workers/orders";
import { emailOutbox, orders, payments } from "../workers/db/schema";
import type { EmailJob, PaymentJob } from "../workers/domain/schemas/jobs";

const STALE_AFTER_MS = 2 * 60_000;

export async function sweepStuckJobs(env: Env, now = Date.now()): Promise<{ emails: number; charges: number; events: number }> {
  const db = createDb(env.DB);
  const before = new Date(now - STALE_AFTER_MS).toISOString();
  const [emails, charges] = await db.batch([
    db
      .select({ dedupeKey: emailOutbox.dedupeKey })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.status, "queued"), eq(emailOutbox.attempts, 0), lt(emailOutbox.createdAt, before)))
      .limit(100),
    db
      .select({ orderId: payments.orderId, paymentId: payments.id })
      .from(payments)
      .innerJoin(orders, and(eq(orders.id, payments.orderId), eq(orders.paymentId, payments.id)))
      .where(and(eq(payments.status, "pending"), eq(payments.attempts, 0), eq(orders.status, "pending"), lt(payments.createdAt, before)))
      .limit(100),
  ]);
  if (emails.length) await env.EMAILS_QUEUE.sendBatch(emails.map((row) => ({ body: { kind: "deliver", dedupeKey: row.dedupeKey } satisfies EmailJob })));
  if (charges.length) await env.PAYMENTS_QUEUE.sendBatch(charges.map((row) => ({ body: { kind: "charge", orderId: row.orderId, paymentId: row.paymentId } satisfies PaymentJob })));
  // Order events whose runner stopped before finishing their effects (stock, refunds, emails).
  const events = await finishPendingEffects({ env, config: appConfig(env), db }, STALE_AFTER_MS, now);
  if (emails.length || charges.length || events) {
    console.log(JSON.stringify({ level: "info", msg: "sweep_requeued", emails: emails.length, charges: charges.length, events }));
  }
  return { emails: emails.length, charges: charges.length, events };
}
