import type { ProductSort } from "../../../workers/domain/schemas/catalog";
import { MAX_FILTER_VALUES, RATING_THRESHOLDS } from "../../../workers/domain/facets";
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
  /** Category slugs chosen as filters (any of them); on a category page the page's own is not one. */
  category: string[];
  /** Brands chosen (any of them). */
  brand: string[];
  /** As typed (currency units), "" when unset. */
  min: string;
  max: string;
  inStock: boolean;
  /** Average rating of at least this many stars, or null. */
  minRating: number | null;
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

/** The distinct usable values of a repeated parameter, at most the API's limit. */
function cleanValues(values: string[], clean: (value: string | null) => string | null, same: (a: string, b: string) => boolean): string[] {
  const kept: string[] = [];
  for (const value of values) {
    const cleaned = clean(value);
    if (cleaned !== null && !kept.some((other) => same(other, cleaned))) kept.push(cleaned);
    if (kept.length === MAX_FILTER_VALUES) break;
  }
  return kept;
}

const sameBrand = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function cleanRating(value: string | null): number | null {
  const rating = Number(value);
  return RATING_THRESHOLDS.some((threshold) => threshold === rating) ? rating : null;
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
      category: cleanValues(params.getAll("category"), cleanSlug, (a, b) => a === b),
      brand: cleanValues(params.getAll("brand"), cleanBrand, sameBrand),
      min,
      max,
      inStock: inStockParam === "1" || inStockParam === "true" || inStockParam === "on",
      minRating: cleanRating(params.get("minRating")),
      sort: isSort(sortParam) ? sortParam : null,
      page: Number.isFinite(pageNumber) && pageNumber >= 1 ? Math.min(pageNumber, MAX_PAGE) : 1,
    },
    minCents,
    maxCents,
    priceError,
  };
}

/**
 * The API query for a listing (GET /products or /search). A category page asks for its own
 * category only: it offers no other category as a filter.
 */
export function apiQuery(read: ReadFilters, { category }: { category?: string | null } = {}): URLSearchParams {
  const { filters } = read;
  const query = new URLSearchParams();
  if (filters.q) query.set("q", filters.q);
  for (const slug of category ? [category] : filters.category) query.append("category", slug);
  for (const brand of filters.brand) query.append("brand", brand);
  if (read.minCents !== null) query.set("minPrice", String(read.minCents));
  if (read.maxCents !== null) query.set("maxPrice", String(read.maxCents));
  if (filters.inStock) query.set("inStock", "true");
  if (filters.minRating !== null) query.set("minRating", String(filters.minRating));
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
  for (const slug of next.category) params.append("category", slug);
  for (const brand of next.brand) params.append("brand", brand);
  if (next.min) params.set("min", next.min);
  if (next.max) params.set("max", next.max);
  if (next.inStock) params.set("inStock", "1");
  if (next.minRating !== null) params.set("minRating", String(next.minRating));
  if (next.sort) params.set("sort", next.sort);
  if (next.page > 1) params.set("page", String(next.page));
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}

/** The same filters with every narrowing one removed (the search words and sort stay). */
export function withoutFilters(filters: ListingFilters): ListingFilters {
  return { ...filters, category: [], brand: [], min: "", max: "", inStock: false, minRating: null, page: 1 };
}

/** One removable chip per active filter; the price range is one chip. */
export type ActiveFilter =
  | { kind: "category"; value: string }
  | { kind: "brand"; value: string }
  | { kind: "price"; min: string; max: string }
  | { kind: "inStock" }
  | { kind: "rating"; value: number };

/** The active filters in the order their chips show, each with the filters it leaves when removed. */
export function activeFilters(filters: ListingFilters): { filter: ActiveFilter; rest: ListingFilters }[] {
  const chips: { filter: ActiveFilter; rest: ListingFilters }[] = [];
  for (const value of filters.category) {
    chips.push({ filter: { kind: "category", value }, rest: { ...filters, category: filters.category.filter((slug) => slug !== value) } });
  }
  for (const value of filters.brand) {
    chips.push({ filter: { kind: "brand", value }, rest: { ...filters, brand: filters.brand.filter((brand) => brand !== value) } });
  }
  if (filters.min || filters.max) chips.push({ filter: { kind: "price", min: filters.min, max: filters.max }, rest: { ...filters, min: "", max: "" } });
  if (filters.minRating !== null) chips.push({ filter: { kind: "rating", value: filters.minRating }, rest: { ...filters, minRating: null } });
  if (filters.inStock) chips.push({ filter: { kind: "inStock" }, rest: { ...filters, inStock: false } });
  return chips;
}

/** Whether any narrowing filter is applied (the search text and sort do not count). */
export function hasActiveFilters(filters: ListingFilters): boolean {
  return activeFilters(filters).length > 0;
}
