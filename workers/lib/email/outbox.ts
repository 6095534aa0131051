import { eq } from "drizzle-orm";
import type { Db } from "../../factory";
import { emailOutbox } from "../../db/schema";
import { renderEmail, type EmailData } from "../../domain/email-templates";
import type { EmailJob } from "../../domain/schemas/jobs";
import { newId } from "../ids";

/**
 * The transactional outbox: an email is a row written in the same D1 batch as the change it
 * announces, so an order can never be recorded without its email (or the reverse). The queue
 * message only says "deliver it"; a lost message is re-sent by the scheduled sweep.
 * `dedupeKey` (e.g. `order_paid:<orderId>`) makes the row, and so the email, exactly-once.
 */
export function queueEmail(db: Db, email: { dedupeKey: string; to: string; data: EmailData }) {
  const rendered = renderEmail(email.data);
  const statement = db
    .insert(emailOutbox)
    .values({
      id: newId("eml"),
      dedupeKey: email.dedupeKey,
      to: email.to,
      subject: rendered.subject,
      template: email.data.template,
      html: rendered.html,
      text: rendered.text,
    })
    .onConflictDoNothing({ target: emailOutbox.dedupeKey });
  const job: EmailJob = { kind: "deliver", dedupeKey: email.dedupeKey };
  return { statement, job };
}

/** Enqueues delivery jobs; a failure is logged, not thrown: the sweep picks the rows up. */
export async function enqueueEmails(env: Env, jobs: EmailJob[], requestId?: string): Promise<void> {
  if (jobs.length === 0) return;
  try {
    await env.EMAILS_QUEUE.sendBatch(jobs.map((body) => ({ body })));
  } catch (error) {
    console.error(JSON.stringify({ level: "error", msg: "email_enqueue_failed", requestId, error: String(error), jobs }));
  }
}

export async function findOutboxByDedupeKey(db: Db, dedupeKey: string) {
  return db.query.emailOutbox.findFirst({ where: eq(emailOutbox.dedupeKey, dedupeKey) });
}
