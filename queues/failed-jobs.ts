/**
 * Dead letters: a message that exhausted its retries becomes a failed job an admin can see
 * and retry. A charge that never got an answer is handed to the order lifecycle, which asks
 * the gateway what happened before it gives the attempt up.
 */
import { and, eq } from "drizzle-orm";
import { appConfig } from "../workers/env";
import { createDb, type Db } from "../workers/factory";
import { emailOutbox, failedJobs } from "../workers/db/schema";
import { emailJob, paymentJob } from "../workers/domain/schemas/jobs";
import { deadLetterAttempts, QUEUES } from "../workers/domain/queues";
import { newId } from "../workers/lib/ids";
import { reconcileAbandonedCharge, type LifecycleDeps } from "../workers/orders";

export { QUEUES };

export function recordFailedJob(db: Db, queue: string, message: Message<unknown>, error: string, attempts: number) {
  return db
    .insert(failedJobs)
    .values({
      id: newId("job"),
      queue,
      messageId: message.id,
      body: message.body ?? null,
      error,
      attempts,
    })
    .onConflictDoNothing({ target: [failedJobs.queue, failedJobs.messageId] });
}

/** A charge's dead letter is resolved once the lifecycle settled the attempt it names. */
async function resolveJob(db: Db, source: string, messageId: string) {
  await db.update(failedJobs).set({ status: "resolved" }).where(and(eq(failedJobs.queue, source), eq(failedJobs.messageId, messageId), eq(failedJobs.status, "failed")));
}

export async function handleDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const deps: LifecycleDeps = { env, config: appConfig(env), db: createDb(env.DB) };
  const { db } = deps;
  const source = batch.queue === QUEUES.paymentsDead ? QUEUES.payments : QUEUES.emails;
  for (const message of batch.messages) {
    try {
      await recordFailedJob(db, source, message, "exhausted its retries", deadLetterAttempts(source, message.attempts));
      if (source === QUEUES.payments) {
        const job = paymentJob.safeParse(message.body);
        if (job.success && job.data.kind === "charge") {
          const charge = job.data;
          await reconcileAbandonedCharge(deps, charge);
          const attempt = await db.query.payments.findFirst({
            columns: { status: true },
            where: (payments, { eq: equals }) => (charge.paymentId ? equals(payments.id, charge.paymentId) : equals(payments.orderId, charge.orderId)),
          });
          if (attempt?.status === "succeeded") await resolveJob(db, source, message.id);
        }
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
