import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { listProducts, suggestProducts } from "../db/queries/catalog";
import { countSearch, popularQueries } from "../db/queries/search-queries";
import type { Language } from "../domain/languages";
import {
  popularQueriesQuery,
  popularQueriesSchema,
  productListSchema,
  searchQuery,
  suggestListSchema,
  suggestQuery,
} from "../domain/schemas/catalog";
import { problems } from "../domain/schemas/common";
import { createRouter, type AppEnv } from "../factory";
import { edgeCache } from "../lib/edge-cache";
import { requestMarket } from "../middleware/market";
import { requestLanguage } from "../middleware/language";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });

/** Popular searches the no-results page and the search box may offer. */
const POPULAR_QUERIES = 8;

/**
 * Counts a search that found products for the search box's suggestions, after the answer:
 * the shopper never waits for it, and a failed count is logged, never their error.
 */
function countAfterAnswer(c: Context<AppEnv>, language: Language, q: string, results: number) {
  const counted = countSearch(c.var.db, language, q, results).catch((error: unknown) => {
    console.error(JSON.stringify({ level: "error", msg: "search_count_failed", requestId: c.var.requestId, error: String(error) }));
  });
  try {
    c.executionCtx.waitUntil(counted);
  } catch {
    // No execution context (a direct app.request() call): the promise still runs to its end.
  }
}

export const searchRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["Catalog"],
      summary: "Full-text product search",
      description:
        "BM25 over name (weighted most), brand and description, in every language; words match from the start of an indexed word and the last one as a prefix while typing; Japanese is cut into words. When the words find fewer than three products, near misses follow (each word within 1 edit at 4–7 letters or 2 at 8+, swapped neighbours counting as one; all words but one), and `fuzzy` is true. Names and highlights in the language of `lang` or Accept-Language (de, fr, ja; English otherwise), answered in Content-Language. The text is only ever words, never FTS syntax. Accepts the listing's filters (brand and category repeated for several) and answers in its shape; each item has a `highlight`. A first page that found products by the words themselves (not near misses) counts towards the popular searches of GET /search/suggest and /search/popular. Cached at the edge for anonymous callers.",
      middleware: [edgeCache()] as const,
      request: { query: searchQuery },
      responses: { 200: { description: "A page of matches with facets", ...json(productListSchema) }, ...problems(400) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const language = requestLanguage(c);
      const result = await listProducts(c.var.db, { ...query, sort: query.sort ?? "relevance", includeInactive: false, language, market: await requestMarket(c) });
      // Only what the shopper's own words found: a typo's near misses would teach the box the typo.
      if (query.page === 1 && result.total > 0 && !result.fuzzy) countAfterAnswer(c, language, query.q, result.total);
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
        "For a search box, everything matched by the starts of its words, never inside a word: up to eight active products (those whose name or brand starts with the typed words first; near misses by edit distance only when nothing starts with them), up to three categories, and up to five popular searches in this language that found products. Names in the language of `lang` or Accept-Language. Cached at the edge for anonymous callers.",
      middleware: [edgeCache()] as const,
      request: { query: suggestQuery },
      responses: { 200: { description: "Suggestions", ...json(suggestListSchema) }, ...problems(400) },
    }),
    async (c) => {
      const language = requestLanguage(c);
      const suggestions = await suggestProducts(c.var.db, c.req.valid("query").q, language, await requestMarket(c));
      c.header("content-language", language);
      return c.json(suggestions, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/popular",
      tags: ["Catalog"],
      summary: "Popular searches",
      description:
        "Up to eight searches shoppers ran in this language (`lang` or Accept-Language) that found products, most searched first; with `q`, those sharing the most word starts with it first: what a page can offer when a search finds nothing. Cached at the edge for anonymous callers.",
      middleware: [edgeCache()] as const,
      request: { query: popularQueriesQuery },
      responses: { 200: { description: "Popular searches", ...json(popularQueriesSchema) } },
    }),
    async (c) => {
      const language = requestLanguage(c);
      const { q } = c.req.valid("query");
      const queries = await popularQueries(c.var.db, language, POPULAR_QUERIES, q?.trim() || undefined);
      c.header("content-language", language);
      return c.json({ items: queries.map((query) => ({ query })) }, 200);
    },
  );
