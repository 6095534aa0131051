import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Cart } from "../durable-objects/cart";
import { createProduct, createSku } from "./factories/stock";
import { api, problemOf, registerUser, type TestSession } from "./helpers";
import type { CartItemView } from "../workers/domain/cart";

interface CartBody {
  items: CartItemView[];
  subtotalCents: number;
  totalItems: number;
  currency: string;
  updatedAt: string | null;
}

const userCart = (userId: string) => env.CART.getByName(`user:${userId}`);

async function add(session: TestSession, sku: string, quantity: number) {
  return api("/cart/items", { method: "POST", token: session.accessToken, json: { sku, quantity } });
}

async function cartOf(session: TestSession): Promise<CartBody> {
  const response = await api("/cart", { token: session.accessToken });
  expect(response.status).toBe(200);
  return (await response.json()) as CartBody;
}

/** The stored lines, read from the object itself rather than through the route. */
async function storedLines(userId: string) {
  return (await userCart(userId).get()).lines.map((line) => [line.sku, line.quantity]);
}

describe("GET /cart", () => {
  it("is an empty cart for a new user", async () => {
    const session = await registerUser();
    expect(await cartOf(session)).toEqual({
      items: [],
      subtotalCents: 0,
      totalItems: 0,
      currency: "USD",
      updatedAt: null,
      discounts: [],
      discountCents: 0,
      discountCode: null,
      freeShipping: false,
      freeShippingRemainingCents: null,
      market: "us",
      taxInclusive: false,
      repriced: null,
    });
  });

  it("needs a signed-in user or a guest token; a bad bearer token never falls back to a guest cart", async () => {
    expect((await api("/cart")).status).toBe(401);
    expect((await api("/cart", { token: "garbage.token.value" })).status).toBe(401);
    const guest = (await (await api("/cart/guest", { method: "POST" })).json()) as { guestToken: string };
    const response = await api("/cart", { token: "garbage.token.value", headers: { "x-guest-cart": guest.guestToken } });
    expect(response.status).toBe(401);
  });
});

describe("POST /cart/items", () => {
  it("adds a line with what the shopper saw, and adds to it again", async () => {
    const { skus, productId, name } = await createProduct({
      imageUrl: "/images/products/test-1.svg",
      variants: [{ title: "Large / Navy", priceCents: 2500, onHand: 10 }],
    });
    const sku = skus[0]!;
    const session = await registerUser();
    const first = await add(session, sku, 2);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      items: [
        {
          sku,
          productId,
          name,
          variantTitle: "Large / Navy",
          unitPriceCents: 2500,
          addedPriceCents: 2500,
          priceChanged: false,
          quantity: 2,
          lineTotalCents: 5000,
          imageUrl: "/images/products/test-1.svg",
          unavailable: false,
        },
      ],
      subtotalCents: 5000,
      totalItems: 2,
      currency: "USD",
    });
    const second = (await (await add(session, sku, 3)).json()) as CartBody;
    expect(second.items).toHaveLength(1);
    expect(second.items[0]).toMatchObject({ quantity: 5, lineTotalCents: 12500 });
    expect(await storedLines(session.user.id)).toEqual([[sku, 5]]);
  });

  it("refuses more than is available with 409 on quantity, counting what is already in the cart", async () => {
    const sku = await createSku(4);
    const session = await registerUser();
    const tooMany = await add(session, sku, 5);
    expect(tooMany.status).toBe(409);
    const problem = await problemOf(tooMany);
    expect(problem.code).toBe("insufficient_stock");
    expect(problem.errors).toEqual([{ path: "quantity", message: "Only 4 available." }]);
    expect((await add(session, sku, 3)).status).toBe(200);
    const second = await add(session, sku, 2);
    expect(second.status).toBe(409);
    expect((await problemOf(second)).errors?.[0]?.path).toBe("quantity");
    expect(await storedLines(session.user.id)).toEqual([[sku, 3]]);
  });

  it("normalises the SKU as the catalog stores it (trimmed, upper-case)", async () => {
    const sku = await createSku(5);
    const session = await registerUser();
    expect((await add(session, ` ${sku.toLowerCase()} `, 1)).status).toBe(200);
    expect((await api(`/cart/items/${sku.toLowerCase()}`, { method: "PUT", token: session.accessToken, json: { quantity: 2 } })).status).toBe(200);
    expect(await storedLines(session.user.id)).toEqual([[sku, 2]]);
  });

  it("counts other shoppers' reservations, not their carts", async () => {
    const sku = await createSku(3);
    await env.INVENTORY.getByName(sku).reserve("ord_someone_else", 2, 60);
    const session = await registerUser();
    expect((await add(session, sku, 2)).status).toBe(409);
    expect((await add(session, sku, 1)).status).toBe(200);
    const other = await registerUser();
    expect((await add(other, sku, 1)).status).toBe(200);
  });

  it("refuses more than 99 of one SKU in total", async () => {
    const sku = await createSku(500);
    const session = await registerUser();
    expect((await add(session, sku, 99)).status).toBe(200);
    const over = await add(session, sku, 1);
    expect(over.status).toBe(409);
    expect((await problemOf(over)).errors?.[0]?.path).toBe("quantity");
    expect(await storedLines(session.user.id)).toEqual([[sku, 99]]);
  });

  it("404s an unknown SKU, an inactive product and an inactive variant", async () => {
    const session = await registerUser();
    const inactiveProduct = await createProduct({ isActive: false, variants: [{ onHand: 5 }] });
    const inactiveVariant = await createProduct({ variants: [{ onHand: 5 }, { onHand: 5, isActive: false }] });
    for (const sku of ["NO-SUCH-SKU", inactiveProduct.skus[0]!, inactiveVariant.skus[1]!]) {
      const response = await add(session, sku, 1);
      expect(response.status).toBe(404);
      await problemOf(response);
    }
    expect(await storedLines(session.user.id)).toEqual([]);
  });

  describe.each([
    ["zero", { quantity: 0 }, "quantity"],
    ["negative", { quantity: -1 }, "quantity"],
    ["fractional", { quantity: 1.5 }, "quantity"],
    ["over 99", { quantity: 100 }, "quantity"],
    ["huge", { quantity: 1e300 }, "quantity"],
    ["a numeric string", { quantity: "2" }, "quantity"],
    ["null", { quantity: null }, "quantity"],
    ["missing", {}, "quantity"],
    ["an array", { quantity: [1] }, "quantity"],
    ["an unknown field", { quantity: 1, price: 1 }, "(root)"],
  ])("a %s quantity", (_label, body, path) => {
    it("is 400 and changes nothing", async () => {
      const sku = await createSku(10);
      const session = await registerUser();
      expect((await add(session, sku, 1)).status).toBe(200);
      const response = await api("/cart/items", { method: "POST", token: session.accessToken, json: { sku, ...body } });
      expect(response.status).toBe(400);
      expect((await problemOf(response)).errors?.[0]?.path).toBe(path);
      expect(await storedLines(session.user.id)).toEqual([[sku, 1]]);
    });
  });

  it.each([
    ["a malformed SKU", { sku: "bad sku!", quantity: 1 }],
    ["an empty SKU", { sku: "", quantity: 1 }],
    ["a numeric SKU", { sku: 42, quantity: 1 }],
    ["an over-long SKU", { sku: "A".repeat(65), quantity: 1 }],
  ])("400s %s", async (_label, json) => {
    const session = await registerUser();
    expect((await api("/cart/items", { method: "POST", token: session.accessToken, json })).status).toBe(400);
  });

  it("415s a body that is not JSON and 400s malformed JSON", async () => {
    const session = await registerUser();
    const text = await api("/cart/items", { method: "POST", token: session.accessToken, body: "sku=A&quantity=1", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(text.status).toBe(415);
    const broken = await api("/cart/items", { method: "POST", token: session.accessToken, body: "{", headers: { "content-type": "application/json" } });
    expect(broken.status).toBe(400);
  });

  it("holds at most 100 different items", async () => {
    const { skus } = await createProduct({ variants: Array.from({ length: 101 }, () => ({ onHand: 5, priceCents: 100 })) });
    await Promise.all(skus.map((sku) => env.INVENTORY.getByName(sku).read()));
    const session = await registerUser();
    for (const sku of skus.slice(0, 100)) expect((await add(session, sku, 1)).status).toBe(200);
    const over = await add(session, skus[100]!, 1);
    expect(over.status).toBe(409);
    expect((await problemOf(over)).code).toBe("conflict");
    expect((await add(session, skus[0]!, 1)).status).toBe(200);
    expect(await storedLines(session.user.id)).toHaveLength(100);
  });
});

describe("PUT /cart/items/:sku and DELETE /cart/items/:sku", () => {
  it("sets a quantity, lowers it freely, and 0 removes the line", async () => {
    const sku = await createSku(5);
    const other = await createSku(5);
    const session = await registerUser();
    await add(session, sku, 1);
    await add(session, other, 1);
    const set = await api(`/cart/items/${sku}`, { method: "PUT", token: session.accessToken, json: { quantity: 4 } });
    expect(set.status).toBe(200);
    expect(((await set.json()) as CartBody).items.find((item) => item.sku === sku)?.quantity).toBe(4);
    const tooMany = await api(`/cart/items/${sku}`, { method: "PUT", token: session.accessToken, json: { quantity: 6 } });
    expect(tooMany.status).toBe(409);
    expect((await problemOf(tooMany)).errors?.[0]?.path).toBe("quantity");
    const removed = await api(`/cart/items/${sku}`, { method: "PUT", token: session.accessToken, json: { quantity: 0 } });
    expect(((await removed.json()) as CartBody).items.map((item) => item.sku)).toEqual([other]);
    expect(await storedLines(session.user.id)).toEqual([[other, 1]]);
  });

  it("lets a line of a deactivated product be lowered but not raised", async () => {
    const { productId, skus } = await createProduct({ variants: [{ onHand: 9 }] });
    const sku = skus[0]!;
    const session = await registerUser();
    await add(session, sku, 3);
    await env.DB.prepare("UPDATE products SET is_active = 0 WHERE id = ?").bind(productId).run();
    expect((await api(`/cart/items/${sku}`, { method: "PUT", token: session.accessToken, json: { quantity: 4 } })).status).toBe(409);
    expect((await api(`/cart/items/${sku}`, { method: "PUT", token: session.accessToken, json: { quantity: 2 } })).status).toBe(200);
  });

  it("404s a SKU that is not in the cart", async () => {
    const sku = await createSku(5);
    const session = await registerUser();
    expect((await api(`/cart/items/${sku}`, { method: "PUT", token: session.accessToken, json: { quantity: 1 } })).status).toBe(404);
    expect((await api(`/cart/items/${sku}`, { method: "DELETE", token: session.accessToken })).status).toBe(404);
    expect((await api("/cart/items/NO-SUCH-SKU", { method: "DELETE", token: session.accessToken })).status).toBe(404);
    expect(await storedLines(session.user.id)).toEqual([]);
  });

  it.each([[{ quantity: -1 }], [{ quantity: 2.5 }], [{ quantity: 100 }], [{ quantity: "3" }], [{}], [{ quantity: 1, sku: "X" }]])(
    "400s %j and changes nothing",
    async (json) => {
      const sku = await createSku(5);
      const session = await registerUser();
      await add(session, sku, 2);
      expect((await api(`/cart/items/${sku}`, { method: "PUT", token: session.accessToken, json })).status).toBe(400);
      expect(await storedLines(session.user.id)).toEqual([[sku, 2]]);
    },
  );

  it("DELETE removes one line and returns the cart; DELETE /cart empties it with 204", async () => {
    const a = await createSku(5);
    const b = await createSku(5);
    const session = await registerUser();
    await add(session, a, 1);
    await add(session, b, 2);
    const response = await api(`/cart/items/${a}`, { method: "DELETE", token: session.accessToken });
    expect(response.status).toBe(200);
    expect(((await response.json()) as CartBody).items.map((item) => item.sku)).toEqual([b]);
    const cleared = await api("/cart", { method: "DELETE", token: session.accessToken });
    expect(cleared.status).toBe(204);
    expect(await storedLines(session.user.id)).toEqual([]);
    expect((await cartOf(session)).items).toEqual([]);
  });
});

describe("prices and availability shown with the cart", () => {
  it("shows the current price, the price when added and that it changed", async () => {
    const sku = await createSku(5, 2000);
    const session = await registerUser();
    await add(session, sku, 2);
    await env.DB.prepare("UPDATE product_variants SET price_cents = 1800 WHERE sku = ?").bind(sku).run();
    const cart = await cartOf(session);
    expect(cart.items[0]).toMatchObject({ unitPriceCents: 1800, addedPriceCents: 2000, priceChanged: true, lineTotalCents: 3600 });
    expect(cart.subtotalCents).toBe(3600);
    // Adding again means the shopper has now seen the new price.
    const readded = (await (await add(session, sku, 1)).json()) as CartBody;
    expect(readded.items[0]).toMatchObject({ addedPriceCents: 1800, priceChanged: false, quantity: 3 });
  });

  it("marks lines of a deactivated product unavailable and leaves them out of the totals", async () => {
    const gone = await createProduct({ variants: [{ onHand: 5, priceCents: 1000 }] });
    const kept = await createSku(5, 500);
    const session = await registerUser();
    await add(session, gone.skus[0]!, 1);
    await add(session, kept, 2);
    await env.DB.prepare("UPDATE products SET is_active = 0 WHERE id = ?").bind(gone.productId).run();
    const cart = await cartOf(session);
    expect(cart.items.map((item) => [item.sku, item.unavailable])).toEqual([
      [gone.skus[0], true],
      [kept, false],
    ]);
    expect(cart).toMatchObject({ subtotalCents: 1000, totalItems: 2 });
  });
});

describe("the Cart object", () => {
  it("keeps its lines across an eviction", async () => {
    const a = await createSku(5);
    const b = await createSku(5);
    const session = await registerUser();
    await add(session, a, 2);
    await add(session, b, 1);
    await evictDurableObject(userCart(session.user.id));
    expect((await cartOf(session)).items.map((item) => [item.sku, item.quantity])).toEqual([
      [a, 2],
      [b, 1],
    ]);
  });

  it("is one per user: nobody reaches another user's cart", async () => {
    const sku = await createSku(5);
    const alice = await registerUser();
    const bob = await registerUser();
    await add(alice, sku, 2);
    expect((await cartOf(bob)).items).toEqual([]);
    // Bob naming Alice's line changes nothing of hers.
    expect((await api(`/cart/items/${sku}`, { method: "DELETE", token: bob.accessToken })).status).toBe(404);
    expect((await api("/cart", { method: "DELETE", token: bob.accessToken })).status).toBe(204);
    expect(await storedLines(alice.user.id)).toEqual([[sku, 2]]);
  });
});

describe("guest carts and the merge at sign-in", () => {
  async function guestToken(): Promise<string> {
    const response = await api("/cart/guest", { method: "POST" });
    expect(response.status).toBe(201);
    return ((await response.json()) as { guestToken: string }).guestToken;
  }
  const asGuest = (token: string) => ({ headers: { "x-guest-cart": token } });

  it("lets a guest build a cart with a signed token, and refuses forged or altered tokens", async () => {
    const sku = await createSku(5);
    const token = await guestToken();
    const added = await api("/cart/items", { method: "POST", json: { sku, quantity: 2 }, ...asGuest(token) });
    expect(added.status).toBe(200);
    expect((((await (await api("/cart", asGuest(token))).json()) as CartBody).items).map((item) => item.quantity)).toEqual([2]);
    const [prefix, id, signature] = token.split(".");
    const forged = [
      `${prefix}.${id}.${"A".repeat(43)}`,
      `${prefix}.${"B".repeat(22)}.${signature}`,
      `${prefix}.${id}`,
      "gc1..",
      "x".repeat(500),
    ];
    for (const bad of forged) expect((await api("/cart", asGuest(bad))).status).toBe(401);
    // Two guests have two carts.
    expect((((await (await api("/cart", asGuest(await guestToken()))).json()) as CartBody).items)).toEqual([]);
  });

  it("merges a guest cart at sign-in without duplicating lines, then empties the guest cart", async () => {
    const shared = await createSku(50, 1000);
    const guestOnly = await createSku(50, 300);
    const userOnly = await createSku(50, 700);
    const token = await guestToken();
    await api("/cart/items", { method: "POST", json: { sku: shared, quantity: 2 }, ...asGuest(token) });
    await api("/cart/items", { method: "POST", json: { sku: guestOnly, quantity: 1 }, ...asGuest(token) });
    const session = await registerUser();
    await add(session, shared, 3);
    await add(session, userOnly, 1);

    const response = await api("/cart/merge", { method: "POST", token: session.accessToken, json: { guestToken: token } });
    expect(response.status).toBe(200);
    const merged = (await response.json()) as CartBody & { adjustments: unknown[] };
    expect(merged.adjustments).toEqual([]);
    expect(merged.items.map((item) => [item.sku, item.quantity]).sort()).toEqual(
      [
        [shared, 5],
        [guestOnly, 1],
        [userOnly, 1],
      ].sort(),
    );
    expect(await storedLines(session.user.id)).toHaveLength(3);
    expect((((await (await api("/cart", asGuest(token))).json()) as CartBody).items)).toEqual([]);
    // A repeated merge (the guest cart is now empty) adds nothing.
    await api("/cart/merge", { method: "POST", token: session.accessToken, json: { guestToken: token } });
    expect((await cartOf(session)).items.find((item) => item.sku === shared)?.quantity).toBe(5);
  });

  it("keeps the price the guest saw, so a change shows after sign-in", async () => {
    const sku = await createSku(10, 1000);
    const token = await guestToken();
    await api("/cart/items", { method: "POST", json: { sku, quantity: 1 }, ...asGuest(token) });
    await env.DB.prepare("UPDATE product_variants SET price_cents = 1200 WHERE sku = ?").bind(sku).run();
    const session = await registerUser();
    const merged = (await (await api("/cart/merge", { method: "POST", token: session.accessToken, json: { guestToken: token } })).json()) as CartBody;
    expect(merged.items[0]).toMatchObject({ unitPriceCents: 1200, addedPriceCents: 1000, priceChanged: true });
  });

  it("merges sent lines, capping at 99 and at availability and skipping unavailable SKUs, and says so", async () => {
    const plenty = await createSku(500);
    const scarce = await createSku(3);
    const inactive = await createProduct({ isActive: false, variants: [{ onHand: 5 }] });
    const session = await registerUser();
    await add(session, plenty, 90);
    await add(session, scarce, 1);
    const response = await api("/cart/merge", {
      method: "POST",
      token: session.accessToken,
      json: {
        items: [
          { sku: plenty, quantity: 20 },
          { sku: scarce, quantity: 5 },
          { sku: inactive.skus[0], quantity: 1 },
          { sku: "NO-SUCH-SKU", quantity: 1 },
        ],
      },
    });
    expect(response.status).toBe(200);
    const merged = (await response.json()) as CartBody & { adjustments: { sku: string; reason: string; added: number }[] };
    expect(merged.items.map((item) => [item.sku, item.quantity])).toEqual([
      [plenty, 99],
      [scarce, 3],
    ]);
    expect(merged.adjustments.map((a) => [a.sku, a.reason, a.added]).sort()).toEqual(
      [
        [inactive.skus[0], "unavailable", 0],
        ["NO-SUCH-SKU", "unavailable", 0],
        [plenty, "quantity_limit", 9],
        [scarce, "insufficient_stock", 2],
      ].sort(),
    );
  });

  it("empties a guest cart left alone for 30 days, and never arms that alarm for a user's cart", async () => {
    const sku = await createSku(5);
    const token = await guestToken();
    await api("/cart/items", { method: "POST", json: { sku, quantity: 1 }, ...asGuest(token) });
    const guest = env.CART.getByName(`guest:${token.split(".")[1]}`);
    const alarm = await runInDurableObject(guest, (_instance: Cart, state) => state.storage.getAlarm());
    expect(alarm).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
    // Early (a retry, or a clock that ran ahead): the cart is kept and the alarm re-armed.
    expect(await runDurableObjectAlarm(guest)).toBe(true);
    expect((await guest.get()).lines).toHaveLength(1);
    await runInDurableObject(guest, (_instance: Cart, state) => {
      state.storage.sql.exec("UPDATE cart_meta SET updated_at = ?", Date.now() - 31 * 24 * 3600 * 1000);
    });
    expect(await runDurableObjectAlarm(guest)).toBe(true);
    expect(await guest.get()).toEqual({ lines: [], updatedAt: null, discountCode: null });

    const session = await registerUser();
    await add(session, sku, 1);
    expect(await runInDurableObject(userCart(session.user.id), (_instance: Cart, state) => state.storage.getAlarm())).toBeNull();
  });

  it("needs a signed-in user and exactly one valid source", async () => {
    const token = await guestToken();
    const session = await registerUser();
    expect((await api("/cart/merge", { method: "POST", json: { guestToken: token } })).status).toBe(401);
    expect((await api("/cart/merge", { method: "POST", json: { guestToken: token }, ...asGuest(token) })).status).toBe(401);
    for (const json of [
      {},
      { items: [] },
      { guestToken: token, items: [{ sku: "A", quantity: 1 }] },
      { guestToken: "gc1.forged.token" },
      { items: [{ sku: "A", quantity: 0 }] },
      { items: Array.from({ length: 101 }, (_, i) => ({ sku: `A${i}`, quantity: 1 })) },
    ]) {
      const response = await api("/cart/merge", { method: "POST", token: session.accessToken, json });
      expect(response.status).toBe(400);
    }
    expect(await storedLines(session.user.id)).toEqual([]);
  });
});
