import { createRoute } from "@hono/zod-openapi";
import { listProducts, suggestProducts } from "../db/queries/catalog";
import { productListSchema, searchQuery, suggestListSchema, suggestQuery } from "../domain/schemas/catalog";
import { problems } from "../domain/schemas/common";
import { createRouter } from "../factory";
import { edgeCache } from "../lib/edge-cache";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });

export const searchRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["Catalog"],
      summary: "Full-text product search",
      description:
        "BM25 over name (weighted most), brand and description; the last word matches as a prefix while typing; when the words find fewer than three products, names sharing most trigrams with the query follow (typos), and `fuzzy` is true. The text is only ever words, never FTS syntax. Accepts the listing's filters and answers in its shape; each item has a `highlight`. Cached at the edge for anonymous callers.",
      middleware: [edgeCache()] as const,
      request: { query: searchQuery },
      responses: { 200: { description: "A page of matches with facets", ...json(productListSchema) }, ...problems(400) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const result = await listProducts(c.var.db, { ...query, sort: query.sort ?? "relevance", includeInactive: false });
      return c.json({ ...result, page: query.page, limit: query.limit }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/suggest",
      tags: ["Catalog"],
      summary: "As-you-type suggestions",
      description: "Up to eight active products for a search box, best match first. Cached at the edge for anonymous callers.",
      middleware: [edgeCache()] as const,
      request: { query: suggestQuery },
      responses: { 200: { description: "Suggestions", ...json(suggestListSchema) }, ...problems(400) },
    }),
    async (c) => c.json({ items: await suggestProducts(c.var.db, c.req.valid("query").q) }, 200),
  );
