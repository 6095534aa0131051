import type { ProductSort } from "../../../workers/domain/schemas/catalog";
import { SEARCH_QUERY_MAX_LENGTH } from "../../../workers/domain/search-query";
import { SLUG_MAX_LENGTH, slugPattern } from "../../../workers/domain/slug";
import { parsePriceInput } from "../../../workers/domain/money";

/**
 * The filters of a product listing as they appear in the site's URLs (GET forms and links),
 * and their translation to the API's query. Prices in the URL are what the shopper typed,
 * in currency units; the API takes cents. Kept free of zod so the filter form's client code
 * stays small.
 */

export const PAGE_SIZE = 24;
const MAX_PAGE = 10_000;

/** Each sort's label, as a translation key (web/app/locales/…/common.json, "listing.sort"). */
export const sortLabels = {
  relevance: "listing.sort.relevance",
  newest: "listing.sort.newest",
  price_asc: "listing.sort.priceAsc",
  price_desc: "listing.sort.priceDesc",
  rating: "listing.sort.rating",
} as const satisfies Record<ProductSort, string>;

export type ListingKind = "all" | "category" | "search";

/** The sort options, in the order the select lists them. */
export const sortOrder: readonly ProductSort[] = ["relevance", "newest", "price_asc", "price_desc", "rating"];

export function sortLabel(kind: ListingKind, sort: ProductSort): string {
  // Without a query the API's default order is featured first, then newest.
  if (sort === "relevance" && kind !== "search") return "listing.sort.featured";
  return sortLabels[sort];
}

export interface ListingFilters {
  q: string;
  category: string | null;
  brand: string | null;
  /** As typed (currency units), "" when unset. */
  min: string;
  max: string;
  inStock: boolean;
  /** null: the API's default (relevance / featured). */
  sort: ProductSort | null;
  page: number;
}

export interface ReadFilters {
  filters: ListingFilters;
  minCents: number | null;
  maxCents: number | null;
  /** The message (a translation key) for the price inputs when what was typed cannot be used. */
  priceError: string | null;
}

function isSort(value: string | null): value is ProductSort {
  return value !== null && Object.hasOwn(sortLabels, value);
}

function cleanSlug(value: string | null): string | null {
  const slug = value?.trim().toLowerCase() ?? "";
  return slug.length > 0 && slug.length <= SLUG_MAX_LENGTH && slugPattern.test(slug) ? slug : null;
}

function cleanBrand(value: string | null): string | null {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  const brand = (value ?? "").replace(/[\u0000-\u001f\u007f-\u009f]/g, "").trim();
  return brand.length > 0 && brand.length <= 80 ? brand : null;
}

/** Reads a listing URL. Unusable values are dropped (a bad link still shows products). */
export function readFilters(params: URLSearchParams, currency = "USD"): ReadFilters {
  const q = (params.get("q") ?? "").trim().slice(0, SEARCH_QUERY_MAX_LENGTH);
  const min = (params.get("min") ?? "").trim().slice(0, 20);
  const max = (params.get("max") ?? "").trim().slice(0, 20);
  let minCents = min ? parsePriceInput(min, currency) : null;
  let maxCents = max ? parsePriceInput(max, currency) : null;
  let priceError: string | null = null;
  if ((min && minCents === null) || (max && maxCents === null)) {
    priceError = "listing.priceFormat";
    minCents = min && minCents === null ? null : minCents;
    maxCents = max && maxCents === null ? null : maxCents;
  }
  if (minCents !== null && maxCents !== null && minCents > maxCents) {
    priceError = "listing.priceOrder";
    minCents = null;
    maxCents = null;
  }
  const sortParam = params.get("sort");
  const pageNumber = Number.parseInt(params.get("page") ?? "1", 10);
  const inStockParam = params.get("inStock");
  return {
    filters: {
      q,
      category: cleanSlug(params.get("category")),
      brand: cleanBrand(params.get("brand")),
      min,
      max,
      inStock: inStockParam === "1" || inStockParam === "true" || inStockParam === "on",
      sort: isSort(sortParam) ? sortParam : null,
      page: Number.isFinite(pageNumber) && pageNumber >= 1 ? Math.min(pageNumber, MAX_PAGE) : 1,
    },
    minCents,
    maxCents,
    priceError,
  };
}

/** The API query for a listing (GET /products or /search). */
export function apiQuery(read: ReadFilters, { category }: { category?: string | null } = {}): URLSearchParams {
  const { filters } = read;
  const query = new URLSearchParams();
  if (filters.q) query.set("q", filters.q);
  const categorySlug = category ?? filters.category;
  if (categorySlug) query.set("category", categorySlug);
  if (filters.brand) query.set("brand", filters.brand);
  if (read.minCents !== null) query.set("minPrice", String(read.minCents));
  if (read.maxCents !== null) query.set("maxPrice", String(read.maxCents));
  if (filters.inStock) query.set("inStock", "true");
  if (filters.sort) query.set("sort", filters.sort);
  query.set("page", String(filters.page));
  query.set("limit", String(PAGE_SIZE));
  return query;
}

/** The site URL for a listing with some filters changed (the page resets unless given). */
export function listingHref(pathname: string, filters: ListingFilters, changes: Partial<ListingFilters> = {}): string {
  const next: ListingFilters = { ...filters, page: 1, ...changes };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  if (next.category) params.set("category", next.category);
  if (next.brand) params.set("brand", next.brand);
  if (next.min) params.set("min", next.min);
  if (next.max) params.set("max", next.max);
  if (next.inStock) params.set("inStock", "1");
  if (next.sort) params.set("sort", next.sort);
  if (next.page > 1) params.set("page", String(next.page));
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}

/** Whether any narrowing filter is applied (the search text and sort do not count). */
export function hasActiveFilters(filters: ListingFilters, { ignoreCategory = false } = {}): boolean {
  return Boolean(
    (!ignoreCategory && filters.category) || filters.brand || filters.min || filters.max || filters.inStock,
  );
}
