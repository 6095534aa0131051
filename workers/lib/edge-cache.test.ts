import { describe, expect, it } from "vitest";
import { cacheKeyUrl, etagMatches } from "./edge-cache";

describe("cacheKeyUrl", () => {
  it("sorts query parameters and puts the version in the path", () => {
    expect(cacheKeyUrl("https://shop.test/api/v1/products?sort=rating&category=shoes&page=2", "catalog", 7)).toBe(
      "https://shop.test/__edge-cache/catalog/v7/api/v1/products?category=shoes&page=2&sort=rating",
    );
    expect(cacheKeyUrl("https://shop.test/api/v1/categories", "catalog", 0)).toBe("https://shop.test/__edge-cache/catalog/v0/api/v1/categories");
  });

  it("keeps repeated parameters apart and in a stable order", () => {
    const a = cacheKeyUrl("https://shop.test/p?b=2&a=1&b=1", "catalog", 1);
    const b = cacheKeyUrl("https://shop.test/p?b=1&b=2&a=1", "catalog", 1);
    expect(a).toBe(b);
  });
});

describe("etagMatches", () => {
  const etag = '"abc"';
  it.each([
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ["*", true],
    ['"abd"', false],
    ["", false],
    [undefined, false],
  ])("If-None-Match %j → %s", (header, expected) => {
    expect(etagMatches(header, etag)).toBe(expected);
  });
});
