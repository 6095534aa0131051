/**
 * Checkout, orders, notifications and password reset on the site, the way a browser without
 * JavaScript uses them: pages fetched through the Worker, forms posted from the site's origin,
 * the payment settled by the real queue consumer.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addToCart, checkout, waitForOrder } from "./checkout-helpers";
import { createSku } from "./factories/stock";
import { api, ORIGIN, registerUser, site } from "./helpers";
import { Browser, decode, mainOf } from "./site-helpers";
import { assertInvariants, createWorld, startHeldCharge } from "./lifecycle-harness";

async function html(response: Response): Promise<string> {
  return decode((await response.text()).replaceAll("<!-- -->", ""));
}

const ADDRESS_FIELDS = {
  "shippingAddress.name": "Ada Lovelace",
  "shippingAddress.line1": "12 Analytical Row",
  "shippingAddress.line2": "",
  "shippingAddress.city": "London",
  "shippingAddress.region": "",
  "shippingAddress.postalCode": "N1 9GU",
  "shippingAddress.country": "GB",
  billingSame: "on",
};

/** A signed-in shopper with `quantity` of a fresh SKU in their cart. */
async function shopperWithCart(options: { priceCents?: number; quantity?: number; stock?: number } = {}) {
  const session = await registerUser();
  const sku = await createSku(options.stock ?? 10, options.priceCents ?? 2500);
  await addToCart(session, sku, options.quantity ?? 2);
  const browser = new Browser();
  await browser.signIn(session);
  return { session, sku, browser };
}

/** The checkout page's one-per-render idempotency key. */
function idempotencyKeyOf(page: string): string {
  const match = /name="idempotencyKey" value="([^"]+)"/.exec(page);
  expect(match, "the checkout page carries an idempotency key").toBeTruthy();
  return match![1]!;
}

async function openCheckout(browser: Browser, path = "/checkout") {
  const response = await browser.get(path);
  expect(response.status).toBe(200);
  const page = await html(response);
  return { response, page, key: idempotencyKeyOf(page) };
}

async function placeOrder(browser: Browser, fields: Record<string, string>, key?: string) {
  const idempotencyKey = key ?? (await openCheckout(browser)).key;
  return browser.post("/checkout", { ...ADDRESS_FIELDS, "payment.token": "tok_visa", ...fields, idempotencyKey });
}

function orderIdFrom(response: Response): string {
  expect(response.status, "a placed order redirects with 303").toBe(303);
  const location = response.headers.get("location") ?? "";
  const match = /^\/orders\/([A-Za-z0-9_-]+)$/.exec(location);
  expect(match, `redirected to ${location}`).toBeTruthy();
  return match![1]!;
}

/** The order page, fetched until `done` says so (the payment settles on a queue). */
async function waitForPage(browser: Browser, path: string, done: (page: string) => boolean, timeoutMs = 10_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const page = await html(await browser.get(path));
    if (done(page)) return page;
    if (Date.now() - started > timeoutMs) throw new Error(`page ${path} never got there:\n${mainOf(page)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The text of the field error tied to an input with this name (via aria-describedby). */
function fieldError(page: string, name: string): string | null {
  const input = new RegExp(`<(?:input|select)[^>]*name="${name.replace(".", "\\.")}"[^>]*>`).exec(page)?.[0];
  if (!input || !/aria-invalid="true"/.test(input)) return null;
  const describedBy = /aria-describedby="([^"]+)"/.exec(input)?.[1] ?? "";
  const errorId = describedBy.split(" ").find((id) => id.endsWith("-error"));
  if (!errorId) return null;
  return new RegExp(`id="${errorId}"[^>]*>([^<]*)<`).exec(page)?.[1] ?? null;
}

async function ordersOf(userId: string) {
  const rows = await env.DB.prepare("SELECT id, status FROM orders WHERE user_id = ?").bind(userId).all<{ id: string; status: string }>();
  return rows.results;
}

describe("checkout page", () => {
  it("sends a signed-out visitor with nothing in a cart back to the cart (guests with a cart check out as guests)", async () => {
    const response = await new Browser().get("/checkout");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/cart?notice=checkout-empty");
  });

  it("sends a shopper with an empty cart back to the cart, with a message", async () => {
    const session = await registerUser();
    const browser = new Browser();
    await browser.signIn(session);
    const response = await browser.get("/checkout");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/cart?notice=checkout-empty");
    const cart = await html(await browser.follow(response));
    expect(mainOf(cart)).toContain("There is nothing in your cart to check out yet.");
  });

  it("shows the address, billing and payment fieldsets, the test gateway and totals for the chosen country, privately", async () => {
    // 2 × $25.00 = $50.00: under the free-shipping threshold, so $5.99 shipping.
    const { browser } = await shopperWithCart({ priceCents: 2500, quantity: 2 });
    const us = await openCheckout(browser);
    expect(us.response.headers.get("cache-control")).toBe("private, no-store");
    const main = mainOf(us.page);
    expect(us.page).toContain("<title>Checkout — Edgeware</title>");
    expect(main).toMatch(/<legend[^>]*>Shipping address<\/legend>/);
    expect(main).toMatch(/<legend[^>]*>Billing address<\/legend>/);
    expect(main).toMatch(/<legend[^>]*>Payment<\/legend>/);
    expect(main).toContain("local test payment gateway");
    expect(main).toContain('value="tok_visa"');
    expect(main).toContain("Visa ending 4242");
    expect(main).toContain('value="tok_chargeDeclined"');
    expect(main).toContain('<option value="NZ">New Zealand</option>');
    expect(main).toContain('name="billingSame"');
    // US: no tax.
    expect(main).toContain("$50.00");
    expect(main).toContain("$5.99");
    expect(main).toMatch(/data-testid="checkout-total">\$55\.99</);
    // GB: 20% on goods and shipping: 5599 × 0.2 = 1119.8 → $11.20, total $67.19.
    const gb = await openCheckout(browser, "/checkout?country=GB");
    expect(mainOf(gb.page)).toContain("$11.20");
    expect(mainOf(gb.page)).toMatch(/data-testid="checkout-total">\$67\.19</);
    // Each render gets its own key.
    expect(gb.key).not.toBe(us.key);
  });

  it("re-prices for another country without JavaScript ('Update totals') and keeps what was typed", async () => {
    const { session, browser } = await shopperWithCart({ priceCents: 2500, quantity: 2 });
    const { key } = await openCheckout(browser);
    const response = await browser.post("/checkout", {
      ...ADDRESS_FIELDS,
      "shippingAddress.country": "DE",
      "payment.token": "tok_visa",
      idempotencyKey: key,
      intent: "totals",
    });
    expect(response.status).toBe(200);
    const page = await html(response);
    // DE: 19% of $55.99 = $10.64, total $66.63.
    expect(mainOf(page)).toMatch(/data-testid="checkout-total">\$66\.63</);
    expect(page).toContain('value="12 Analytical Row"');
    expect(idempotencyKeyOf(page)).toBe(key);
    expect(await ordersOf(session.user.id)).toEqual([]);
  });

  it("places an order without JavaScript: 303 to the order page, pending (refreshing itself), then paid", async () => {
    const { session, sku, browser } = await shopperWithCart({ priceCents: 2500, quantity: 2 });
    const response = await placeOrder(browser, {});
    const orderId = orderIdFrom(response);

    const first = await html(await browser.follow(response));
    expect(first).toContain("<title>Order ORD-");
    const main = mainOf(first);
    // Settled in the consumer within milliseconds here; either way the page says which.
    if (main.includes('data-status="pending"')) {
      expect(main).toContain("Payment processing");
      expect(main).toMatch(/<noscript><meta http-equiv="refresh" content="2"\/?><\/noscript>/);
    }
    const paid = await waitForPage(browser, `/orders/${orderId}`, (page) => page.includes('data-status="paid"'));
    expect(mainOf(paid)).not.toContain('http-equiv="refresh"');
    expect(mainOf(paid)).toContain("Your payment went through");
    expect(mainOf(paid)).toContain("12 Analytical Row");
    expect(mainOf(paid)).toContain("Qty 2");
    expect(mainOf(paid)).toContain('aria-current="step"');

    // The stored order is what the form said.
    const order = await waitForOrder(session, orderId, (o) => o.status === "paid");
    expect(order.items).toEqual([expect.objectContaining({ sku, quantity: 2, unitPriceCents: 2500 })]);
    // GB totals: $50 + $5.99 shipping + 20% tax.
    expect(order.totalCents).toBe(6719);

    // The polling route says the same, privately.
    const status = await browser.get(`/orders/${orderId}/status`);
    expect(status.status).toBe(200);
    expect(status.headers.get("cache-control")).toBe("private, no-store");
    expect(await status.json()).toEqual({ status: "paid", paymentStatus: "succeeded" });

    // The cart is empty now, so /checkout goes back to the cart.
    expect((await browser.get("/checkout")).headers.get("location")).toBe("/cart?notice=checkout-empty");
  });

  it("refreshes a pending order's page without JavaScript only while the payment is processing", async () => {
    const { session, browser } = await shopperWithCart();
    const orderId = orderIdFrom(await placeOrder(browser, {}));
    await waitForOrder(session, orderId, (o) => o.status === "paid");
    // Put the settled order back to "payment processing", as a slow card network would leave it.
    const setStatus = (status: string, paymentStatus: string) =>
      env.DB.prepare("UPDATE orders SET status = ?, payment_status = ? WHERE id = ?").bind(status, paymentStatus, orderId).run();
    await setStatus("pending", "pending");

    const pending = mainOf(await html(await browser.get(`/orders/${orderId}`)));
    expect(pending).toContain('data-status="pending"');
    expect(pending).toContain("Payment processing");
    expect(pending).toContain("we're confirming your payment");
    expect(pending).toMatch(/<noscript><meta http-equiv="refresh" content="2"\/?><\/noscript>/);
    expect(pending).toMatch(/<div aria-live="polite" aria-atomic="true"><p[^>]*>Status:/);
    expect(await (await browser.get(`/orders/${orderId}/status`)).json()).toEqual({ status: "pending", paymentStatus: "pending" });
    // The same route as the page's poller asks it (useFetcher, single fetch).
    const polled = await browser.get(`/orders/${orderId}/status.data?_routes=${encodeURIComponent("routes/orders.$id.status")}`);
    expect(polled.status).toBe(200);
    expect(await polled.text()).toMatch(/"status","pending","paymentStatus","pending"|"pending"/);

    await setStatus("paid", "succeeded");
    const paid = mainOf(await html(await browser.get(`/orders/${orderId}`)));
    expect(paid).toContain('data-status="paid"');
    expect(paid).not.toContain('http-equiv="refresh"');
    expect(await (await browser.get(`/orders/${orderId}/status`)).json()).toEqual({ status: "paid", paymentStatus: "succeeded" });
  });

  it("shows a declined card as payment failed", async () => {
    const { browser } = await shopperWithCart();
    const response = await placeOrder(browser, { "payment.token": "tok_chargeDeclined" });
    const orderId = orderIdFrom(response);
    const page = await waitForPage(browser, `/orders/${orderId}`, (text) => text.includes('data-status="payment_failed"'));
    expect(mainOf(page)).toContain("Payment failed");
    expect(mainOf(page)).toContain("Your card was declined by its issuer.");
    expect(mainOf(page)).not.toContain("card_declined");
    expect(mainOf(page)).not.toContain('http-equiv="refresh"');
    // Nothing left to cancel, but a way to pay: another card, or back to checkout.
    expect(mainOf(page)).not.toContain("Yes, cancel this order");
    expect(mainOf(page)).toContain("Try another card");
    expect(mainOf(page)).toContain('href="/checkout"');
  });

  it("pays a declined order with another card from its page, without JavaScript", async () => {
    const { browser, sku } = await shopperWithCart({ quantity: 1, stock: 2 });
    const orderId = orderIdFrom(await placeOrder(browser, { "payment.token": "tok_chargeDeclined" }));
    const failed = await waitForPage(browser, `/orders/${orderId}`, (text) => text.includes('data-status="payment_failed"'));
    // The cart kept its line.
    await waitForPage(browser, "/cart", (text) => text.includes(sku) || text.includes("Quantity"));
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(failed)?.[1];
    expect(key).toBeTruthy();
    const retried = await browser.post(`/orders/${orderId}`, { intent: "retry-payment", idempotencyKey: key!, "payment.token": "tok_visa" });
    expect(retried.status).toBe(303);
    expect(retried.headers.get("location")).toBe(`/orders/${orderId}?done=retrying`);
    const paid = await waitForPage(browser, `/orders/${orderId}`, (text) => text.includes('data-status="paid"'));
    expect(mainOf(paid)).not.toContain("Try another card");
    // A made-up card token is a 400 with a message, and changes nothing.
    const bad = await browser.post(`/orders/${orderId}`, { intent: "retry-payment", idempotencyKey: key!, "payment.token": "<script>" });
    expect(bad.status).toBe(400);
  });

  describe.each([
    { name: "a bad postal code", fields: { "shippingAddress.postalCode": "!!" }, field: "shippingAddress.postalCode", message: "Enter a valid postal code." },
    { name: "an unsupported country", fields: { "shippingAddress.country": "ZZ" }, field: "shippingAddress.country", message: "We don't ship to that country." },
    { name: "a missing city", fields: { "shippingAddress.city": "  " }, field: "shippingAddress.city", message: "Enter the city." },
    {
      name: "a separate billing address left empty",
      fields: { billingSame: "", "billingAddress.name": "Ada", "billingAddress.line1": "", "billingAddress.city": "Paris", "billingAddress.postalCode": "75001", "billingAddress.country": "FR" },
      field: "billingAddress.line1",
      message: "Enter the street address.",
    },
  ])("with $name", ({ fields, field, message }) => {
    it("answers 400 with the message next to the field, keeps what was typed, and places nothing", async () => {
      const { session, browser } = await shopperWithCart();
      const { key } = await openCheckout(browser);
      const posted = { ...ADDRESS_FIELDS, "payment.token": "tok_visa", ...fields, idempotencyKey: key };
      const body: Record<string, string> = Object.fromEntries(Object.entries(posted).filter(([name, value]) => !(name === "billingSame" && value === "")));
      const response = await browser.post("/checkout", body);
      expect(response.status).toBe(400);
      const page = await html(response);
      expect(fieldError(page, field)).toBe(message);
      expect(page).toContain('value="Ada Lovelace"');
      // The same key, so a corrected submission is still the one checkout.
      expect(idempotencyKeyOf(page)).toBe(key);
      expect(await ordersOf(session.user.id)).toEqual([]);
    });
  });

  it("gives one order for the same idempotency key posted twice, even at once", async () => {
    const { session, browser } = await shopperWithCart();
    const { key } = await openCheckout(browser);
    const [a, b] = await Promise.all([placeOrder(browser, {}, key), placeOrder(browser, {}, key)]);
    const [idA, idB] = [orderIdFrom(a), orderIdFrom(b)];
    expect(idA).toBe(idB);
    const again = await placeOrder(browser, {}, key);
    expect(orderIdFrom(again)).toBe(idA);
    expect((await ordersOf(session.user.id)).map((order) => order.id)).toEqual([idA]);
  });

  it("says a key reused with different details was already submitted (422)", async () => {
    const { browser, session } = await shopperWithCart();
    const { key } = await openCheckout(browser);
    orderIdFrom(await placeOrder(browser, {}, key));
    const response = await placeOrder(browser, { "shippingAddress.city": "Manchester" }, key);
    expect(response.status).toBe(422);
    const main = mainOf(await html(response));
    expect(main).toContain("already submitted with different details");
    expect(main).toContain('href="/checkout"');
    expect(await ordersOf(session.user.id)).toHaveLength(1);
  });

  it("explains a stock conflict (409) and links back to the cart", async () => {
    const sku = await createSku(1, 1500);
    const rival = await registerUser();
    const { browser } = await (async () => {
      const session = await registerUser();
      await addToCart(session, sku, 1);
      const b = new Browser();
      await b.signIn(session);
      return { browser: b };
    })();
    await addToCart(rival, sku, 1);
    expect((await checkout(rival, { token: "tok_visa" })).status).toBe(202);

    const response = await placeOrder(browser, {});
    expect(response.status).toBe(409);
    const main = mainOf(await html(response));
    expect(main).toContain("no longer in stock");
    expect(main).toMatch(/Only 0 of [^<]+ left/);
    expect(main).toContain('href="/cart"');
    expect(main).toContain("You have not been charged");
  });

  it("refuses a cross-site form post", async () => {
    const response = await site("/checkout", {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: "idempotencyKey=abcdefghijk",
    });
    expect(response.status).toBe(403);
  });
});

describe("order pages", () => {
  it("lists the shopper's orders, newest first, and shows an empty state before the first", async () => {
    const { session, browser } = await shopperWithCart({ quantity: 3 });
    const empty = await browser.get("/orders");
    expect(empty.status).toBe(200);
    expect(empty.headers.get("cache-control")).toBe("private, no-store");
    expect(mainOf(await html(empty))).toContain("You haven't ordered anything yet");

    const orderId = orderIdFrom(await placeOrder(browser, {}));
    await waitForOrder(session, orderId, (o) => o.status === "paid");
    const list = await html(await browser.get("/orders"));
    expect(list).toContain("<title>Your orders — Edgeware</title>");
    const main = mainOf(list);
    expect(main).toContain(`href="/orders/${orderId}"`);
    expect(main).toContain("3 items");
    expect(main).toContain(">Paid<");
  });

  it("pages the history", async () => {
    const session = await registerUser();
    const sku = await createSku(50, 500);
    for (let i = 0; i < 11; i++) {
      await addToCart(session, sku, 1);
      expect((await checkout(session, { token: "tok_visa" })).status).toBe(202);
    }
    const browser = new Browser();
    await browser.signIn(session);
    const first = mainOf(await html(await browser.get("/orders")));
    expect(first.match(/href="\/orders\/ord_/g)).toHaveLength(10);
    expect(first).toContain('href="/orders?page=2"');
    const second = mainOf(await html(await browser.get("/orders?page=2")));
    expect(second.match(/href="\/orders\/ord_/g)).toHaveLength(1);
  });

  it("answers another user's order, and a made-up one, with a 404 page", async () => {
    const owner = await registerUser();
    const sku = await createSku(5);
    await addToCart(owner, sku, 1);
    const { order } = (await (await checkout(owner, { token: "tok_visa" })).json()) as { order: { id: string } };

    const stranger = new Browser();
    await stranger.signIn(await registerUser());
    const page = await stranger.get(`/orders/${order.id}`);
    expect(page.status).toBe(404);
    const main = mainOf(await html(page));
    expect(main).toContain("We couldn't find that order");
    expect(main).not.toContain(order.id.slice(-8));
    expect((await stranger.get(`/orders/${order.id}/status`)).status).toBe(404);
    expect((await stranger.get("/orders/ord_nope")).status).toBe(404);
    // Nor can they cancel it.
    expect((await stranger.post(`/orders/${order.id}`, { intent: "cancel" })).status).toBe(404);
    // Signed out: sign in first.
    const anonymous = await new Browser().get(`/orders/${order.id}`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`/orders/${order.id}`)}`);
    expect((await new Browser().get(`/orders/${order.id}/status`)).status).toBe(401);
  });

  it("cancels a paid order with the cancel form, and then offers no cancel button", async () => {
    const { session, browser } = await shopperWithCart();
    const orderId = orderIdFrom(await placeOrder(browser, {}));
    await waitForOrder(session, orderId, (o) => o.status === "paid");
    const before = mainOf(await html(await browser.get(`/orders/${orderId}`)));
    expect(before).toContain("<summary");
    expect(before).toContain("Your payment will be refunded in full.");

    const response = await browser.post(`/orders/${orderId}`, { intent: "cancel" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/orders/${orderId}?done=cancelled`);
    const after = mainOf(await html(await browser.follow(response)));
    expect(after).toContain("Your order has been cancelled.");
    expect(after).toContain('data-status="cancelled"');
    expect(after).not.toContain("Yes, cancel this order");
    expect((await waitForOrder(session, orderId, (o) => o.status === "cancelled")).status).toBe("cancelled");
  });

  it("cancels while the card is being charged: cancelled and refunded once, told so consistently", async () => {
    const session = await registerUser();
    const sku = await createSku(5, 2_500);
    await addToCart(session, sku, 2);
    const world = createWorld();
    const browser = new Browser((path, init) => world.site(path, init));
    await browser.signIn(session);
    const checkoutPage = await html(await browser.get("/checkout"));
    const orderId = orderIdFrom(await browser.post("/checkout", { ...ADDRESS_FIELDS, "payment.token": "tok_visa", idempotencyKey: idempotencyKeyOf(checkoutPage) }));
    const held = await startHeldCharge(world, orderId);
    const pending = mainOf(await html(await browser.get(`/orders/${orderId}`)));
    expect(pending).toContain("if a payment is already on its way, it is refunded in full");
    const cancelled = await browser.post(`/orders/${orderId}`, { intent: "cancel" });
    expect(cancelled.status).toBe(303);
    await held.land("as_decided");
    await world.drain();
    const state = await assertInvariants(world, session, orderId, sku, { initialOnHand: 5, quantity: 2 });
    expect(state.order).toMatchObject({ status: "cancelled", paymentStatus: "refunded" });
    const page = mainOf(await html(await browser.get(`/orders/${orderId}`)));
    expect(page).toContain("This order was cancelled and your payment was refunded in full.");
    expect(page).not.toContain("Order confirmed");
    const notifications = mainOf(await html(await browser.get("/notifications")));
    expect(notifications).toContain("cancelled and refunded");
    expect(notifications).not.toContain("is confirmed");
  });

  it("shows the API's 409 when the order can no longer be cancelled", async () => {
    const { session, browser } = await shopperWithCart();
    const orderId = orderIdFrom(await placeOrder(browser, { "payment.token": "tok_chargeDeclined" }));
    await waitForOrder(session, orderId, (o) => o.status === "payment_failed");
    const response = await browser.post(`/orders/${orderId}`, { intent: "cancel" });
    expect(response.status).toBe(409);
    expect(mainOf(await html(response))).toContain("An order that is payment failed cannot be cancelled.");
  });
});

describe("notifications", () => {
  async function badge(browser: Browser): Promise<string | null> {
    const page = await html(await browser.get("/products"));
    return /data-testid="notification-badge"[^>]*>([^<]*)</.exec(page)?.[1] ?? null;
  }

  it("counts unread notifications in the header, lists them and marks them read without JavaScript", async () => {
    const { session, browser } = await shopperWithCart();
    expect(await badge(browser)).toBeNull();
    const orderId = orderIdFrom(await placeOrder(browser, {}));
    await waitForOrder(session, orderId, (o) => o.status === "paid");
    // Order placed, payment succeeded.
    const unread = async () => {
      const response = await api("/notifications?unread=true&limit=1", { token: session.accessToken });
      return ((await response.json()) as { unreadCount: number }).unreadCount;
    };
    for (let i = 0; i < 50 && (await unread()) < 2; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await badge(browser)).toBe("2");
    const header = await html(await browser.get("/"));
    expect(header).toContain('aria-label="Notifications, 2 unread"');

    const listResponse = await browser.get("/notifications");
    expect(listResponse.headers.get("cache-control")).toBe("private, no-store");
    const list = mainOf(await html(listResponse));
    expect(list).toContain("2 unread notifications.");
    expect(list).toContain(`href="/orders/${orderId}"`);
    // Newest first: the payment before the order placed.
    expect(list.indexOf("payment received")).toBeGreaterThan(-1);
    expect(list.indexOf("payment received")).toBeLessThan(list.indexOf("placed. We're confirming your payment"));
    const ids = [...list.matchAll(/name="id" value="([^"]+)"/g)].map((match) => match[1]!);
    expect(ids).toHaveLength(2);

    const marked = await browser.post("/notifications", { intent: "read", id: ids[0]! });
    expect(marked.status).toBe(303);
    expect(mainOf(await html(await browser.follow(marked)))).toContain("1 unread notification.");
    expect(await badge(browser)).toBe("1");

    const all = await browser.post("/notifications", { intent: "read-all" });
    expect(all.status).toBe(303);
    const done = mainOf(await html(await browser.follow(all)));
    expect(done).toContain("You're all caught up.");
    expect(done).not.toContain('name="intent" value="read"');
    expect(await badge(browser)).toBeNull();
    expect(await unread()).toBe(0);
  });

  it("shows no bell to a signed-out visitor and sends them to sign in from /notifications", async () => {
    const browser = new Browser();
    expect(await html(await browser.get("/"))).not.toContain("Notifications,");
    const response = await browser.get("/notifications");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2Fnotifications");
  });
});

describe("forgotten password", () => {
  async function resetLinkFor(email: string): Promise<string> {
    for (let i = 0; i < 100; i++) {
      const row = await env.DB.prepare("SELECT text FROM email_outbox WHERE to_address = ? AND template = 'password_reset' ORDER BY created_at DESC LIMIT 1")
        .bind(email)
        .first<{ text: string }>();
      if (row) return /https?:\/\/[^\s]+\/reset-password\?token=[A-Za-z0-9_%-]+/.exec(row.text)![0];
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error("no reset email");
  }

  it("is linked from the sign-in page", async () => {
    const page = mainOf(await html(await new Browser().get("/login")));
    expect(page).toContain('href="/forgot-password"');
    expect(page).toContain("Forgot your password?");
  });

  it("emails a link that resets the password; the new password signs in and the old one no longer does", async () => {
    const session = await registerUser();
    const browser = new Browser();
    const form = await browser.get("/forgot-password");
    expect(form.status).toBe(200);
    expect(form.headers.get("cache-control")).toBe("private, no-store");
    expect(await html(form)).toContain("<title>Forgot your password? — Edgeware</title>");

    const sent = await browser.post("/forgot-password", { email: session.user.email });
    expect(sent.status).toBe(303);
    expect(sent.headers.get("location")).toBe("/forgot-password?sent=1");
    const confirmation = mainOf(await html(await browser.follow(sent)));
    expect(confirmation).toContain("If an account exists for that email address, we've emailed a link");

    const link = new URL(await resetLinkFor(session.user.email));
    expect(link.origin).toBe(ORIGIN);
    const resetPage = await browser.get(`${link.pathname}${link.search}`);
    expect(resetPage.status).toBe(200);
    const resetHtml = await html(resetPage);
    expect(resetHtml).toContain('<meta name="referrer" content="no-referrer"/>');
    const token = /name="token" value="([^"]+)"/.exec(resetHtml)?.[1];
    expect(token).toBe(link.searchParams.get("token"));
    // The form posts back to the link's own address (Remix keeps the query in a form's default action).
    const action = `${link.pathname}${link.search}`;

    // Mismatched confirmation: refused by the form, the token not spent.
    const mismatch = await browser.post(action, { token: token!, newPassword: "a brand new passphrase", confirmPassword: "something else entirely" });
    expect(mismatch.status).toBe(400);
    expect(fieldError(await html(mismatch), "confirmPassword")).toBe("The passwords do not match.");

    const reset = await browser.post(action, { token: token!, newPassword: "a brand new passphrase", confirmPassword: "a brand new passphrase" });
    expect(reset.status).toBe(303);
    expect(reset.headers.get("location")).toBe("/login?reset=done");
    expect(mainOf(await html(await browser.follow(reset)))).toContain("Your password has been changed.");

    const oldPassword = await browser.post("/login", { email: session.user.email, password: session.password, redirectTo: "/" });
    expect(oldPassword.status).toBe(401);
    const signedIn = await browser.post("/login", { email: session.user.email, password: "a brand new passphrase", redirectTo: "/account" });
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("location")).toBe("/account");
    expect((await browser.follow(signedIn)).status).toBe(200);

    // The link worked once.
    const again = await browser.post(action, { token: token!, newPassword: "yet another passphrase", confirmPassword: "yet another passphrase" });
    expect(again.status).toBe(400);
  });

  it("answers an unknown email with the same message, and sends nothing", async () => {
    const browser = new Browser();
    const email = `nobody.${Date.now()}@example.test`;
    const sent = await browser.post("/forgot-password", { email });
    expect(sent.status).toBe(303);
    expect(mainOf(await html(await browser.follow(sent)))).toContain("If an account exists for that email address");
    expect(await env.DB.prepare("SELECT id FROM email_outbox WHERE to_address = ?").bind(email).first()).toBeNull();
  });

  it("checks the email address and says clearly when rate limited", async () => {
    const browser = new Browser();
    const bad = await browser.post("/forgot-password", { email: "not-an-email" });
    expect(bad.status).toBe(400);
    expect(fieldError(await html(bad), "email")).toBe("Enter a valid email address.");

    const session = await registerUser();
    let last: Response | undefined;
    for (let i = 0; i < 7; i++) last = await browser.post("/forgot-password", { email: session.user.email });
    expect(last!.status).toBe(429);
    expect(mainOf(await html(last!))).toMatch(/Too many attempts\. Please wait/);
  });

  it("explains a bad or missing token and links to ask for a new one", async () => {
    const browser = new Browser();
    const response = await browser.post("/reset-password", { token: "forged-token", newPassword: "a brand new passphrase", confirmPassword: "a brand new passphrase" });
    expect(response.status).toBe(400);
    const main = mainOf(await html(response));
    expect(main).toContain("This reset link is invalid, expired or already used.");
    expect(main).toContain('href="/forgot-password"');

    const missing = mainOf(await html(await browser.get("/reset-password")));
    expect(missing).toContain("This reset link is incomplete.");
    expect(missing).toContain('href="/forgot-password"');
  });
});

