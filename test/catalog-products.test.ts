import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, problemOf, registerUser, site } from "./helpers";
import {
  admin,
  createCategory,
  createProduct,
  getJson,
  listOf,
  patchProduct,
  productBody,
  uniqueSku,
  uniqueWord,
  type CategoryView,
  type ProductView,
} from "./factories/catalog";
import { jpeg as JPEG, png as PNG, pngOfSize, webpLossless } from "./fixtures/images";
import type { HttpMethod, OpenApiDocument } from "./openapi-document";

async function rowCount(sql: string, ...params: unknown[]): Promise<number> {
  const row = await env.DB.prepare(sql).bind(...params).first<{ n: number }>();
  return row?.n ?? 0;
}

async function auditActions(entityId: string): Promise<string[]> {
  const { results } = await env.DB.prepare("SELECT action FROM audit_log WHERE entity_id = ? ORDER BY created_at, rowid")
    .bind(entityId)
    .all<{ action: string }>();
  return results.map((row) => row.action);
}

describe("categories", () => {
  it("creates a category with a slug derived from its name, lists it with its active product count", async () => {
    const word = uniqueWord("kitchen");
    const response = await api("/categories", {
      method: "POST",
      token: (await admin()).accessToken,
      json: { name: `Kitchen & Dining ${word}`, description: "Pots and pans" },
    });
    expect(response.status).toBe(201);
    const category = (await response.json()) as CategoryView;
    expect(category).toMatchObject({ slug: `kitchen-dining-${word}`, name: `Kitchen & Dining ${word}`, description: "Pots and pans", productCount: 0 });
    await createProduct({ categoryId: category.id });
    const inactive = await createProduct({ categoryId: category.id });
    await patchProduct(inactive.id, { isActive: false });
    const { items } = await getJson<{ items: CategoryView[] }>("/categories");
    expect(items.find((item) => item.id === category.id)).toMatchObject({ productCount: 1 });
    expect(await auditActions(category.id)).toEqual(["category.created"]);
  });

  it("refuses a duplicate slug with 409, and a name that gives no slug without one with 400", async () => {
    const first = await createCategory();
    const duplicate = await api("/categories", { method: "POST", token: (await admin()).accessToken, json: { name: "Other", slug: first.slug } });
    expect(duplicate.status).toBe(409);
    expect((await problemOf(duplicate)).errors?.[0]?.path).toBe("slug");
    const noSlug = await api("/categories", { method: "POST", token: (await admin()).accessToken, json: { name: "日本語" } });
    expect(noSlug.status).toBe(400);
    expect(await rowCount("SELECT count(*) AS n FROM categories WHERE name = '日本語'")).toBe(0);
  });

  it("updates a category, 404s an unknown one and 409s a slug in use", async () => {
    const category = await createCategory();
    const other = await createCategory();
    const token = (await admin()).accessToken;
    const response = await api(`/categories/${category.id}`, { method: "PATCH", token, json: { name: "Renamed", description: "New words" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: category.id, name: "Renamed", description: "New words", slug: category.slug });
    expect((await api("/categories/cat_nope", { method: "PATCH", token, json: { name: "x" } })).status).toBe(404);
    expect((await api(`/categories/${category.id}`, { method: "PATCH", token, json: { slug: other.slug } })).status).toBe(409);
    expect((await api(`/categories/${category.id}`, { method: "PATCH", token, json: {} })).status).toBe(400);
  });

  it("deletes an empty category, and refuses (409) while products reference it", async () => {
    const token = (await admin()).accessToken;
    const empty = await createCategory();
    expect((await api(`/categories/${empty.id}`, { method: "DELETE", token })).status).toBe(204);
    expect(await rowCount("SELECT count(*) AS n FROM categories WHERE id = ?", empty.id)).toBe(0);
    expect((await api(`/categories/${empty.id}`, { method: "DELETE", token })).status).toBe(404);

    const used = await createCategory();
    const product = await createProduct({ categoryId: used.id });
    expect((await api(`/categories/${used.id}`, { method: "DELETE", token })).status).toBe(409);
    // A deactivated product still belongs to it (see docs/decisions/004): still 409.
    await patchProduct(product.id, { isActive: false });
    const stillUsed = await api(`/categories/${used.id}`, { method: "DELETE", token });
    expect(stillUsed.status).toBe(409);
    expect((await problemOf(stillUsed)).detail).toMatch(/deactivated/);
    // Moving the product out frees the category.
    await patchProduct(product.id, { categoryId: (await createCategory()).id });
    expect((await api(`/categories/${used.id}`, { method: "DELETE", token })).status).toBe(204);
  });
});

describe("POST /products", () => {
  it("stores the product and its variants, denormalises price and stock, and gives the SKUs their stock", async () => {
    const category = await createCategory();
    const skus = [uniqueSku(), uniqueSku()];
    const response = await api("/products", {
      method: "POST",
      token: (await admin()).accessToken,
      json: {
        name: "  Trail Runner 2  ",
        description: "Light shoes.\r\nFor trails.",
        categoryId: category.id,
        brand: "Acme",
        specifications: { Weight: "240 g" },
        variants: [
          { sku: skus[0]!.toLowerCase(), options: { size: "42", color: "Navy" }, priceCents: 8999, initialStock: 4 },
          { sku: skus[1], title: "Size 43", priceCents: 7999, initialStock: 2 },
        ],
      },
    });
    expect(response.status).toBe(201);
    const product = (await response.json()) as ProductView;
    expect(product).toMatchObject({
      name: "Trail Runner 2",
      slug: "trail-runner-2",
      description: "Light shoes.\nFor trails.",
      priceCents: 7999,
      currency: "USD",
      brand: "Acme",
      category: { id: category.id, slug: category.slug, name: category.name },
      specifications: { Weight: "240 g" },
      available: 6,
      isActive: true,
      ratingAverage: 0,
      ratingCount: 0,
      images: [],
    });
    expect(product.variants).toEqual([
      { sku: skus[0], title: "42 / Navy", options: { size: "42", color: "Navy" }, priceCents: 8999, available: 4, position: 0, isActive: true },
      { sku: skus[1], title: "Size 43", options: {}, priceCents: 7999, available: 2, position: 1, isActive: true },
    ]);
    expect(await rowCount("SELECT count(*) AS n FROM product_variants WHERE product_id = ?", product.id)).toBe(2);
    expect(await auditActions(product.id)).toEqual(["product.created"]);
    // The Inventory objects (the stock authority) got the initial stock.
    expect(await getJson(`/inventory/${skus[0]}`)).toMatchObject({ sku: skus[0], available: 4 });
    expect(await getJson(`/inventory/${skus[1]}`)).toMatchObject({ sku: skus[1], available: 2 });
    // Readable by id and by slug.
    expect(await getJson(`/products/${product.slug}`)).toMatchObject({ id: product.id });
    expect(await getJson(`/products/${product.id}`)).toMatchObject({ slug: product.slug });
  });

  it("409s a slug or SKU in use and stores nothing", async () => {
    const existing = await createProduct();
    const token = (await admin()).accessToken;
    const slugClash = await productBody({ slug: existing.slug });
    const response = await api("/products", { method: "POST", token, json: slugClash });
    expect(response.status).toBe(409);
    expect((await problemOf(response)).errors?.map((error) => error.path)).toEqual(["slug"]);

    const skuClash = await productBody({ variants: [{}, { sku: existing.variants[0]!.sku }] });
    const skuResponse = await api("/products", { method: "POST", token, json: skuClash });
    expect(skuResponse.status).toBe(409);
    expect((await problemOf(skuResponse)).errors?.map((error) => error.path)).toEqual(["variants.1.sku"]);
    expect(await rowCount("SELECT count(*) AS n FROM products WHERE slug = ?", skuClash.slug)).toBe(0);
    expect(await rowCount("SELECT count(*) AS n FROM product_variants WHERE sku = ?", skuClash.variants[0]!.sku)).toBe(0);
  });

  it("answers 400 for an unknown category (the body is wrong, not the URL)", async () => {
    const body = await productBody({ categoryId: "cat_does_not_exist" });
    const response = await api("/products", { method: "POST", token: (await admin()).accessToken, json: body });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.[0]?.path).toBe("categoryId");
    expect(await rowCount("SELECT count(*) AS n FROM products WHERE slug = ?", body.slug)).toBe(0);
  });

  const bad: [string, (body: Awaited<ReturnType<typeof productBody>>) => unknown, string][] = [
    ["no variants", (body) => ({ ...body, variants: [] }), "variants"],
    ["a negative price", (body) => ({ ...body, variants: [{ ...body.variants[0], priceCents: -1 }] }), "variants.0.priceCents"],
    ["a fractional price", (body) => ({ ...body, variants: [{ ...body.variants[0], priceCents: 10.5 }] }), "variants.0.priceCents"],
    ["a price as a string", (body) => ({ ...body, variants: [{ ...body.variants[0], priceCents: "1000" }] }), "variants.0.priceCents"],
    ["the same SKU twice", (body) => ({ ...body, variants: [body.variants[0], body.variants[0]] }), "variants.1.sku"],
    ["a SKU with spaces", (body) => ({ ...body, variants: [{ ...body.variants[0], sku: "A B" }] }), "variants.0.sku"],
    ["an invalid slug", (body) => ({ ...body, slug: "Not A Slug!" }), "slug"],
    ["an empty name", (body) => ({ ...body, name: "   " }), "name"],
    ["a control character in the name", (body) => ({ ...body, name: "Bad\u0007name" }), "name"],
    ["an unknown field", (body) => ({ ...body, isDeleted: false }), "(root)"],
    ["a negative initial stock", (body) => ({ ...body, variants: [{ ...body.variants[0], initialStock: -3 }] }), "variants.0.initialStock"],
  ];
  it.each(bad)("400 for %s, storing nothing", async (_name, mutate, path) => {
    const body = await productBody();
    const response = await api("/products", { method: "POST", token: (await admin()).accessToken, json: mutate(body) });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.some((error) => error.path === path)).toBe(true);
    expect(await rowCount("SELECT count(*) AS n FROM products WHERE slug = ?", body.slug)).toBe(0);
  });
});

describe("PATCH and DELETE /products/:id", () => {
  it("updates fields, keeps search in step, and audits", async () => {
    const product = await createProduct({ brand: "Old" });
    const word = uniqueWord("renamed");
    const updated = await patchProduct(product.id, { name: `Renamed ${word}`, brand: null, specifications: { Fit: "Slim" }, isFeatured: true });
    expect(updated).toMatchObject({ name: `Renamed ${word}`, brand: null, specifications: { Fit: "Slim" }, isFeatured: true, slug: product.slug });
    expect((await listOf(`/search?q=${word}`)).items.map((item) => item.id)).toEqual([product.id]);
    expect(await auditActions(product.id)).toEqual(["product.created", "product.updated"]);
  });

  it("deactivates: public detail, listings, search and reviews answer as if it were gone; admins still see it", async () => {
    const word = uniqueWord("gone");
    const category = await createCategory();
    const product = await createProduct({ name: `Gone ${word}`, categoryId: category.id });
    const token = (await admin()).accessToken;
    expect((await api(`/products/${product.id}`, { method: "DELETE", token })).status).toBe(204);
    expect((await api(`/products/${product.id}`)).status).toBe(404);
    expect((await api(`/products/${product.slug}`)).status).toBe(404);
    expect((await api(`/products/${product.id}/reviews`)).status).toBe(404);
    expect((await listOf(`/products?category=${category.slug}`)).total).toBe(0);
    expect((await listOf(`/search?q=${word}`)).total).toBe(0);
    expect(await getJson(`/products/${product.id}`, { token })).toMatchObject({ id: product.id, isActive: false });
    expect((await listOf(`/products?category=${category.slug}&includeInactive=true`, { token })).total).toBe(1);
    // Idempotent, and reversible.
    expect((await api(`/products/${product.id}`, { method: "DELETE", token })).status).toBe(204);
    await patchProduct(product.id, { isActive: true });
    expect((await api(`/products/${product.id}`)).status).toBe(200);
    expect(await auditActions(product.id)).toEqual(["product.created", "product.deactivated", "product.reactivated"]);
  });

  it("404s an unknown product, 409s a slug in use, 400s an unknown category", async () => {
    const token = (await admin()).accessToken;
    const product = await createProduct();
    const other = await createProduct();
    expect((await api("/products/prd_nope", { method: "PATCH", token, json: { name: "x" } })).status).toBe(404);
    expect((await api("/products/prd_nope", { method: "DELETE", token })).status).toBe(404);
    expect((await api(`/products/${product.id}`, { method: "PATCH", token, json: { slug: other.slug } })).status).toBe(409);
    expect((await api(`/products/${product.id}`, { method: "PATCH", token, json: { categoryId: "cat_nope" } })).status).toBe(400);
    expect((await api(`/products/${product.id}`, { method: "PATCH", token, json: { priceCents: 5 } })).status).toBe(400);
    expect(await getJson(`/products/${product.id}`)).toMatchObject({ slug: product.slug, category: product.category });
  });
});

describe("variants", () => {
  it("adds a variant, which may lower the product's price, and gives it stock", async () => {
    const product = await createProduct({ variants: [{ priceCents: 3000, initialStock: 1 }] });
    const sku = uniqueSku();
    const response = await api(`/products/${product.id}/variants`, {
      method: "POST",
      token: (await admin()).accessToken,
      json: { sku, options: { size: "XL" }, priceCents: 2500, initialStock: 7 },
    });
    expect(response.status).toBe(201);
    const updated = (await response.json()) as ProductView;
    expect(updated.priceCents).toBe(2500);
    expect(updated.available).toBe(8);
    expect(updated.variants.at(-1)).toMatchObject({ sku, title: "XL", priceCents: 2500, position: 1 });
    expect(await getJson(`/inventory/${sku}`)).toMatchObject({ available: 7 });
    const again = await api(`/products/${product.id}/variants`, { method: "POST", token: (await admin()).accessToken, json: { sku, priceCents: 1 } });
    expect(again.status).toBe(409);
    expect((await api("/products/prd_nope/variants", { method: "POST", token: (await admin()).accessToken, json: { sku: uniqueSku(), priceCents: 1 } })).status).toBe(404);
  });

  it("reprices and deactivates variants, but never the last active one", async () => {
    const product = await createProduct({ variants: [{ priceCents: 3000 }, { priceCents: 4000 }] });
    const [first, second] = product.variants;
    const token = (await admin()).accessToken;
    const repriced = await api(`/products/${product.id}/variants/${second!.sku}`, { method: "PATCH", token, json: { priceCents: 1500 } });
    expect(repriced.status).toBe(200);
    expect(((await repriced.json()) as ProductView).priceCents).toBe(1500);

    const off = await api(`/products/${product.id}/variants/${second!.sku}`, { method: "PATCH", token, json: { isActive: false } });
    expect(off.status).toBe(200);
    expect(((await off.json()) as ProductView).priceCents).toBe(3000);
    const publicView = await getJson<ProductView>(`/products/${product.id}`);
    expect(publicView.variants.map((variant) => variant.sku)).toEqual([first!.sku]);
    const adminView = await getJson<ProductView>(`/products/${product.id}`, { token });
    expect(adminView.variants.map((variant) => [variant.sku, variant.isActive])).toEqual([[first!.sku, true], [second!.sku, false]]);

    const last = await api(`/products/${product.id}/variants/${first!.sku}`, { method: "PATCH", token, json: { isActive: false } });
    expect(last.status).toBe(409);
    expect(await rowCount("SELECT count(*) AS n FROM product_variants WHERE product_id = ? AND is_active = 1", product.id)).toBe(1);
    expect((await api(`/products/${product.id}/variants/NOPE-1`, { method: "PATCH", token, json: { priceCents: 1 } })).status).toBe(404);
    const otherProduct = await createProduct();
    expect((await api(`/products/${otherProduct.id}/variants/${first!.sku}`, { method: "PATCH", token, json: { priceCents: 1 } })).status).toBe(404);
  });
});

describe("POST /products/:id/images", () => {
  const upload = async (productId: string, body: BodyInit, type: string | null, token?: string) =>
    api(`/products/${productId}/images`, {
      method: "POST",
      token: token ?? (await admin()).accessToken,
      headers: type ? { "content-type": type } : {},
      body,
    });

  it("stores the image in R2 under the product, appends it, and serves it from /images/", async () => {
    const product = await createProduct();
    const response = await upload(product.id, PNG, "image/png");
    expect(response.status).toBe(201);
    const { url } = (await response.json()) as { url: string };
    expect(url).toMatch(new RegExp(`^/images/products/${product.id}/[A-Za-z0-9_-]+\\.png$`));
    const object = await env.IMAGES.get(url.slice("/images/".length));
    expect(object?.httpMetadata?.contentType).toBe("image/png");
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(PNG);

    const served = await site(url);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("cache-control")).toMatch(/immutable/);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG);

    const jpegUpload = await upload(product.id, JPEG, "image/jpeg");
    expect(jpegUpload.status).toBe(201);
    const second = ((await jpegUpload.json()) as { url: string }).url;
    expect(second).toMatch(/\.jpg$/);
    const webpUpload = await upload(product.id, webpLossless, "image/webp");
    expect(webpUpload.status).toBe(201);
    const third = ((await webpUpload.json()) as { url: string }).url;
    expect(third).toMatch(/\.webp$/);
    expect((await env.IMAGES.head(third.slice("/images/".length)))?.customMetadata).toEqual({ width: "3", height: "2" });
    const view = await getJson<ProductView>(`/products/${product.id}`);
    expect(view.images).toEqual([url, second, third]);
    const list = await listOf(`/products?category=${product.category.slug}`);
    expect(list.items[0]!.image).toBe(url);

    // Reordering and removing go through PATCH; foreign URLs are refused.
    expect((await patchProduct(product.id, { images: [second] })).images).toEqual([second]);
    const foreign = await api(`/products/${product.id}`, { method: "PATCH", token: (await admin()).accessToken, json: { images: ["https://evil.example/x.png"] } });
    expect(foreign.status).toBe(400);
  });

  it.each([
    ["bytes that are not the declared type", JPEG, "image/png"],
    ["an SVG declared as PNG", new TextEncoder().encode("<svg onload=alert(1)>"), "image/png"],
    ["an unsupported type", new TextEncoder().encode("GIF89a"), "image/gif"],
    ["JSON", new TextEncoder().encode("{}"), "application/json"],
    ["a 4-byte JPEG signature", new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), "image/jpeg"],
    ["a PNG signature alone", PNG.slice(0, 8), "image/png"],
    ["a PNG cut off before its end", PNG.slice(0, -12), "image/png"],
    ["a JPEG cut off in its image data", JPEG.slice(0, -10), "image/jpeg"],
    ["a WebP cut off", webpLossless.slice(0, -6), "image/webp"],
  ])("415 for %s, storing nothing", async (_name, bytes, type) => {
    const product = await createProduct();
    const response = await upload(product.id, bytes, type);
    expect(response.status).toBe(415);
    expect((await problemOf(response)).code).toBe("unsupported_media_type");
    expect((await env.IMAGES.list({ prefix: `products/${product.id}/` })).objects).toHaveLength(0);
    expect((await getJson<ProductView>(`/products/${product.id}`)).images).toEqual([]);
  });

  it("413 for more than 5 MiB, 400 for an empty body, 404 for an unknown product", async () => {
    const product = await createProduct();
    const tooBig = await upload(product.id, pngOfSize(5 * 1024 * 1024 + 1), "image/png");
    expect(tooBig.status).toBe(413);
    expect((await problemOf(tooBig)).code).toBe("payload_too_large");
    expect((await upload(product.id, pngOfSize(5 * 1024 * 1024), "image/png")).status).toBe(201);
    expect((await upload(product.id, new Uint8Array(), "image/png")).status).toBe(400);
    expect((await upload("prd_nope", PNG, "image/png")).status).toBe(404);
    expect((await env.IMAGES.list({ prefix: `products/${product.id}/` })).objects).toHaveLength(1);
  });

  it("still applies the 64 KiB JSON limit everywhere else", async () => {
    const response = await api("/products", {
      method: "POST",
      token: (await admin()).accessToken,
      json: { ...(await productBody()), description: "x".repeat(70 * 1024) },
    });
    expect(response.status).toBe(413);
  });
});

describe("role matrix for catalog writes", () => {
  it("answers 401 anonymous and 403 to customers on every admin write, changing nothing", async () => {
    const customer = await registerUser();
    const category = await createCategory();
    const product = await createProduct({ categoryId: category.id });
    const sku = product.variants[0]!.sku;
    const writes: [string, string, RequestInit & { json?: unknown }][] = [
      ["POST", "/categories", { json: { name: "Nope" } }],
      ["PATCH", `/categories/${category.id}`, { json: { name: "Nope" } }],
      ["DELETE", `/categories/${category.id}`, {}],
      ["POST", "/products", { json: await productBody({ categoryId: category.id }) }],
      ["PATCH", `/products/${product.id}`, { json: { name: "Nope" } }],
      ["DELETE", `/products/${product.id}`, {}],
      ["POST", `/products/${product.id}/variants`, { json: { sku: uniqueSku(), priceCents: 1 } }],
      ["PATCH", `/products/${product.id}/variants/${sku}`, { json: { priceCents: 1 } }],
      ["POST", `/products/${product.id}/images`, { body: PNG, headers: { "content-type": "image/png" } }],
      ["GET", "/reviews", {}],
    ];
    for (const [method, path, init] of writes) {
      expect((await api(path, { method, ...init })).status, `${method} ${path} anonymous`).toBe(401);
      expect((await api(path, { method, ...init, token: customer.accessToken })).status, `${method} ${path} customer`).toBe(403);
    }
    expect(await getJson(`/products/${product.id}`)).toMatchObject({ name: product.name, priceCents: product.priceCents, images: [], isActive: true });
    expect(await getJson(`/categories`)).toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ id: category.id, name: category.name })]) });
    expect(await rowCount("SELECT count(*) AS n FROM categories WHERE name = 'Nope'")).toBe(0);
  });

  it("answers includeInactive=true with 401 anonymous and 403 to customers", async () => {
    const customer = await registerUser();
    expect((await api("/products?includeInactive=true")).status).toBe(401);
    expect((await api("/products?includeInactive=true", { token: customer.accessToken })).status).toBe(403);
  });
});

describe("OpenAPI", () => {
  it("documents every catalog route from the same schemas", async () => {
    const doc = await getJson<OpenApiDocument>("/openapi.json");
    const expected: [string, HttpMethod][] = [
      ["/categories", "get"],
      ["/categories", "post"],
      ["/categories/{id}", "patch"],
      ["/categories/{id}", "delete"],
      ["/products", "get"],
      ["/products", "post"],
      ["/products/{idOrSlug}", "get"],
      ["/products/{id}", "patch"],
      ["/products/{id}", "delete"],
      ["/products/{id}/variants", "post"],
      ["/products/{id}/variants/{sku}", "patch"],
      ["/products/{id}/images", "post"],
      ["/products/{id}/reviews", "get"],
      ["/products/{id}/reviews", "post"],
      ["/reviews", "get"],
      ["/reviews/{id}", "patch"],
      ["/reviews/{id}", "delete"],
      ["/search", "get"],
      ["/search/suggest", "get"],
      ["/search/popular", "get"],
    ];
    for (const [path, method] of expected) expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    expect(Object.keys(doc.paths["/products/{id}/images"]?.post?.requestBody?.content ?? {}).sort()).toEqual(["image/jpeg", "image/png", "image/webp"]);
    expect(doc.paths["/products"]?.get?.parameters?.map((parameter) => parameter.name)).toEqual(
      expect.arrayContaining(["q", "category", "brand", "minPrice", "maxPrice", "inStock", "minRating", "sort", "page", "limit"]),
    );
    // Several brands or categories: the parameter repeated, documented as an array.
    for (const name of ["brand", "category"]) {
      const parameter = doc.paths["/products"]?.get?.parameters?.find((entry) => entry.name === name) as { schema?: { type?: string } } | undefined;
      expect(parameter?.schema?.type, name).toBe("array");
    }
    expect(doc.components.schemas).toHaveProperty("ProductList");
    expect(doc.components.schemas).toHaveProperty("ReviewList");
  });
});
