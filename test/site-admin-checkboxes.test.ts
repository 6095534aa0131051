/**
 * The admin's checkboxes: a ticked box is one that was posted, whatever its value. Once React
 * had rendered a box in the browser it posted an empty value, which the forms read as
 * unticked: "Save variant" took the variant off sale, and Featured could not be switched on.
 * The browser journeys (test/node/browser-admin-csp.test.ts) drive the real pages.
 */
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import type { productSchema } from "../workers/domain/schemas/catalog";
import { admin, createProduct, getJson, type ProductView } from "./factories/catalog";
import { Browser } from "./site-helpers";

async function adminBrowser(): Promise<Browser> {
  const browser = new Browser();
  await browser.signIn(await admin());
  return browser;
}

type Product = z.infer<typeof productSchema>;

function productFields(product: ProductView, extra: Record<string, string>): Record<string, string> {
  return { intent: "update", name: product.name, description: product.description, categoryId: product.category.id, brand: product.brand ?? "", ...extra };
}

describe("the admin's checkboxes", () => {
  it("render with an explicit value, so the browser has one to post", async () => {
    const product = await createProduct({ isFeatured: true });
    const html = await (await (await adminBrowser()).get(`/admin/products/${product.id}`)).text();
    expect(html).toMatch(/<input[^>]*type="checkbox"[^>]*name="isFeatured"[^>]*value="on"/);
    expect(html).toMatch(/<input[^>]*type="checkbox"[^>]*name="isActive"[^>]*value="on"/);
  });

  it.each(["on", ""])("switch Featured on when the box posts %j, and off when it is not posted", async (value) => {
    const product = await createProduct({ isFeatured: false });
    const browser = await adminBrowser();
    expect((await browser.post(`/admin/products/${product.id}`, productFields(product, { isFeatured: value }))).status).toBe(302);
    expect((await getJson<Product>(`/products/${product.id}`)).isFeatured).toBe(true);
    expect((await browser.post(`/admin/products/${product.id}`, productFields(product, {}))).status).toBe(302);
    expect((await getJson<Product>(`/products/${product.id}`)).isFeatured).toBe(false);
  });

  it.each(["on", ""])("keep a variant on sale when its box posts %j, and take it off when it is not posted", async (value) => {
    // Two variants: the API refuses to take a product's last variant off sale.
    const product = await createProduct({ variants: [{ title: "Large", options: { size: "L" }, priceCents: 1500 }, { title: "Small", options: { size: "S" } }] });
    const { sku } = product.variants[0]!;
    const browser = await adminBrowser();
    const fields = { intent: "update-variant", sku, target: sku, title: "Large", size: "L", color: "", price: "16.00" };
    expect((await browser.post(`/admin/products/${product.id}`, { ...fields, isActive: value })).status).toBe(302);
    expect((await getJson<Product>(`/products/${product.id}`)).variants.find((variant) => variant.sku === sku)).toMatchObject({ sku, priceCents: 1600, isActive: true, options: { size: "L" } });
    expect((await browser.post(`/admin/products/${product.id}`, fields)).status).toBe(302);
    // Only an admin still sees a variant that is off sale.
    const asAdmin = await getJson<Product>(`/products/${product.id}`, { token: (await admin()).accessToken });
    expect(asAdmin.variants.find((variant) => variant.sku === sku)).toMatchObject({ sku, isActive: false });
  });
});
