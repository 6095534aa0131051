/**
 * The payments consumer: parse each message, hand it to the order lifecycle, ack or retry.
 * What a charge or refund does to an order lives in workers/orders; every step there is
 * idempotent by the attempt or refund id the message carries, so a redelivery changes nothing.
 */
import { appConfig } from "../workers/env";
import { createDb } from "../workers/factory";
import { paymentJob, type PaymentJob } from "../workers/domain/schemas/jobs";
import { retryDelaySeconds } from "../workers/domain/retry";
import { applyGatewayEvent, chargeAttempt, GatewayUnavailableError, processRefund, type LifecycleDeps } from "../workers/orders";
import { recordFailedJob } from "./failed-jobs";

export function dispatchPaymentJob(deps: LifecycleDeps, job: PaymentJob): Promise<void> {
  switch (job.kind) {
    case "charge":
      return chargeAttempt(deps, job);
    case "refund":
      return processRefund(deps, job.refundId);
    case "stripe_event":
      return applyGatewayEvent(deps, {
        orderId: job.orderId,
        paymentId: job.paymentId,
        providerRef: job.paymentIntentId,
        outcome:
          job.type === "payment_intent.succeeded"
            ? { status: "succeeded", providerRef: job.paymentIntentId }
            : { status: "declined", reason: job.failureCode ?? "card_declined", providerRef: job.paymentIntentId },
      });
  }
}

export async function handlePaymentsBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const deps: LifecycleDeps = { env, config: appConfig(env), db: createDb(env.DB) };
  // Messages are independent (one attempt or refund each) and mostly waiting on the gateway:
  // run them side by side rather than one gateway latency after another.
  await Promise.all(
    batch.messages.map(async (message) => {
      const parsed = paymentJob.safeParse(message.body);
      if (!parsed.success) {
        // A message that can never succeed goes straight to the failed jobs for a human.
        await recordFailedJob(deps.db, batch.queue, message, `invalid message: ${parsed.error.message}`, message.attempts);
        message.ack();
        return;
      }
      try {
        await dispatchPaymentJob(deps, parsed.data);
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
