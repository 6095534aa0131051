import { describe, expect, it } from "vitest";
import { filtersForFacet, priceRangeOf, ratingBuckets } from "./facets";

const filters = { category: ["shoes", "hats"], brand: ["Acme", "Bolt"], minPrice: 1000, maxPrice: 5000, inStock: true, minRating: 4 };

describe("filtersForFacet", () => {
  it("drops only the facet's own dimension, all of its values", () => {
    expect(filtersForFacet(filters, "categories")).toEqual({ brand: ["Acme", "Bolt"], minPrice: 1000, maxPrice: 5000, inStock: true, minRating: 4 });
    expect(filtersForFacet(filters, "brands")).toEqual({ category: ["shoes", "hats"], minPrice: 1000, maxPrice: 5000, inStock: true, minRating: 4 });
    expect(filtersForFacet(filters, "ratings")).toEqual({ category: ["shoes", "hats"], brand: ["Acme", "Bolt"], minPrice: 1000, maxPrice: 5000, inStock: true });
  });

  it("takes the price range under every filter, so it describes the results shown", () => {
    expect(filtersForFacet(filters, "price")).toEqual(filters);
  });
});

describe("ratingBuckets", () => {
  it("lists every threshold, best first, zero where nothing is rated that well", () => {
    expect(ratingBuckets({ 3: 2, 1: 5 })).toEqual([
      { minRating: 4, count: 0 },
      { minRating: 3, count: 2 },
      { minRating: 2, count: 0 },
      { minRating: 1, count: 5 },
    ]);
  });
});

describe("priceRangeOf", () => {
  it("has null bounds when nothing matched", () => {
    expect(priceRangeOf(undefined)).toEqual({ minCents: null, maxCents: null });
    expect(priceRangeOf({ minCents: 100, maxCents: 900 })).toEqual({ minCents: 100, maxCents: 900 });
  });
});
