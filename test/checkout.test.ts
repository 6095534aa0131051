import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, problemOf, registerUser } from "./helpers";
import { createProduct, createSku } from "./factories/stock";
import { addToCart, checkout, getOrder, outboxFor, stockOf, waitForOrder, type OrderJson } from "./checkout-helpers";

describe("POST /orders: the happy path", () => {
  it("answers 202 at once with a pending order, then the queue makes it paid", async () => {
    const sku = await createSku(5, 2_500);
    const shopper = await registerUser();
    await addToCart(shopper, sku, 2);
    const started = Date.now();
    const response = await checkout(shopper, { token: "tok_visa" });
    const elapsed = Date.now() - started;
    expect(response.status).toBe(202);
    const { order } = (await response.json()) as { order: OrderJson };
    expect(order).toMatchObject({ status: "pending", paymentStatus: "pending", subtotalCents: 5_000, shippingCents: 599 });
    expect(order.number).toMatch(/^ORD-[0-9A-Z]{6}$/);
    expect(response.headers.get("location")).toBe(`/api/v1/orders/${order.id}`);
    // Reserved, not yet sold; the cart is empty.
    expect(await stockOf(sku)).toMatchObject({ onHand: 5, reserved: 2, available: 3 });
    const cart = (await (await api("/cart", { token: shopper.accessToken })).json()) as { items: unknown[] };
    expect(cart.items).toHaveLength(0);
    expect(elapsed).toBeLessThan(5_000);

    const paid = await waitForOrder(shopper, order.id, (o) => o.status === "paid");
    expect(paid.paymentStatus).toBe("succeeded");
    expect(paid.payments[0]).toMatchObject({ status: "succeeded" });
    expect(paid.history.map((entry) => entry.status)).toEqual(["pending", "paid"]);
    expect(await stockOf(sku)).toMatchObject({ onHand: 3, reserved: 0, available: 3 });

    const emails = await outboxFor(`payment_succeeded:${order.payments[0]!.id}`);
    expect(emails).toHaveLength(1);
    const notifications = (await (await api("/notifications", { token: shopper.accessToken })).json()) as { items: { type: string }[]; unreadCount: number };
    expect(notifications.items.map((n) => n.type).sort()).toEqual(["order_placed", "payment_succeeded"]);
    expect(notifications.unreadCount).toBe(2);
  });

  it("answers with the order as stored, though it is built from the rows the batch wrote rather than read back", async () => {
    const a = await createSku(5, 1_250);
    const b = await createSku(5, 800);
    const shopper = await registerUser();
    await addToCart(shopper, b, 1);
    await addToCart(shopper, a, 2);
    const response = await checkout(shopper, { token: "tok_visa" });
    expect(response.status).toBe(202);
    const { order: placed } = (await response.json()) as { order: OrderJson & Record<string, unknown> };
    const stored = (await getOrder(shopper, placed.id)) as OrderJson & Record<string, unknown>;
    // The charge may have landed meanwhile: only what it changes may differ.
    const { status: _status, paymentStatus: _paymentStatus, payments, history, updatedAt: _updatedAt, ...fixed } = placed;
    expect(stored).toMatchObject(fixed);
    expect(placed.items.map((item) => item.sku)).toEqual([a, b].sort());
    expect(history[0]).toEqual(stored.history[0]);
    const { status: _paymentState, updatedAt: _paymentUpdated, refundableCents: _refundable, ...payment } = payments[0]! as unknown as Record<string, unknown>;
    expect(stored.payments[0]).toMatchObject(payment);
  });

  it("declines tok_chargeDeclined: payment_failed, stock released, shopper told", async () => {
    const sku = await createSku(3);
    const shopper = await registerUser();
    await addToCart(shopper, sku, 3);
    const { order } = (await (await checkout(shopper, { token: "tok_chargeDeclined" })).json()) as { order: OrderJson };
    const failed = await waitForOrder(shopper, order.id, (o) => o.status === "payment_failed");
    expect(failed.paymentStatus).toBe("failed");
    expect(failed.payments[0]!.status).toBe("failed");
    expect(await stockOf(sku)).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
    expect(await outboxFor(`payment_failed:${order.payments[0]!.id}`)).toHaveLength(1);
  });
});

describe("POST /orders: idempotency", () => {
  it("returns the same order for the same key and body, 422 for another body", async () => {
    const sku = await createSku(10);
    const shopper = await registerUser();
    await addToCart(shopper, sku, 1);
    const key = "replay-key-0001";
    const first = await checkout(shopper, { key, token: "tok_visa" });
    expect(first.status).toBe(202);
    const again = await checkout(shopper, { key, token: "tok_visa" });
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const a = ((await first.json()) as { order: OrderJson }).order;
    const b = ((await again.json()) as { order: OrderJson }).order;
    expect(b.id).toBe(a.id);
    const other = await checkout(shopper, { key, token: "tok_chargeDeclined" });
    expect(other.status).toBe(422);
    expect((await problemOf(other)).code).toBe("idempotency_mismatch");
    const { n } = (await env.DB.prepare("SELECT count(*) AS n FROM orders WHERE user_id = ?").bind(shopper.user.id).first<{ n: number }>())!;
    expect(n).toBe(1);
    expect((await stockOf(sku)).onHand + 0).toBeGreaterThanOrEqual(9);
  });

  it("lets one key serve one user only: another user's identical key is their own", async () => {
    const sku = await createSku(10);
    const [one, two] = [await registerUser(), await registerUser()];
    await addToCart(one, sku);
    await addToCart(two, sku);
    const a = await checkout(one, { key: "shared-key-123" });
    const b = await checkout(two, { key: "shared-key-123" });
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(((await a.json()) as { order: OrderJson }).order.id).not.toBe(((await b.json()) as { order: OrderJson }).order.id);
  });
});

describe("POST /orders: bad input changes nothing", () => {
  it.each([
    ["a missing Idempotency-Key", undefined, 400],
    ["a short Idempotency-Key", "short", 400],
    ["an Idempotency-Key with spaces", "has some spaces", 400],
  ])("refuses %s", async (_label, key, status) => {
    const sku = await createSku(5);
    const shopper = await registerUser();
    await addToCart(shopper, sku);
    const headers: Record<string, string> = key ? { "idempotency-key": key } : {};
    const response = await api("/orders", { method: "POST", token: shopper.accessToken, headers, json: { shippingAddress: { name: "A", line1: "B", city: "C", postalCode: "12345", country: "US" }, payment: { method: "card" } } });
    expect(response.status).toBe(status);
    expect(await stockOf(sku)).toMatchObject({ reserved: 0 });
  });

  it.each([
    ["an unknown country", { country: "XX" }, "shippingAddress.country"],
    ["a country we don't ship to", { country: "BR" }, "shippingAddress.country"],
    ["a missing city", { city: "" }, "shippingAddress.city"],
    ["a bad postal code", { postalCode: "<script>" }, "shippingAddress.postalCode"],
    ["an unknown field", { giftWrap: true }, "shippingAddress"],
  ])("refuses %s", async (_label, change, path) => {
    const sku = await createSku(5);
    const shopper = await registerUser();
    await addToCart(shopper, sku);
    const response = await checkout(shopper, { body: { shippingAddress: { name: "Ada", line1: "1 Road", city: "Town", postalCode: "12345", country: "US", ...change }, payment: { method: "card" } } });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.map((e) => e.path).join(" ")).toContain(path);
    expect(await stockOf(sku)).toMatchObject({ reserved: 0 });
  });

  it("refuses a forged token format and a non-card method", async () => {
    const shopper = await registerUser();
    expect((await checkout(shopper, { body: { shippingAddress: { name: "A", line1: "B", city: "C", postalCode: "12345", country: "US" }, payment: { method: "card", token: "'; DROP TABLE orders" } } })).status).toBe(400);
    expect((await checkout(shopper, { body: { shippingAddress: { name: "A", line1: "B", city: "C", postalCode: "12345", country: "US" }, payment: { method: "cash" } } })).status).toBe(400);
  });

  it("409 for an empty cart", async () => {
    const shopper = await registerUser();
    const response = await checkout(shopper);
    expect(response.status).toBe(409);
    expect((await problemOf(response)).detail).toMatch(/empty/);
  });

  it("409 with the SKU when a product was deactivated or its price changed, nothing reserved", async () => {
    const gone = await createProduct({ variants: [{ onHand: 5, priceCents: 1_000 }] });
    const repriced = await createProduct({ variants: [{ onHand: 5, priceCents: 2_000 }] });
    const shopper = await registerUser();
    await addToCart(shopper, gone.skus[0]!);
    await addToCart(shopper, repriced.skus[0]!);
    await env.DB.prepare("UPDATE products SET is_active = 0 WHERE id = ?").bind(gone.productId).run();
    await env.DB.prepare("UPDATE product_variants SET price_cents = 2500 WHERE sku = ?").bind(repriced.skus[0]).run();
    const response = await checkout(shopper);
    expect(response.status).toBe(409);
    const problem = await problemOf(response);
    expect(problem.errors?.map((e) => e.path).sort()).toEqual([gone.skus[0], repriced.skus[0]].sort());
    expect(await stockOf(repriced.skus[0]!)).toMatchObject({ reserved: 0 });
    // The cart is untouched, so the shopper can review it.
    const cart = (await (await api("/cart", { token: shopper.accessToken })).json()) as { items: unknown[] };
    expect(cart.items).toHaveLength(2);
  });

  it("409 insufficient_stock naming the SKU, releasing what it had reserved", async () => {
    const plenty = await createSku(10);
    const scarce = await createSku(2);
    const shopper = await registerUser();
    await addToCart(shopper, plenty, 3);
    await addToCart(shopper, scarce, 2);
    // Someone else takes one of the scarce units first.
    await env.INVENTORY.getByName(scarce).reserve("someone-else", 1, 600);
    const response = await checkout(shopper);
    expect(response.status).toBe(409);
    const problem = await problemOf(response);
    expect(problem.code).toBe("insufficient_stock");
    expect(problem.errors?.[0]?.path).toBe(scarce);
    expect(await stockOf(plenty)).toMatchObject({ reserved: 0, available: 10 });
  });

  it("404s another user's order and payment", async () => {
    const sku = await createSku(5);
    const owner = await registerUser();
    const stranger = await registerUser();
    await addToCart(owner, sku);
    const { order } = (await (await checkout(owner, { token: "tok_visa" })).json()) as { order: OrderJson };
    expect((await api(`/orders/${order.id}`, { token: stranger.accessToken })).status).toBe(404);
    expect((await api(`/orders/${order.id}/cancel`, { method: "POST", token: stranger.accessToken })).status).toBe(404);
    expect((await api(`/payments/${order.payments[0]!.id}`, { token: stranger.accessToken })).status).toBe(404);
    expect((await api(`/orders/${order.id}`)).status).toBe(401);
    const list = (await (await api("/orders", { token: stranger.accessToken })).json()) as { total: number };
    expect(list.total).toBe(0);
  });
});

describe("30 shoppers, the last 10 units", () => {
  it("sells exactly 10, all paid, none oversold", async () => {
    const sku = await createSku(10, 1_500);
    const shoppers = await Promise.all(Array.from({ length: 30 }, () => registerUser()));
    for (const shopper of shoppers) await addToCart(shopper, sku, 1);
    const responses = await Promise.all(shoppers.map((shopper) => checkout(shopper, { token: "tok_visa" })));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 202)).toHaveLength(10);
    expect(statuses.filter((status) => status === 409)).toHaveLength(20);
    const placed = await Promise.all(
      responses.map(async (response, i) => (response.status === 202 ? { shopper: shoppers[i]!, order: ((await response.json()) as { order: OrderJson }).order } : null)),
    );
    const orders = placed.filter((entry) => entry !== null);
    const settled = await Promise.all(orders.map(({ shopper, order }) => waitForOrder(shopper, order.id, (o) => o.status === "paid", 20_000)));
    expect(settled.every((order) => order.status === "paid")).toBe(true);
    expect(await stockOf(sku)).toMatchObject({ onHand: 0, reserved: 0, available: 0 });
  });
});

describe("order lifecycle", () => {
  it("moves through the state machine by admin, refuses illegal moves, and emails tracking", async () => {
    const { createAdmin } = await import("./helpers");
    const admin = await createAdmin();
    const sku = await createSku(5);
    const shopper = await registerUser();
    await addToCart(shopper, sku);
    const { order } = (await (await checkout(shopper, { token: "tok_visa" })).json()) as { order: OrderJson };
    await waitForOrder(shopper, order.id, (o) => o.status === "paid");
    const move = (json: unknown, token = admin.accessToken) => api(`/orders/${order.id}/status`, { method: "PUT", token, json });
    expect((await move({ status: "processing" }, shopper.accessToken)).status).toBe(403);
    expect((await move({ status: "delivered" })).status).toBe(409);
    expect((await move({ status: "processing" })).status).toBe(200);
    expect((await move({ status: "shipped", carrier: "UPS" })).status).toBe(400);
    expect((await move({ status: "cancelled" })).status).toBe(400);
    const shipped = await move({ status: "shipped", carrier: "UPS", trackingNumber: "1Z999AA10123456784" });
    expect(shipped.status).toBe(200);
    expect(await shipped.json()).toMatchObject({ status: "shipped", carrier: "UPS", trackingNumber: "1Z999AA10123456784" });
    expect((await api(`/orders/${order.id}/cancel`, { method: "POST", token: shopper.accessToken })).status).toBe(409);
    expect((await move({ status: "delivered" })).status).toBe(200);
    const final = await getOrder(shopper, order.id);
    expect(final.history.map((h) => h.status)).toEqual(["pending", "paid", "processing", "shipped", "delivered"]);
    const shippedEmail = await env.DB.prepare("SELECT text FROM email_outbox WHERE dedupe_key = ?").bind(`order_shipped:${order.id}`).first<{ text: string }>();
    expect(shippedEmail?.text).toContain("1Z999AA10123456784");
    const audit = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE entity_id = ? AND action = 'order.status_changed'").bind(order.id).first<{ n: number }>();
    expect(audit?.n).toBe(3);
  });

  it("cancels a paid order: refunded in full, stock back on the shelf", async () => {
    const sku = await createSku(4, 3_000);
    const shopper = await registerUser();
    await addToCart(shopper, sku, 2);
    const { order } = (await (await checkout(shopper, { token: "tok_visa" })).json()) as { order: OrderJson };
    await waitForOrder(shopper, order.id, (o) => o.status === "paid");
    expect(await stockOf(sku)).toMatchObject({ onHand: 2 });
    const response = await api(`/orders/${order.id}/cancel`, { method: "POST", token: shopper.accessToken });
    expect(response.status).toBe(200);
    const refunded = await waitForOrder(shopper, order.id, (o) => o.paymentStatus === "refunded");
    expect(refunded.status).toBe("cancelled");
    expect(refunded.refundedCents).toBe(refunded.totalCents);
    expect(await stockOf(sku)).toMatchObject({ onHand: 4, reserved: 0 });
    expect(await outboxFor(`order_cancelled:${order.id}`)).toHaveLength(1);
    // Cancelling again is an illegal transition.
    expect((await api(`/orders/${order.id}/cancel`, { method: "POST", token: shopper.accessToken })).status).toBe(409);
  });

  it("cancels a pending order: reservation released, nothing charged", async () => {
    const sku = await createSku(4);
    const shopper = await registerUser();
    await addToCart(shopper, sku, 1);
    const placed = (await (await checkout(shopper, { token: "tok_visa" })).json()) as { order: OrderJson };
    const response = await api(`/orders/${placed.order.id}/cancel`, { method: "POST", token: shopper.accessToken });
    // The payment may have landed first (then this is a cancel of a paid order): both are valid.
    expect(response.status).toBe(200);
    const settled = await waitForOrder(shopper, placed.order.id, (o) => o.status === "cancelled" && o.paymentStatus !== "succeeded" && o.paymentStatus !== "pending");
    expect(["failed", "refunded"]).toContain(settled.paymentStatus);
    const stock = await stockOf(sku);
    expect(stock).toMatchObject({ onHand: 4, reserved: 0 });
  });
});
