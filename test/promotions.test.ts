/**
 * Promotions and shipping methods through the API: admin CRUD, the cart's code, the methods
 * list, checkout's totals and method choice, the uses a code keeps or gives back with the
 * order's lifecycle, and a race of many shoppers for a code's last uses.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../workers/factory";
import { appConfig } from "../workers/env";
import { placeOrder } from "../workers/orders";
import { cartOf as cartObject } from "../workers/lib/cart";
import type { z } from "@hono/zod-openapi";
import type { cartSchema } from "../workers/domain/schemas/cart";
import type { promotionDetailSchema } from "../workers/domain/schemas/promotions";
import type { shippingQuoteListSchema, shippingZoneSchema } from "../workers/domain/schemas/shipping";
import { ADDRESS, addToCart, checkout, idempotencyKey, stockOf, waitForOrder } from "./checkout-helpers";
import { api, createAdmin, problemOf, registerUser, type TestSession } from "./helpers";
import { createSku } from "./factories/stock";

type Cart = z.infer<typeof cartSchema>;
type PromotionDetail = z.infer<typeof promotionDetailSchema>;

let counter = 0;
const uniqueCode = (prefix = "SAVE") => `${prefix}${Date.now().toString(36).toUpperCase()}${(counter++).toString(36).toUpperCase()}`;

let adminSession: Promise<TestSession> | null = null;
const admin = () => (adminSession ??= createAdmin());

async function createPromotion(body: Record<string, unknown>): Promise<PromotionDetail> {
  const response = await api("/admin/promotions", { method: "POST", token: (await admin()).accessToken, json: body });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as PromotionDetail;
}

async function cartOf(session: TestSession): Promise<Cart> {
  return (await (await api("/cart", { token: session.accessToken })).json()) as Cart;
}

const applyCode = (session: TestSession, code: string) => api("/cart/discount", { method: "POST", token: session.accessToken, json: { code } });

describe("admin promotions", () => {
  it("creates, reads, edits and deactivates a promotion, with its redemptions", async () => {
    const code = uniqueCode();
    const created = await createPromotion({ name: "Ten off", code: code.toLowerCase(), kind: "percent", value: 10 });
    expect(created).toMatchObject({ name: "Ten off", code, kind: "percent", value: 10, active: true, exclusive: false, redemptions: [], usedCount: 0 });
    const token = (await admin()).accessToken;
    const patched = await api(`/admin/promotions/${created.id}`, { method: "PATCH", token, json: { value: 15, usageLimit: 5 } });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ value: 15, usageLimit: 5 });
    expect((await api(`/admin/promotions/${created.id}`, { method: "DELETE", token })).status).toBe(204);
    const read = (await (await api(`/admin/promotions/${created.id}`, { token })).json()) as PromotionDetail;
    expect(read.active).toBe(false);
    const list = (await (await api("/admin/promotions", { token })).json()) as { items: { id: string }[] };
    expect(list.items.some((item) => item.id === created.id)).toBe(true);
  });

  it("refuses a duplicate code (409) and incomplete promotions (400), changing nothing", async () => {
    const token = (await admin()).accessToken;
    const code = uniqueCode();
    await createPromotion({ name: "First", code, kind: "fixed", value: 500 });
    const duplicate = await api("/admin/promotions", { method: "POST", token, json: { name: "Second", code: code.toLowerCase(), kind: "fixed", value: 100 } });
    expect(duplicate.status).toBe(409);
    for (const body of [
      { name: "No value", kind: "percent" },
      { name: "Too much", kind: "percent", value: 101 },
      { name: "No quantities", kind: "buy_x_get_y" },
      { name: "Backwards", kind: "fixed", value: 1, startsAt: "2027-01-02T00:00:00Z", endsAt: "2027-01-01T00:00:00Z" },
      { name: "Unknown field", kind: "fixed", value: 1, role: "admin" },
      { name: "Bad code", kind: "fixed", value: 1, code: "no spaces please" },
    ]) {
      const response = await api("/admin/promotions", { method: "POST", token, json: body });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
  });

  it("is for admins only", async () => {
    const shopper = await registerUser();
    expect((await api("/admin/promotions")).status).toBe(401);
    expect((await api("/admin/promotions", { token: shopper.accessToken })).status).toBe(403);
    expect((await api("/admin/shipping-zones", { token: shopper.accessToken })).status).toBe(403);
  });
});

describe("the cart's discount code", () => {
  it("applies a code: the cart names the discount, splits it over the lines and removes it on request", async () => {
    const a = await createSku(10, 3_000);
    const b = await createSku(10, 1_000);
    const code = uniqueCode();
    const promotion = await createPromotion({ name: "Quarter off", code, kind: "percent", value: 25 });
    const shopper = await registerUser();
    await addToCart(shopper, a, 1);
    await addToCart(shopper, b, 1);
    const applied = await applyCode(shopper, code.toLowerCase());
    expect(applied.status, await applied.clone().text()).toBe(200);
    const cart = (await applied.json()) as Cart;
    expect(cart.discountCode).toBe(code);
    expect(cart.discounts).toEqual([{ promotionId: promotion.id, name: "Quarter off", code, amountCents: 1_000 }]);
    expect(cart.discountCents).toBe(1_000);
    expect(cart.items.reduce((sum, item) => sum + item.discountCents, 0)).toBe(1_000);
    // 4000 − 1000 = 3000 < 7500 for the default Standard method
    expect(cart.freeShippingRemainingCents).toBe(4_500);
    const removed = (await (await api("/cart/discount", { method: "DELETE", token: shopper.accessToken })).json()) as Cart;
    expect(removed).toMatchObject({ discountCode: null, discountCents: 0, discounts: [] });
  });

  it.each([
    ["unknown", {}, "not valid"],
    ["expired", { endsAt: "2020-01-01T00:00:00Z" }, "expired"],
    ["not yet valid", { startsAt: "2099-01-01T00:00:00Z" }, "not valid yet"],
    ["inactive", { active: false }, "no longer active"],
  ])("refuses a code that is %s with 409 and the reason, leaving the cart as it was", async (label, overrides, reason) => {
    const code = uniqueCode();
    if (label !== "unknown") await createPromotion({ name: label, code, kind: "fixed", value: 100, ...overrides });
    const shopper = await registerUser();
    await addToCart(shopper, await createSku(5, 2_000), 1);
    const response = await applyCode(shopper, code);
    expect(response.status).toBe(409);
    expect((await problemOf(response)).detail).toContain(reason);
    expect((await cartOf(shopper)).discountCode).toBeNull();
  });

  it("refuses a code whose uses are all taken", async () => {
    const code = uniqueCode();
    const promotion = await createPromotion({ name: "Once", code, kind: "fixed", value: 100, usageLimit: 1 });
    await env.PROMOTION_USAGE.getByName(promotion.id).commit("ord_elsewhere");
    const shopper = await registerUser();
    await addToCart(shopper, await createSku(5, 2_000), 1);
    const response = await applyCode(shopper, code);
    expect(response.status).toBe(409);
    expect((await problemOf(response)).detail).toContain("used up");
  });

  it("rejects a malformed body with 400", async () => {
    const shopper = await registerUser();
    for (const json of [{}, { code: "" }, { code: "x".repeat(41) }, { code: "OK", extra: 1 }]) {
      expect((await api("/cart/discount", { method: "POST", token: shopper.accessToken, json })).status).toBe(400);
    }
  });
});

describe("shipping zones and methods", () => {
  it("lists a zone's methods for a country, priced for the caller's cart after its discounts", async () => {
    const token = (await admin()).accessToken;
    const response = await api("/admin/shipping-zones", {
      method: "POST",
      token,
      json: {
        name: "Nowhere test zone",
        countries: ["AQ"],
        methods: [
          { name: "Standard", rate: { kind: "flat", amountCents: 500 }, freeOverCents: 5_000, minDays: 5, maxDays: 9 },
          { name: "Express", rate: { kind: "subtotal_bands", bands: [{ minSubtotalCents: 0, amountCents: 2_000 }, { minSubtotalCents: 10_000, amountCents: 1_000 }] }, minDays: 1, maxDays: 2 },
        ],
      },
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const zone = (await response.json()) as z.infer<typeof shippingZoneSchema>;
    const anonymous = (await (await api("/shipping/methods?country=aq")).json()) as z.infer<typeof shippingQuoteListSchema>;
    expect(anonymous.items.map((item) => [item.name, item.amountCents])).toEqual([
      ["Standard", 500],
      ["Express", 2_000],
    ]);
    const shopper = await registerUser();
    await addToCart(shopper, await createSku(5, 6_000), 2);
    const priced = (await (await api("/shipping/methods?country=AQ", { token: shopper.accessToken })).json()) as z.infer<typeof shippingQuoteListSchema>;
    expect(priced.items.map((item) => [item.name, item.amountCents])).toEqual([
      ["Standard", 0],
      ["Express", 1_000],
    ]);
    expect((await (await api("/shipping/methods?country=BR")).json()) as unknown).toMatchObject({ items: [], tax: { inclusive: false, rateBps: 0 } });
    expect((await api("/shipping/methods?country=USA")).status).toBe(400);
    // A country already in a zone cannot join another.
    const clash = await api("/admin/shipping-zones", { method: "POST", token, json: { name: "Clash", countries: ["AQ"], methods: [{ name: "X", rate: { kind: "flat", amountCents: 1 } }] } });
    expect(clash.status).toBe(409);
    expect((await api(`/admin/shipping-zones/${zone.id}`, { method: "DELETE", token })).status).toBe(204);
    expect((await (await api("/shipping/methods?country=AQ")).json()) as unknown).toMatchObject({ items: [] });
  });
});

describe("checkout with promotions and shipping methods", () => {
  it("charges the discounted total with the chosen method and records the discounts on the order and its lines", async () => {
    const a = await createSku(10, 4_000);
    const b = await createSku(10, 1_000);
    const code = uniqueCode();
    const promotion = await createPromotion({ name: "Fixed five", code, kind: "fixed", value: 500 });
    const shopper = await registerUser();
    await addToCart(shopper, a, 1);
    await addToCart(shopper, b, 1);
    expect((await applyCode(shopper, code)).status).toBe(200);
    const response = await checkout(shopper, {
      body: { shippingAddress: { ...ADDRESS, country: "US" }, shippingMethodId: "shm_standard", payment: { method: "card", token: "tok_visa" } },
    });
    expect(response.status, await response.clone().text()).toBe(202);
    const { order } = (await response.json()) as { order: { id: string; subtotalCents: number; discountCents: number; shippingCents: number; taxCents: number; totalCents: number; discounts: unknown[]; shippingMethod: unknown; items: { discountCents: number }[] } };
    expect(order).toMatchObject({ subtotalCents: 5_000, discountCents: 500, shippingCents: 599, taxCents: 0, totalCents: 5_099 });
    expect(order.discounts).toEqual([{ promotionId: promotion.id, name: "Fixed five", code, amountCents: 500 }]);
    expect(order.shippingMethod).toEqual({ id: "shm_standard", name: "Standard" });
    expect(order.items.reduce((sum, item) => sum + item.discountCents, 0)).toBe(500);
    const paid = await waitForOrder(shopper, order.id, (current) => current.status === "paid");
    expect(paid.payments[0]).toMatchObject({ status: "succeeded" });
    const detail = (await (await api(`/admin/promotions/${promotion.id}`, { token: (await admin()).accessToken })).json()) as PromotionDetail;
    await expect.poll(async () => ((await (await api(`/admin/promotions/${promotion.id}`, { token: (await admin()).accessToken })).json()) as PromotionDetail).usedCount).toBe(1);
    expect(detail.redemptions[0]).toMatchObject({ orderId: order.id, amountCents: 500 });
    expect(await env.PROMOTION_USAGE.getByName(promotion.id).read()).toEqual({ used: 1, reserved: 0 });
    // The code went with the order.
    expect((await cartOf(shopper)).discountCode).toBeNull();
  });

  it("gives the use back when the card is declined", async () => {
    const code = uniqueCode();
    const promotion = await createPromotion({ name: "Declined", code, kind: "fixed", value: 100, usageLimit: 10 });
    const shopper = await registerUser();
    await addToCart(shopper, await createSku(5, 2_000), 1);
    expect((await applyCode(shopper, code)).status).toBe(200);
    const response = await checkout(shopper, { token: "tok_chargeDeclined" });
    expect(response.status).toBe(202);
    const { order } = (await response.json()) as { order: { id: string } };
    await waitForOrder(shopper, order.id, (current) => current.status === "payment_failed");
    await expect.poll(async () => env.PROMOTION_USAGE.getByName(promotion.id).read()).toEqual({ used: 0, reserved: 0 });
    const row = await env.DB.prepare("SELECT status FROM promotion_redemptions WHERE order_id = ?").bind(order.id).first<{ status: string }>();
    expect(row?.status).toBe("released");
  });

  it("refuses a method not offered for the address, and a country in no zone, with 409 and nothing reserved", async () => {
    const sku = await createSku(5, 2_000);
    const shopper = await registerUser();
    await addToCart(shopper, sku, 1);
    const wrong = await checkout(shopper, { body: { shippingAddress: ADDRESS, shippingMethodId: "shm_nope", payment: { method: "card", token: "tok_visa" } } });
    expect(wrong.status).toBe(409);
    expect((await problemOf(wrong)).detail).toContain("not offered");
    expect(await env.INVENTORY.getByName(sku).read()).toMatchObject({ reserved: 0 });
  });

  it("takes the zone's first method when a client names none", async () => {
    const shopper = await registerUser();
    await addToCart(shopper, await createSku(5, 2_000), 1);
    const response = await checkout(shopper, { token: "tok_visa" });
    expect(response.status).toBe(202);
    const { order } = (await response.json()) as { order: { shippingCents: number; shippingMethod: { name: string } } };
    expect(order.shippingCents).toBe(599);
    expect(order.shippingMethod.name).toBe("Standard");
  });
});

describe("per-customer limits", () => {
  it("counts a shopper's uses: an automatic promotion once per customer stops applying after their order, and the code form says so", async () => {
    const code = uniqueCode();
    const promotion = await createPromotion({ name: "Once each", code, kind: "fixed", value: 200, perCustomerLimit: 1 });
    const shopper = await registerUser();
    const sku = await createSku(10, 2_000);
    await addToCart(shopper, sku, 1);
    expect((await applyCode(shopper, code)).status).toBe(200);
    const placed = await checkout(shopper, { token: "tok_visa" });
    expect(placed.status).toBe(202);
    await addToCart(shopper, sku, 1);
    const again = await applyCode(shopper, code);
    expect(again.status).toBe(409);
    expect((await problemOf(again)).detail).toContain("already used");
    // Another shopper still gets it.
    const other = await registerUser();
    await addToCart(other, sku, 1);
    const theirs = (await (await applyCode(other, code)).json()) as Cart;
    expect(theirs.discounts.map((entry) => entry.promotionId)).toEqual([promotion.id]);
  });

  it("holds under contention: one shopper checking out five times at once uses a once-per-customer code once", async () => {
    const code = uniqueCode();
    await createPromotion({ name: "Once each, racing", code, kind: "fixed", value: 300, perCustomerLimit: 1 });
    const shopper = await registerUser();
    const sku = await createSku(20, 2_000);
    await addToCart(shopper, sku, 1);
    expect((await applyCode(shopper, code)).status).toBe(200);
    const responses = await Promise.all(Array.from({ length: 5 }, () => checkout(shopper, { token: "tok_visa" })));
    const placed = responses.filter((response) => response.status === 202);
    const refused = responses.filter((response) => response.status === 409);
    expect(placed.length + refused.length).toBe(5);
    const discounted = (await Promise.all(placed.map(async (response) => ((await response.json()) as { order: { discountCents: number } }).order))).filter(
      (order) => order.discountCents > 0,
    );
    expect(discounted).toHaveLength(1);
    // Every refused checkout gave its stock back; the placed ones sold theirs.
    await expect.poll(async () => (await stockOf(sku)).reserved, { timeout: 10_000 }).toBe(0);
    expect(await stockOf(sku)).toMatchObject({ onHand: 20 - placed.length });
  });

  it("stops showing an automatic once-per-customer promotion in the cart after the shopper's order", async () => {
    const automatic = await createPromotion({ name: "Welcome once", kind: "fixed", value: 150, perCustomerLimit: 1 });
    try {
      const shopper = await registerUser();
      const sku = await createSku(10, 2_000);
      await addToCart(shopper, sku, 1);
      expect((await cartOf(shopper)).discounts.map((entry) => entry.promotionId)).toContain(automatic.id);
      expect((await checkout(shopper, { token: "tok_visa" })).status).toBe(202);
      await addToCart(shopper, sku, 1);
      expect((await cartOf(shopper)).discounts.map((entry) => entry.promotionId)).not.toContain(automatic.id);
    } finally {
      await api(`/admin/promotions/${automatic.id}`, { method: "DELETE", token: (await admin()).accessToken });
    }
  });
});

describe("codes issued to one named customer", () => {
  const guestCart = async () => ((await (await api("/cart/guest", { method: "POST" })).json()) as { cartToken: string }).cartToken;
  const asGuest = (cartToken: string, path: string, init: Parameters<typeof api>[1] = {}) =>
    api(path, { ...init, headers: { ...init.headers, "x-cart-token": cartToken } });
  const guestCheckout = (cartToken: string, email: string) =>
    asGuest(cartToken, "/orders", { method: "POST", headers: { "idempotency-key": idempotencyKey() }, json: { email, shippingAddress: ADDRESS, payment: { method: "card", token: "tok_visa" } } });

  it("stores the customer's email lower-cased, edits and clears it, and refuses one that is not an email", async () => {
    const token = (await admin()).accessToken;
    const created = await createPromotion({ name: "For Ada", code: uniqueCode("ADA"), kind: "fixed", value: 500, customerEmail: "Ada@Example.com" });
    expect(created.customerEmail).toBe("ada@example.com");
    const bad = await api(`/admin/promotions/${created.id}`, { method: "PATCH", token, json: { customerEmail: "not an email" } });
    expect(bad.status).toBe(400);
    expect(((await (await api(`/admin/promotions/${created.id}`, { token })).json()) as PromotionDetail).customerEmail).toBe("ada@example.com");
    const cleared = await api(`/admin/promotions/${created.id}`, { method: "PATCH", token, json: { customerEmail: null } });
    expect(((await cleared.json()) as PromotionDetail).customerEmail).toBeNull();
  });

  it("is applied for the account it was issued to and refused to another shopper with 409, leaving their cart as it was", async () => {
    const ada = await registerUser();
    const code = uniqueCode("ADA");
    const promotion = await createPromotion({ name: "Sorry for the wait", code, kind: "fixed", value: 500, customerEmail: ada.user.email.toUpperCase() });
    const sku = await createSku(10, 3_000);
    const grace = await registerUser();
    await addToCart(grace, sku, 1);
    const refused = await applyCode(grace, code);
    expect(refused.status).toBe(409);
    expect((await problemOf(refused)).detail).toBe("This code belongs to another customer.");
    expect((await cartOf(grace)).discountCode).toBeNull();

    await addToCart(ada, sku, 1);
    expect((await applyCode(ada, code)).status).toBe(200);
    const placed = await checkout(ada, { token: "tok_visa" });
    expect(placed.status, await placed.clone().text()).toBe(202);
    const { order } = (await placed.json()) as { order: { discountCents: number; discounts: { promotionId: string }[] } };
    expect(order.discountCents).toBe(500);
    expect(order.discounts.map((entry) => entry.promotionId)).toEqual([promotion.id]);
  });

  it("lets a guest checking out with the customer's email use it, and refuses any other email at checkout with 409 and nothing held", async () => {
    const code = uniqueCode("GUEST");
    const email = `named.${code.toLowerCase()}@example.com`;
    await createPromotion({ name: "Just for you", code, kind: "percent", value: 10, customerEmail: email });
    const sku = await createSku(10, 2_000);
    const cartToken = await guestCart();
    expect((await asGuest(cartToken, "/cart/items", { method: "POST", json: { sku, quantity: 1 } })).status).toBe(200);
    // The guest's email is not known before checkout: the cart keeps the code.
    expect((await asGuest(cartToken, "/cart/discount", { method: "POST", json: { code } })).status).toBe(200);

    const ordersBefore = (await env.DB.prepare("SELECT count(*) AS n FROM orders").first<{ n: number }>())!.n;
    const wrong = await guestCheckout(cartToken, "someone.else@example.com");
    expect(wrong.status).toBe(409);
    const problem = await problemOf(wrong);
    expect(problem.detail).toContain("This code belongs to another customer.");
    expect((await env.DB.prepare("SELECT count(*) AS n FROM orders").first<{ n: number }>())!.n).toBe(ordersBefore);
    expect(await stockOf(sku)).toMatchObject({ reserved: 0 });

    const right = await guestCheckout(cartToken, email.toUpperCase());
    expect(right.status, await right.clone().text()).toBe(202);
    expect(((await right.json()) as { order: { discountCents: number } }).order.discountCents).toBe(200);
  });

  it("refuses at checkout a code re-issued to someone else after the shopper applied it", async () => {
    const shopper = await registerUser();
    const code = uniqueCode("MOVED");
    const promotion = await createPromotion({ name: "Moved", code, kind: "fixed", value: 300, customerEmail: shopper.user.email });
    await addToCart(shopper, await createSku(10, 2_000), 1);
    expect((await applyCode(shopper, code)).status).toBe(200);
    await api(`/admin/promotions/${promotion.id}`, { method: "PATCH", token: (await admin()).accessToken, json: { customerEmail: "someone.else@example.com" } });
    const response = await checkout(shopper, { token: "tok_visa" });
    expect(response.status).toBe(409);
    expect((await problemOf(response)).detail).toContain("belongs to another customer");
  });
});

describe("returns of a discounted order", () => {
  it("refunds what was paid for the line, its discount taken off, never the list price", async () => {
    const token = (await admin()).accessToken;
    const code = uniqueCode();
    await createPromotion({ name: "Five off", code, kind: "fixed", value: 500 });
    const sku = await createSku(5, 2_000);
    const shopper = await registerUser();
    await addToCart(shopper, sku, 2);
    expect((await applyCode(shopper, code)).status).toBe(200);
    const { order } = (await (await checkout(shopper, { token: "tok_visa" })).json()) as { order: { id: string; discountCents: number } };
    expect(order.discountCents).toBe(500);
    await waitForOrder(shopper, order.id, (current) => current.status === "paid");
    const move = (json: unknown) => api(`/orders/${order.id}/status`, { method: "PUT", token, json });
    expect((await move({ status: "processing" })).status).toBe(200);
    expect((await move({ status: "shipped", carrier: "UPS", trackingNumber: "1Z999AA1" })).status).toBe(200);
    expect((await move({ status: "delivered" })).status).toBe(200);
    const requested = await api(`/orders/${order.id}/returns`, { method: "POST", token: shopper.accessToken, json: { lines: [{ sku, quantity: 2, reason: "other" }] } });
    expect(requested.status, await requested.clone().text()).toBe(201);
    const { return: created } = (await requested.json()) as { return: { id: string } };
    expect((await api(`/admin/returns/${created.id}/approve`, { method: "POST", token })).status).toBe(200);
    const received = await api(`/admin/returns/${created.id}/receive`, { method: "POST", token, json: { lines: [{ sku, quantity: 2 }] } });
    expect(received.status, await received.clone().text()).toBe(200);
    // 2 × $20.00 − $5.00 paid for the goods, plus their 20 % GB tax; not $40.00 + tax.
    expect(((await received.json()) as { refundCents: number }).refundCents).toBe(3_500 + 700);
  });
});

describe("a code's last uses under contention", () => {
  it("gives exactly 50 orders the code when 200 shoppers race for its last 50 uses", async () => {
    const sku = await createSku(1_000, 2_000);
    const code = uniqueCode("RACE");
    const promotion = await createPromotion({ name: "Race", code, kind: "fixed", value: 300, usageLimit: 60 });
    // Ten uses already gone: 50 left.
    for (let i = 0; i < 10; i++) await env.PROMOTION_USAGE.getByName(promotion.id).commit(`ord_before_${i}`);
    const shoppers = Array.from({ length: 200 }, (_, i) => `usr_race_${promotion.id}_${i}`);
    await env.DB.batch(
      shoppers.map((id) =>
        env.DB.prepare("INSERT INTO users (id, email, name, password_hash) VALUES (?, ?, 'Racer', 'x')").bind(id, `${id}@example.test`),
      ),
    );
    await Promise.all(
      shoppers.map(async (userId) => {
        const cart = cartObject(env, { kind: "user", userId });
        await cart.add({ sku, productId: (await env.DB.prepare("SELECT product_id FROM product_variants WHERE sku = ?").bind(sku).first<{ product_id: string }>())!.product_id, name: "Racer item", variantTitle: "", imageUrl: null, quantity: 1, addedPriceCents: 2_000, currency: "USD" }, 1_000);
        await cart.setDiscountCode(code);
      }),
    );
    const db = createDb(env.DB);
    const config = appConfig(env);
    const results = await Promise.allSettled(
      shoppers.map((userId) =>
        placeOrder(env, config, db, {
          userId,
          idempotencyKey: idempotencyKey(),
          body: { shippingAddress: { ...ADDRESS, country: "GB" }, payment: { method: "card", token: "tok_visa" } },
          requestId: "race",
        }),
      ),
    );
    const placed = results.filter((result) => result.status === "fulfilled");
    const refused = results.filter((result) => result.status === "rejected");
    expect(placed).toHaveLength(50);
    expect(refused).toHaveLength(150);
    for (const result of refused) expect(String((result as PromiseRejectedResult).reason)).toMatch(/used up/);
    const withCode = await env.DB.prepare("SELECT count(*) AS n FROM promotion_redemptions WHERE promotion_id = ?").bind(promotion.id).first<{ n: number }>();
    expect(withCode?.n).toBe(50);
    const levels = await env.PROMOTION_USAGE.getByName(promotion.id).read();
    expect(levels.used + levels.reserved).toBe(60);
    // The refused shoppers' stock holds were given back.
    await expect.poll(async () => (await env.INVENTORY.getByName(sku).read()).reserved, { timeout: 20_000 }).toBeLessThanOrEqual(50);
  }, 60_000);
});
