import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, freshIp, problemOf, registerUser, uniqueEmail } from "./helpers";
import { createSku } from "./factories/stock";
import { ADDRESS, idempotencyKey, stockOf, type OrderJson } from "./checkout-helpers";
import { assertInvariants, createWorld, startHeldCharge, type World } from "./lifecycle-harness";

type GuestOrder = OrderJson & { userId: string | null; guestEmail: string | null };

async function guestCart(): Promise<string> {
  const response = await api("/cart/guest", { method: "POST" });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { cartToken: string; guestToken: string };
  // The contract's name and the first one carry the same token.
  expect(body.guestToken).toBe(body.cartToken);
  return body.cartToken;
}

async function addAsGuest(cartToken: string, sku: string, quantity = 1, header = "x-cart-token") {
  const response = await api("/cart/items", { method: "POST", headers: { [header]: cartToken }, json: { sku, quantity } });
  expect(response.status, await response.clone().text()).toBe(200);
}

const guestBody = (email: string, token = "tok_visa") => ({ email, shippingAddress: ADDRESS, payment: { method: "card", token } });

function guestCheckout(cartToken: string, body: unknown, key = idempotencyKey(), header = "x-cart-token") {
  return api("/orders", { method: "POST", headers: { [header]: cartToken, "idempotency-key": key }, json: body });
}

async function placeGuestOrder(email = uniqueEmail("guest"), options: { sku?: string; quantity?: number; token?: string } = {}) {
  const sku = options.sku ?? (await createSku(5, 2_500));
  const cartToken = await guestCart();
  await addAsGuest(cartToken, sku, options.quantity ?? 1);
  const response = await guestCheckout(cartToken, guestBody(email, options.token));
  expect(response.status, await response.clone().text()).toBe(202);
  const body = (await response.json()) as { order: GuestOrder; orderToken: string };
  return { ...body, email, sku, cartToken };
}

function guestGet(orderId: string, token: string) {
  return api(`/orders/${orderId}?token=${encodeURIComponent(token)}`);
}

async function waitForGuestOrder(orderId: string, token: string, done: (order: GuestOrder) => boolean): Promise<GuestOrder> {
  const started = Date.now();
  for (;;) {
    const order = (await (await guestGet(orderId, token)).json()) as GuestOrder;
    if (done(order)) return order;
    if (Date.now() - started > 10_000) throw new Error(`order ${orderId} stuck: ${JSON.stringify(order)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function emailsTo(address: string) {
  const rows = await env.DB.prepare("SELECT dedupe_key, template, to_address, text FROM email_outbox WHERE to_address = ? ORDER BY rowid")
    .bind(address)
    .all<{ dedupe_key: string; template: string; to_address: string; text: string }>();
  return rows.results;
}

/** The tokened order link in an email's text. */
function linkIn(text: string): { orderId: string; token: string } {
  const match = /\/orders\/([A-Za-z0-9_]+)\?token=(ot_[A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no order link in: ${text}`);
  return { orderId: match[1]!, token: match[2]! };
}

async function orderCount() {
  return (await env.DB.prepare("SELECT count(*) AS n FROM orders").first<{ n: number }>())!.n;
}

describe("guest checkout, end to end", () => {
  it("pays through the real queue consumer and emails the guest's address with a tokened link", async () => {
    const email = uniqueEmail("Guest.Buyer");
    const placed = await placeGuestOrder(email, { quantity: 2 });
    const { order, orderToken } = placed;
    expect(orderToken).toMatch(/^ot_[A-Za-z0-9_-]{43}$/);
    expect(order).toMatchObject({ status: "pending", userId: null, guestEmail: email.toLowerCase(), subtotalCents: 5_000 });
    // Only the token's hash is stored.
    const row = await env.DB.prepare("SELECT guest_token_hash FROM orders WHERE id = ?").bind(order.id).first<{ guest_token_hash: string }>();
    expect(row!.guest_token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.guest_token_hash).not.toContain(orderToken.slice(3));

    const paid = await waitForGuestOrder(order.id, orderToken, (o) => o.status === "paid");
    expect(paid.paymentStatus).toBe("succeeded");
    expect(await stockOf(placed.sku)).toMatchObject({ onHand: 3, reserved: 0 });
    // The guest cart's lines were bought.
    const cart = (await (await api("/cart", { headers: { "x-cart-token": placed.cartToken } })).json()) as { items: unknown[] };
    expect(cart.items).toHaveLength(0);

    // Every email goes to the guest's address, each with a link that opens the order.
    const started = Date.now();
    let emails = await emailsTo(email.toLowerCase());
    while (emails.length < 2 && Date.now() - started < 5_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      emails = await emailsTo(email.toLowerCase());
    }
    expect(emails.map((row) => row.template)).toEqual(["order_placed", "payment_succeeded"]);
    for (const sent of emails) {
      const link = linkIn(sent.text);
      expect(link.orderId).toBe(order.id);
      expect(link.token).not.toBe(orderToken);
      expect((await guestGet(order.id, link.token)).status).toBe(200);
    }
    // No account, so no notifications.
    const notifications = await env.DB.prepare("SELECT count(*) AS n FROM notifications WHERE order_id = ?").bind(order.id).first<{ n: number }>();
    expect(notifications!.n).toBe(0);
  });

  it("accepts the first names of the cart header (X-Guest-Cart) for the cart and checkout", async () => {
    const sku = await createSku(3);
    const cartToken = await guestCart();
    await addAsGuest(cartToken, sku, 1, "x-guest-cart");
    const response = await guestCheckout(cartToken, guestBody(uniqueEmail("alias")), idempotencyKey(), "x-guest-cart");
    expect(response.status).toBe(202);
    expect(((await response.json()) as { orderToken?: string }).orderToken).toBeDefined();
  });
});

describe("the contract's cart names", () => {
  it("merges a guest cart named as cartToken, as guestToken did; sending both is a 400", async () => {
    const sku = await createSku(5);
    const shopper = await registerUser();
    const cartToken = await guestCart();
    await addAsGuest(cartToken, sku, 2);
    expect((await api("/cart/merge", { method: "POST", token: shopper.accessToken, json: { cartToken, guestToken: cartToken } })).status).toBe(400);
    const merged = await api("/cart/merge", { method: "POST", token: shopper.accessToken, json: { cartToken } });
    expect(merged.status, await merged.clone().text()).toBe(200);
    expect(((await merged.json()) as { items: { sku: string; quantity: number }[] }).items).toEqual([expect.objectContaining({ sku, quantity: 2 })]);
    const forged = await api("/cart/merge", { method: "POST", token: shopper.accessToken, json: { cartToken: "gc1.nope.nope" } });
    expect(forged.status).toBe(400);
    expect((await problemOf(forged)).errors?.map((error) => error.path)).toEqual(["cartToken"]);
  });
});

describe("a guest's access to their order", () => {
  it("opens the order with its token, in the query or X-Order-Token, never cached; a wrong token → 404", async () => {
    const { order, orderToken } = await placeGuestOrder();
    const viaQuery = await guestGet(order.id, orderToken);
    expect(viaQuery.status).toBe(200);
    expect(viaQuery.headers.get("cache-control")).toBe("private, no-store");
    expect(((await viaQuery.json()) as GuestOrder).id).toBe(order.id);
    expect((await api(`/orders/${order.id}`, { headers: { "x-order-token": orderToken } })).status).toBe(200);

    const other = await placeGuestOrder();
    const wrong = [`ot_${"A".repeat(43)}`, other.orderToken, "nonsense", orderToken.slice(0, -1)];
    for (const token of wrong) {
      const response = await guestGet(order.id, token);
      expect(response.status, token).toBe(404);
      expect((await problemOf(response)).status).toBe(404);
    }
    // Neither a token nor a session: sign in.
    expect((await api(`/orders/${order.id}`)).status).toBe(401);
    // Another account cannot see it either.
    const stranger = await registerUser();
    expect((await api(`/orders/${order.id}`, { token: stranger.accessToken })).status).toBe(404);
  });

  it("cancels with the token (paid: refunded), and not with a wrong one", async () => {
    const { order, orderToken, sku } = await placeGuestOrder(uniqueEmail("cancel"));
    await waitForGuestOrder(order.id, orderToken, (o) => o.status === "paid");
    const refused = await api(`/orders/${order.id}/cancel?token=${encodeURIComponent(`ot_${"B".repeat(43)}`)}`, { method: "POST" });
    expect(refused.status).toBe(404);
    const response = await api(`/orders/${order.id}/cancel`, { method: "POST", headers: { "x-order-token": orderToken } });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(((await response.json()) as GuestOrder).status).toBe("cancelled");
    expect(await stockOf(sku)).toMatchObject({ onHand: 5, reserved: 0 });
    const refunded = await waitForGuestOrder(order.id, orderToken, (o) => o.paymentStatus === "refunded");
    expect(refunded.refundedCents).toBe(refunded.totalCents);
  });

  it("pays again with another card using the token", async () => {
    const { order, orderToken } = await placeGuestOrder(uniqueEmail("retry"), { token: "tok_chargeDeclined" });
    await waitForGuestOrder(order.id, orderToken, (o) => o.status === "payment_failed");
    const body = { payment: { method: "card", token: "tok_visa" } };
    const wrong = await api(`/orders/${order.id}/retry-payment?token=${encodeURIComponent(`ot_${"C".repeat(43)}`)}`, {
      method: "POST",
      headers: { "idempotency-key": idempotencyKey() },
      json: body,
    });
    expect(wrong.status).toBe(404);
    const response = await api(`/orders/${order.id}/retry-payment?token=${encodeURIComponent(orderToken)}`, {
      method: "POST",
      headers: { "idempotency-key": idempotencyKey() },
      json: body,
    });
    expect(response.status, await response.clone().text()).toBe(202);
    const paid = await waitForGuestOrder(order.id, orderToken, (o) => o.status === "paid");
    expect(paid.paymentStatus).toBe("succeeded");
  });
});

describe("guest checkout: idempotency", () => {
  it("answers the same order and token for the same key and body, 422 for another body; keys are per cart", async () => {
    const sku = await createSku(10);
    const cartToken = await guestCart();
    await addAsGuest(cartToken, sku, 2);
    const email = uniqueEmail("idem");
    const key = idempotencyKey();
    const first = await guestCheckout(cartToken, guestBody(email), key);
    expect(first.status).toBe(202);
    const firstBody = (await first.json()) as { order: GuestOrder; orderToken: string };
    const again = await guestCheckout(cartToken, guestBody(email), key);
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const againBody = (await again.json()) as { order: GuestOrder; orderToken: string };
    expect(againBody.order.id).toBe(firstBody.order.id);
    expect(againBody.orderToken).toBe(firstBody.orderToken);
    expect((await guestCheckout(cartToken, guestBody(uniqueEmail("other")), key)).status).toBe(422);
    expect(await stockOf(sku)).toMatchObject({ reserved: 2 });

    // The same key from another guest's cart is another request.
    const otherCart = await guestCart();
    await addAsGuest(otherCart, sku, 1);
    const other = await guestCheckout(otherCart, guestBody(email), key);
    expect(other.status).toBe(202);
    expect(((await other.json()) as { order: GuestOrder }).order.id).not.toBe(firstBody.order.id);
  });

  it("places one order when the same guest checkout is sent many times at once", async () => {
    const sku = await createSku(10);
    const cartToken = await guestCart();
    await addAsGuest(cartToken, sku, 1);
    const key = idempotencyKey();
    const body = guestBody(uniqueEmail("race"));
    const responses = await Promise.all(Array.from({ length: 6 }, () => guestCheckout(cartToken, body, key)));
    const ids = new Set<string>();
    for (const response of responses) {
      expect([202, 409]).toContain(response.status);
      if (response.status === 202) ids.add(((await response.json()) as { order: GuestOrder }).order.id);
    }
    expect(ids.size).toBe(1);
    expect(await stockOf(sku)).toMatchObject({ reserved: 1 });
  });
});

describe("guest checkout: bad input changes nothing", () => {
  const forged = `gc1.${"A".repeat(22)}.${"B".repeat(43)}`;
  describe.each([
    { name: "no email", body: (email: string) => ({ ...guestBody(email), email: undefined }), status: 400, path: "email" },
    { name: "a bad email", body: () => guestBody("not-an-email"), status: 400, path: "email" },
    { name: "an unknown field", body: (email: string) => ({ ...guestBody(email), userId: "usr_x" }), status: 400 },
    { name: "a forged cart token", body: (email: string) => guestBody(email), status: 401, cartToken: forged },
    { name: "a malformed cart token", body: (email: string) => guestBody(email), status: 401, cartToken: "garbage" },
  ])("$name", ({ body, status, path, cartToken }) => {
    it(`answers ${status}, records no order and keeps stock and cart`, async () => {
      const sku = await createSku(4);
      const realCart = await guestCart();
      await addAsGuest(realCart, sku, 2);
      const before = await orderCount();
      const response = await guestCheckout(cartToken ?? realCart, body(uniqueEmail("bad")));
      expect(response.status).toBe(status);
      const problem = await problemOf(response);
      if (path) expect(problem.errors?.map((error) => error.path)).toContain(path);
      expect(await orderCount()).toBe(before);
      expect(await stockOf(sku)).toMatchObject({ onHand: 4, reserved: 0 });
      const cart = (await (await api("/cart", { headers: { "x-cart-token": realCart } })).json()) as { items: unknown[] };
      expect(cart.items).toHaveLength(1);
    });
  });

  it("refuses an empty guest cart (409) and a checkout with neither session nor cart (401)", async () => {
    const before = await orderCount();
    expect((await guestCheckout(await guestCart(), guestBody(uniqueEmail("empty")))).status).toBe(409);
    const bare = await api("/orders", { method: "POST", headers: { "idempotency-key": idempotencyKey() }, json: guestBody(uniqueEmail("bare")) });
    expect(bare.status).toBe(401);
    expect(await orderCount()).toBe(before);
  });
});

describe("POST /orders/lookup", () => {
  it("emails a fresh link only when the address and number match, and answers 202 alike", async () => {
    const { order, email } = await placeGuestOrder(uniqueEmail("lookup"));
    const lookups = (await emailsTo(email.toLowerCase())).filter((row) => row.template === "order_link");
    expect(lookups).toHaveLength(0);

    for (const body of [
      { email: uniqueEmail("nobody"), number: order.number },
      { email, number: "ORD-ZZZZZZ" },
    ]) {
      const response = await api("/orders/lookup", { method: "POST", json: body });
      expect(response.status).toBe(202);
    }
    expect((await emailsTo(email.toLowerCase())).filter((row) => row.template === "order_link")).toHaveLength(0);

    const match = await api("/orders/lookup", { method: "POST", json: { email: email.toUpperCase(), number: order.number.toLowerCase() } });
    expect(match.status).toBe(202);
    expect(await match.json()).toEqual({ status: "accepted" });
    const sent = (await emailsTo(email.toLowerCase())).filter((row) => row.template === "order_link");
    expect(sent).toHaveLength(1);
    const link = linkIn(sent[0]!.text);
    expect(link.orderId).toBe(order.id);
    expect((await guestGet(order.id, link.token)).status).toBe(200);
  });

  it("is rate limited per address and per client", async () => {
    const email = uniqueEmail("limited");
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await api("/orders/lookup", { method: "POST", json: { email, number: "ORD-AAAAAA" } })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(statuses[5]).toBe(429);

    const ip = freshIp();
    const fromOne: number[] = [];
    for (let i = 0; i < 21; i++) {
      fromOne.push((await api("/orders/lookup", { method: "POST", ip, json: { email: uniqueEmail("many"), number: "ORD-AAAAAA" } })).status);
    }
    expect(fromOne.filter((status) => status === 202)).toHaveLength(20);
    const last = await api("/orders/lookup", { method: "POST", ip, json: { email: uniqueEmail("many"), number: "ORD-AAAAAA" } });
    expect(last.status).toBe(429);
    expect(last.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it.each([
    { name: "a bad email", body: { email: "nope", number: "ORD-AAAAAA" } },
    { name: "a bad number", body: { email: "a@example.test", number: "12" } },
    { name: "an unknown field", body: { email: "a@example.test", number: "ORD-AAAAAA", all: true } },
  ])("refuses $name with 400", async ({ body }) => {
    expect((await api("/orders/lookup", { method: "POST", json: body })).status).toBe(400);
  });
});

describe("attaching guest orders to an account (decision 012)", () => {
  async function placedLinkOf(email: string, orderId: string) {
    const placed = (await emailsTo(email)).find((row) => row.dedupe_key === `order_placed:${orderId}`);
    return linkIn(placed!.text);
  }

  it("attaches them when the account's owner presents a link emailed to that address", async () => {
    const email = uniqueEmail("attach").toLowerCase();
    const first = await placeGuestOrder(email);
    const second = await placeGuestOrder(email);
    const elsewhere = await placeGuestOrder(uniqueEmail("elsewhere"));

    // Registering with the address attaches nothing by itself.
    const account = await registerUser({ email });
    const mine = (await (await api("/orders", { token: account.accessToken })).json()) as { items: unknown[] };
    expect(mine.items).toHaveLength(0);
    expect((await api(`/orders/${first.order.id}`, { token: account.accessToken })).status).toBe(404);

    // The token answered at checkout proves nothing about the mailbox.
    const withCheckoutToken = await api("/orders/claim", { method: "POST", token: account.accessToken, json: { orderId: first.order.id, token: first.orderToken } });
    expect(withCheckoutToken.status).toBe(403);
    // A wrong token is a 404.
    const wrong = await api("/orders/claim", { method: "POST", token: account.accessToken, json: { orderId: first.order.id, token: `ot_${"D".repeat(43)}` } });
    expect(wrong.status).toBe(404);
    const unattached = await env.DB.prepare("SELECT count(*) AS n FROM orders WHERE guest_email = ? AND user_id IS NOT NULL").bind(email).first<{ n: number }>();
    expect(unattached!.n).toBe(0);

    const link = await placedLinkOf(email, first.order.id);
    const claimed = await api("/orders/claim", { method: "POST", token: account.accessToken, json: link });
    expect(claimed.status, await claimed.clone().text()).toBe(200);
    expect(((await claimed.json()) as { attached: string[] }).attached.sort()).toEqual([first.order.id, second.order.id].sort());
    const listed = (await (await api("/orders", { token: account.accessToken })).json()) as { items: { id: string }[] };
    expect(listed.items.map((item) => item.id).sort()).toEqual([first.order.id, second.order.id].sort());
    expect((await api(`/orders/${elsewhere.order.id}`, { token: account.accessToken })).status).toBe(404);
    // The guest's token still opens the order.
    expect((await guestGet(first.order.id, first.orderToken)).status).toBe(200);
  });

  it("never attaches to an account with another address, even with a genuine link", async () => {
    const email = uniqueEmail("victim").toLowerCase();
    const placed = await placeGuestOrder(email);
    const link = await placedLinkOf(email, placed.order.id);
    const other = await registerUser();
    const response = await api("/orders/claim", { method: "POST", token: other.accessToken, json: link });
    expect(response.status).toBe(403);
    const row = await env.DB.prepare("SELECT user_id FROM orders WHERE id = ?").bind(placed.order.id).first<{ user_id: string | null }>();
    expect(row!.user_id).toBeNull();
    expect((await api("/orders/claim", { method: "POST", json: link })).status).toBe(401);
  });
});

describe("a guest cancels while the charge is held at the gateway", () => {
  async function guestOrderIn(world: World, sku: string, quantity: number) {
    const created = (await (await world.api("/cart/guest", { method: "POST" })).json()) as { cartToken: string };
    const added = await world.api("/cart/items", { method: "POST", headers: { "x-cart-token": created.cartToken }, json: { sku, quantity } });
    expect(added.status).toBe(200);
    const email = uniqueEmail("held").toLowerCase();
    const response = await world.api("/orders", {
      method: "POST",
      headers: { "x-cart-token": created.cartToken, "idempotency-key": idempotencyKey() },
      json: guestBody(email),
    });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { order: GuestOrder; orderToken: string };
    return { ...body, email };
  }

  it.each(["succeeded", "declined"] as const)("the charge %s after the cancel: the guest keeps no money and the stock returns", async (outcome) => {
    const world = createWorld();
    const sku = await createSku(4, 1_500);
    const { order, orderToken, email } = await guestOrderIn(world, sku, 2);
    const held = await startHeldCharge(world, order.id);
    const cancelled = await world.api(`/orders/${order.id}/cancel`, { method: "POST", headers: { "x-order-token": orderToken } });
    expect(cancelled.status).toBe(200);
    await held.land(outcome === "succeeded" ? "succeed" : "decline");
    await world.drain();
    const state = await assertInvariants(world, { guest: { email, orderToken } }, order.id, sku, { initialOnHand: 4, quantity: 2 });
    expect(state.order.status).toBe("cancelled");
  });
});

describe("the OpenAPI document", () => {
  it("documents the contract's guest headers, their first names, and the guest endpoints", async () => {
    const document = (await (await api("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
      components: { securitySchemes: Record<string, { in: string; name: string }> };
    };
    const schemes = document.components.securitySchemes;
    expect(schemes.cartToken).toMatchObject({ in: "header", name: "X-Cart-Token" });
    expect(schemes.guestCart).toMatchObject({ in: "header", name: "X-Guest-Cart" });
    expect(schemes.orderToken).toMatchObject({ in: "header", name: "X-Order-Token" });
    expect(document.paths["/orders"]?.post?.security).toEqual(expect.arrayContaining([{ cartToken: [] }, { guestCart: [] }]));
    expect(document.paths["/orders/{id}"]?.get?.security).toEqual(expect.arrayContaining([{ orderToken: [] }]));
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/orders/lookup", "/orders/claim"]));
  });
});
