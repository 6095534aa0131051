import { createRoute } from "@hono/zod-openapi";
import { and, eq, inArray, sql } from "drizzle-orm";
import { auditEntry } from "../db/queries/audit";
import { paymentView } from "../db/queries/orders";
import { orders, payments, refunds } from "../db/schema";
import { refundableCents } from "../domain/pricing";
import { idParam, problems } from "../domain/schemas/common";
import { paymentSchema, refundBody } from "../domain/schemas/orders";
import { createRouter } from "../factory";
import { callerIsAdmin } from "../lib/caller";
import { newId } from "../lib/ids";
import { ApiError } from "../lib/problem";
import { authOf, requireAdmin, requireUser } from "../middleware/auth";
import { startRefund } from "../../queues/payments";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const bearer = [{ bearerAuth: [] }];

export const paymentRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags: ["Payments"],
      summary: "A payment (its order's owner or an admin)",
      security: bearer,
      middleware: [requireUser] as const,
      request: { params: idParam },
      responses: { 200: { description: "The payment", ...json(paymentSchema) }, ...problems(401, 404) },
    }),
    async (c) => {
      const auth = authOf(c);
      const db = c.var.db;
      const row = await db
        .select({ payment: payments, ownerId: orders.userId })
        .from(payments)
        .innerJoin(orders, eq(orders.id, payments.orderId))
        .where(eq(payments.id, c.req.valid("param").id))
        .get();
      if (!row || (row.ownerId !== auth.userId && !(await callerIsAdmin(c)))) throw new ApiError("not_found", "No such payment.");
      const paymentRefunds = await db.select().from(refunds).where(eq(refunds.paymentId, row.payment.id));
      return c.json(paymentView(row.payment, paymentRefunds), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/refund",
      tags: ["Payments"],
      summary: "Refund a payment in full or in part (admin)",
      description: "Records the refund and hands it to the payments queue; the payment shows it as pending until the gateway confirms.",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: idParam, body: { ...json(refundBody), required: false } },
      responses: { 200: { description: "The payment with the refund", ...json(paymentSchema) }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const auth = authOf(c);
      const db = c.var.db;
      const paymentId = c.req.valid("param").id;
      const payment = await db.query.payments.findFirst({ where: eq(payments.id, paymentId) });
      if (!payment) throw new ApiError("not_found", "No such payment.");
      if (payment.status !== "succeeded") throw new ApiError("conflict", `A ${payment.status} payment cannot be refunded.`);
      const inFlight = await db
        .select({ total: sql<number>`coalesce(sum(${refunds.amountCents}), 0)` })
        .from(refunds)
        .where(and(eq(refunds.paymentId, paymentId), inArray(refunds.status, ["pending"])))
        .get();
      const available = refundableCents(payment.amountCents, payment.refundedCents + Number(inFlight?.total ?? 0));
      const body = c.req.valid("json") ?? {};
      const amountCents = body.amountCents ?? available;
      if (available === 0) throw new ApiError("conflict", "This payment has nothing left to refund.");
      if (amountCents > available) {
        throw new ApiError("conflict", `At most ${available} cents can still be refunded.`, {
          errors: [{ path: "amountCents", message: `At most ${available} cents can still be refunded.` }],
        });
      }
      const refundId = newId("ref");
      await auditEntry(db, { actorId: auth.userId, action: "payment.refunded", entityType: "payment", entityId: paymentId, details: { refundId, amountCents }, requestId: c.var.requestId });
      await startRefund(c.env, db, { refundId, orderId: payment.orderId, paymentId, amountCents, reason: "refunded by the store", actorId: auth.userId });
      const paymentRefunds = await db.select().from(refunds).where(eq(refunds.paymentId, paymentId));
      return c.json(paymentView(payment, paymentRefunds), 200);
    },
  );
