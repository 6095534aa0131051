import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import type { auditEntrySchema } from "../workers/domain/schemas/admin";
import type { bulkResultSchema } from "../workers/domain/schemas/bulk";
import type { stockListSchema } from "../workers/domain/schemas/inventory";
import type { pageOf } from "../workers/domain/schemas/common";
import { api, createAdmin, problemOf, registerUser, type TestSession } from "./helpers";
import { createProduct } from "./factories/stock";
import { addToCart, checkout, waitForOrder, type OrderJson } from "./checkout-helpers";

type BulkResult = z.infer<typeof bulkResultSchema>;
type StockList = z.infer<typeof stockListSchema>;
type AuditPage = z.infer<ReturnType<typeof pageOf<typeof auditEntrySchema>>>;

const bulk = (path: string, token: string | undefined, json: unknown) => api(path, { method: "POST", ...(token ? { token } : {}), json });

async function isActive(productId: string): Promise<boolean> {
  const row = await env.DB.prepare("SELECT is_active FROM products WHERE id = ?").bind(productId).first<{ is_active: number }>();
  return row?.is_active === 1;
}

async function auditActions(entityId: string): Promise<string[]> {
  const rows = await env.DB.prepare("SELECT action FROM audit_log WHERE entity_id = ? ORDER BY created_at, id").bind(entityId).all<{ action: string }>();
  return rows.results.map((row) => row.action);
}

async function paidOrder(): Promise<{ shopper: TestSession; order: OrderJson }> {
  const { skus } = await createProduct({ variants: [{ onHand: 5 }] });
  const shopper = await registerUser();
  await addToCart(shopper, skus[0]!, 1);
  const placed = (await (await checkout(shopper, { token: "tok_visa" })).json()) as { order: OrderJson };
  return { shopper, order: await waitForOrder(shopper, placed.order.id, (o) => o.status === "paid") };
}

async function orderRow(id: string) {
  return env.DB.prepare("SELECT status, (SELECT count(*) FROM order_history WHERE order_id = ?) AS history FROM orders WHERE id = ?").bind(id, id).first<{ status: string; history: number }>();
}

const BULK_PATHS = [
  ["/products/bulk", "deactivate"],
  ["/orders/bulk", "processing"],
  ["/reviews/bulk", "hide"],
] as const;

describe.each(BULK_PATHS)("POST %s: the role gate and bad bodies", (path, action) => {
  it("401 anonymous, 403 customer", async () => {
    const customer = await registerUser();
    expect((await bulk(path, undefined, { ids: ["x"], action })).status).toBe(401);
    expect((await bulk(path, customer.accessToken, { ids: ["x"], action })).status).toBe(403);
  });

  it.each([
    ["no ids", { ids: [], action }],
    ["101 ids", { ids: Array.from({ length: 101 }, (_, i) => `id_${i}`), action }],
    ["a repeated id", { ids: ["a", "a"], action }],
    ["an unknown action", { ids: ["a"], action: "explode" }],
    ["an unknown key", { ids: ["a"], action, extra: true }],
    ["ids that are not strings", { ids: [1], action }],
  ])("400 for %s", async (_, body) => {
    const admin = await createAdmin();
    const response = await bulk(path, admin.accessToken, body);
    expect(response.status).toBe(400);
    expect((await problemOf(response)).code).toBe("validation_failed");
  });
});

describe("POST /products/bulk", () => {
  it("deactivates and reactivates each product, reporting unknown ids, auditing each change", async () => {
    const admin = await createAdmin();
    const first = await createProduct();
    const second = await createProduct();
    const response = await bulk("/products/bulk", admin.accessToken, { ids: [first.productId, "prd_missing", second.productId], action: "deactivate" });
    expect(response.status).toBe(200);
    const body = (await response.json()) as BulkResult;
    expect(body).toMatchObject({ succeeded: 2, failed: 1 });
    expect(body.results).toEqual([
      { id: first.productId, ok: true },
      { id: "prd_missing", ok: false, problem: expect.objectContaining({ status: 404, code: "not_found" }) },
      { id: second.productId, ok: true },
    ]);
    expect([await isActive(first.productId), await isActive(second.productId)]).toEqual([false, false]);
    expect(await auditActions(first.productId)).toEqual(["product.deactivated"]);

    // Already deactivated: left alone, no second entry.
    await bulk("/products/bulk", admin.accessToken, { ids: [first.productId], action: "deactivate" });
    expect(await auditActions(first.productId)).toEqual(["product.deactivated"]);

    const back = (await (await bulk("/products/bulk", admin.accessToken, { ids: [first.productId], action: "reactivate" })).json()) as BulkResult;
    expect(back.succeeded).toBe(1);
    expect(await isActive(first.productId)).toBe(true);
    expect(await auditActions(first.productId)).toEqual(["product.deactivated", "product.reactivated"]);
  });
});

describe("POST /reviews/bulk", () => {
  async function reviewOf(productId: string, rating: number): Promise<string> {
    const author = await registerUser();
    const response = await api(`/products/${productId}/reviews`, { method: "POST", token: author.accessToken, json: { rating, body: "Fine." } });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }
  const ratingOf = (productId: string) =>
    env.DB.prepare("SELECT rating_count AS n FROM products WHERE id = ?").bind(productId).first<{ n: number }>().then((row) => row?.n);

  it("hides, unhides and deletes each review through the single moderation path", async () => {
    const admin = await createAdmin();
    const { productId } = await createProduct();
    const a = await reviewOf(productId, 5);
    const b = await reviewOf(productId, 2);
    expect(await ratingOf(productId)).toBe(2);

    const hidden = (await (await bulk("/reviews/bulk", admin.accessToken, { ids: [a, "rev_missing", b], action: "hide" })).json()) as BulkResult;
    expect(hidden.results.map((result) => [result.id, result.ok, result.problem?.status])).toEqual([
      [a, true, undefined],
      ["rev_missing", false, 404],
      [b, true, undefined],
    ]);
    expect(await ratingOf(productId)).toBe(0);
    expect(await auditActions(a)).toEqual(["review.hidden"]);

    await bulk("/reviews/bulk", admin.accessToken, { ids: [a], action: "unhide" });
    expect(await ratingOf(productId)).toBe(1);

    const deleted = (await (await bulk("/reviews/bulk", admin.accessToken, { ids: [a, b], action: "delete" })).json()) as BulkResult;
    expect(deleted).toMatchObject({ succeeded: 2, failed: 0 });
    expect(await env.DB.prepare("SELECT count(*) AS n FROM reviews WHERE id IN (?, ?)").bind(a, b).first<{ n: number }>()).toEqual({ n: 0 });
    expect(await ratingOf(productId)).toBe(0);
    expect(await auditActions(b)).toEqual(["review.hidden", "review.deleted"]);
  });
});

describe("POST /orders/bulk", () => {
  it("moves each order through the lifecycle, and one the lifecycle refuses stays as it was", async () => {
    const admin = await createAdmin();
    const { order: first } = await paidOrder();
    const { order: second } = await paidOrder();

    const moved = (await (await bulk("/orders/bulk", admin.accessToken, { ids: [first.id, "ord_missing"], action: "processing" })).json()) as BulkResult;
    expect(moved.results).toEqual([
      { id: first.id, ok: true },
      { id: "ord_missing", ok: false, problem: expect.objectContaining({ status: 404 }) },
    ]);
    expect((await orderRow(first.id))?.status).toBe("processing");
    const before = await orderRow(first.id);

    // Processing again is not a move the state machine allows: refused for that order alone.
    const mixed = (await (await bulk("/orders/bulk", admin.accessToken, { ids: [first.id, second.id], action: "processing" })).json()) as BulkResult;
    expect(mixed).toMatchObject({ succeeded: 1, failed: 1 });
    expect(mixed.results[0]).toEqual({ id: first.id, ok: false, problem: expect.objectContaining({ status: 409, code: "invalid_transition", detail: expect.stringContaining("processing") }) });
    expect(mixed.results[1]).toEqual({ id: second.id, ok: true });
    expect(await orderRow(first.id)).toEqual(before);
    expect((await orderRow(second.id))?.status).toBe("processing");

    // Delivered only follows shipped.
    const early = (await (await bulk("/orders/bulk", admin.accessToken, { ids: [second.id], action: "delivered" })).json()) as BulkResult;
    expect(early.results[0]).toMatchObject({ ok: false, problem: { status: 409 } });
    expect((await orderRow(second.id))?.status).toBe("processing");
    expect(await auditActions(second.id)).toEqual(["order.status_changed"]);
  });

  it("cancels as the single cancel does: refunded and audited", async () => {
    const admin = await createAdmin();
    const { shopper, order } = await paidOrder();
    const cancelled = (await (await bulk("/orders/bulk", admin.accessToken, { ids: [order.id], action: "cancel" })).json()) as BulkResult;
    expect(cancelled.succeeded).toBe(1);
    const after = await waitForOrder(shopper, order.id, (o) => o.status === "cancelled");
    expect(after.status).toBe("cancelled");
    expect(await auditActions(order.id)).toContain("order.cancelled");
  });
});

describe("GET /inventory (the stock list)", () => {
  it("searches by SKU prefix or product name in either case, pages, and reads stock from the Inventory objects", async () => {
    const admin = await createAdmin();
    const word = `Zebra${Date.now().toString(36)}`;
    const product = await createProduct({
      name: `Striped ${word} scarf`,
      variants: [{ sku: `${word.toUpperCase()}-A`, onHand: 4 }, { sku: `${word.toUpperCase()}-B`, onHand: 0 }, { sku: `${word.toUpperCase()}-C`, onHand: 9 }],
    });
    const byName = (await (await api(`/inventory?q=${word.toLowerCase()}`, { token: admin.accessToken })).json()) as StockList;
    expect(byName.total).toBe(3);
    expect(byName.items.map((item) => item.sku)).toEqual(product.skus);
    expect(byName.items[0]).toMatchObject({ productId: product.productId, productName: `Striped ${word} scarf`, variantTitle: "Default", onHand: 4, reserved: 0, available: 4, isActive: true });

    const bySku = (await (await api(`/inventory?q=${encodeURIComponent(`${word.toLowerCase()}-b`)}`, { token: admin.accessToken })).json()) as StockList;
    expect(bySku.items.map((item) => item.sku)).toEqual([product.skus[1]]);
    // A prefix, not a substring: the middle of a SKU finds nothing.
    const middle = (await (await api(`/inventory?q=${word.slice(2).toUpperCase()}-`, { token: admin.accessToken })).json()) as StockList;
    expect(middle.total).toBe(0);

    const second = (await (await api(`/inventory?q=${word}&limit=2&page=2`, { token: admin.accessToken })).json()) as StockList;
    expect(second).toMatchObject({ page: 2, limit: 2, total: 3 });
    expect(second.items.map((item) => item.sku)).toEqual([product.skus[2]]);
  });

  it("takes a search longer than LIKE's 50-byte limit", async () => {
    const admin = await createAdmin();
    const long = "ü".repeat(40);
    const response = await api(`/inventory?q=${encodeURIComponent(long)}`, { token: admin.accessToken });
    expect(response.status).toBe(200);
    expect(((await response.json()) as StockList).total).toBe(0);
  });

  it("is for admins only, and refuses bad parameters", async () => {
    const customer = await registerUser();
    const admin = await createAdmin();
    expect((await api("/inventory")).status).toBe(401);
    expect((await api("/inventory", { token: customer.accessToken })).status).toBe(403);
    for (const query of ["page=0", "limit=101", "limit=abc", `q=${"x".repeat(101)}`, "sort=name"]) {
      const response = await api(`/inventory?${query}`, { token: admin.accessToken });
      expect(response.status, query).toBe(400);
    }
  });
});

describe("GET /admin/audit-log, readable", () => {
  it("names the actor and the record, and keeps a price change's before and after", async () => {
    const admin = await createAdmin();
    const product = await createProduct({ name: "Readable audit tee", variants: [{ priceCents: 2000 }] });
    const sku = product.skus[0]!;
    const patched = await api(`/products/${product.productId}/variants/${sku}`, { method: "PATCH", token: admin.accessToken, json: { priceCents: 2500 } });
    expect(patched.status).toBe(200);
    const renamed = await api(`/products/${product.productId}`, { method: "PATCH", token: admin.accessToken, json: { name: "Readable audit tee II", description: "Longer words." } });
    expect(renamed.status).toBe(200);

    const page = (await (await api(`/admin/audit-log?entityType=product&entityId=${product.productId}`, { token: admin.accessToken })).json()) as AuditPage;
    const [rename, price] = page.items;
    expect(price).toMatchObject({
      action: "product.variant_updated",
      actorEmail: admin.user.email,
      actorName: admin.user.name,
      entityName: "Readable audit tee II",
      details: expect.objectContaining({ sku, currency: "USD", changes: { priceCents: { from: 2000, to: 2500 } } }),
    });
    // The long text is named as changed, not copied into the log.
    expect(rename?.details).toMatchObject({ fields: ["name", "description"], changes: { name: { from: "Readable audit tee", to: "Readable audit tee II" } } });

    const filtered = (await (await api(`/admin/audit-log?action=product.variant_updated&entityId=${product.productId}`, { token: admin.accessToken })).json()) as AuditPage;
    expect(filtered.items.map((entry) => entry.action)).toEqual(["product.variant_updated"]);
  });

  it("names SKUs, orders and reviews with one query per type", async () => {
    const admin = await createAdmin();
    const product = await createProduct({ name: "Named stock", variants: [{ title: "Large", onHand: 1 }] });
    const sku = product.skus[0]!;
    expect((await api(`/inventory/${sku}`, { method: "PUT", token: admin.accessToken, json: { onHand: 6 } })).status).toBe(200);
    const stock = (await (await api(`/admin/audit-log?entityType=sku&entityId=${sku}`, { token: admin.accessToken })).json()) as AuditPage;
    expect(stock.items[0]).toMatchObject({ action: "inventory.set", entityName: "Named stock · Large", details: expect.objectContaining({ from: 1, to: 6 }) });

    const { order } = await paidOrder();
    await bulk("/orders/bulk", admin.accessToken, { ids: [order.id], action: "processing" });
    const orders = (await (await api(`/admin/audit-log?entityType=order&entityId=${order.id}`, { token: admin.accessToken })).json()) as AuditPage;
    expect(orders.items[0]).toMatchObject({ action: "order.status_changed", entityName: order.number });
  });
});
