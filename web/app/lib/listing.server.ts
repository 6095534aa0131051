import type { AppLoadContext } from "@remix-run/cloudflare";
import { listProducts, popularSearches, type Facets, type ProductListItem } from "./catalog.server";
import { apiQuery, PAGE_SIZE, readFilters, type ListingFilters, type ListingKind } from "./listing";
import { listMarketsSafely, visitorMarket } from "./markets.server";

export interface ListingResult {
  items: ProductListItem[];
  total: number;
  page: number;
  limit: number;
  pageCount: number;
  facets: Facets;
  /** Typo-tolerant matching contributed (search only). */
  fuzzy: boolean;
}

export interface ListingData {
  kind: ListingKind;
  pathname: string;
  filters: ListingFilters;
  priceError: string | null;
  /** Why the API refused the filters (400), shown instead of results. */
  problem: string | null;
  /** null when there was nothing to ask (a search with no words). */
  result: ListingResult | null;
  /** The visitor's market's currency: prices, the price filter and its hint are in it. */
  currency: string;
  /**
   * A search that found nothing: other shoppers' searches in the page's language that found
   * products, those sharing word starts with it first.
   */
  relatedSearches: string[];
}

const RELATED_SEARCHES = 6;

/** Reads the listing URL, asks the API, and shapes what the listing page renders. */
export async function loadListing(
  request: Request,
  context: AppLoadContext,
  { kind, category = null }: { kind: ListingKind; category?: string | null },
): Promise<ListingData> {
  const url = new URL(request.url);
  const currency = visitorMarket(request, await listMarketsSafely(context), context)?.currency ?? "USD";
  const read = readFilters(url.searchParams, currency);
  const base = { kind, pathname: url.pathname, filters: read.filters, priceError: read.priceError, currency, relatedSearches: [] as string[] };
  if (kind === "search" && read.filters.q === "") return { ...base, problem: null, result: null };

  const outcome = await listProducts(context, apiQuery(read, { category }), { search: kind === "search" });
  if (!outcome.ok) {
    const message = outcome.problem.errors[0]?.message ?? outcome.problem.detail;
    return { ...base, problem: message, result: null };
  }
  const list = outcome.value;
  return {
    ...base,
    relatedSearches: kind === "search" && list.total === 0 ? (await popularSearches(context, read.filters.q)).slice(0, RELATED_SEARCHES) : [],
    problem: null,
    result: {
      items: list.items,
      total: list.total,
      page: list.page,
      limit: list.limit,
      pageCount: Math.max(1, Math.ceil(list.total / (list.limit || PAGE_SIZE))),
      facets: list.facets,
      fuzzy: list.fuzzy,
    },
  };
}
