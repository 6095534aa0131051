import { createRoute } from "@hono/zod-openapi";
import { listProducts, suggestProducts } from "../db/queries/catalog";
import { productListSchema, searchQuery, suggestListSchema, suggestQuery } from "../domain/schemas/catalog";
import { problems } from "../domain/schemas/common";
import { createRouter } from "../factory";
import { edgeCache } from "../lib/edge-cache";
import { requestMarket } from "../middleware/market";
import { requestLanguage } from "../middleware/language";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });

export const searchRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["Catalog"],
      summary: "Full-text product search",
      description:
        "BM25 over name (weighted most), brand and description, in every language; words match from the start of an indexed word and the last one as a prefix while typing; Japanese is cut into words. When the words find fewer than three products, near misses follow (each word within 1 edit at 4–7 letters or 2 at 8+, swapped neighbours counting as one; all words but one), and `fuzzy` is true. Names and highlights in the language of `lang` or Accept-Language (de, fr, ja; English otherwise), answered in Content-Language. The text is only ever words, never FTS syntax. Accepts the listing's filters and answers in its shape; each item has a `highlight`. Cached at the edge for anonymous callers.",
      middleware: [edgeCache()] as const,
      request: { query: searchQuery },
      responses: { 200: { description: "A page of matches with facets", ...json(productListSchema) }, ...problems(400) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const language = requestLanguage(c);
      const result = await listProducts(c.var.db, { ...query, sort: query.sort ?? "relevance", includeInactive: false, language, market: await requestMarket(c) });
      c.header("content-language", language);
      return c.json({ ...result, page: query.page, limit: query.limit }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/suggest",
      tags: ["Catalog"],
      summary: "As-you-type suggestions",
      description:
        "Up to eight active products for a search box: matches from the start of a word first, then near misses by edit distance. Names in the language of `lang` or Accept-Language. Cached at the edge for anonymous callers.",
      middleware: [edgeCache()] as const,
      request: { query: suggestQuery },
      responses: { 200: { description: "Suggestions", ...json(suggestListSchema) }, ...problems(400) },
    }),
    async (c) => {
      const language = requestLanguage(c);
      const items = await suggestProducts(c.var.db, c.req.valid("query").q, language, await requestMarket(c));
      c.header("content-language", language);
      return c.json({ items }, 200);
    },
  );
