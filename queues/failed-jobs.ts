/**
 * Dead letters: a message that exhausted its retries becomes a failed job an admin can see
 * and retry. A failed charge also gives its reserved stock back and tells the shopper.
 */
import { and, eq, sql } from "drizzle-orm";
import { appConfig, type AppConfig } from "../workers/env";
import { paymentGateway } from "../workers/lib/payments/gateway";
import { settle } from "./payments";
import { createDb, type Db } from "../workers/factory";
import { emailOutbox, failedJobs, payments } from "../workers/db/schema";
import { historyIfChanged, loadOrder, notify, orderEmailData, transitionOrder } from "../workers/db/queries/orders";
import { emailJob, paymentJob } from "../workers/domain/schemas/jobs";
import { enqueueEmails, queueEmail } from "../workers/lib/email/outbox";
import { newId } from "../workers/lib/ids";
import { releaseAll } from "../workers/lib/stock";

export function recordFailedJob(db: Db, queue: string, message: Message<unknown>, error: string) {
  return db
    .insert(failedJobs)
    .values({
      id: newId("job"),
      queue,
      messageId: message.id,
      body: message.body ?? null,
      error,
      attempts: message.attempts,
    })
    .onConflictDoNothing({ target: [failedJobs.queue, failedJobs.messageId] });
}

/** Queue names as wrangler.toml declares them; the DLQ names are these plus "-dlq". */
export const QUEUES = {
  payments: "storefront-payments",
  emails: "storefront-emails",
  paymentsDead: "storefront-payments-dlq",
  emailsDead: "storefront-emails-dlq",
} as const;

export async function handleDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = createDb(env.DB);
  const config = appConfig(env);
  const source = batch.queue === QUEUES.paymentsDead ? QUEUES.payments : QUEUES.emails;
  for (const message of batch.messages) {
    try {
      await recordFailedJob(db, source, message, "exhausted its retries");
      if (source === QUEUES.payments) {
        const job = paymentJob.safeParse(message.body);
        if (job.success && job.data.kind === "charge") await giveUpCharge(env, config, db, job.data.orderId);
      } else {
        const job = emailJob.safeParse(message.body);
        if (job.success) {
          await db
            .update(emailOutbox)
            .set({ status: "failed", lastError: "gave up after retries" })
            .where(and(eq(emailOutbox.dedupeKey, job.data.dedupeKey), eq(emailOutbox.status, "queued")));
        }
      }
      message.ack();
    } catch (error) {
      console.error(JSON.stringify({ level: "error", msg: "dead_letter_failed", queue: batch.queue, error: String(error) }));
      message.retry({ delaySeconds: 30 });
    }
  }
}

/**
 * A charge whose every attempt failed may still have gone through (the answer was lost): ask
 * the gateway first. Charged → settle it like any success; never charged → give the stock back.
 * If the gateway cannot even be asked, the dead letter is retried (it throws).
 */
async function giveUpCharge(env: Env, config: AppConfig, db: Db, orderId: string): Promise<void> {
  const aggregate = await loadOrder(db, orderId);
  if (!aggregate || aggregate.order.status !== "pending") return;
  const known = await paymentGateway(env, config).lookupCharge({ orderId, idempotencyKey: `charge_${orderId}` });
  if (known && known.status !== "declined") {
    await settle(env, config, db, aggregate, known);
    await db.update(failedJobs).set({ status: "resolved" }).where(and(eq(failedJobs.status, "failed"), sql`${failedJobs.body} LIKE ${`%"orderId":"${orderId}"%`}`));
    return;
  }
  await abandonCharge(env, db, config.APP_ORIGIN, orderId);
}

/** The gateway stayed down and never charged: release the stock, fail the order, tell the shopper. */
async function abandonCharge(env: Env, db: Db, appOrigin: string, orderId: string): Promise<void> {
  const aggregate = await loadOrder(db, orderId);
  if (!aggregate || aggregate.order.status !== "pending") return;
  const { order } = aggregate;
  await releaseAll(env, order.reservationId, aggregate.lines.map((line) => line.sku));
  const reason = "payment_service_unavailable";
  const email = queueEmail(db, {
    dedupeKey: `payment_failed:${order.id}`,
    to: aggregate.customer?.email ?? "",
    data: { template: "payment_failed", order: orderEmailData(aggregate, appOrigin, { failureReason: reason }) },
  });
  await db.batch([
    db
      .update(payments)
      .set({ status: "failed", failureReason: reason, updatedAt: new Date().toISOString() })
      .where(and(eq(payments.orderId, order.id), eq(payments.status, "pending"))),
    transitionOrder(db, order.id, ["pending"], "payment_failed", { paymentStatus: "failed" }),
    historyIfChanged(db, order.id, "payment_failed", "The payment service could not be reached; nothing was charged"),
    notify(db, {
      userId: order.userId,
      type: "payment_failed",
      message: `We couldn't process the payment for order ${order.number}. Nothing was charged.`,
      orderId: order.id,
      dedupeKey: `payment_failed:${order.id}`,
    }),
    email.statement,
  ]);
  await enqueueEmails(env, [email.job]);
}
