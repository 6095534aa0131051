import type { AppLoadContext } from "@remix-run/cloudflare";
import type { z } from "zod";
import {
  categoryListSchema,
  productListSchema,
  popularQueriesSchema,
  productSchema,
  reviewListSchema,
  suggestListSchema,
} from "../../../workers/domain/schemas/catalog";
import { appConfig } from "../../../workers/env";
import { callApi, readJson, readProblem, type Problem } from "./api.server";

/**
 * The catalog as the site reads it: anonymous GETs through the in-process API (so the API's
 * edge cache serves them), parsed with the API's own response schemas.
 */

export type Category = z.infer<typeof categoryListSchema>["items"][number];
export type ProductList = z.infer<typeof productListSchema>;
export type ProductListItem = ProductList["items"][number];
export type Facets = ProductList["facets"];
export type Product = z.infer<typeof productSchema>;
export type ReviewList = z.infer<typeof reviewListSchema>;
export type Suggestions = z.infer<typeof suggestListSchema>;
export type Suggestion = Suggestions["items"][number];

/** The absolute origin for canonical links, sitemaps and JSON-LD (never the Host header). */
export function siteOrigin(context: AppLoadContext): string {
  return appConfig(context.cloudflare.env).APP_ORIGIN.replace(/\/+$/, "");
}

type Result<T> = { ok: true; value: T } | { ok: false; problem: Problem };

async function get<T>(context: AppLoadContext, path: string, schema: z.ZodType<T>): Promise<Result<T>> {
  const response = await callApi(context, path);
  if (!response.ok) return { ok: false, problem: await readProblem(response) };
  return { ok: true, value: await readJson(response, schema, `GET ${path.split("?")[0]}`) };
}

/** A catalog read the page cannot do without: a 5xx or 429 becomes the error page. */
function orThrow<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  const { status } = result.problem;
  throw new Response(status === 429 ? "Too many requests" : "The catalog is unavailable", {
    status: status === 429 ? 429 : 503,
  });
}

export async function listCategories(context: AppLoadContext): Promise<Category[]> {
  return orThrow(await get(context, "/categories", categoryListSchema)).items;
}

/** Categories for navigation: an outage leaves the header without them rather than failing the page. */
export async function listCategoriesSafely(context: AppLoadContext): Promise<Category[]> {
  try {
    const result = await get(context, "/categories", categoryListSchema);
    return result.ok ? result.value.items : [];
  } catch {
    return [];
  }
}

/**
 * GET /products (or /search when `search` is set). A 400 (filters the API refuses) is
 * returned as a problem for the page to explain; other failures throw.
 */
export async function listProducts(
  context: AppLoadContext,
  query: URLSearchParams,
  { search = false }: { search?: boolean } = {},
): Promise<Result<ProductList>> {
  const result = await get(context, `${search ? "/search" : "/products"}?${query}`, productListSchema);
  if (!result.ok && result.problem.status !== 400) orThrow(result);
  return result;
}

/** GET /products/:idOrSlug, or null when there is no such (active) product. */
export async function getProduct(context: AppLoadContext, idOrSlug: string): Promise<Product | null> {
  const result = await get(context, `/products/${encodeURIComponent(idOrSlug)}`, productSchema);
  if (!result.ok && (result.problem.status === 404 || result.problem.status === 400)) return null;
  return orThrow(result);
}

export async function listReviews(
  context: AppLoadContext,
  productId: string,
  page: number,
  limit: number,
): Promise<ReviewList> {
  const query = new URLSearchParams({ page: String(page), limit: String(limit) });
  return orThrow(await get(context, `/products/${encodeURIComponent(productId)}/reviews?${query}`, reviewListSchema));
}

/** The search box's suggestions (products, categories, past searches); none when the API refuses. */
export async function suggest(context: AppLoadContext, q: string): Promise<Suggestions> {
  const result = await get(context, `/search/suggest?${new URLSearchParams({ q })}`, suggestListSchema);
  return result.ok ? result.value : { items: [], categories: [], queries: [] };
}

/**
 * Searches shoppers ran in the page's language that found products, most searched first; those
 * sharing word starts with `q` (a search that found nothing) before the others.
 */
export async function popularSearches(context: AppLoadContext, q?: string): Promise<string[]> {
  const result = await get(context, `/search/popular${q ? `?${new URLSearchParams({ q })}` : ""}`, popularQueriesSchema);
  return result.ok ? result.value.items.map((item) => item.query) : [];
}
