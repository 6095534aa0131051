import { createRoute, z } from "@hono/zod-openapi";
import { listOrders, loadOrder, orderView } from "../db/queries/orders";
import { idParam, pageOf, problems } from "../domain/schemas/common";
import { checkoutBody, idempotencyKeyHeader, orderListQuery, orderSchema, orderStatusBody, orderSummarySchema, retryPaymentBody } from "../domain/schemas/orders";
import { createRouter, type AppEnv, type Db } from "../factory";
import { callerIsAdmin } from "../lib/caller";
import { ApiError } from "../lib/problem";
import { authOf, requireAdmin, requireUser } from "../middleware/auth";
import { advanceFulfilment, cancelOrder, placeOrder, retryPayment, type LifecycleDeps } from "../orders";
import type { Context } from "hono";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const bearer = [{ bearerAuth: [] }];

function lifecycle(c: Context<AppEnv>): LifecycleDeps {
  return { env: c.env, config: c.var.config, db: c.var.db, requestId: c.var.requestId };
}

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
        number: query.number,
        q: query.q,
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
      description:
        "The shopper may cancel until the order ships, an admin until it is delivered. A paid order is refunded; an unpaid one whose " +
        "charge is already on its way is refunded when that charge lands. Every unit the order held or bought goes back to stock.",
      security: bearer,
      middleware: [requireUser] as const,
      request: { params: idParam },
      responses: { 200: { description: "The cancelled order", ...json(orderSchema) }, ...problems(401, 404, 409) },
    }),
    async (c) => {
      const auth = authOf(c);
      const admin = await callerIsAdmin(c);
      const { order } = await orderFor(c, c.req.valid("param").id, { userId: auth.userId, role: admin ? "admin" : "customer" });
      const actor = admin && order.userId !== auth.userId ? "admin" : "owner";
      await cancelOrder(lifecycle(c), { orderId: order.id, actor, actorId: auth.userId });
      const updated = await loadOrder(c.var.db, order.id);
      return c.json(orderView(updated!), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/retry-payment",
      tags: ["Orders"],
      summary: "Pay again with another card after a failed payment",
      description:
        "Only from payment_failed, while the order's stock can be reserved again (otherwise 409). Answers at once (202); the charge " +
        "happens on the payments queue. The same Idempotency-Key returns the same attempt; with another body, 422.",
      security: bearer,
      middleware: [requireUser] as const,
      request: { params: idParam, headers: idempotencyKeyHeader, body: { ...json(retryPaymentBody), required: true } },
      responses: { 202: { description: "The order, paying again", ...json(z.object({ order: orderSchema })) }, ...problems(400, 401, 404, 409, 415, 422) },
    }),
    async (c) => {
      const auth = authOf(c);
      const { order } = await orderFor(c, c.req.valid("param").id, { userId: auth.userId, role: "customer" });
      const result = await retryPayment(lifecycle(c), {
        orderId: order.id,
        userId: auth.userId,
        idempotencyKey: c.req.valid("header")["idempotency-key"],
        token: c.req.valid("json").payment.token ?? null,
      });
      if (result.replayed) c.header("idempotent-replayed", "true");
      const updated = await loadOrder(c.var.db, order.id);
      return c.json({ order: orderView(updated!) }, 202);
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
      const body = c.req.valid("json");
      const { order } = await orderFor(c, c.req.valid("param").id, { userId: auth.userId, role: "admin" });
      await advanceFulfilment(lifecycle(c), { orderId: order.id, to: body.status, carrier: body.carrier, trackingNumber: body.trackingNumber, actorId: auth.userId });
      const updated = await loadOrder(c.var.db, order.id);
      return c.json(orderView(updated!), 200);
    },
  );
