import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { eq } from "drizzle-orm";
import { markets, shippingMethods, shippingZones } from "../db/schema";
import { promotionInMarket } from "../domain/markets";
import { auditEntry } from "../db/queries/audit";
import { pricingPromotions } from "../db/queries/promotions";
import { findShippingZone, listShippingZones, zoneExists } from "../db/queries/shipping";
import { findVariants } from "../db/queries/skus";
import { cartView } from "../domain/cart";
import { priceOrder } from "../domain/pricing";
import type { PromotionLine } from "../domain/promotions";
import { idParam, problems } from "../domain/schemas/common";
import {
  createShippingZoneBody,
  shippingMethodsQuery,
  shippingQuoteListSchema,
  shippingZoneListSchema,
  shippingZoneSchema,
  updateShippingZoneBody,
} from "../domain/schemas/shipping";
import { methodsFor } from "../domain/shipping";
import { createRouter, type AppEnv, type Db } from "../factory";
import { cartOf, presentedCartToken, verifyGuestToken } from "../lib/cart";
import { newId } from "../lib/ids";
import { ApiError } from "../lib/problem";
import { authOf, requireAdmin } from "../middleware/auth";
import { requestMarket } from "../middleware/market";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const bearer = [{ bearerAuth: [] }];
/** Anyone; a bearer token or guest cart token prices the caller's cart. */
const optionalCart: Record<string, string[]>[] = [{}, { bearerAuth: [] }, { cartToken: [] }];

type MethodInput = (typeof createShippingZoneBody)["_output"]["methods"][number];

function methodRows(zoneId: string, methods: readonly MethodInput[]) {
  return methods.map((method, position) => ({
    id: method.id ?? newId("shm"),
    zoneId,
    name: method.name,
    rate: method.rate,
    freeOverCents: method.freeOverCents ?? null,
    minDays: method.minDays ?? null,
    maxDays: method.maxDays ?? null,
    position,
  }));
}

/** A country belongs to one zone of a market: refuses countries another zone of that market already lists. */
async function assertCountriesFree(db: Db, marketId: string, countries: readonly string[], exceptZoneId: string | null) {
  const zones = await listShippingZones(db, marketId);
  const taken = zones.filter((zone) => zone.id !== exceptZoneId).flatMap((zone) => zone.countries.filter((country) => countries.includes(country)).map((country) => ({ country, zone: zone.name })));
  if (taken.length) {
    throw new ApiError("conflict", "Some countries already belong to another zone.", {
      errors: taken.map((entry) => ({ path: "countries", message: `${entry.country} is in ${entry.zone}.` })),
    });
  }
}

async function baseMarketId(db: Db): Promise<string> {
  const base = await db.select({ id: markets.id }).from(markets).where(eq(markets.isBase, true)).get();
  return base?.id ?? "us";
}

/** The caller's cart lines, when the request names a cart (signed in, or a valid guest token); none otherwise. */
async function callerLines(c: Context<AppEnv>): Promise<{ lines: PromotionLine[]; code: string | null; userId: string | null; currency: string }> {
  const none = { lines: [], code: null, userId: null, currency: "USD" };
  let cart;
  if (c.var.auth) cart = cartOf(c.env, { kind: "user", userId: c.var.auth.userId });
  else {
    const token = presentedCartToken(c);
    const guestId = token && token.length <= 200 ? await verifyGuestToken(c.var.config.SESSION_SECRET, token) : null;
    if (!guestId) return none;
    cart = cartOf(c.env, { kind: "guest", guestId });
  }
  const snapshot = await cart.get();
  const market = await requestMarket(c);
  const current = await findVariants(c.var.db, snapshot.lines.map((line) => line.sku), market);
  const view = cartView(snapshot, current);
  return {
    lines: view.items
      .filter((item) => !item.unavailable)
      .map((item) => ({ sku: item.sku, productId: item.productId, categoryId: current.get(item.sku)?.categoryId ?? null, unitPriceCents: item.unitPriceCents, quantity: item.quantity })),
    code: snapshot.discountCode ?? null,
    userId: c.var.auth?.userId ?? null,
    currency: view.currency,
  };
}

/** `/shipping/methods` for shoppers and `/admin/shipping-zones` for admins. */
export const shippingRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/methods",
    tags: ["Shipping"],
    summary: "Shipping methods for a country",
    description:
      "The methods of the zone that ships to `country`, in display order (the first is the default at checkout). With the " +
      "caller's cart (a bearer token or a guest cart token), `amountCents` is what the cart would pay after its discounts; " +
      "without one, the method's charge on an empty subtotal. A country in no zone gives an empty list. Zones, amounts and `tax` are the request's market's.",
    security: optionalCart,
    request: { query: shippingMethodsQuery },
    responses: { 200: { description: "The methods", ...json(shippingQuoteListSchema) }, ...problems(400) },
  }),
  async (c) => {
    const { country } = c.req.valid("query");
    const market = await requestMarket(c);
    const [zones, caller] = await Promise.all([listShippingZones(c.var.db, market.id), callerLines(c)]);
    const methods = methodsFor(zones, country);
    const read = caller.lines.length && methods.length ? await pricingPromotions(c.var.db, caller.code, { userId: caller.userId }) : { promotions: [], usage: {} };
    const { usage } = read;
    const promotions = read.promotions.map((promotion) => promotionInMarket(promotion, market));
    const items = methods.map((method) => {
      const amountCents = caller.lines.length
        ? priceOrder({ lines: caller.lines, country, method, promotions, code: caller.code, usage }).shippingCents
        : priceOrder({ lines: [{ sku: "-", productId: "-", categoryId: null, unitPriceCents: 0, quantity: 1 }], country, method }).shippingCents;
      return {
        id: method.id,
        name: method.name,
        amountCents,
        currency: market.currency,
        minDays: method.minDays ?? null,
        maxDays: method.maxDays ?? null,
        freeOverCents: method.freeOverCents ?? null,
      };
    });
    return c.json({ items, tax: { inclusive: market.taxInclusive, rateBps: market.taxRates[country] ?? 0, shipping: market.taxShipping } }, 200);
  },
);

export const adminShippingRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["Admin"],
      summary: "List shipping zones (admin)",
      description: "With `market`, only that market's zones.",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { query: z.object({ market: z.string().min(1).max(32).optional() }) },
      responses: { 200: { description: "Every zone with its methods", ...json(shippingZoneListSchema) }, ...problems(401, 403) },
    }),
    async (c) => c.json({ items: await listShippingZones(c.var.db, c.req.valid("query").market) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["Admin"],
      summary: "Create a shipping zone (admin)",
      description:
        "A zone belongs to a market (`marketId`, default the base market) and its amounts are in that market's currency. A country belongs to at most one zone of a market (409 otherwise). Methods are shown in the order given; the first is the default.",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { body: { ...json(createShippingZoneBody), required: true } },
      responses: { 201: { description: "Created", ...json(shippingZoneSchema) }, ...problems(400, 401, 403, 409, 413, 415) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const db = c.var.db;
      const marketId = body.marketId ?? (await baseMarketId(db));
      if (!(await db.select({ id: markets.id }).from(markets).where(eq(markets.id, marketId)).get())) {
        throw new ApiError("validation_failed", `There is no market "${marketId}".`, { errors: [{ path: "marketId", message: "Choose an existing market." }] });
      }
      await assertCountriesFree(db, marketId, body.countries, null);
      const id = newId("shz");
      const zones = await listShippingZones(db, marketId);
      await db.batch([
        db.insert(shippingZones).values({ id, name: body.name, countries: body.countries, position: zones.length, marketId }),
        db.insert(shippingMethods).values(methodRows(id, body.methods.map((method) => ({ ...method, id: undefined })))),
        auditEntry(db, { actorId: authOf(c).userId, action: "shipping_zone.created", entityType: "shipping_zone", entityId: id, requestId: c.var.requestId }),
      ]);
      const created = await findShippingZone(db, id);
      if (!created) throw new ApiError("internal", "The zone vanished after it was created.");
      return c.json(created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags: ["Admin"],
      summary: "Edit a shipping zone (admin)",
      description: "`methods`, when sent, replaces the zone's methods; send a method's `id` to keep it (orders name methods by id).",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: idParam, body: { ...json(updateShippingZoneBody), required: true } },
      responses: { 200: { description: "The zone", ...json(shippingZoneSchema) }, ...problems(400, 401, 403, 404, 409, 413, 415) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const db = c.var.db;
      const zone = await findShippingZone(db, id);
      if (!zone) throw new ApiError("not_found", "No such shipping zone.");
      if (body.countries) await assertCountriesFree(db, zone.marketId, body.countries, id);
      const own = new Set(zone.methods.map((method) => method.id));
      const foreign = body.methods?.find((method) => method.id !== undefined && !own.has(method.id));
      if (foreign) throw new ApiError("validation_failed", "A method id belongs to another zone.", { errors: [{ path: "methods", message: `${foreign.id} is not a method of this zone.` }] });
      await db.batch([
        db
          .update(shippingZones)
          .set({ ...(body.name ? { name: body.name } : {}), ...(body.countries ? { countries: body.countries } : {}), updatedAt: new Date().toISOString() })
          .where(eq(shippingZones.id, id)),
        ...(body.methods ? [db.delete(shippingMethods).where(eq(shippingMethods.zoneId, id)), db.insert(shippingMethods).values(methodRows(id, body.methods))] : []),
        auditEntry(db, { actorId: authOf(c).userId, action: "shipping_zone.updated", entityType: "shipping_zone", entityId: id, details: { fields: Object.keys(body) }, requestId: c.var.requestId }),
      ]);
      return c.json((await findShippingZone(db, id)) ?? zone, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags: ["Admin"],
      summary: "Delete a shipping zone (admin)",
      description: "Its countries are no longer shipped to until another zone lists them; placed orders keep their method's name.",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: idParam },
      responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const db = c.var.db;
      if (!(await zoneExists(db, id))) throw new ApiError("not_found", "No such shipping zone.");
      await db.batch([
        db.delete(shippingZones).where(eq(shippingZones.id, id)),
        auditEntry(db, { actorId: authOf(c).userId, action: "shipping_zone.deleted", entityType: "shipping_zone", entityId: id, requestId: c.var.requestId }),
      ]);
      return c.body(null, 204);
    },
  );
