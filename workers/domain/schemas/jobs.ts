import { z } from "zod";

/** Messages on the payments queue. Each is idempotent by the id it carries. */
export const paymentJob = z.discriminatedUnion("kind", [
  /** Charge one payment attempt; messages from before attempts existed name only the order. */
  z.object({ kind: z.literal("charge"), orderId: z.string().min(1), paymentId: z.string().min(1).optional() }),
  z.object({ kind: z.literal("refund"), refundId: z.string().min(1) }),
  z.object({
    kind: z.literal("stripe_event"),
    eventId: z.string().min(1),
    type: z.enum(["payment_intent.succeeded", "payment_intent.payment_failed"]),
    paymentIntentId: z.string().min(1),
    orderId: z.string().min(1),
    paymentId: z.string().min(1).optional(),
    failureCode: z.string().nullable(),
  }),
]);
export type PaymentJob = z.infer<typeof paymentJob>;

/** Messages on the emails queue: deliver the outbox row with this dedupe key. */
export const emailJob = z.object({ kind: z.literal("deliver"), dedupeKey: z.string().min(1) });
export type EmailJob = z.infer<typeof emailJob>;
