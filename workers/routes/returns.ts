import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { count, desc, eq } from "drizzle-orm";
import { orders, returns, users } from "../db/schema";
import { idParam, pageOf, problems } from "../domain/schemas/common";
import { adminReturnSchema, receiveReturnBody, requestReturnBody, returnListQuery, returnSchema } from "../domain/schemas/returns";
import { createRouter, type AppEnv } from "../factory";
import { callerIsAdmin } from "../lib/caller";
import { ApiError } from "../lib/problem";
import { authOf, requireAdmin } from "../middleware/auth";
import { orderForToken } from "../orders/guest";
import { orderAccessHeader, orderAccessQuery } from "../domain/schemas/orders";
import { approveReturn, receiveReturn, rejectReturn, requestReturn, returnsOf, type LifecycleDeps } from "../orders";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const bearer = [{ bearerAuth: [] }];

function lifecycle(c: Context<AppEnv>): LifecycleDeps {
  return { env: c.env, config: c.var.config, db: c.var.db, requestId: c.var.requestId };
}

/**
 * The order's returns are its owner's (and admins'), or the guest's who holds its token
 * (`?token=` or `X-Order-Token`); anyone else gets the same 404 as for no order.
 */
async function ownOrder(c: Context<AppEnv>, orderId: string, token: string | undefined, options: { adminMay: boolean }) {
  if (token !== undefined) {
    const found = await orderForToken(c.var.db, orderId, token);
    if (!found) throw new ApiError("not_found", "No such order.");
    c.header("cache-control", "private, no-store");
    return { id: found.aggregate.order.id, actorId: null };
  }
  const auth = authOf(c);
  const order = await c.var.db.query.orders.findFirst({ columns: { id: true, userId: true }, where: eq(orders.id, orderId) });
  if (!order) throw new ApiError("not_found", "No such order.");
  if (order.userId !== auth.userId && !(options.adminMay && (await callerIsAdmin(c)))) throw new ApiError("not_found", "No such order.");
  return { id: order.id, actorId: auth.userId };
}

const tokenOf = (c: Context<AppEnv>, query: { token?: string }) => query.token ?? c.req.header("x-order-token");
const ownerOrGuest: Record<string, string[]>[] = [{ bearerAuth: [] }, { orderToken: [] }];

/** Returns of a delivered order, requested by its shopper. */
export const orderReturnRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/returns",
      tags: ["Returns"],
      summary: "Ask to return some of a delivered order's items",
      description:
        "Only on a delivered order, inside the store's return window, and at most what was bought minus what is already being returned (otherwise 409).",
      security: ownerOrGuest,
      request: { params: idParam, query: orderAccessQuery, headers: orderAccessHeader, body: { ...json(requestReturnBody), required: true } },
      responses: { 201: { description: "The return, requested", ...json(z.object({ return: returnSchema })) }, ...problems(400, 401, 404, 409, 415) },
    }),
    async (c) => {
      const order = await ownOrder(c, c.req.valid("param").id, tokenOf(c, c.req.valid("query")), { adminMay: false });
      const body = c.req.valid("json");
      const created = await requestReturn(lifecycle(c), {
        orderId: order.id,
        actorId: order.actorId,
        lines: body.lines,
        note: body.note,
        windowDays: c.var.config.RETURN_WINDOW_DAYS,
      });
      return c.json({ return: created }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/returns",
      tags: ["Returns"],
      summary: "An order's returns",
      security: ownerOrGuest,
      request: { params: idParam, query: orderAccessQuery, headers: orderAccessHeader },
      responses: { 200: { description: "The returns", ...json(z.object({ items: z.array(returnSchema) })) }, ...problems(401, 404) },
    }),
    async (c) => {
      const order = await ownOrder(c, c.req.valid("param").id, tokenOf(c, c.req.valid("query")), { adminMay: true });
      return c.json({ items: await returnsOf(lifecycle(c), order.id) }, 200);
    },
  );

const decision = (action: "approve" | "reject") =>
  createRoute({
    method: "post",
    path: `/{id}/${action}`,
    tags: ["Returns"],
    summary: action === "approve" ? "Approve a requested return" : "Decline a requested return",
    security: bearer,
    middleware: [requireAdmin] as const,
    request: { params: idParam },
    responses: { 200: { description: "The return", ...json(returnSchema) }, ...problems(401, 403, 404, 409) },
  });

/** The admin's side: list, approve or reject, and receive (restock and refund, once). */
export const adminReturnRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["Returns"],
      summary: "Returns, newest first (admin)",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { query: returnListQuery },
      responses: { 200: { description: "A page of returns", ...json(pageOf(adminReturnSchema)) }, ...problems(400, 401, 403) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const db = c.var.db;
      const where = query.status ? eq(returns.status, query.status) : undefined;
      const [rows, totals] = await db.batch([
        db
          .select({ id: returns.id, orderId: returns.orderId, number: orders.number, email: users.email })
          .from(returns)
          .innerJoin(orders, eq(orders.id, returns.orderId))
          .leftJoin(users, eq(users.id, orders.userId))
          .where(where)
          .orderBy(desc(returns.createdAt), desc(returns.id))
          .limit(query.limit)
          .offset((query.page - 1) * query.limit),
        db.select({ n: count() }).from(returns).where(where),
      ]);
      const orderIds = [...new Set(rows.map((row) => row.orderId))];
      const views = (await Promise.all(orderIds.map((orderId) => returnsOf(lifecycle(c), orderId)))).flat();
      const byId = new Map(views.map((view) => [view.id, view]));
      const items = rows.flatMap((row) => {
        const view = byId.get(row.id);
        return view ? [{ ...view, orderNumber: row.number, customerEmail: row.email ?? null }] : [];
      });
      return c.json({ items, page: query.page, limit: query.limit, total: totals[0]?.n ?? 0 }, 200);
    },
  )
  .openapi(decision("approve"), async (c) => c.json(await approveReturn(lifecycle(c), { returnId: c.req.valid("param").id, actorId: authOf(c).userId }), 200))
  .openapi(decision("reject"), async (c) => c.json(await rejectReturn(lifecycle(c), { returnId: c.req.valid("param").id, actorId: authOf(c).userId }), 200))
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/receive",
      tags: ["Returns"],
      summary: "Mark a return's items received: restock them and refund what was paid for them",
      description: "Refunds through the payment's refund path, once; shipping only with `refundShipping: true`, once per order.",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: idParam, body: { ...json(receiveReturnBody), required: true } },
      responses: { 200: { description: "The return, received", ...json(returnSchema) }, ...problems(400, 401, 403, 404, 409, 415) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      return c.json(
        await receiveReturn(lifecycle(c), { returnId: c.req.valid("param").id, actorId: authOf(c).userId, lines: body.lines, refundShipping: body.refundShipping ?? false }),
        200,
      );
    },
  );
