/**
 * The admin's bulk actions, stock list and readable audit log, driven like a browser without
 * JavaScript: checkboxes post ids, a destructive bulk action comes back as a question first,
 * the stock row's form posts and returns to the same search.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createProduct } from "./factories/stock";
import { addToCart, checkout, waitForOrder, type OrderJson } from "./checkout-helpers";
import { api, createAdmin, ORIGIN, registerUser, type TestSession } from "./helpers";
import { Browser, decode, mainOf } from "./site-helpers";

let admin: TestSession;
let browser: Browser;

beforeAll(async () => {
  admin = await createAdmin();
  browser = new Browser();
  await browser.signIn(admin);
});

async function main(response: Response): Promise<string> {
  return mainOf(decode((await response.text()).replaceAll("<!-- -->", "")));
}

async function page(path: string): Promise<string> {
  const response = await browser.get(path);
  expect(response.status, path).toBe(200);
  return main(response);
}

const activeOf = async (id: string) => (await env.DB.prepare("SELECT is_active FROM products WHERE id = ?").bind(id).first<{ is_active: number }>())?.is_active;

async function reviewOn(productId: string, body: string): Promise<string> {
  const author = await registerUser({ name: "Rosa Reviewer" });
  const response = await api(`/products/${productId}/reviews`, { method: "POST", token: author.accessToken, json: { rating: 4, body } });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

describe("bulk actions without JavaScript", () => {
  it("products: every row has a box; reactivating posts the ticked ids; deactivating asks first and carries them over", async () => {
    const a = await createProduct({ name: "Bulk lamp A", isActive: false });
    const b = await createProduct({ name: "Bulk lamp B", isActive: false });
    const list = await page("/admin/products?inactive=1&q=Bulk+lamp");
    expect(list).toMatch(new RegExp(`<input type="checkbox" form="bulk-products" name="ids" aria-label="Select Bulk lamp A"[^>]*value="${a.productId}"`));
    expect(list).toContain("Select all on this page");

    const reactivated = await browser.post("/admin/products?index&inactive=1", [["intent", "bulk-reactivate"], ["ids", a.productId], ["ids", b.productId]]);
    expect(reactivated.status).toBe(200);
    expect(await main(reactivated)).toContain("2 products were reactivated.");
    expect([await activeOf(a.productId), await activeOf(b.productId)]).toEqual([1, 1]);

    // Destructive: the first post only asks, with the same ids in the confirming form.
    const asked = await browser.post("/admin/products?index", [["intent", "bulk-deactivate"], ["ids", a.productId], ["ids", b.productId]]);
    expect(asked.status).toBe(400);
    const question = await main(asked);
    expect(question).toContain("Deactivate these 2 products?");
    expect(question).toContain(`name="ids" value="${a.productId},${b.productId}"`);
    expect(await activeOf(a.productId)).toBe(1);

    const done = await browser.post("/admin/products?index", { intent: "bulk-deactivate", confirm: "bulk-deactivate", ids: `${a.productId},${b.productId}` });
    expect(done.status).toBe(200);
    expect(await main(done)).toContain("2 products were deactivated");
    expect([await activeOf(a.productId), await activeOf(b.productId)]).toEqual([0, 0]);
  });

  it("'select all on this page' posts the page's ids; nothing ticked changes nothing", async () => {
    const a = await createProduct({ name: "Page-all kettle A", isActive: false });
    const b = await createProduct({ name: "Page-all kettle B", isActive: false });
    const all = await browser.post("/admin/products?index", { intent: "bulk-reactivate", allOnPage: "1", pageIds: `${a.productId},${b.productId}` });
    expect(await main(all)).toContain("2 products were reactivated.");
    expect(await activeOf(b.productId)).toBe(1);

    const none = await browser.post("/admin/products?index", { intent: "bulk-deactivate", confirm: "bulk-deactivate" });
    expect(none.status).toBe(400);
    expect(await main(none)).toContain("Nothing was changed: tick at least one product first.");
  });

  it("reviews: hide two, then delete them after confirming", async () => {
    const { productId } = await createProduct({ name: "Bulk review mug" });
    const first = await reviewOn(productId, "First bulk review.");
    const second = await reviewOn(productId, "Second bulk review.");
    const hidden = await browser.post("/admin/reviews", [["intent", "bulk-hide"], ["confirm", "bulk-hide"], ["ids", first], ["ids", second]]);
    expect(await main(hidden)).toContain("2 reviews were hidden.");
    const rows = await env.DB.prepare("SELECT is_hidden FROM reviews WHERE id IN (?, ?)").bind(first, second).all<{ is_hidden: number }>();
    expect(rows.results.map((row) => row.is_hidden)).toEqual([1, 1]);

    const unconfirmed = await browser.post("/admin/reviews", [["intent", "bulk-delete"], ["ids", first]]);
    expect(unconfirmed.status).toBe(400);
    expect(await main(unconfirmed)).toContain("Yes, delete 1 review");
    const deleted = await browser.post("/admin/reviews", { intent: "bulk-delete", confirm: "bulk-delete", ids: `${first},${second},rev_gone` });
    const text = await main(deleted);
    expect(text).toContain("2 reviews were deleted.");
    expect(text).toContain("1 review could not be:");
    expect(text).toContain("No such review.");
  });

  it("orders: a move the lifecycle refuses is listed by order number, the others happen", async () => {
    const product = await createProduct({ variants: [{ onHand: 5 }] });
    const shopper = await registerUser();
    const orders: OrderJson[] = [];
    for (let i = 0; i < 2; i++) {
      await addToCart(shopper, product.skus[0]!, 1);
      const placed = (await (await checkout(shopper, { token: "tok_visa" })).json()) as { order: OrderJson };
      orders.push(await waitForOrder(shopper, placed.order.id, (o) => o.status === "paid"));
    }
    const [first, second] = orders as [OrderJson, OrderJson];
    await api("/orders/bulk", { method: "POST", token: admin.accessToken, json: { ids: [first.id], action: "processing" } });
    const list = await page(`/admin/orders?q=${encodeURIComponent(shopper.user.email)}`);
    expect(list).toContain(`value="${first.id}"`);
    const moved = await browser.post(`/admin/orders?index&q=${encodeURIComponent(shopper.user.email)}`, [["intent", "bulk-processing"], ["ids", first.id], ["ids", second.id]]);
    const text = (await main(moved)).replace(/<[^>]+>/g, "");
    expect(text).toContain("1 order was marked as processing.");
    expect(text).toContain(`${first.number}: An order that is processing cannot become processing.`);
  });
});

describe("the stock list without JavaScript", () => {
  it("searches, shows each SKU's figures, and a row's Save returns to the same search", async () => {
    const word = `Otter${Date.now().toString(36)}`;
    const product = await createProduct({ name: `${word} blanket`, variants: [{ title: "Blue", onHand: 3 }, { title: "Red", onHand: 8 }] });
    const sku = product.skus[0]!;
    const list = await page(`/admin/stock?q=${word.toLowerCase()}`);
    expect(list).toContain(`${word} blanket`);
    expect(list).toContain("Blue");
    expect(list).toContain(`value="${sku}"`);
    expect(list).toMatch(new RegExp(`On hand for ${sku}`));

    const saved = await browser.post(`/admin/stock?q=${word.toLowerCase()}`, { intent: "stock", sku, mode: "onHand", amount: "12" });
    expect(saved.status).toBe(302);
    const location = new URL(saved.headers.get("location")!, ORIGIN);
    expect(location.searchParams.get("q")).toBe(word.toLowerCase());
    expect(location.searchParams.get("ok")).toBe("stock");
    const stock = (await (await api(`/inventory/${sku}`, { token: admin.accessToken })).json()) as { onHand: number };
    expect(stock.onHand).toBe(12);
    const audited = await env.DB.prepare("SELECT action FROM audit_log WHERE entity_id = ?").bind(sku).first<{ action: string }>();
    expect(audited?.action).toBe("inventory.set");

    const bad = await browser.post(`/admin/stock?q=${word.toLowerCase()}`, { intent: "stock", sku, mode: "onHand", amount: "-1" });
    expect(bad.status).toBe(400);
    expect(await main(bad)).toContain("Enter a whole number.");
  });

  it("answers a search with nothing found, and keeps the low-stock list", async () => {
    const text = await page("/admin/stock?q=nothing-matches-this-zz");
    expect(text).toContain("No SKU or product matches “nothing-matches-this-zz”.");
    expect(text).toContain("Running low");
  });
});

describe("the readable audit log", () => {
  it("shows a price change with the product's name, the admin's name and $ before → after; raw JSON behind a disclosure", async () => {
    const product = await createProduct({ name: "Audit kettle", variants: [{ title: "Steel", priceCents: 2000 }] });
    const sku = product.skus[0]!;
    const patched = await api(`/products/${product.productId}/variants/${sku}`, { method: "PATCH", token: admin.accessToken, json: { priceCents: 2500 } });
    expect(patched.status).toBe(200);
    const text = await page(`/admin/audit-log?entityType=product&entityId=${product.productId}`);
    expect(text).toContain(admin.user.name);
    expect(text).toContain(admin.user.email);
    expect(text).toContain("edited a variant of");
    expect(text).toContain("Audit kettle");
    expect(text).toContain(`(variant Steel, SKU ${sku})`);
    expect(text.replace(/<[^>]+>/g, "")).toMatch(/price: \$20\.00 →\s*changed to\s*\$25\.00/);
    expect(text).toMatch(/<details[^>]*>\s*<summary[^>]*>Raw entry<\/summary>/);
    expect(text).toContain("product.variant_updated");

    const byAction = await page(`/admin/audit-log?action=product.variant_updated&entityId=${product.productId}`);
    expect(byAction).toContain("Audit kettle");
    const otherAction = await page(`/admin/audit-log?action=product.created&entityId=${product.productId}`);
    expect(otherAction).toContain("No entries match these filters.");
  });
});
