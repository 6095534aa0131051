import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { api, problemOf, registerUser } from "./helpers";
import { admin, createCategory, createProduct, listOf, patchProduct, uniqueWord, type ListResponse } from "./factories/catalog";

/**
 * One catalog for the whole file, read-only once built: every description carries `marker`,
 * so `q=marker` confines a listing (and its facets) to these products.
 */
const marker = uniqueWord("mark");
const brandX = uniqueWord("Brandx");
const brandY = uniqueWord("Brandy");
const brandZ = uniqueWord("Brandz");
let a: { id: string; slug: string; name: string };
let b: { id: string; slug: string; name: string };
const ids: Record<string, string> = {};

beforeAll(async () => {
  a = await createCategory({ name: `Alpha ${marker}` });
  b = await createCategory({ name: `Beta ${marker}` });
  const specs = [
    { key: "p1", name: "Alpha Runner", categoryId: a.id, brand: brandX, variants: [{ priceCents: 1000, initialStock: 5 }] },
    { key: "p2", name: "Beta Runner", categoryId: a.id, brand: brandY, variants: [{ priceCents: 3000, initialStock: 0 }] },
    { key: "p3", name: "Gamma Trail", categoryId: a.id, brand: brandX, variants: [{ priceCents: 2000, initialStock: 2 }] },
    {
      key: "p4",
      name: "Delta Boot",
      categoryId: a.id,
      brand: brandZ,
      isFeatured: true,
      variants: [{ priceCents: 6000, initialStock: 1, options: { size: "42" } }, { priceCents: 5000, options: { size: "43" } }],
    },
    { key: "p5", name: "Epsilon Jacket", categoryId: b.id, brand: brandX, variants: [{ priceCents: 4000, initialStock: 3 }] },
    { key: "p6", name: "Zeta Jacket", categoryId: b.id, variants: [{ priceCents: 1500 }] },
    { key: "p7", name: "Eta Retired", categoryId: a.id, brand: brandX, variants: [{ priceCents: 100, initialStock: 9 }] },
  ];
  for (const { key, ...spec } of specs) {
    const product = await createProduct({ ...spec, description: `Made for the ${marker} test catalog.` });
    ids[key] = product.id;
  }
  await patchProduct(ids.p7!, { isActive: false });
  // Ratings straight into D1 (the reviews tests cover how reviews maintain them); nothing
  // has been read yet, so no cached listing predates them.
  const rate = (id: string, x100: number, count: number) =>
    env.DB.prepare("UPDATE products SET rating_average_x100 = ?, rating_count = ?, rating_sum = ? WHERE id = ?").bind(x100, count, Math.round((x100 * count) / 100), id);
  await env.DB.batch([rate(ids.p3!, 480, 5), rate(ids.p1!, 450, 10), rate(ids.p5!, 450, 2)]);
});

const names = (list: ListResponse) => list.items.map((item) => item.name);
const base = () => `/products?q=${marker}`;

describe("GET /products filters and facets", () => {
  it("lists only active products, with the list item shape and variants", async () => {
    const list = await listOf(`${base()}&sort=price_asc`);
    expect(list.total).toBe(6);
    expect(names(list)).not.toContain("Eta Retired");
    const boot = list.items.find((item) => item.name === "Delta Boot")!;
    expect(boot).toMatchObject({
      id: ids.p4,
      priceCents: 5000,
      currency: "USD",
      brand: brandZ,
      image: null,
      available: 1,
      ratingAverage: 0,
      ratingCount: 0,
      category: { id: a.id, slug: a.slug, name: a.name },
    });
    expect(boot.variants).toEqual([
      { sku: expect.any(String), title: "42", priceCents: 6000, available: 1 },
      { sku: expect.any(String), title: "43", priceCents: 5000, available: 0 },
    ]);
    expect(list.items.find((item) => item.name === "Gamma Trail")!.ratingAverage).toBe(4.8);
  });

  it("counts facets under the current filters", async () => {
    const list = await listOf(base());
    expect(list.facets.categories).toEqual([
      { slug: a.slug, name: a.name, count: 4 },
      { slug: b.slug, name: b.name, count: 2 },
    ]);
    expect(list.facets.brands).toEqual([
      { name: brandX, count: 3 },
      { name: brandY, count: 1 },
      { name: brandZ, count: 1 },
    ].sort((x, y) => y.count - x.count || (x.name < y.name ? -1 : 1)));
    expect(list.facets.price).toEqual({ minCents: 1000, maxCents: 5000 });
  });

  it("filters by category, while the category facet still offers every category", async () => {
    const list = await listOf(`${base()}&category=${a.slug}`);
    expect(list.total).toBe(4);
    expect(list.items.every((item) => item.category.slug === a.slug)).toBe(true);
    expect(list.facets.categories.map((facet) => [facet.slug, facet.count])).toEqual([[a.slug, 4], [b.slug, 2]]);
    expect(list.facets.brands.find((facet) => facet.name === brandX)?.count).toBe(2);
    expect(list.facets.price).toEqual({ minCents: 1000, maxCents: 5000 });
  });

  it("filters by brand (any case), while the brand facet ignores the brand filter", async () => {
    const list = await listOf(`${base()}&brand=${brandX.toUpperCase()}`);
    expect(names(list).sort()).toEqual(["Alpha Runner", "Epsilon Jacket", "Gamma Trail"]);
    expect(list.facets.brands.map((facet) => facet.count).sort()).toEqual([1, 1, 3]);
    expect(list.facets.categories.map((facet) => [facet.slug, facet.count])).toEqual([[a.slug, 2], [b.slug, 1]]);
  });

  it("filters by price in cents, inclusive, and the price range describes those results", async () => {
    const list = await listOf(`${base()}&minPrice=1500&maxPrice=4000`);
    expect(names(list).sort()).toEqual(["Beta Runner", "Epsilon Jacket", "Gamma Trail", "Zeta Jacket"]);
    expect(list.facets.price).toEqual({ minCents: 1500, maxCents: 4000 });
    expect(list.facets.categories.map((facet) => facet.count)).toEqual([2, 2]);
  });

  it("takes several brands (brand repeated) as any of them, with disjunctive brand counts", async () => {
    const list = await listOf(`${base()}&brand=${brandY}&brand=${brandZ.toLowerCase()}`);
    expect(names(list).sort()).toEqual(["Beta Runner", "Delta Boot"]);
    // The brand facet ignores the brands chosen: each count is what adding that brand brings.
    expect(list.facets.brands).toEqual([
      { name: brandX, count: 3 },
      { name: brandY, count: 1 },
      { name: brandZ, count: 1 },
    ].sort((x, y) => y.count - x.count || (x.name < y.name ? -1 : 1)));
    // The other facets describe the chosen brands' products.
    expect(list.facets.categories.map((facet) => [facet.slug, facet.count])).toEqual([[a.slug, 2]]);
    expect(list.facets.price).toEqual({ minCents: 3000, maxCents: 5000 });
    // Repeating a brand changes nothing.
    expect((await listOf(`${base()}&brand=${brandY}&brand=${brandY}`)).total).toBe(1);
  });

  it("takes several categories, ANDed with other dimensions and counted disjunctively", async () => {
    const both = await listOf(`${base()}&category=${a.slug}&category=${b.slug}&brand=${brandX}`);
    expect(names(both).sort()).toEqual(["Alpha Runner", "Epsilon Jacket", "Gamma Trail"]);
    // Categories counted under the brand but not the categories; brands under both categories.
    expect(both.facets.categories.map((facet) => [facet.slug, facet.count])).toEqual([[a.slug, 2], [b.slug, 1]]);
    expect(both.facets.brands.map((facet) => [facet.name, facet.count])).toEqual([[brandX, 3], [brandY, 1], [brandZ, 1]].sort((x, y) => Number(y[1]) - Number(x[1]) || (x[0]! < y[0]! ? -1 : 1)));
    const oneCategory = await listOf(`${base()}&category=${b.slug}&brand=${brandX}&brand=${brandY}`);
    expect(names(oneCategory)).toEqual(["Epsilon Jacket"]);
    expect(oneCategory.facets.brands.map((facet) => [facet.name, facet.count])).toEqual([[brandX, 1]]);
  });

  it("filters by minimum rating, with rating counts under the other filters", async () => {
    const list = await listOf(`${base()}&minRating=4`);
    expect(names(list).sort()).toEqual(["Alpha Runner", "Epsilon Jacket", "Gamma Trail"]);
    expect(list.facets.ratings).toEqual([
      { minRating: 4, count: 3 },
      { minRating: 3, count: 3 },
      { minRating: 2, count: 3 },
      { minRating: 1, count: 3 },
    ]);
    const inB = await listOf(`${base()}&minRating=4&category=${b.slug}`);
    expect(names(inB)).toEqual(["Epsilon Jacket"]);
    expect(inB.facets.categories.map((facet) => [facet.slug, facet.count])).toEqual([[a.slug, 2], [b.slug, 1]]);
  });

  it("filters to products in stock; inStock=false does not filter", async () => {
    expect(names(await listOf(`${base()}&inStock=true`)).sort()).toEqual(["Alpha Runner", "Delta Boot", "Epsilon Jacket", "Gamma Trail"]);
    expect((await listOf(`${base()}&inStock=1`)).total).toBe(4);
    expect((await listOf(`${base()}&inStock=false`)).total).toBe(6);
  });

  it("combines filters", async () => {
    const list = await listOf(`${base()}&category=${a.slug}&inStock=true&maxPrice=2500&sort=price_asc`);
    expect(names(list)).toEqual(["Alpha Runner", "Gamma Trail"]);
  });

  it("answers an empty result with no price range, still offering the other categories", async () => {
    const list = await listOf(`${base()}&category=${uniqueWord("none")}`);
    expect(list).toMatchObject({ items: [], total: 0 });
    expect(list.facets.price).toEqual({ minCents: null, maxCents: null });
    expect(list.facets.brands).toEqual([]);
    expect(list.facets.categories.map((facet) => facet.count)).toEqual([4, 2]);
    // A price filter that excludes everything has no range to describe, but the other facets
    // still say what dropping it would bring back.
    const priced = await listOf(`${base()}&minPrice=999999`);
    expect(priced.total).toBe(0);
    expect(priced.facets.price).toEqual({ minCents: null, maxCents: null });
    expect(priced.facets.brands).toEqual([]);
    expect(priced.facets.ratings.every((bucket) => bucket.count === 0)).toBe(true);
  });

  it("shows deactivated products to admins who ask", async () => {
    const token = (await admin()).accessToken;
    const list = await listOf(`${base()}&includeInactive=true`, { token });
    expect(list.total).toBe(7);
    expect(list.items.find((item) => item.name === "Eta Retired")).toMatchObject({ isActive: false });
  });
});

describe("GET /products sorts", () => {
  it.each([
    ["price_asc", ["Alpha Runner", "Zeta Jacket", "Gamma Trail", "Beta Runner", "Epsilon Jacket", "Delta Boot"]],
    ["price_desc", ["Delta Boot", "Epsilon Jacket", "Beta Runner", "Gamma Trail", "Zeta Jacket", "Alpha Runner"]],
    ["newest", ["Zeta Jacket", "Epsilon Jacket", "Delta Boot", "Gamma Trail", "Beta Runner", "Alpha Runner"]],
  ])("sort=%s", async (sort, expected) => {
    expect(names(await listOf(`${base()}&sort=${sort}`))).toEqual(expected);
  });

  it("sort=rating: best average first, more reviews breaking ties", async () => {
    expect(names(await listOf(`${base()}&sort=rating`)).slice(0, 3)).toEqual(["Gamma Trail", "Alpha Runner", "Epsilon Jacket"]);
  });

  it("sort=relevance (the default) without q: featured first, then newest", async () => {
    const expected = ["Delta Boot", "Gamma Trail", "Beta Runner", "Alpha Runner"];
    expect(names(await listOf(`/products?category=${a.slug}&sort=relevance`))).toEqual(expected);
    expect(names(await listOf(`/products?category=${a.slug}`))).toEqual(expected);
  });
});

describe("GET /products paging", () => {
  it("pages through the sorted result with a stable total", async () => {
    const all = names(await listOf(`${base()}&sort=price_asc`));
    const pages = await Promise.all([1, 2, 3, 4].map((page) => listOf(`${base()}&sort=price_asc&limit=2&page=${page}`)));
    expect(pages.map((page) => page.total)).toEqual([6, 6, 6, 6]);
    expect(pages.map((page) => [page.page, page.limit])).toEqual([[1, 2], [2, 2], [3, 2], [4, 2]]);
    expect(pages.flatMap(names)).toEqual(all);
    expect(pages[3]!.items).toEqual([]);
    // Variants come with every page, not just the first.
    expect(pages[2]!.items.every((item) => item.variants.length > 0)).toBe(true);
  });
});

describe("GET /products bad input", () => {
  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["page=0", "page"],
    ["page=-1", "page"],
    ["page=abc", "page"],
    ["page=99999999", "page"],
    ["sort=cheapest", "sort"],
    ["minPrice=-1", "minPrice"],
    ["minPrice=1.5", "minPrice"],
    ["minPrice=abc", "minPrice"],
    ["maxPrice=1e3", "maxPrice"],
    ["maxPrice=", "maxPrice"],
    ["minPrice=500&maxPrice=100", "minPrice"],
    ["inStock=maybe", "inStock"],
    ["category=Not%20a%20slug!", "category"],
    ["category=ok&category=Not%20a%20slug!", "category.1"],
    ["brand=", "brand"],
    ["brand=ok&brand=", "brand.1"],
    [Array.from({ length: 11 }, (_, i) => `brand=b${i}`).join("&"), "brand"],
    ["minRating=5", "minRating"],
    ["minRating=0", "minRating"],
    ["minRating=4.5", "minRating"],
    [`q=${"x".repeat(201)}`, "q"],
  ])("400 for %s", async (query, path) => {
    const response = await api(`/products?${query}`);
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.map((error) => error.path)).toContain(path);
  });

  it("ignores unknown parameters", async () => {
    expect((await listOf(`${base()}&utm_source=mail`)).total).toBe(6);
  });

  it("treats q as words only, whatever it contains", async () => {
    for (const q of ['"', "*", "NEAR(", `${marker}*`, `-${marker}`, `name:${marker}`, "(((", "a AND OR NOT", "'; DROP TABLE products; --"]) {
      const response = await api(`/products?q=${encodeURIComponent(q)}`);
      expect(response.status, q).toBe(200);
    }
    expect((await listOf(`/products?q=${encodeURIComponent(`"${marker}"`)}`)).total).toBe(6);
    expect((await listOf(`/products?q=${encodeURIComponent(`-${marker}`)}`)).total).toBe(6);
  });

  it("still works for a signed-in customer (who bypasses the edge cache)", async () => {
    const customer = await registerUser();
    expect((await listOf(`${base()}&category=${b.slug}`, { token: customer.accessToken })).total).toBe(2);
  });
});
