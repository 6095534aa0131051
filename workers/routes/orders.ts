import { createRoute, z } from "@hono/zod-openapi";
import { listOrders, loadOrder, orderEmailData, orderView, type OrderAggregate } from "../db/queries/orders";
import { findUserById, normaliseEmail } from "../db/queries/users";
import { idParam, pageOf, problems } from "../domain/schemas/common";
import { bulkResultSchema, orderBulkBody } from "../domain/schemas/bulk";
import type { OrderBulkAction } from "../domain/bulk-actions";
import { runBulk } from "../lib/bulk";
import {
  checkoutBody,
  claimOrdersBody,
  idempotencyKeyHeader,
  orderAccessHeader,
  orderAccessQuery,
  orderListQuery,
  orderLookupBody,
  orderSchema,
  orderStatusBody,
  orderSummarySchema,
  retryPaymentBody,
} from "../domain/schemas/orders";
import { clientKey } from "../domain/client-key";
import { ORDER_LOOKUP_LIMITS } from "../domain/guest-orders";
import { createRouter, type AppEnv, type Db } from "../factory";
import { callerIsAdmin } from "../lib/caller";
import { guestCartIdOf } from "../lib/cart";
import { enqueueEmails, queueEmail } from "../lib/email/outbox";
import { newId } from "../lib/ids";
import { enforceRateLimit } from "../lib/rate-limit";
import { attachGuestOrders, findGuestOrder, orderForToken, orderLinkFor } from "../orders/guest";
import { ApiError } from "../lib/problem";
import { namedLanguage, requestMarket } from "../middleware/market";
import { authOf, requireAdmin, requireUser } from "../middleware/auth";
import { advanceFulfilment, cancelOrder, placeOrder, retryPayment, type CheckoutResult, type LifecycleDeps } from "../orders";
import type { Context } from "hono";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const bearer = [{ bearerAuth: [] }];
/** A signed-in shopper, or a guest with their cart's token. */
const ownerOrGuestCart: Record<string, string[]>[] = [{ bearerAuth: [] }, { cartToken: [] }, { guestCart: [] }];
/** A signed-in owner or admin, or a guest holding the order's token. */
const ownerOrGuest: Record<string, string[]>[] = [{ bearerAuth: [] }, { orderToken: [] }];

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

/**
 * Who may act on an order: with `?token=` or `X-Order-Token`, the guest it opens (a wrong token
 * is a 404 like another user's order); otherwise the signed-in owner or an admin.
 */
async function orderForCaller(c: Context<AppEnv>, orderId: string, query: { token?: string }, options: { adminActs?: boolean } = {}) {
  const token = query.token ?? c.req.header("x-order-token");
  if (token !== undefined) {
    const found = await orderForToken(c.var.db, orderId, token);
    if (!found) throw new ApiError("not_found", "No such order.");
    // A page holding the token is for its holder alone: never stored by a cache.
    c.header("cache-control", "private, no-store");
    return { aggregate: found.aggregate, actor: "owner" as const, actorId: "guest" };
  }
  const auth = authOf(c);
  const admin = options.adminActs !== false && (await callerIsAdmin(c));
  const aggregate = await orderFor(c, orderId, { userId: auth.userId, role: admin ? "admin" : "customer" });
  const actor = admin && aggregate.order.userId !== auth.userId ? ("admin" as const) : ("owner" as const);
  return { aggregate, actor, actorId: auth.userId };
}

/**
 * One order's step in a bulk request, through the lifecycle's own transition (the same as
 * PUT /orders/{id}/status or POST /orders/{id}/cancel): a move the order's state does not
 * allow is refused there (409) and the order stays as it was.
 */
async function bulkOrderStep(c: Context<AppEnv>, adminId: string, orderId: string, action: OrderBulkAction) {
  const { order } = await orderFor(c, orderId, { userId: adminId, role: "admin" });
  if (action === "cancel") {
    // An admin's own order is cancelled as its owner, as the single cancel does.
    await cancelOrder(lifecycle(c), { orderId: order.id, actor: order.userId === adminId ? "owner" : "admin", actorId: adminId });
    return;
  }
  await advanceFulfilment(lifecycle(c), { orderId: order.id, to: action, actorId: adminId });
}

/** Emails a fresh link to a guest order (order lookup). */
async function emailOrderLink(c: Context<AppEnv>, aggregate: OrderAggregate, to: string) {
  const db = c.var.db;
  const dedupeKey = `order_link:${aggregate.order.id}:${newId("lnk")}`;
  const link = await orderLinkFor(db, { orderId: aggregate.order.id, dedupeKey, appOrigin: c.var.config.APP_ORIGIN });
  const email = queueEmail(db, { dedupeKey, to, data: { template: "order_link", order: orderEmailData(aggregate, c.var.config.APP_ORIGIN, { orderUrl: link.url }) } });
  await db.batch([link.statement, email.statement]);
  await enqueueEmails(c.env, [email.job], c.var.requestId);
}


export const orderRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/lookup",
      tags: ["Orders"],
      summary: "Email a guest the link to their order",
      description:
        "Always 202, whether or not the address and number match a guest order, so the answer says nothing about either. On a " +
        "match, a fresh link to the order is emailed to that address. Rate limited per address and per client (429 with Retry-After).",
      request: { body: { ...json(orderLookupBody), required: true } },
      responses: { 202: { description: "If they match, a link was emailed", ...json(z.object({ status: z.literal("accepted") })) }, ...problems(400, 415, 429) },
    }),
    async (c) => {
      const { email, number } = c.req.valid("json");
      const address = normaliseEmail(email);
      await enforceRateLimit(c.env, `order-lookup:client:${clientKey(c.var.clientIp)}`, ORDER_LOOKUP_LIMITS.perClient);
      await enforceRateLimit(c.env, `order-lookup:email:${address}`, ORDER_LOOKUP_LIMITS.perEmail);
      const match = await findGuestOrder(c.var.db, address, number);
      const aggregate = match ? await loadOrder(c.var.db, match.id) : undefined;
      if (aggregate) await emailOrderLink(c, aggregate, address);
      return c.json({ status: "accepted" as const }, 202);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/claim",
      tags: ["Orders"],
      summary: "Attach your guest orders to your account",
      description:
        "Send the order id and the token of a link we emailed (not the token answered at checkout, which proves nothing about the " +
        "address). When the account's email is the address the guest order was placed with, every guest order of that address is " +
        "attached. A wrong token → 404; a checkout token, or another address → 403. See decision 012.",
      security: bearer,
      middleware: [requireUser] as const,
      request: { body: { ...json(claimOrdersBody), required: true } },
      responses: { 200: { description: "The orders now in the account", ...json(z.object({ attached: z.array(z.string()) })) }, ...problems(400, 401, 403, 404, 415) },
    }),
    async (c) => {
      const { orderId, token } = c.req.valid("json");
      const user = await findUserById(c.var.db, authOf(c).userId);
      if (!user) throw new ApiError("unauthenticated", "Sign in to continue.");
      const result = await attachGuestOrders(c.var.db, { user, orderId, token });
      if ("refused" in result) {
        if (result.refused === "not_found") throw new ApiError("not_found", "No such order.");
        throw new ApiError(
          "forbidden",
          result.refused === "not_proof"
            ? "Open the link we emailed you for this order: it shows the address is yours."
            : "This order was placed with another email address than your account's.",
        );
      }
      return c.json({ attached: result.attached }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["Orders"],
      summary: "Check out the cart (signed in, or as a guest)",
      description:
        "Reserves the cart's stock, records the order and answers at once (202); the payment and the emails happen on queues. " +
        "The same Idempotency-Key with the same body returns the same order; with another body, 422. " +
        "Without Authorization, a guest checks out the cart named by `X-Cart-Token` (`X-Guest-Cart` also works) and must send " +
        "`email`; the answer then carries `orderToken`, the guest's key to the order (`GET /orders/{id}?token=`). A guest's " +
        "Idempotency-Key is scoped to their cart.",
      security: ownerOrGuestCart,
      request: { headers: idempotencyKeyHeader, body: { ...json(checkoutBody), required: true } },
      responses: {
        202: {
          description: "Order recorded, payment processing",
          ...json(z.object({ order: orderSchema, orderToken: z.string().optional().openapi({ description: "Guest checkout only: the key to this order" }) })),
        },
        ...problems(400, 401, 409, 415, 422),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const common = {
        idempotencyKey: c.req.valid("header")["idempotency-key"],
        body,
        requestId: c.var.requestId,
        marketId: (await requestMarket(c)).id,
        // Unnamed: the market's default language.
        ...(namedLanguage(c) ? { language: namedLanguage(c) } : {}),
      };
      let result: CheckoutResult;
      if (c.req.header("authorization") !== undefined) {
        // A presented bearer token must be valid: a bad one is a 401, never a guest checkout.
        result = await placeOrder(c.env, c.var.config, c.var.db, { ...common, userId: authOf(c).userId });
      } else {
        const guestId = await guestCartIdOf(c);
        if (body.email === undefined) {
          throw new ApiError("validation_failed", "A guest checkout needs an email address for the order's emails.", {
            errors: [{ path: "email", message: "Enter your email address." }],
          });
        }
        result = await placeOrder(c.env, c.var.config, c.var.db, { ...common, guest: { guestId, email: body.email } });
      }
      c.header("location", `/api/v1/orders/${result.order.id}`);
      if (result.replayed) c.header("idempotent-replayed", "true");
      return c.json({ order: result.order, ...(result.orderToken ? { orderToken: result.orderToken } : {}) }, 202);
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
      description: "For its owner or an admin, or for a guest with the order's token in `?token=` or `X-Order-Token` (a wrong token → 404).",
      security: ownerOrGuest,
      request: { params: idParam, query: orderAccessQuery, headers: orderAccessHeader },
      responses: { 200: { description: "The order", ...json(orderSchema) }, ...problems(401, 404) },
    }),
    async (c) => {
      const { aggregate } = await orderForCaller(c, c.req.valid("param").id, c.req.valid("query"));
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
        "charge is already on its way is refunded when that charge lands. Every unit the order held or bought goes back to stock. " +
        "A guest cancels with the order's token (`?token=` or `X-Order-Token`), as its owner.",
      security: ownerOrGuest,
      request: { params: idParam, query: orderAccessQuery, headers: orderAccessHeader },
      responses: { 200: { description: "The cancelled order", ...json(orderSchema) }, ...problems(401, 404, 409) },
    }),
    async (c) => {
      const { aggregate, actor, actorId } = await orderForCaller(c, c.req.valid("param").id, c.req.valid("query"));
      const { order } = aggregate;
      await cancelOrder(lifecycle(c), { orderId: order.id, actor, actorId });
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
        "happens on the payments queue. The same Idempotency-Key returns the same attempt; with another body, 422. " +
        "A guest pays again with the order's token (`?token=` or `X-Order-Token`).",
      security: ownerOrGuest,
      request: { params: idParam, query: orderAccessQuery, headers: idempotencyKeyHeader.merge(orderAccessHeader), body: { ...json(retryPaymentBody), required: true } },
      responses: { 202: { description: "The order, paying again", ...json(z.object({ order: orderSchema })) }, ...problems(400, 401, 404, 409, 415, 422) },
    }),
    async (c) => {
      // Only the owner pays: an admin is not a party to another shopper's card.
      const { aggregate, actorId } = await orderForCaller(c, c.req.valid("param").id, c.req.valid("query"), { adminActs: false });
      const { order } = aggregate;
      const result = await retryPayment(lifecycle(c), {
        orderId: order.id,
        actorId,
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
      method: "post",
      path: "/bulk",
      tags: ["Orders"],
      summary: "Move many orders to processing or delivered, or cancel them (admin)",
      description:
        "Each id goes through the order lifecycle's own transition, one after another, audited like the single action. An order whose status does not allow the move (409), or an unknown id (404), is reported in its `problem` and left unchanged; the rest still move. Shipping is not offered: each order needs its own tracking number. A bad body is a 400 and changes nothing.",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { body: { ...json(orderBulkBody), required: true } },
      responses: { 200: { description: "One result per id, in the order sent", ...json(bulkResultSchema) }, ...problems(400, 401, 403, 413, 415) },
    }),
    async (c) => {
      const auth = authOf(c);
      const { ids, action } = c.req.valid("json");
      return c.json(await runBulk(ids, (id) => bulkOrderStep(c, auth.userId, id, action), c.var.requestId), 200);
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

orderRoutes.openAPIRegistry.registerComponent("securitySchemes", "orderToken", {
  type: "apiKey",
  in: "header",
  name: "X-Order-Token",
  description: "A guest's order token (from checkout or an emailed link); `?token=` works too",
});
