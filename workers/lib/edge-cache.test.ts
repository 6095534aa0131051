import { describe, expect, it } from "vitest";
import { cacheKeyUrl, etagMatches } from "./edge-cache";

describe("cacheKeyUrl", () => {
  const en = { language: "en", market: "us" } as const;

  it("sorts query parameters and puts the version and the variant in the path", () => {
    expect(cacheKeyUrl("https://shop.test/api/v1/products?sort=rating&category=shoes&page=2", "catalog", 7, en)).toBe(
      "https://shop.test/__edge-cache/catalog/v7/us/lang-en/api/v1/products?category=shoes&page=2&sort=rating",
    );
    expect(cacheKeyUrl("https://shop.test/api/v1/categories", "catalog", 0, en)).toBe(
      "https://shop.test/__edge-cache/catalog/v0/us/lang-en/api/v1/categories",
    );
  });

  it("keeps repeated parameters apart and in a stable order", () => {
    const a = cacheKeyUrl("https://shop.test/p?b=2&a=1&b=1", "catalog", 1, en);
    const b = cacheKeyUrl("https://shop.test/p?b=1&b=2&a=1", "catalog", 1, en);
    expect(a).toBe(b);
  });

  it("keys on the resolved language, not on how it was asked for", () => {
    const viaQuery = cacheKeyUrl("https://shop.test/api/v1/products?lang=de&page=1", "catalog", 1, { language: "de", market: "us" });
    const viaHeader = cacheKeyUrl("https://shop.test/api/v1/products?page=1", "catalog", 1, { language: "de", market: "us" });
    expect(viaQuery).toBe(viaHeader);
    expect(viaHeader).not.toBe(cacheKeyUrl("https://shop.test/api/v1/products?page=1", "catalog", 1, { language: "ja", market: "us" }));
  });

  it("keys on the market, however it was chosen, so a euro price never reaches a US shopper", () => {
    const viaQuery = cacheKeyUrl("https://shop.test/api/v1/products?market=eu&page=1", "catalog", 1, { language: "de", market: "eu" });
    const viaCountry = cacheKeyUrl("https://shop.test/api/v1/products?page=1", "catalog", 1, { language: "de", market: "eu" });
    expect(viaQuery).toBe(viaCountry);
    expect(viaQuery).not.toBe(cacheKeyUrl("https://shop.test/api/v1/products?page=1", "catalog", 1, { language: "de", market: "us" }));
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
