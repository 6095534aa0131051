/**
 * The round trips on the critical path of the shopper's hottest requests, as the response's
 * Server-Timing header counts them (calls that overlap are one trip). Each D1 trip may cross an
 * ocean in production, so these are budgets, not measurements to admire.
 */
import { describe, expect, it } from "vitest";
import { api, registerUser, type TestSession } from "./helpers";
import { createSku } from "./factories/stock";
import { addToCart, checkout } from "./checkout-helpers";
import { createProduct } from "./factories/catalog";

interface Trips {
  d1: { calls: number; trips: number };
  do: { calls: number; trips: number };
}

function tripsOf(response: Response): Trips {
  const header = response.headers.get("server-timing") ?? "";
  const metric = (name: string) => {
    const match = new RegExp(`(?:^|, )${name};dur=[\\d.]+;calls=(\\d+);trips=(\\d+)`).exec(header);
    expect(match, `${name} in Server-Timing: ${header}`).not.toBeNull();
    return { calls: Number(match![1]), trips: Number(match![2]) };
  };
  return { d1: metric("d1"), do: metric("do") };
}

/** The isolate's markets list is warm (as on a busy edge), so only the request's own trips count. */
async function warm(session: TestSession): Promise<void> {
  expect((await api("/cart", { token: session.accessToken })).status).toBe(200);
}

describe("round trips on the critical path", () => {
  it("add to cart: one D1 trip, two Durable Object trips (the cart and the stock side by side, then the add)", async () => {
    const [a, b] = [await createSku(5, 1_000), await createSku(5, 2_000)];
    const shopper = await registerUser();
    await addToCart(shopper, a, 1);
    await warm(shopper);
    const response = await api("/cart/items", { method: "POST", token: shopper.accessToken, json: { sku: b, quantity: 2 } });
    expect(response.status).toBe(200);
    const trips = tripsOf(response);
    expect(trips.d1.trips).toBe(1);
    expect(trips.do.trips).toBe(2);
  });

  it("the cart: one D1 trip after the cart's one Durable Object trip", async () => {
    const shopper = await registerUser();
    await addToCart(shopper, await createSku(5), 1);
    await warm(shopper);
    const trips = tripsOf(await api("/cart", { token: shopper.accessToken }));
    expect(trips.d1.trips).toBe(1);
    expect(trips.do.trips).toBe(1);
  });

  it("checkout's 202: two D1 trips (claim and read, then record), three Durable Object trips whatever the number of lines", async () => {
    const shopper = await registerUser();
    for (const sku of [await createSku(5), await createSku(5), await createSku(5)]) await addToCart(shopper, sku, 1);
    await warm(shopper);
    const response = await checkout(shopper, { token: "tok_visa" });
    expect(response.status).toBe(202);
    const trips = tripsOf(response);
    expect(trips.d1.trips).toBeLessThanOrEqual(2);
    // The cart; every SKU at once; the cart's hold (beside the queue sends).
    expect(trips.do.trips).toBe(3);
    expect(trips.do.calls).toBe(5);
  });

  it("a replayed checkout: two D1 trips, one Durable Object trip", async () => {
    const shopper = await registerUser();
    await addToCart(shopper, await createSku(5), 1);
    const key = `replay-${crypto.randomUUID()}`;
    expect((await checkout(shopper, { key, token: "tok_visa" })).status).toBe(202);
    const replay = await checkout(shopper, { key, token: "tok_visa" });
    expect(replay.status).toBe(202);
    const trips = tripsOf(replay);
    expect(trips.d1.trips).toBe(2);
    expect(trips.do.trips).toBe(1);
  });

  it("sign-in: two D1 trips (the account, read while the limits are asked; then the session)", async () => {
    const shopper = await registerUser({ password: "correct horse battery" });
    const response = await api("/auth/login", { method: "POST", json: { email: shopper.user.email, password: "correct horse battery" } });
    expect(response.status).toBe(200);
    expect(tripsOf(response).d1.trips).toBe(2);
  });

  it("a token refresh: two D1 trips (the token; then its rotation beside the user)", async () => {
    const shopper = await registerUser();
    const response = await api("/auth/refresh", { method: "POST", json: { refreshToken: shopper.refreshToken } });
    expect(response.status).toBe(200);
    expect(tripsOf(response).d1.trips).toBe(2);
  });

  it("a signed-in shopper's product page asks the API for the product, the user, the cart and the notices: at most one D1 trip each, side by side", async () => {
    const product = await createProduct();
    const shopper = await registerUser();
    await addToCart(shopper, await createSku(5), 1);
    await warm(shopper);
    const calls = await Promise.all([
      api(`/products/${product.slug}`, { token: shopper.accessToken }),
      api("/auth/me", { token: shopper.accessToken }),
      api("/cart", { token: shopper.accessToken }),
      api("/notifications?unread=true&limit=1", { token: shopper.accessToken }),
    ]);
    for (const response of calls) {
      expect(response.status).toBe(200);
      expect(tripsOf(response).d1.trips).toBeLessThanOrEqual(1);
    }
    expect(tripsOf(calls[2]!).do.trips).toBe(1);
  });
});
