/**
 * Which filters each facet is counted under. A facet ignores its own dimension's filter, so
 * with category=shoes selected the category facet still lists every category (with the
 * counts the shopper would get by switching to it), while brands and the price range
 * describe the shoes.
 */

export interface ListingFilters {
  category?: string;
  brand?: string;
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
}

export type FacetDimension = "categories" | "brands" | "price";

export function filtersForFacet(filters: ListingFilters, facet: FacetDimension): ListingFilters {
  const { category, brand, minPrice, maxPrice, ...rest } = filters;
  switch (facet) {
    case "categories":
      return { ...rest, brand, minPrice, maxPrice };
    case "brands":
      return { ...rest, category, minPrice, maxPrice };
    case "price":
      return { ...rest, category, brand };
  }
}

export interface PriceRange {
  minCents: number | null;
  maxCents: number | null;
}

/** Null bounds when nothing matched: there is no range to show, rather than a made-up 0. */
export function priceRangeOf(row: { minCents: number | null; maxCents: number | null } | undefined): PriceRange {
  return { minCents: row?.minCents ?? null, maxCents: row?.maxCents ?? null };
}
