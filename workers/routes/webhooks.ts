import { createRoute, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { webhookEvents } from "../db/schema";
import type { PaymentJob } from "../domain/schemas/jobs";
import { createRouter } from "../factory";
import { verifyStripeEvent } from "../lib/payments/stripe";
import { ApiError } from "../lib/problem";
import { problems } from "../domain/schemas/common";

const stripeIntent = z.object({
  id: z.string().min(1),
  metadata: z.object({ orderId: z.string().min(1).optional(), paymentId: z.string().min(1).optional() }).loose(),
  last_payment_error: z.object({ code: z.string().optional() }).loose().nullish(),
});

const HANDLED = new Set(["payment_intent.succeeded", "payment_intent.payment_failed"]);

/**
 * Stripe's webhooks: the signature is verified over the raw body; accepted events are handed
 * to the payments queue (the same code path as our own charges). A duplicate event is
 * acknowledged and dropped; out-of-order events are harmless because settling is idempotent
 * and a success after a failure is refunded.
 */
export const webhookRoutes = createRouter().openapi(
  createRoute({
    method: "post",
    path: "/stripe",
    tags: ["Webhooks"],
    summary: "Stripe events (signature verified)",
    request: { headers: z.object({ "stripe-signature": z.string().min(1).max(2048) }) },
    responses: {
      200: { description: "Accepted (or a duplicate, ignored)", content: { "application/json": { schema: z.object({ received: z.boolean(), duplicate: z.boolean().optional() }) } } },
      ...problems(400),
    },
  }),
  async (c) => {
    const payload = await c.req.text();
    const event = await verifyStripeEvent(c.var.config, payload, c.req.valid("header")["stripe-signature"]);
    if (!event) throw new ApiError("validation_failed", "The Stripe-Signature is missing, wrong or too old.");
    if (!HANDLED.has(event.type)) return c.json({ received: true }, 200);
    const intent = stripeIntent.safeParse(event.data.object);
    const orderId = intent.success ? intent.data.metadata.orderId : undefined;
    if (!intent.success || !orderId) return c.json({ received: true }, 200);
    const seen = await c.var.db.query.webhookEvents.findFirst({ where: eq(webhookEvents.id, event.id) });
    if (seen) return c.json({ received: true, duplicate: true }, 200);
    const job: PaymentJob = {
      kind: "stripe_event",
      eventId: event.id,
      type: event.type as "payment_intent.succeeded" | "payment_intent.payment_failed",
      paymentIntentId: intent.data.id,
      orderId,
      ...(intent.data.metadata.paymentId ? { paymentId: intent.data.metadata.paymentId } : {}),
      failureCode: intent.data.last_payment_error?.code ?? null,
    };
    // Enqueue before recording: if recording fails, Stripe's retry enqueues again, which the
    // idempotent consumer absorbs; the reverse order could lose the event.
    await c.env.PAYMENTS_QUEUE.send(job);
    await c.var.db.insert(webhookEvents).values({ id: event.id, provider: "stripe", type: event.type }).onConflictDoNothing();
    return c.json({ received: true }, 200);
  },
);
