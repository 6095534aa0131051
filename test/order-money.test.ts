/**
 * The money bugs found on the way to one owner for the order lifecycle, each with its test:
 * one currency per cart, accepting changed prices, a declined card that keeps the cart and
 * offers another try, a partial refund that says how much, failed jobs' real attempt counts,
 * order numbers that survive collisions, and a cancel timed against a one-second charge.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../workers/factory";
import { appConfig } from "../workers/env";
import { cancelOrder, placeOrder } from "../workers/orders";
import { sweepStuckJobs } from "../queues/sweep";
import { QUEUE_MAX_RETRIES, QUEUES } from "../workers/domain/queues";
import { ADDRESS, addToCart, checkout, deliver, getOrder, idempotencyKey, stockOf, waitForOrder, type OrderJson } from "./checkout-helpers";
import { api, createAdmin, problemOf, registerUser, type TestSession } from "./helpers";
import { createSku } from "./factories/stock";
import { assertInvariants, createWorld, placeOrderIn } from "./lifecycle-harness";

async function setCurrency(sku: string, currency: string) {
  await env.DB.prepare("UPDATE products SET currency = ? WHERE id = (SELECT product_id FROM product_variants WHERE sku = ?)").bind(currency, sku).run();
}

async function setPrice(sku: string, priceCents: number) {
  await env.DB.prepare("UPDATE product_variants SET price_cents = ? WHERE sku = ?").bind(priceCents, sku).run();
}

async function cartOf(session: TestSession) {
  return (await (await api("/cart", { token: session.accessToken })).json()) as {
    items: { sku: string; quantity: number; unitPriceCents: number; addedPriceCents: number; priceChanged: boolean }[];
    currency: string;
    subtotalCents: number;
  };
}

describe("one cart, one currency", () => {
  it("refuses a line in another currency with 409 currency_mismatch and changes nothing", async () => {
    const yen = await createSku(5, 100);
    const dollars = await createSku(5, 30_000);
    await setCurrency(yen, "JPY");
    const shopper = await registerUser();
    await addToCart(shopper, yen, 1);
    const response = await api("/cart/items", { method: "POST", token: shopper.accessToken, json: { sku: dollars, quantity: 1 } });
    expect(response.status).toBe(409);
    const problem = await problemOf(response);
    expect(problem.type).toContain("currency-mismatch");
    expect(problem.detail).toContain("JPY");
    const cart = await cartOf(shopper);
    expect(cart.items.map((item) => item.sku)).toEqual([yen]);
    expect(cart.currency).toBe("JPY");
  });

  it("checks again at checkout: a cart whose lines drifted into two currencies is refused, nothing reserved", async () => {
    const first = await createSku(5, 100);
    const second = await createSku(5, 30_000);
    const shopper = await registerUser();
    await addToCart(shopper, first, 1);
    await addToCart(shopper, second, 1);
    await setCurrency(first, "JPY");
    const response = await checkout(shopper, { token: "tok_visa" });
    expect(response.status).toBe(409);
    expect((await problemOf(response)).type).toContain("currency-mismatch");
    expect(await stockOf(first)).toMatchObject({ reserved: 0 });
    expect(await stockOf(second)).toMatchObject({ reserved: 0 });
  });
});

describe("a price changed by an admin", () => {
  it("refuses checkout until the shopper accepts the new price, then sells at it", async () => {
    const sku = await createSku(5, 2_000);
    const shopper = await registerUser();
    await addToCart(shopper, sku, 1);
    await setPrice(sku, 2_500);
    const refused = await checkout(shopper, { token: "tok_visa" });
    expect(refused.status).toBe(409);
    expect((await problemOf(refused)).errors?.[0]?.message).toContain("$25.00");
    expect((await cartOf(shopper)).items[0]).toMatchObject({ priceChanged: true, addedPriceCents: 2_000, unitPriceCents: 2_500 });

    const accepted = await api("/cart/accept-prices", { method: "POST", token: shopper.accessToken });
    expect(accepted.status).toBe(200);
    expect(((await accepted.json()) as Awaited<ReturnType<typeof cartOf>>).items[0]).toMatchObject({ priceChanged: false, addedPriceCents: 2_500 });
    const placed = await checkout(shopper, { token: "tok_visa" });
    expect(placed.status).toBe(202);
    expect(((await placed.json()) as { order: OrderJson }).order.items[0]!.unitPriceCents).toBe(2_500);
  });

  it("re-prices the line a quantity change touches", async () => {
    const sku = await createSku(5, 2_000);
    const shopper = await registerUser();
    await addToCart(shopper, sku, 1);
    await setPrice(sku, 1_500);
    const updated = await api(`/cart/items/${sku}`, { method: "PUT", token: shopper.accessToken, json: { quantity: 2 } });
    expect(updated.status).toBe(200);
    expect(((await updated.json()) as Awaited<ReturnType<typeof cartOf>>).items[0]).toMatchObject({ quantity: 2, priceChanged: false, addedPriceCents: 1_500 });
    expect((await checkout(shopper, { token: "tok_visa" })).status).toBe(202);
  });
});

describe("a declined card", () => {
  it("keeps the cart's lines and lets the shopper try another card", async () => {
    const sku = await createSku(3, 2_000);
    const shopper = await registerUser();
    await addToCart(shopper, sku, 2);
    const { order } = (await (await checkout(shopper, { token: "tok_chargeDeclined" })).json()) as { order: OrderJson };
    expect((await cartOf(shopper)).items).toHaveLength(0);
    const failed = await waitForOrder(shopper, order.id, (o) => o.status === "payment_failed");
    expect(failed.payments[0]!.status).toBe("failed");
    // The lines are back in the cart, and the stock is free again.
    await expect.poll(async () => (await cartOf(shopper)).items.map((item) => item.quantity)).toEqual([2]);
    expect(await stockOf(sku)).toMatchObject({ onHand: 3, reserved: 0 });
    const notifications = (await (await api("/notifications", { token: shopper.accessToken })).json()) as { items: { type: string; message: string }[] };
    const declined = notifications.items.find((item) => item.type === "payment_failed");
    expect(declined?.message).toContain("Your card was declined by its issuer.");
    expect(declined?.message).not.toContain("card_declined");

    const key = idempotencyKey();
    const retry = (token: string, useKey = key) =>
      api(`/orders/${order.id}/retry-payment`, { method: "POST", token: shopper.accessToken, headers: { "idempotency-key": useKey }, json: { payment: { method: "card", token } } });
    const accepted = await retry("tok_visa");
    expect(accepted.status, await accepted.clone().text()).toBe(202);
    expect(((await accepted.json()) as { order: OrderJson }).order.status).toBe("pending");
    // The same key again is the same attempt; with another card, 422.
    expect((await retry("tok_visa")).headers.get("idempotent-replayed")).toBe("true");
    expect((await retry("tok_mastercard")).status).toBe(422);
    const paid = await waitForOrder(shopper, order.id, (o) => o.status === "paid");
    expect(paid.payments).toHaveLength(2);
    expect(paid.payments.map((payment) => payment.status)).toEqual(["failed", "succeeded"]);
    expect(await stockOf(sku)).toMatchObject({ onHand: 1, reserved: 0 });
    // Bought: the lines left the cart again.
    await expect.poll(async () => (await cartOf(shopper)).items).toHaveLength(0);
    // Only a failed payment can be retried.
    expect((await retry("tok_visa", idempotencyKey())).status).toBe(409);
  });

  it("refuses another try when the stock is gone, changing nothing", async () => {
    const sku = await createSku(1, 2_000);
    const shopper = await registerUser();
    await addToCart(shopper, sku, 1);
    const { order } = (await (await checkout(shopper, { token: "tok_chargeDeclined" })).json()) as { order: OrderJson };
    await waitForOrder(shopper, order.id, (o) => o.status === "payment_failed");
    // Someone else buys the last unit.
    const other = await registerUser();
    await addToCart(other, sku, 1);
    expect((await checkout(other, { token: "tok_visa" })).status).toBe(202);
    const response = await api(`/orders/${order.id}/retry-payment`, {
      method: "POST",
      token: shopper.accessToken,
      headers: { "idempotency-key": idempotencyKey() },
      json: { payment: { method: "card", token: "tok_visa" } },
    });
    expect(response.status).toBe(409);
    expect((await getOrder(shopper, order.id)).status).toBe("payment_failed");
    expect((await getOrder(shopper, order.id)).payments).toHaveLength(1);
  });

  it("is the owner's only: another shopper's retry is a 404", async () => {
    const sku = await createSku(2);
    const shopper = await registerUser();
    await addToCart(shopper, sku, 1);
    const { order } = (await (await checkout(shopper, { token: "tok_chargeDeclined" })).json()) as { order: OrderJson };
    await waitForOrder(shopper, order.id, (o) => o.status === "payment_failed");
    const stranger = await registerUser();
    const response = await api(`/orders/${order.id}/retry-payment`, {
      method: "POST",
      token: stranger.accessToken,
      headers: { "idempotency-key": idempotencyKey() },
      json: { payment: { method: "card", token: "tok_visa" } },
    });
    expect(response.status).toBe(404);
  });
});

describe("a partial refund", () => {
  it("tells the shopper how much, by notification and email", async () => {
    const admin = await createAdmin();
    const sku = await createSku(3, 4_000);
    const shopper = await registerUser();
    await addToCart(shopper, sku, 1);
    const { order } = (await (await checkout(shopper, { token: "tok_visa" })).json()) as { order: OrderJson };
    const paid = await waitForOrder(shopper, order.id, (o) => o.status === "paid");
    const response = await api(`/payments/${paid.payments[0]!.id}/refund`, { method: "POST", token: admin.accessToken, json: { amountCents: 1_250 } });
    expect(response.status).toBe(200);
    // More than what is left is refused, in money, not cents.
    const tooMuch = await api(`/payments/${paid.payments[0]!.id}/refund`, { method: "POST", token: admin.accessToken, json: { amountCents: paid.totalCents } });
    expect(tooMuch.status).toBe(409);
    expect((await problemOf(tooMuch)).detail).toMatch(/At most \$\d+\.\d\d can still be refunded/);
    const refunded = await waitForOrder(shopper, order.id, (o) => o.refundedCents === 1_250);
    expect(refunded.status).toBe("paid");
    const notifications = (await (await api("/notifications", { token: shopper.accessToken })).json()) as { items: { type: string; message: string }[] };
    expect(notifications.items.find((item) => item.type === "order_refunded")?.message).toContain("$12.50");
    const email = await env.DB.prepare("SELECT subject, text FROM email_outbox WHERE to_address = ? AND template = 'order_refunded'").bind(shopper.user.email).first<{ subject: string; text: string }>();
    expect(email?.text).toContain("$12.50");
  });
});

describe("failed jobs", () => {
  it("count every delivery a dead letter had", async () => {
    const body = { kind: "charge", orderId: `ord_missing_${crypto.randomUUID()}` };
    await deliver(QUEUES.paymentsDead, [body], { attempts: 1 });
    const row = await env.DB.prepare("SELECT attempts FROM failed_jobs WHERE body LIKE ?").bind(`%${body.orderId}%`).first<{ attempts: number }>();
    expect(row?.attempts).toBe(QUEUE_MAX_RETRIES[QUEUES.payments] + 1);
  });
});

describe("order numbers", () => {
  it("draws a new number when one collides, instead of failing", async () => {
    const sku = await createSku(5);
    const first = await registerUser();
    await addToCart(first, sku, 1);
    const { order } = (await (await checkout(first, { token: "tok_visa" })).json()) as { order: OrderJson };
    const shopper = await registerUser();
    await addToCart(shopper, sku, 1);
    const numbers = [order.number, order.number, "ORD-FRESH1"];
    const result = await placeOrder(env, appConfig(env), createDb(env.DB), {
      userId: shopper.user.id,
      idempotencyKey: idempotencyKey(),
      body: { shippingAddress: { ...ADDRESS, country: "GB" }, payment: { method: "card", token: "tok_visa" } },
      requestId: "test",
      orderNumber: () => numbers.shift() ?? "ORD-FRESH2",
    });
    expect(result.order.number).toBe("ORD-FRESH1");
    expect(await stockOf(sku)).toMatchObject({ reserved: 2 });
  });
});

describe("cancelling while a one-second charge is on its way", () => {
  it.each([50, 300, 900])("cancel %i ms after the 202: cancelled, refunded once, stock back", async (delayMs) => {
    const sku = await createSku(4, 3_000);
    const shopper = await registerUser();
    await addToCart(shopper, sku, 2);
    const world = createWorld();
    const slowGateway = new Proxy(world.env, { get: (target, key) => (key === "PAYMENT_LATENCY_MS" ? "1000" : Reflect.get(target, key)) });
    const order = await placeOrderIn(world, shopper);
    // The charge job runs at once, as the queue would, against a gateway that takes a second.
    const charge = world.outbox.splice(0);
    const charging = (async () => {
      const { createMessageBatch, createExecutionContext, getQueueResult } = await import("cloudflare:test");
      const worker = (await import("../workers/index")).default;
      const batch = createMessageBatch(QUEUES.payments, charge.map((body, i) => ({ id: `timed-${i}-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body })));
      const ctx = createExecutionContext();
      await worker.queue(batch, slowGateway, ctx);
      return getQueueResult(batch, ctx);
    })();
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const cancelled = await world.api(`/orders/${order.id}/cancel`, { method: "POST", token: shopper.accessToken });
    expect(cancelled.status).toBe(200);
    await charging;
    await world.drain();
    const state = await assertInvariants(world, shopper, order.id, sku, { initialOnHand: 4, quantity: 2 });
    expect(state.order.status).toBe("cancelled");
    if (state.charged > 0) {
      expect(state.refunded).toBe(state.charged);
      expect(state.lastNotification?.message).toContain("cancelled and refunded");
    }
  });
});

describe("an event whose effects were cut short", () => {
  it("is finished by the sweep: stock returned, shopper told, exactly once", async () => {
    const sku = await createSku(3, 2_000);
    const shopper = await registerUser();
    await addToCart(shopper, sku, 2);
    const world = createWorld();
    const order = await placeOrderIn(world, shopper);
    expect(await stockOf(sku)).toMatchObject({ reserved: 2 });
    // The Inventory objects are unreachable right after the cancel's batch lands.
    const broken = new Proxy(world.env, {
      get: (target, key) =>
        key === "INVENTORY"
          ? { getByName: () => ({ cancel: async () => Promise.reject(new Error("Durable Object unavailable")) }) }
          : Reflect.get(target, key),
    }) as Env;
    await expect(cancelOrder({ env: broken, config: appConfig(env), db: createDb(env.DB) }, { orderId: order.id, actor: "owner", actorId: shopper.user.id })).rejects.toThrow(
      "Durable Object unavailable",
    );
    expect((await getOrder(shopper, order.id)).status).toBe("cancelled");
    expect(await stockOf(sku)).toMatchObject({ reserved: 2 });
    const pending = await env.DB.prepare("SELECT effects_done_at FROM order_history WHERE event_key = ?").bind(`order_cancelled:${order.id}`).first<{ effects_done_at: string | null }>();
    expect(pending?.effects_done_at).toBeNull();

    // Two sweeps later than the staleness bound: the second finds nothing left to do.
    const later = Date.now() + 5 * 60_000;
    expect((await sweepStuckJobs(world.env, later)).events).toBeGreaterThanOrEqual(1);
    await sweepStuckJobs(world.env, later);
    expect(await stockOf(sku)).toMatchObject({ onHand: 3, reserved: 0 });
    const told = await env.DB.prepare("SELECT count(*) AS n FROM notifications WHERE order_id = ? AND type = 'order_cancelled'").bind(order.id).first<{ n: number }>();
    expect(told?.n).toBe(1);
  });
});
