/**
 * The email consumer: delivers outbox rows through the configured provider. Exactly-once by
 * the row: a row already sent is acknowledged and skipped, and providers get the row id as
 * their idempotency key. An email failure never touches the order.
 */
import { and, eq, inArray, lt, ne, or, sql } from "drizzle-orm";
import { appConfig } from "../workers/env";
import { createDb } from "../workers/factory";
import { emailOutbox } from "../workers/db/schema";
import { emailJob } from "../workers/domain/schemas/jobs";
import { retryDelaySeconds } from "../workers/domain/retry";
import { findOutboxByDedupeKey } from "../workers/lib/email/outbox";
import { emailProvider, EmailRejectedError } from "../workers/lib/email/providers";
import { recordFailedJob } from "./failed-jobs";

const CLAIM_TIMEOUT_MS = 2 * 60_000;

export async function handleEmailsBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const config = appConfig(env);
  const db = createDb(env.DB);
  const provider = emailProvider(config);
  await Promise.all(
    batch.messages.map(async (message) => {
      const parsed = emailJob.safeParse(message.body);
      if (!parsed.success) {
        await recordFailedJob(db, batch.queue, message, `invalid message: ${parsed.error.message}`, message.attempts);
        message.ack();
        return;
      }
      const row = await findOutboxByDedupeKey(db, parsed.data.dedupeKey);
      if (!row || row.status === "sent") {
        message.ack();
        return;
      }
      // Exactly one consumer delivers a row at a time: the claim is a conditional update. A
      // claim older than CLAIM_TIMEOUT_MS belonged to a consumer that died, and is retaken.
      const now = new Date();
      const claimed = await db
        .update(emailOutbox)
        .set({ status: "sending", attempts: sql`${emailOutbox.attempts} + 1`, claimedAt: now.toISOString() })
        .where(
          and(
            eq(emailOutbox.id, row.id),
            or(
              inArray(emailOutbox.status, ["queued", "failed"]),
              and(eq(emailOutbox.status, "sending"), lt(emailOutbox.claimedAt, new Date(now.getTime() - CLAIM_TIMEOUT_MS).toISOString())),
            ),
          ),
        )
        .returning({ id: emailOutbox.id });
      if (claimed.length === 0) {
        // Another delivery of the same email is in progress: come back to see how it ended.
        message.retry({ delaySeconds: 5 });
        return;
      }
      try {
        const { providerMessageId } = await provider.deliver({
          id: row.id,
          from: config.EMAIL_FROM,
          to: row.to,
          subject: row.subject,
          html: row.html,
          text: row.text,
        });
        await db
          .update(emailOutbox)
          .set({ status: "sent", sentAt: new Date().toISOString(), providerMessageId, lastError: null })
          .where(and(eq(emailOutbox.id, row.id), ne(emailOutbox.status, "sent")));
        message.ack();
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        if (error instanceof EmailRejectedError) {
          await db.update(emailOutbox).set({ status: "failed", lastError: detail }).where(eq(emailOutbox.id, row.id));
          await recordFailedJob(db, batch.queue, message, detail, message.attempts);
          message.ack();
          return;
        }
        await db
          .update(emailOutbox)
          .set({ status: "queued", lastError: detail })
          .where(and(eq(emailOutbox.id, row.id), ne(emailOutbox.status, "sent")));
        const delaySeconds = retryDelaySeconds(message.attempts);
        console.warn(JSON.stringify({ level: "warn", queue: "emails", msg: "email_retry", dedupeKey: row.dedupeKey, attempts: message.attempts, delaySeconds, error: detail }));
        message.retry({ delaySeconds });
      }
    }),
  );
}
