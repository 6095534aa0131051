/**
 * No stored record, and so no loader data, carries an own `__proto__`, `constructor` or
 * `prototype` key: turbo-stream 2.4 (Remix 2.17) turns an own `__proto__` into the decoded
 * object's prototype in the shopper's browser (decision 008).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { RESERVED_KEYS } from "../workers/domain/reserved-keys";
import { ADDRESS, idempotencyKey } from "./checkout-helpers";
import { admin, createProduct, productBody, uniqueSku, uniqueWord } from "./factories/catalog";
import { api, problemOf, registerUser, site } from "./helpers";
import { Browser } from "./site-helpers";

/** JSON text with `"@key"` spelled as `key`: JSON.stringify never writes an own __proto__. */
function rawJson(value: unknown, key: string): string {
  return JSON.stringify(value).replaceAll('"@key"', JSON.stringify(key));
}

async function storedProduct(id: string) {
  return env.DB.prepare("SELECT specifications, (SELECT group_concat(options, '|') FROM product_variants WHERE product_id = ?1) AS options FROM products WHERE id = ?1")
    .bind(id)
    .first<{ specifications: string; options: string }>();
}

const reservedKeyText = /__proto__|"constructor"|"prototype"/;

describe.each(RESERVED_KEYS)("%s as a key", (key) => {
  it("is refused with 400 in every free-form record the catalog API stores, and nothing is stored", async () => {
    const token = (await admin()).accessToken;
    const product = await createProduct({ specifications: { Weight: "1 kg" }, variants: [{ options: { size: "M" } }] });
    const before = await storedProduct(product.id);
    const sku = product.variants[0]!.sku;
    const newSku = uniqueSku();
    const slug = uniqueWord("reserved");

    const attempts: [string, string, string, unknown][] = [
      ["POST", "/products", "specifications.@", { ...(await productBody({ slug })), specifications: { "@key": "x", Weight: "2 kg" } }],
      ["POST", "/products", "variants.0.options.@", { ...(await productBody({ slug })), variants: [{ sku: uniqueSku(), priceCents: 100, options: { "@key": "x" } }] }],
      ["PATCH", `/products/${product.id}`, "specifications.@", { specifications: { "@key": "x", Weight: "3 kg" } }],
      ["POST", `/products/${product.id}/variants`, "options.@", { sku: newSku, priceCents: 100, options: { "@key": { polluted: true } } }],
      ["PATCH", `/products/${product.id}/variants/${sku}`, "options.@", { options: { "@key": "x", size: "L" } }],
    ];
    for (const [method, path, errorPath, body] of attempts) {
      const response = await api(path, { method, token, headers: { "content-type": "application/json" }, body: rawJson(body, key) });
      expect(response.status, `${method} ${path}`).toBe(400);
      expect((await problemOf(response)).errors?.map((error) => error.path)).toContain(errorPath.replace("@", key));
    }

    expect(await storedProduct(product.id)).toEqual(before);
    expect((await api(`/products/${slug}`)).status).toBe(404);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM product_variants WHERE sku = ?").bind(newSku).first("n")).toBe(0);
  });

  it("is refused with 400 in the order's address columns, and no order is placed", async () => {
    const shopper = await registerUser();
    for (const field of ["shippingAddress", "billingAddress"]) {
      const body = { shippingAddress: ADDRESS, [field]: { ...ADDRESS, "@key": { polluted: true } }, payment: { method: "card", token: "tok_visa" } };
      const response = await api("/orders", {
        method: "POST",
        token: shopper.accessToken,
        headers: { "content-type": "application/json", "idempotency-key": idempotencyKey() },
        body: rawJson(body, key),
      });
      expect(response.status, field).toBe(400);
    }
    expect(await env.DB.prepare("SELECT count(*) AS n FROM orders WHERE user_id = ?").bind(shopper.user.id).first("n")).toBe(0);
  });
});

describe("the site's loader data", () => {
  it("carries no reserved key even when a stored record has them", async () => {
    const product = await createProduct({ specifications: { Weight: "1 kg" }, variants: [{ options: { size: "M" } }] });
    // Rows written around the API (an import, a hand-made fix) are the case the API cannot refuse.
    await env.DB.prepare("UPDATE products SET specifications = ? WHERE id = ?")
      .bind('{"__proto__":{"polluted":"yes"},"constructor":"c","prototype":"p","Weight":"1 kg"}', product.id)
      .run();
    await env.DB.prepare("UPDATE product_variants SET options = ? WHERE product_id = ?")
      .bind('{"__proto__":{"polluted":"yes"},"constructor":"c","size":"M"}', product.id)
      .run();

    // The single-fetch data request is exactly what the shopper's browser decodes.
    const data = await site(`/p/${product.slug}.data?_routes=${encodeURIComponent("routes/p.$slug")}`);
    expect(data.status).toBe(200);
    const payload = await data.text();
    expect(payload).toContain("Weight");
    expect(payload).not.toMatch(reservedKeyText);

    const page = await site(`/p/${product.slug}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("1 kg");
    expect(html).not.toContain("__proto__");

    const adminBrowser = new Browser();
    await adminBrowser.signIn(await admin());
    const adminData = await adminBrowser.get(`/admin/products/${product.id}.data?_routes=${encodeURIComponent("routes/admin.products.$id")}`);
    expect(adminData.status).toBe(200);
    const adminPayload = await adminData.text();
    expect(adminPayload).toContain(product.variants[0]!.sku);
    expect(adminPayload).not.toMatch(reservedKeyText);
  });
});

describe("the admin's product form", () => {
  it.each(RESERVED_KEYS)("names the row when a specification is called %s, instead of dropping it", async (key) => {
    const product = await createProduct({ specifications: { Weight: "1 kg" } });
    const before = await storedProduct(product.id);
    const browser = new Browser();
    await browser.signIn(await admin());
    const response = await browser.post(`/admin/products/${product.id}`, {
      intent: "update",
      name: product.name,
      description: product.description,
      categoryId: product.category.id,
      "spec.0.key": "Weight",
      "spec.0.value": "2 kg",
      "spec.1.key": key,
      "spec.1.value": "x",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("cannot be used as names");
    expect(await storedProduct(product.id)).toEqual(before);
  });
});
