import type { EmailStatus, FailedJobStatus, PaymentStatus } from "../../../../workers/domain/statuses";
import type { BadgeTone } from "./ui";

/** Days of the API's daily figures are UTC days; moments use <LocalTime> (the viewer's zone). */
const dateOnly = new Intl.DateTimeFormat("en-GB", { month: "short", day: "numeric", timeZone: "UTC" });

/** "12 Mar" for a YYYY-MM-DD day. */
export function formatDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : dateOnly.format(date);
}

export const ORDER_STATUS_LABELS = {
  pending: "Pending",
  paid: "Paid",
  payment_failed: "Payment failed",
  processing: "Processing",
  shipped: "Shipped",
  delivered: "Delivered",
  cancelled: "Cancelled",
} as const;
export type OrderStatusName = keyof typeof ORDER_STATUS_LABELS;
export const ORDER_STATUS_NAMES = Object.keys(ORDER_STATUS_LABELS) as OrderStatusName[];

export const ORDER_STATUS_TONES: Record<OrderStatusName, BadgeTone> = {
  pending: "amber",
  paid: "blue",
  payment_failed: "red",
  processing: "blue",
  shipped: "blue",
  delivered: "green",
  cancelled: "grey",
};

export const PAYMENT_STATUS_TONES: Record<PaymentStatus, BadgeTone> = {
  pending: "amber",
  succeeded: "green",
  failed: "red",
  refunded: "grey",
};

export const EMAIL_STATUS_TONES: Record<EmailStatus, BadgeTone> = {
  queued: "amber",
  sending: "blue",
  sent: "green",
  failed: "red",
};

export const JOB_STATUS_TONES: Record<FailedJobStatus, BadgeTone> = {
  failed: "red",
  retried: "blue",
  resolved: "green",
};

/** Short, copyable form of an opaque id for tables. */
export function shortId(id: string): string {
  return id.length > 14 ? `${id.slice(0, 12)}…` : id;
}
