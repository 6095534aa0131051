/**
 * The queues as wrangler.toml declares them, with their delivery limits. A message reaches a
 * dead-letter queue after `maxRetries + 1` failed deliveries on its own queue, which is how
 * the failed-jobs list knows how often a dead letter was really tried (a test holds these
 * figures to wrangler.toml).
 */
export const QUEUES = {
  payments: "storefront-payments",
  emails: "storefront-emails",
  paymentsDead: "storefront-payments-dlq",
  emailsDead: "storefront-emails-dlq",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const QUEUE_MAX_RETRIES = {
  [QUEUES.payments]: 8,
  [QUEUES.emails]: 6,
  [QUEUES.paymentsDead]: 10,
  [QUEUES.emailsDead]: 10,
} as const satisfies Record<QueueName, number>;

/** Deliveries a dead letter had: all of its source queue's, then its own on the dead-letter queue. */
export function deadLetterAttempts(source: keyof typeof QUEUE_MAX_RETRIES, deadLetterAttempt: number): number {
  return QUEUE_MAX_RETRIES[source] + 1 + Math.max(0, deadLetterAttempt - 1);
}
