import { createRoute } from "@hono/zod-openapi";
import { and, asc, eq, sql } from "drizzle-orm";
import { markets, productVariants, variantPrices } from "../db/schema";
import { auditEntry } from "../db/queries/audit";
import { forgetMarkets, readMarkets, toMarket } from "../db/queries/markets";
import { convertFromBase, derivePrice, priceInMarket, type Market } from "../domain/markets";
import { problems } from "../domain/schemas/common";
import {
  adminMarketListSchema,
  adminMarketSchema,
  createMarketBody,
  marketIssues,
  marketListSchema,
  marketPriceListSchema,
  marketPriceSchema,
  setMarketPriceBody,
  updateMarketBody,
} from "../domain/schemas/markets";
import { z } from "@hono/zod-openapi";
import { createRouter, type Db } from "../factory";
import { bumpCacheVersion } from "../lib/edge-cache";
import { ApiError } from "../lib/problem";
import { authOf, requireAdmin } from "../middleware/auth";
import { listMarkets } from "../db/queries/markets";
import { listShippingZones } from "../db/queries/shipping";
import { marketFreeShippingThreshold } from "../domain/free-shipping";
import { methodsFor } from "../domain/shipping";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const bearer = [{ bearerAuth: [] }];
const EXAMPLE_BASE_CENTS = 2_499;

const marketParam = z.object({ id: z.string().min(1).max(32).openapi({ param: { name: "id", in: "path" }, example: "eu" }) });
const priceParams = marketParam.extend({ sku: z.string().min(1).max(64).openapi({ param: { name: "sku", in: "path" } }) });

function publicView(market: Market) {
  return {
    id: market.id,
    name: market.name,
    countries: market.countries,
    currency: market.currency,
    languages: market.languages,
    defaultLanguage: market.defaultLanguage,
    taxInclusive: market.taxInclusive,
  };
}

function adminView(market: Market) {
  return {
    ...publicView(market),
    taxRates: market.taxRates,
    taxShipping: market.taxShipping,
    exchangeRateMicros: market.exchangeRateMicros,
    rounding: market.rounding,
    isBase: market.isBase,
    position: market.position,
    example: {
      baseCents: EXAMPLE_BASE_CENTS,
      convertedMinor: market.isBase ? EXAMPLE_BASE_CENTS : convertFromBase(EXAMPLE_BASE_CENTS, market),
      priceMinor: derivePrice(EXAMPLE_BASE_CENTS, market),
    },
  };
}

/** A country is served by one market: refuses countries another market already lists. */
async function assertCountriesFree(db: Db, countries: readonly string[], exceptId: string | null) {
  const taken = (await readMarkets(db))
    .filter((market) => market.id !== exceptId)
    .flatMap((market) => market.countries.filter((country) => countries.includes(country)).map((country) => ({ country, market: market.name })));
  if (taken.length) {
    throw new ApiError("conflict", "Some countries already belong to another market.", {
      errors: taken.map((entry) => ({ path: "countries", message: `${entry.country} is in ${entry.market}.` })),
    });
  }
}

async function findMarket(db: Db, id: string): Promise<Market> {
  const row = await db.select().from(markets).where(eq(markets.id, id)).get();
  if (!row) throw new ApiError("not_found", "No such market.");
  return toMarket(row);
}

/** `/markets`: which markets there are, for the site's country and currency selector. */
export const marketRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Markets"],
    summary: "List markets",
    description:
      "Each market's countries, currency, languages, whether its prices include tax, and the amount from which its shipping is free everywhere it ships. A country in no market is served by the base market (the first).",
    responses: { 200: { description: "The markets", ...json(marketListSchema) } },
  }),
  async (c) => {
    const [list, zones] = await Promise.all([listMarkets(c.var.db), listShippingZones(c.var.db)]);
    const items = list.map((market) => {
      const marketZones = zones.filter((zone) => zone.marketId === market.id);
      const freeShippingOverCents = marketFreeShippingThreshold(market.countries.map((country) => methodsFor(marketZones, country)));
      return { ...publicView(market), freeShippingOverCents };
    });
    c.header("cache-control", "public, max-age=60");
    return c.json({ items }, 200);
  },
);

/** `/admin/markets`: markets, their exchange rates and rounding rules, and prices set per market. */
export const adminMarketRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["Admin"],
      summary: "List markets with their pricing and tax rules (admin)",
      security: bearer,
      middleware: [requireAdmin] as const,
      responses: { 200: { description: "The markets", ...json(adminMarketListSchema) }, ...problems(401, 403) },
    }),
    async (c) => c.json({ items: (await readMarkets(c.var.db)).map(adminView) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["Admin"],
      summary: "Create a market (admin)",
      description: "A country belongs to at most one market (409 otherwise). Prices derive from the catalog's through the exchange rate and rounding rule until set per variant.",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { body: { ...json(createMarketBody), required: true } },
      responses: { 201: { description: "Created", ...json(adminMarketSchema) }, ...problems(400, 401, 403, 409, 413, 415) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const db = c.var.db;
      if (await db.select({ id: markets.id }).from(markets).where(eq(markets.id, body.id)).get()) {
        throw new ApiError("conflict", "A market with this id exists.", { errors: [{ path: "id", message: "A market with this id exists." }] });
      }
      await assertCountriesFree(db, body.countries ?? [], null);
      await db.batch([
        db.insert(markets).values({ ...body, isBase: false }),
        bumpCacheVersion(db),
        auditEntry(db, { actorId: authOf(c).userId, action: "market.created", entityType: "market", entityId: body.id, details: { currency: body.currency }, requestId: c.var.requestId }),
      ]);
      forgetMarkets();
      return c.json(adminView(await findMarket(db, body.id)), 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags: ["Admin"],
      summary: "A market (admin)",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: marketParam },
      responses: { 200: { description: "The market", ...json(adminMarketSchema) }, ...problems(401, 403, 404) },
    }),
    async (c) => c.json(adminView(await findMarket(c.var.db, c.req.valid("param").id)), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags: ["Admin"],
      summary: "Edit a market (admin)",
      description:
        "Changing the exchange rate or rounding rule re-prices every derived price in the market at once (set prices stay). The base market's currency, rate and rounding are the catalog's and cannot change.",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: marketParam, body: { ...json(updateMarketBody), required: true } },
      responses: { 200: { description: "The market", ...json(adminMarketSchema) }, ...problems(400, 401, 403, 404, 409, 413, 415) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const db = c.var.db;
      const market = await findMarket(db, id);
      if (market.isBase && (body.currency !== undefined || body.exchangeRateMicros !== undefined || body.rounding !== undefined)) {
        const message = "The base market's prices are the catalog's own: its currency, exchange rate and rounding cannot change.";
        throw new ApiError("validation_failed", message, { errors: [{ path: "currency", message }] });
      }
      const issues = marketIssues({ ...market, ...body });
      if (issues.length) throw new ApiError("validation_failed", "This edit leaves the market inconsistent.", { errors: issues });
      if (body.countries) await assertCountriesFree(db, body.countries, id);
      await db.batch([
        db.update(markets).set({ ...body, updatedAt: new Date().toISOString() }).where(eq(markets.id, id)),
        // Prices set in the old currency mean nothing in a new one.
        ...(body.currency && body.currency !== market.currency ? [db.delete(variantPrices).where(eq(variantPrices.marketId, id))] : []),
        bumpCacheVersion(db),
        auditEntry(db, { actorId: authOf(c).userId, action: "market.updated", entityType: "market", entityId: id, details: { fields: Object.keys(body) }, requestId: c.var.requestId }),
      ]);
      forgetMarkets();
      return c.json(adminView(await findMarket(db, id)), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/prices",
      tags: ["Admin"],
      summary: "Prices in a market (admin)",
      description: "Per variant: the catalog price, what the market's rule makes of it, the price set here (if any), and what shoppers pay.",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: marketParam, query: z.object({ productId: z.string().min(1).max(64).optional() }) },
      responses: { 200: { description: "The prices", ...json(marketPriceListSchema) }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const db = c.var.db;
      const market = await findMarket(db, c.req.valid("param").id);
      const { productId } = c.req.valid("query");
      const rows = await db
        .select({ sku: productVariants.sku, productId: productVariants.productId, title: productVariants.title, baseCents: productVariants.priceCents, setMinor: variantPrices.priceMinor })
        .from(productVariants)
        .leftJoin(variantPrices, and(eq(variantPrices.sku, productVariants.sku), eq(variantPrices.marketId, market.id)))
        .where(productId ? eq(productVariants.productId, productId) : sql`1`)
        .orderBy(asc(productVariants.productId), asc(productVariants.position), asc(productVariants.sku))
        .limit(500);
      return c.json(
        {
          items: rows.map((row) => ({
            ...row,
            derivedMinor: derivePrice(row.baseCents, market),
            priceMinor: priceInMarket(row.baseCents, market, row.setMinor),
            currency: market.currency,
          })),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/{id}/prices/{sku}",
      tags: ["Admin"],
      summary: "Set a variant's price in a market (admin)",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: priceParams, body: { ...json(setMarketPriceBody), required: true } },
      responses: { 200: { description: "The price", ...json(marketPriceSchema) }, ...problems(400, 401, 403, 404, 413, 415) },
    }),
    async (c) => {
      const { id, sku } = c.req.valid("param");
      const { priceMinor } = c.req.valid("json");
      const db = c.var.db;
      const market = await findMarket(db, id);
      if (market.isBase) {
        const message = "The base market's prices are the catalog's: edit the variant's price instead.";
        throw new ApiError("validation_failed", message, { errors: [{ path: "id", message }] });
      }
      const variant = await db.select().from(productVariants).where(eq(productVariants.sku, sku)).get();
      if (!variant) throw new ApiError("not_found", "No such variant.");
      await db.batch([
        db
          .insert(variantPrices)
          .values({ marketId: id, sku, priceMinor })
          .onConflictDoUpdate({ target: [variantPrices.marketId, variantPrices.sku], set: { priceMinor, updatedAt: new Date().toISOString() } }),
        bumpCacheVersion(db),
        auditEntry(db, { actorId: authOf(c).userId, action: "market.price_set", entityType: "market", entityId: id, details: { sku, priceMinor }, requestId: c.var.requestId }),
      ]);
      return c.json(
        { sku, productId: variant.productId, title: variant.title, baseCents: variant.priceCents, derivedMinor: derivePrice(variant.priceCents, market), setMinor: priceMinor, priceMinor, currency: market.currency },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}/prices/{sku}",
      tags: ["Admin"],
      summary: "Go back to the derived price (admin)",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: priceParams },
      responses: { 204: { description: "The variant's price in this market is derived again" }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { id, sku } = c.req.valid("param");
      const db = c.var.db;
      await findMarket(db, id);
      const [removed] = await db.batch([
        db.delete(variantPrices).where(and(eq(variantPrices.marketId, id), eq(variantPrices.sku, sku))).returning({ sku: variantPrices.sku }),
        bumpCacheVersion(db),
        auditEntry(db, { actorId: authOf(c).userId, action: "market.price_cleared", entityType: "market", entityId: id, details: { sku }, requestId: c.var.requestId }),
      ]);
      if (removed.length === 0) throw new ApiError("not_found", "No price is set for this variant in this market.");
      return c.body(null, 204);
    },
  );
