import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { forgetCacheVersion } from "../workers/lib/edge-cache";
import { api, createAdmin, registerUser, tripsOf } from "./helpers";
import { createSku } from "./factories/stock";
import { admin, createCategory, createProduct, patchProduct, uniqueWord } from "./factories/catalog";

/**
 * Fetches until the edge cache answers (the store runs in waitUntil, so it may land just
 * after the first response), and returns that cached response.
 */
async function cachedResponse(path: string, init: { headers?: Record<string, string> } = {}): Promise<Response> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const response = await api(path, init);
    if (response.headers.get("x-cache") === "HIT") return response;
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${path} never came from the cache`);
}

async function catalogVersion(): Promise<number> {
  return (await env.DB.prepare("SELECT version FROM cache_versions WHERE scope = 'catalog'").first<number>("version")) ?? 0;
}

describe("edge cache for anonymous catalog reads", () => {
  it("serves the second anonymous request from the cache, with the same body, a strong ETag and public caching", async () => {
    const product = await createProduct();
    const path = `/products?category=${product.category.slug}`;
    const first = await api(path);
    expect(first.status).toBe(200);
    expect(first.headers.get("x-cache")).toBe("MISS");
    expect(first.headers.get("cache-control")).toBe("public, max-age=60, s-maxage=60");
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const body = await first.text();

    const second = await cachedResponse(path);
    expect(second.headers.get("etag")).toBe(etag);
    expect(second.headers.get("cache-control")).toBe("public, max-age=60, s-maxage=60");
    expect(second.headers.get("content-type")).toMatch(/^application\/json/);
    expect(second.headers.get("x-request-id")).toBeTruthy();
    expect(await second.text()).toBe(body);
  });

  it("answers a hit from the isolate with no D1 or Durable Object call, and re-reads the version only after CATALOG_VERSION_TTL_MS", async () => {
    const product = await createProduct();
    const path = `/products/${product.id}`;
    await cachedResponse(path);
    const hit = await cachedResponse(path);
    expect(tripsOf(hit)).toEqual({ d1: 0, do: 0, queue: 0 });

    // Another isolate's write (straight into D1, so this isolate is not told): this isolate
    // keeps its remembered version for at most the TTL (1 s), then sees the new one.
    const rememberedAt = Date.now();
    await env.DB.prepare("UPDATE cache_versions SET version = version + 1 WHERE scope = 'catalog'").run();
    const soon = await api(path);
    if (Date.now() - rememberedAt < 800) expect(soon.headers.get("x-cache")).toBe("HIT");
    await soon.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const later = await api(path);
    expect(later.headers.get("x-cache")).toBe("MISS");
    expect(tripsOf(later).d1).toBeGreaterThan(0);
    forgetCacheVersion();
  });

  it("caches every public catalog read", async () => {
    const word = uniqueWord("cached");
    const product = await createProduct({ name: `Lamp ${word}` });
    for (const path of [
      "/categories",
      `/products?q=${word}`,
      `/products/${product.id}`,
      `/products/${product.slug}`,
      `/search?q=${word}`,
      `/search/suggest?q=${word.slice(0, 5)}`,
      `/products/${product.id}/reviews`,
    ]) {
      expect((await cachedResponse(path)).status, path).toBe(200);
    }
  });

  it("answers 304 to a matching If-None-Match, from the cache and on a miss", async () => {
    const product = await createProduct();
    const path = `/products/${product.id}`;
    const etag = (await api(path)).headers.get("etag")!;
    const hit = await cachedResponse(path, { headers: { "if-none-match": etag } });
    expect(hit.status).toBe(304);
    expect(hit.headers.get("etag")).toBe(etag);
    expect(await hit.text()).toBe("");
    expect((await api(path, { headers: { "if-none-match": `W/${etag}` } })).status).toBe(304);
    expect((await api(path, { headers: { "if-none-match": '"something-else"' } })).status).toBe(200);

    // After a change the old ETag no longer matches: the new representation comes back in full.
    await patchProduct(product.id, { name: "Changed" });
    const changed = await api(path, { headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("x-cache")).toBe("MISS");
    expect(changed.headers.get("etag")).not.toBe(etag);
    const fresh = await api(path, { headers: { "if-none-match": changed.headers.get("etag")! } });
    expect(fresh.status).toBe(304);
  });

  it("keys on the query regardless of parameter order", async () => {
    const category = await createCategory();
    await createProduct({ categoryId: category.id });
    await cachedResponse(`/products?category=${category.slug}&sort=price_asc`);
    expect((await api(`/products?sort=price_asc&category=${category.slug}`)).headers.get("x-cache")).toBe("HIT");
  });

  it("bypasses the cache for requests with Authorization, marking them private", async () => {
    const customer = await registerUser();
    const product = await createProduct();
    const path = `/products/${product.id}`;
    await cachedResponse(path);
    const signedIn = await api(path, { token: customer.accessToken });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get("x-cache")).toBe("BYPASS");
    expect(signedIn.headers.get("cache-control")).toBe("private, no-store");
    expect(signedIn.headers.get("vary")).toMatch(/authorization/i);
    // Even a bad token bypasses: the cache never sees credentials.
    expect((await api(path, { headers: { authorization: "Bearer nonsense" } })).headers.get("x-cache")).toBe("BYPASS");
  });

  it("does not cache errors", async () => {
    const slug = uniqueWord("later");
    expect((await api(`/products/${slug}`)).status).toBe(404);
    const second = await api(`/products/${slug}`);
    expect(second.status).toBe(404);
    expect(second.headers.get("x-cache")).toBeNull();
    const product = await createProduct({ slug });
    expect(await (await api(`/products/${slug}`)).json()).toMatchObject({ id: product.id });
  });
});

describe("purge on write", () => {
  it("shows an admin's price change at once, everywhere it appears", async () => {
    const word = uniqueWord("price");
    const product = await createProduct({ name: `Kettle ${word}`, variants: [{ priceCents: 5000 }] });
    const sku = product.variants[0]!.sku;
    const paths = [`/products/${product.id}`, `/products?category=${product.category.slug}`, `/search?q=${word}`, `/search/suggest?q=${word}`];
    for (const path of paths) await cachedResponse(path);

    const before = await catalogVersion();
    const response = await api(`/products/${product.id}/variants/${sku}`, {
      method: "PATCH",
      token: (await admin()).accessToken,
      json: { priceCents: 3999 },
    });
    expect(response.status).toBe(200);
    expect(await catalogVersion()).toBe(before + 1);

    const detail = await api(paths[0]!);
    expect(detail.headers.get("x-cache")).toBe("MISS");
    expect(await detail.json()).toMatchObject({ priceCents: 3999, variants: [{ sku, priceCents: 3999 }] });
    expect(((await (await api(paths[1]!)).json()) as { items: { priceCents: number }[] }).items[0]!.priceCents).toBe(3999);
    expect(((await (await api(paths[2]!)).json()) as { items: { priceCents: number }[] }).items[0]!.priceCents).toBe(3999);
    expect(((await (await api(paths[3]!)).json()) as { items: { priceCents: number }[] }).items[0]!.priceCents).toBe(3999);
  });

  it("bumps the version for every kind of catalog write, and not for refused ones", async () => {
    const token = (await admin()).accessToken;
    const customer = await registerUser();
    const category = await createCategory();
    const product = await createProduct({ categoryId: category.id });
    const writes: [string, string, Record<string, unknown> | undefined][] = [
      ["PATCH", `/categories/${category.id}`, { description: "New" }],
      ["PATCH", `/products/${product.id}`, { name: "Renamed" }],
      ["POST", `/products/${product.id}/variants`, { sku: `C-${uniqueWord("").toUpperCase()}`, priceCents: 100 }],
      ["DELETE", `/products/${product.id}`, undefined],
    ];
    for (const [method, path, json] of writes) {
      const before = await catalogVersion();
      const response = await api(path, { method, token, ...(json ? { json } : {}) });
      expect(response.status, `${method} ${path}`).toBeLessThan(300);
      expect(await catalogVersion(), `${method} ${path}`).toBe(before + 1);
    }
    const before = await catalogVersion();
    expect((await api(`/products/${product.id}`, { method: "PATCH", token: customer.accessToken, json: { name: "x" } })).status).toBe(403);
    expect((await api(`/products/${product.id}`, { method: "PATCH", token, json: { priceCents: -1 } })).status).toBe(400);
    expect(await catalogVersion()).toBe(before);
  });

  it("shows a customer's new review, and a hidden one disappearing, at once", async () => {
    const product = await createProduct();
    const path = `/products/${product.id}/reviews`;
    await cachedResponse(path);
    await cachedResponse(`/products/${product.id}`);
    const shopper = await registerUser();
    const posted = await api(path, { method: "POST", token: shopper.accessToken, json: { rating: 5, body: "Lovely" } });
    expect(posted.status).toBe(201);
    const { id } = (await posted.json()) as { id: string };
    expect(await (await api(path)).json()).toMatchObject({ total: 1, ratingCount: 1, ratingAverage: 5 });
    expect(await (await api(`/products/${product.id}`)).json()).toMatchObject({ ratingCount: 1, ratingAverage: 5 });

    await cachedResponse(path);
    const hidden = await api(`/reviews/${id}`, { method: "PATCH", token: (await admin()).accessToken, json: { isHidden: true } });
    expect(hidden.status).toBe(200);
    expect(await (await api(path)).json()).toMatchObject({ total: 0, ratingCount: 0, ratingAverage: 0 });
  });
});

describe("stock changes by an admin", () => {
  it("empty the catalog's edge cache so an in-stock filter sees them at once", async () => {
    const staff = await createAdmin();
    const sku = await createSku(0);
    const before = await env.DB.prepare("SELECT version FROM cache_versions WHERE scope = 'catalog'").first<{ version: number }>();
    const response = await api(`/inventory/${sku}`, { method: "PUT", token: staff.accessToken, json: { onHand: 7 } });
    expect(response.status).toBe(200);
    const after = await env.DB.prepare("SELECT version FROM cache_versions WHERE scope = 'catalog'").first<{ version: number }>();
    expect(after!.version).toBeGreaterThan(before?.version ?? 0);
  });
});
