import { createRoute, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { auditEntry } from "../db/queries/audit";
import { historyIfChanged, listOrders, loadOrder, notify, orderEmailData, orderView, transitionOrder } from "../db/queries/orders";
import { orders } from "../db/schema";
import { canCancel, canTransition, type OrderStatus } from "../domain/order-status";
import { idParam, pageOf, problems } from "../domain/schemas/common";
import { checkoutBody, idempotencyKeyHeader, orderListQuery, orderSchema, orderStatusBody, orderSummarySchema } from "../domain/schemas/orders";
import { createRouter, type Db } from "../factory";
import { callerIsAdmin } from "../lib/caller";
import { placeOrder } from "../lib/checkout";
import { enqueueEmails, queueEmail } from "../lib/email/outbox";
import { ApiError } from "../lib/problem";
import { releaseAll, restockAll } from "../lib/stock";
import { authOf, requireAdmin, requireUser } from "../middleware/auth";
import { startRefund } from "../../queues/payments";
import { refundableCents } from "../domain/pricing";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const bearer = [{ bearerAuth: [] }];

/** Another user's order is a 404, so its existence is not leaked. */
async function orderFor(c: { var: { db: Db } }, orderId: string, auth: { userId: string; role: string }) {
  const aggregate = await loadOrder(c.var.db, orderId);
  if (!aggregate || (auth.role !== "admin" && aggregate.order.userId !== auth.userId)) {
    throw new ApiError("not_found", "No such order.");
  }
  return aggregate;
}


export const orderRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["Orders"],
      summary: "Check out the cart",
      description:
        "Reserves the cart's stock, records the order and answers at once (202); the payment and the emails happen on queues. " +
        "The same Idempotency-Key with the same body returns the same order; with another body, 422.",
      security: bearer,
      middleware: [requireUser] as const,
      request: { headers: idempotencyKeyHeader, body: { ...json(checkoutBody), required: true } },
      responses: {
        202: { description: "Order recorded, payment processing", ...json(z.object({ order: orderSchema })) },
        ...problems(400, 401, 409, 415, 422),
      },
    }),
    async (c) => {
      const auth = authOf(c);
      const result = await placeOrder(c.env, c.var.config, c.var.db, {
        userId: auth.userId,
        idempotencyKey: c.req.valid("header")["idempotency-key"],
        body: c.req.valid("json"),
        requestId: c.var.requestId,
      });
      c.header("location", `/api/v1/orders/${result.order.id}`);
      if (result.replayed) c.header("idempotent-replayed", "true");
      return c.json({ order: result.order }, 202);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["Orders"],
      summary: "Your orders (admins: everyone's, filterable)",
      security: bearer,
      middleware: [requireUser] as const,
      request: { query: orderListQuery },
      responses: { 200: { description: "A page of orders", ...json(pageOf(orderSummarySchema)) }, ...problems(400, 401) },
    }),
    async (c) => {
      const auth = authOf(c);
      const query = c.req.valid("query");
      const admin = await callerIsAdmin(c);
      const { items, total } = await listOrders(c.var.db, {
        userId: admin ? query.userId : auth.userId,
        status: query.status,
        page: query.page,
        limit: query.limit,
      });
      return c.json({ items, page: query.page, limit: query.limit, total }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags: ["Orders"],
      summary: "An order with its lines, payments and history",
      security: bearer,
      middleware: [requireUser] as const,
      request: { params: idParam },
      responses: { 200: { description: "The order", ...json(orderSchema) }, ...problems(401, 404) },
    }),
    async (c) => {
      const auth = authOf(c);
      const role = (await callerIsAdmin(c)) ? "admin" : "customer";
      const aggregate = await orderFor(c, c.req.valid("param").id, { userId: auth.userId, role });
      return c.json(orderView(aggregate), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/cancel",
      tags: ["Orders"],
      summary: "Cancel an order (refunded if paid, stock returned)",
      security: bearer,
      middleware: [requireUser] as const,
      request: { params: idParam },
      responses: { 200: { description: "The cancelled order", ...json(orderSchema) }, ...problems(401, 404, 409) },
    }),
    async (c) => {
      const auth = authOf(c);
      const db = c.var.db;
      const admin = await callerIsAdmin(c);
      const aggregate = await orderFor(c, c.req.valid("param").id, { userId: auth.userId, role: admin ? "admin" : "customer" });
      const { order } = aggregate;
      const actor = admin && order.userId !== auth.userId ? "admin" : "owner";
      if (!canCancel(order.status, actor)) {
        throw new ApiError("invalid_transition", `An order that is ${order.status.replaceAll("_", " ")} cannot be cancelled.`);
      }
      const wasPaid = order.status !== "pending";
      const payment = aggregate.payments.find((candidate) => candidate.status === "succeeded") ?? aggregate.payments.at(-1);
      const refundCents = wasPaid && payment ? refundableCents(payment.amountCents, payment.refundedCents) : 0;
      const now = new Date().toISOString();
      const email = queueEmail(db, {
        dedupeKey: `order_cancelled:${order.id}`,
        to: aggregate.customer?.email ?? "",
        data: { template: "order_cancelled", order: orderEmailData(aggregate, c.var.config.APP_ORIGIN, { refundedCents: refundCents }) },
      });
      const [cancelled] = await db.batch([
        transitionOrder(db, order.id, [order.status], "cancelled", wasPaid ? {} : { paymentStatus: "failed" }).returning({ id: orders.id }),
        historyIfChanged(db, order.id, "cancelled", actor === "admin" ? "Cancelled by the store" : "Cancelled by the customer", auth.userId),
        notify(db, {
          userId: order.userId,
          type: "order_cancelled",
          message: refundCents ? `Order ${order.number} was cancelled and will be refunded.` : `Order ${order.number} was cancelled.`,
          orderId: order.id,
          dedupeKey: `order_cancelled:${order.id}`,
        }),
        email.statement,
        auditEntry(db, { actorId: auth.userId, action: "order.cancelled", entityType: "order", entityId: order.id, details: { from: order.status, refundCents }, requestId: c.var.requestId }),
      ]);
      // Someone else moved the order first (a payment landing, another cancel): their state wins.
      if (cancelled.length === 0) throw new ApiError("invalid_transition", "The order changed meanwhile; reload it and try again.");
      if (!wasPaid) {
        // The charge may still be in flight: the consumer refunds it if it lands now.
        await releaseAll(c.env, order.reservationId, aggregate.lines.map((line) => line.sku));
        const pending = aggregate.payments.find((candidate) => candidate.status === "pending");
        if (pending) {
          await db.run(
            // Only if still pending: a success recorded meanwhile must stay visible for the refund.
            sql`UPDATE payments SET status = 'failed', failure_reason = 'cancelled', updated_at = ${now} WHERE id = ${pending.id} AND status = 'pending'`,
          );
        }
      } else {
        // The stock was sold: put it back on the shelf.
        // Idempotent per reservation id; a line re-reserved after expiry was sold under ":late".
        const skus = aggregate.lines.map((line) => line.sku);
        await restockAll(c.env, order.reservationId, skus, auth.userId);
        await restockAll(c.env, `${order.reservationId}:late`, skus, auth.userId);
        if (payment && refundCents > 0) {
          await startRefund(c.env, db, { refundId: `ref_${order.id}_cancel`, orderId: order.id, paymentId: payment.id, amountCents: refundCents, reason: "order cancelled", actorId: auth.userId });
        }
      }
      await enqueueEmails(c.env, [email.job], c.var.requestId);
      const updated = await loadOrder(db, order.id);
      return c.json(orderView(updated!), 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/{id}/status",
      tags: ["Orders"],
      summary: "Move an order through fulfilment (admin)",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: idParam, body: { ...json(orderStatusBody), required: true } },
      responses: { 200: { description: "The updated order", ...json(orderSchema) }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const auth = authOf(c);
      const db = c.var.db;
      const body = c.req.valid("json");
      const aggregate = await orderFor(c, c.req.valid("param").id, { userId: auth.userId, role: "admin" });
      const { order } = aggregate;
      const to: OrderStatus = body.status;
      if (!canTransition(order.status, to)) {
        throw new ApiError("invalid_transition", `An order that is ${order.status.replaceAll("_", " ")} cannot become ${to}.`);
      }
      const shipping = to === "shipped" ? { carrier: body.carrier ?? null, trackingNumber: body.trackingNumber ?? null } : {};
      const template = to === "shipped" ? "order_shipped" : to === "delivered" ? "order_delivered" : null;
      const email = template
        ? queueEmail(db, {
            dedupeKey: `${template}:${order.id}`,
            to: aggregate.customer?.email ?? "",
            data: { template, order: orderEmailData({ ...aggregate, order: { ...order, ...shipping } }, c.var.config.APP_ORIGIN) },
          })
        : null;
      const note =
        to === "shipped" ? `Shipped with ${body.carrier}, tracking ${body.trackingNumber}` : to === "delivered" ? "Delivered" : "Processing";
      const [moved] = await db.batch([
        transitionOrder(db, order.id, [order.status], to, shipping).returning({ id: orders.id }),
        historyIfChanged(db, order.id, to, note, auth.userId),
        notify(db, {
          userId: order.userId,
          type: `order_${to}`,
          message:
            to === "shipped"
              ? `Order ${order.number} shipped with ${body.carrier} (tracking ${body.trackingNumber}).`
              : to === "delivered"
                ? `Order ${order.number} was delivered.`
                : `Order ${order.number} is being prepared.`,
          orderId: order.id,
          dedupeKey: `order_${to}:${order.id}`,
        }),
        ...(email ? [email.statement] : []),
        auditEntry(db, { actorId: auth.userId, action: "order.status_changed", entityType: "order", entityId: order.id, details: { from: order.status, to, ...shipping }, requestId: c.var.requestId }),
      ]);
      if (moved.length === 0) throw new ApiError("invalid_transition", "The order changed meanwhile; reload it and try again.");
      if (email) await enqueueEmails(c.env, [email.job], c.var.requestId);
      const updated = await loadOrder(db, order.id);
      return c.json(orderView(updated!), 200);
    },
  );
