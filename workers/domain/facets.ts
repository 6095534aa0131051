/**
 * Which filters each facet is counted under: disjunctive faceting. Values within one
 * dimension are ORed (brand=a&brand=b is "a or b") and dimensions are ANDed, so a facet whose
 * values a shopper can add to is counted under every filter except its own: with brand=a
 * chosen, the brand facet still lists b with the count the shopper would see by adding it,
 * while categories and ratings describe brand a's products. The price range is different:
 * it is a hint about the results on screen ("from X to Y"), so it is taken with every filter
 * applied, its own included.
 */

export interface ListingFilters {
  /** Category slugs; a product in any of them matches. */
  category?: readonly string[] | undefined;
  /** Brands, compared case-insensitively; a product of any of them matches. */
  brand?: readonly string[] | undefined;
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  inStock?: boolean | undefined;
  /** Average rating of at least this many stars. */
  minRating?: number | undefined;
}

export type FacetDimension = "categories" | "brands" | "ratings" | "price";

export function filtersForFacet(filters: ListingFilters, facet: FacetDimension): ListingFilters {
  const { category, brand, minRating, ...rest } = filters;
  switch (facet) {
    case "categories":
      return { ...rest, brand, minRating };
    case "brands":
      return { ...rest, category, minRating };
    case "ratings":
      return { ...rest, category, brand };
    case "price":
      return filters;
  }
}

/** At most this many values of one multi-value filter (brand, category) in a query. */
export const MAX_FILTER_VALUES = 10;

/** The ratings the rating facet offers, "at least N stars", best first. */
export const RATING_THRESHOLDS = [4, 3, 2, 1] as const;

/** The rating facet's buckets from per-threshold counts (a missing count is 0). */
export function ratingBuckets(counts: Partial<Record<(typeof RATING_THRESHOLDS)[number], number>>): { minRating: number; count: number }[] {
  return RATING_THRESHOLDS.map((minRating) => ({ minRating, count: counts[minRating] ?? 0 }));
}

export interface PriceRange {
  minCents: number | null;
  maxCents: number | null;
}

/** Null bounds when nothing matched: there is no range to show, rather than a made-up 0. */
export function priceRangeOf(row: { minCents: number | null; maxCents: number | null } | undefined): PriceRange {
  return { minCents: row?.minCents ?? null, maxCents: row?.maxCents ?? null };
}
