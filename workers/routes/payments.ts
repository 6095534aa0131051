import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { paymentView } from "../db/queries/orders";
import { orders, payments, refunds } from "../db/schema";
import { idParam, problems } from "../domain/schemas/common";
import { paymentSchema, refundBody } from "../domain/schemas/orders";
import { createRouter } from "../factory";
import { callerIsAdmin } from "../lib/caller";
import { ApiError } from "../lib/problem";
import { authOf, requireAdmin, requireUser } from "../middleware/auth";
import { requestRefund } from "../orders";

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
      const body = c.req.valid("json") ?? {};
      await requestRefund(
        { env: c.env, config: c.var.config, db, requestId: c.var.requestId },
        { paymentId, amountCents: body.amountCents, actorId: auth.userId },
      );
      const [payment, paymentRefunds] = await db.batch([
        db.select().from(payments).where(eq(payments.id, paymentId)),
        db.select().from(refunds).where(eq(refunds.paymentId, paymentId)),
      ]);
      return c.json(paymentView(payment[0]!, paymentRefunds), 200);
    },
  );
