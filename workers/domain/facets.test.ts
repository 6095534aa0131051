import { describe, expect, it } from "vitest";
import { filtersForFacet, priceRangeOf } from "./facets";

const filters = { category: "shoes", brand: "Acme", minPrice: 1000, maxPrice: 5000, inStock: true };

describe("filtersForFacet", () => {
  it("drops only the facet's own dimension", () => {
    expect(filtersForFacet(filters, "categories")).toEqual({ brand: "Acme", minPrice: 1000, maxPrice: 5000, inStock: true });
    expect(filtersForFacet(filters, "brands")).toEqual({ category: "shoes", minPrice: 1000, maxPrice: 5000, inStock: true });
    expect(filtersForFacet(filters, "price")).toEqual({ category: "shoes", brand: "Acme", inStock: true });
  });
});

describe("priceRangeOf", () => {
  it("has null bounds when nothing matched", () => {
    expect(priceRangeOf(undefined)).toEqual({ minCents: null, maxCents: null });
    expect(priceRangeOf({ minCents: 100, maxCents: 900 })).toEqual({ minCents: 100, maxCents: 900 });
  });
});
