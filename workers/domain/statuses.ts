/**
 * Every status a stored record can have, declared once. The D1 schema, the API's zod schemas
 * and the site all import these lists, so a new status is added in one place.
 */
export { ORDER_STATUSES, type OrderStatus } from "./order-status";

/** A payment attempt: one card charge, then possibly refunds against it. */
export const PAYMENT_STATUSES = ["pending", "succeeded", "failed", "refunded"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const REFUND_STATUSES = ["pending", "succeeded", "failed"] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const EMAIL_STATUSES = ["queued", "sending", "sent", "failed"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export const FAILED_JOB_STATUSES = ["failed", "retried", "resolved"] as const;
export type FailedJobStatus = (typeof FAILED_JOB_STATUSES)[number];

export const PAYMENT_PROVIDERS = ["simulated", "stripe"] as const;
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];
