import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { auditEntry } from "../db/queries/audit";
import { callerIsAdmin } from "../lib/caller";
import { bumpCacheVersion } from "../lib/edge-cache";
import { findVariant, findVariants } from "../db/queries/skus";
import { skuParam } from "../domain/schemas/cart";
import { problems } from "../domain/schemas/common";
import { initialStockBody, initialStockResult, inventoryListQuery, inventoryUpdateBody, stockListSchema, stockSchema } from "../domain/schemas/inventory";
import { listSkus } from "../db/queries/stock-list";
import type { StockLevels } from "../domain/stock";
import { createRouter, type AppEnv } from "../factory";
import { ApiError } from "../lib/problem";
import { authOf, requireAdmin } from "../middleware/auth";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const bearer = [{ bearerAuth: [] }];

/**
 * The audit entry is written after the stock change, which lives in another system (the
 * Inventory object) and cannot share a D1 batch with it. If the insert fails, the change
 * stands (the object's own adjustments log records it with the actor) and the failure is
 * logged rather than turned into an error for a change that happened.
 */
async function audit(c: Context<AppEnv>, entries: Parameters<typeof auditEntry>[1][]): Promise<void> {
  if (entries.length === 0) return;
  const db = c.var.db;
  try {
    // An admin's stock change also empties the catalog's edge cache, so listings filtered by
    // "in stock" show it at once (checkout's reservations do not, by design: see decision 004).
    await db.batch([bumpCacheVersion(db), ...entries.map((entry) => auditEntry(db, entry))]);
  } catch (error) {
    console.error(
      JSON.stringify({
        level: "error",
        msg: "inventory_audit_failed",
        requestId: c.var.requestId,
        entries,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }
}

const full = (stock: StockLevels) => ({
  sku: stock.sku,
  available: stock.available,
  onHand: stock.onHand,
  reserved: stock.reserved,
});

export const inventoryRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["Inventory"],
      summary: "The stock list: SKUs with their product and stock (admin)",
      description:
        "Every SKU, deactivated ones included, by product name. `q` finds SKUs starting with it or products whose name contains it, in either case. " +
        "The search and paging run on D1; the page's on-hand, reserved and available figures are read from each SKU's Inventory object, the authority " +
        "(D1 holds only a copy of `available`, which may trail a checkout in progress).",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { query: inventoryListQuery },
      responses: { 200: { description: "A page of SKUs", ...json(stockListSchema) }, ...problems(400, 401, 403) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const { rows, total } = await listSkus(c.var.db, query);
      const levels = await Promise.all(rows.map((row) => c.env.INVENTORY.getByName(row.sku).read()));
      const items = rows.map((row, i) => ({ ...row, available: levels[i]!.available, onHand: levels[i]!.onHand, reserved: levels[i]!.reserved }));
      return c.json({ items, page: query.page, limit: query.limit, total }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{sku}",
      tags: ["Inventory"],
      summary: "Stock of one SKU",
      description: "Anyone sees `available`; administrators also `onHand` and `reserved` (and deactivated SKUs).",
      request: { params: skuParam },
      responses: { 200: { description: "Stock", ...json(stockSchema) }, ...problems(400, 404) },
    }),
    async (c) => {
      const { sku } = c.req.valid("param");
      const [variant, admin] = await Promise.all([findVariant(c.var.db, sku), callerIsAdmin(c)]);
      if (!variant || (!variant.active && !admin)) throw new ApiError("not_found", "No such SKU.");
      const stock = await c.env.INVENTORY.getByName(sku).read();
      return c.json(admin ? full(stock) : { sku: stock.sku, available: stock.available }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/{sku}",
      tags: ["Inventory"],
      summary: "Set or adjust stock (admin)",
      description:
        "`{ onHand }` sets the count outright (a stock take); `{ delta }` adds or removes units. Either way on-hand " +
        "may not fall below what is reserved by checkouts in progress (409).",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: skuParam, body: { ...json(inventoryUpdateBody), required: true } },
      responses: { 200: { description: "Stock after the change", ...json(stockSchema) }, ...problems(400, 401, 403, 404, 409, 415) },
    }),
    async (c) => {
      const { userId } = authOf(c);
      const { sku } = c.req.valid("param");
      const body = c.req.valid("json");
      if (!(await findVariant(c.var.db, sku))) throw new ApiError("not_found", "No such SKU.");
      const inventory = c.env.INVENTORY.getByName(sku);
      const field = body.onHand !== undefined ? "onHand" : "delta";
      const result =
        body.onHand !== undefined ? await inventory.setOnHand(body.onHand, userId) : await inventory.adjust(body.delta ?? 0, userId);
      if (!result.ok) {
        if (result.reason === "below_reserved") {
          const message = `On-hand cannot go below the ${result.reserved} units reserved by checkouts in progress (on hand now: ${result.onHand}).`;
          throw new ApiError("conflict", message, { errors: [{ path: field, message }] });
        }
        const message = result.reason === "invalid_argument" ? result.message : "The change was refused.";
        throw new ApiError("validation_failed", message, { errors: [{ path: field, message }] });
      }
      await audit(c, [
        {
          actorId: userId,
          action: field === "onHand" ? "inventory.set" : "inventory.adjusted",
          entityType: "sku",
          entityId: sku,
          details: { from: result.previousOnHand, to: result.stock.onHand, reserved: result.stock.reserved },
          requestId: c.var.requestId,
        },
      ]);
      return c.json(full(result.stock), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/initial-stock",
      tags: ["Inventory"],
      summary: "Set the first stock of many SKUs (admin)",
      description:
        "For seeding and imports: each SKU that has never had stock gets `onHand`; a SKU that already has stock is " +
        "left alone (`applied: false`), so repeating the request changes nothing. All SKUs must exist (404 otherwise, " +
        "nothing applied).",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { body: { ...json(initialStockBody), required: true } },
      responses: { 200: { description: "Per SKU", ...json(initialStockResult) }, ...problems(400, 401, 403, 404, 415) },
    }),
    async (c) => {
      const { userId } = authOf(c);
      const { items } = c.req.valid("json");
      const known = await findVariants(c.var.db, items.map((item) => item.sku));
      const unknown = items.flatMap((item, i) => (known.has(item.sku) ? [] : [{ path: `items.${i}.sku`, message: `No such SKU: ${item.sku}` }]));
      if (unknown.length > 0) throw new ApiError("not_found", "Some SKUs do not exist; nothing was changed.", { errors: unknown });
      const results = await Promise.all(
        items.map(async (item) => {
          const result = await c.env.INVENTORY.getByName(item.sku).initialize(item.onHand, userId);
          if (!result.ok) throw new ApiError("validation_failed", result.message);
          return { sku: item.sku, applied: result.applied, onHand: result.stock.onHand, available: result.stock.available };
        }),
      );
      await audit(
        c,
        results
          .filter((item) => item.applied)
          .map((item) => ({
            actorId: userId,
            action: "inventory.initialized",
            entityType: "sku",
            entityId: item.sku,
            details: { to: item.onHand },
            requestId: c.var.requestId,
          })),
      );
      return c.json({ items: results }, 200);
    },
  );
