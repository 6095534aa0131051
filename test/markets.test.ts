/**
 * Markets through the API: the list, prices per market (derived and set), the market a request
 * is in, caching that never crosses markets, carts re-priced on a change of market, and
 * checkout in each market's currency with its tax shown the way the market expects.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { derivePrice, type Market } from "../workers/domain/markets";
import { taxContained } from "../workers/domain/tax";
import { createDb } from "../workers/factory";
import { readMarkets } from "../workers/db/queries/markets";
import { idempotencyKey, waitForOrder } from "./checkout-helpers";
import { api, createAdmin, problemOf, registerUser, type TestSession } from "./helpers";
import { createProduct, createSku } from "./factories/stock";

let adminSession: Promise<TestSession> | null = null;
const admin = () => (adminSession ??= createAdmin());

const DE_ADDRESS = { name: "Ada Lovelace", line1: "Unter den Linden 1", city: "Berlin", postalCode: "10117", country: "DE" };
const JP_ADDRESS = { name: "Ada Lovelace", line1: "1-1 Chiyoda", city: "Tokyo", postalCode: "100-0001", country: "JP" };

type ProductJson = { id: string; priceCents: number; currency: string; variants: { sku: string; priceCents: number }[] };
type CartJson = { currency: string; market: string; taxInclusive: boolean; repriced: { fromCurrency: string; toCurrency: string } | null; subtotalCents: number; items: { sku: string; unitPriceCents: number; addedPriceCents: number; priceChanged: boolean }[] };

async function market(id: string): Promise<Market> {
  const found = (await readMarkets(createDb(env.DB))).find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no market ${id}`);
  return found;
}

describe("the markets list", () => {
  it("names the four markets with their currency, languages and tax mode", async () => {
    const response = await api("/markets");
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: { id: string; currency: string; languages: string[]; defaultLanguage: string; taxInclusive: boolean; countries: string[] }[] };
    expect(items.map((item) => [item.id, item.currency, item.defaultLanguage, item.taxInclusive])).toEqual([
      ["us", "USD", "en", false],
      ["eu", "EUR", "de", true],
      ["gb", "GBP", "en", true],
      ["jp", "JPY", "ja", true],
    ]);
    expect(items.find((item) => item.id === "eu")?.languages).toEqual(["de", "fr"]);
    expect(items.find((item) => item.id === "eu")?.countries).toContain("DE");
  });

  it("says from which amount each market's shipping is free wherever it ships, in its own minor units", async () => {
    const { items } = (await (await api("/markets")).json()) as { items: { id: string; freeShippingOverCents: number | null }[] };
    const threshold = Object.fromEntries(items.map((item) => [item.id, item.freeShippingOverCents]));
    // The seeded zones: Standard is free over $75, £60 and ¥10,000 (no minor units).
    expect(threshold).toMatchObject({ us: 7_500, gb: 6_000, jp: 10_000 });
    expect(threshold.eu === null || Number.isInteger(threshold.eu)).toBe(true);
  });
});

describe("prices per market", () => {
  it("derives each market's price from the catalog's through its rate and rounding rule, in that currency's minor units", async () => {
    const { productId, skus } = await createProduct({ variants: [{ priceCents: 2_499, onHand: 5 }] });
    const inMarket = async (query: string, headers: Record<string, string> = {}) => {
      const response = await api(`/products/${productId}${query}`, { headers });
      expect(response.status).toBe(200);
      return (await response.json()) as ProductJson;
    };
    expect(await inMarket("")).toMatchObject({ priceCents: 2_499, currency: "USD" });
    expect(await inMarket("?market=eu")).toMatchObject({ priceCents: 2_299, currency: "EUR", variants: [{ sku: skus[0], priceCents: 2_299 }] });
    expect(await inMarket("?market=gb")).toMatchObject({ priceCents: 1_999, currency: "GBP" });
    expect(await inMarket("?market=jp")).toMatchObject({ priceCents: 3_750, currency: "JPY" });
    // The header the site sends, and the shopper's country.
    expect(await inMarket("", { "x-market": "jp" })).toMatchObject({ currency: "JPY" });
    expect(await inMarket("", { "x-country": "FR" })).toMatchObject({ currency: "EUR" });
    expect(await inMarket("", { "x-country": "GB" })).toMatchObject({ currency: "GBP" });
    // A country no market lists is served by the base market; a remembered choice that is gone is passed over.
    expect(await inMarket("", { "x-country": "BR" })).toMatchObject({ currency: "USD" });
    expect(await inMarket("", { "x-market-preference": "atlantis", "x-country": "JP" })).toMatchObject({ currency: "JPY" });
  });

  it("refuses a market that does not exist with 400, naming the ones that do", async () => {
    const { productId } = await createProduct();
    const response = await api(`/products/${productId}?market=atlantis`);
    expect(response.status).toBe(400);
    expect((await problemOf(response)).detail).toContain("atlantis");
    const shopper = await registerUser();
    expect((await api("/cart", { token: shopper.accessToken, headers: { "x-market": "atlantis" } })).status).toBe(400);
  });

  it("sorts, filters and facets listings by the market's prices, which match the domain's derivation exactly", async () => {
    const eu = await market("eu");
    const jp = await market("jp");
    const bases = [1, 49, 50, 99, 100, 149, 999, 1_234, 2_499, 4_950, 9_999, 123_457];
    const { productId } = await createProduct({ variants: bases.map((priceCents) => ({ priceCents })) });
    for (const target of [eu, jp]) {
      const view = (await (await api(`/products/${productId}?market=${target.id}`)).json()) as ProductJson;
      expect(view.variants.map((variant) => variant.priceCents)).toEqual(bases.map((base) => derivePrice(base, target)));
      // The listing's SQL computes the same prices, and its price filter works in the market's currency.
      const expected = derivePrice(2_499, target);
      const listed = (await (await api(`/products?market=${target.id}&category=test-stock&minPrice=${expected}&maxPrice=${expected}&limit=100`)).json()) as {
        items: { id: string; priceCents: number; currency: string; variants: { priceCents: number }[] }[];
      };
      for (const item of listed.items) {
        expect(item.priceCents).toBe(expected);
        expect(item.currency).toBe(target.currency);
      }
    }
    const sorted = (await (await api("/products?market=jp&category=test-stock&sort=price_asc&limit=100")).json()) as { items: { priceCents: number }[] };
    const prices = sorted.items.map((item) => item.priceCents);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });

  it("lets an admin set a variant's price in a market, see the rule and its result, and go back to the derived price", async () => {
    const token = (await admin()).accessToken;
    const { productId, skus } = await createProduct({ variants: [{ priceCents: 2_499 }] });
    const sku = skus[0]!;
    const listed = await api(`/admin/markets/eu/prices?productId=${productId}`, { token });
    expect(((await listed.json()) as { items: unknown[] }).items).toEqual([
      { sku, productId, title: "Default", baseCents: 2_499, derivedMinor: 2_299, setMinor: null, priceMinor: 2_299, currency: "EUR" },
    ]);
    const set = await api(`/admin/markets/eu/prices/${sku}`, { method: "PUT", token, json: { priceMinor: 2_500 } });
    expect(set.status).toBe(200);
    const product = (await (await api(`/products/${productId}?market=eu`)).json()) as ProductJson;
    expect(product).toMatchObject({ priceCents: 2_500, variants: [{ priceCents: 2_500 }] });
    expect((await api(`/admin/markets/us/prices/${sku}`, { method: "PUT", token, json: { priceMinor: 1 } })).status).toBe(400);
    expect((await api(`/admin/markets/eu/prices/${sku}`, { method: "PUT", token, json: { priceMinor: -1 } })).status).toBe(400);
    expect((await api(`/admin/markets/eu/prices/NOPE`, { method: "PUT", token, json: { priceMinor: 1 } })).status).toBe(404);
    expect((await api(`/admin/markets/eu/prices/${sku}`, { method: "DELETE", token })).status).toBe(204);
    expect(((await (await api(`/products/${productId}?market=eu`)).json()) as ProductJson).priceCents).toBe(2_299);
    const audit = await env.DB.prepare("SELECT action FROM audit_log WHERE entity_type = 'market' AND details LIKE ?").bind(`%${sku}%`).all<{ action: string }>();
    expect(audit.results.map((row) => row.action).sort()).toEqual(["market.price_cleared", "market.price_set"]);
  });

  it("creates and edits markets for admins only, re-pricing at once, and refuses inconsistent ones", async () => {
    const token = (await admin()).accessToken;
    const shopper = await registerUser();
    expect((await api("/admin/markets", { token: shopper.accessToken })).status).toBe(403);
    const body = { id: `ch${Date.now().toString(36)}`, name: "Switzerland (in euros)", currency: "EUR", countries: ["CH", "LI"], languages: ["de", "fr"], defaultLanguage: "de", taxInclusive: true, taxRates: { CH: 810 }, exchangeRateMicros: 1_000_000, rounding: "whole" };
    const created = await api("/admin/markets", { method: "POST", token, json: body });
    expect(created.status, await created.clone().text()).toBe(201);
    expect(await created.json()).toMatchObject({ id: body.id, example: { baseCents: 2_499, convertedMinor: 2_499, priceMinor: 2_500 } });
    const { productId } = await createProduct({ variants: [{ priceCents: 2_499 }] });
    expect(((await (await api(`/products/${productId}?market=${body.id}`)).json()) as ProductJson).priceCents).toBe(2_500);
    // A new rate takes effect on the next read (the edit purges the catalog cache).
    const patched = await api(`/admin/markets/${body.id}`, { method: "PATCH", token, json: { exchangeRateMicros: 2_000_000 } });
    expect(patched.status).toBe(200);
    expect(((await (await api(`/products/${productId}?market=${body.id}`)).json()) as ProductJson).priceCents).toBe(5_000);
    for (const [json, status] of [
      [{ ...body, id: "jpy99", countries: [], currency: "JPY", rounding: "ninety_nine" }, 400],
      [{ ...body, id: "lang", countries: [], defaultLanguage: "ja" }, 400],
      [{ ...body, id: "dupe" }, 409],
      [{ ...body, id: "bad id!" }, 400],
      [{ ...body, id: "rate", countries: [], exchangeRateMicros: 0 }, 400],
    ] as const) {
      const response = await api("/admin/markets", { method: "POST", token, json });
      expect(response.status, JSON.stringify(json)).toBe(status);
    }
    expect((await api("/admin/markets/us", { method: "PATCH", token, json: { currency: "EUR" } })).status).toBe(400);
    expect((await api("/admin/markets/nowhere", { method: "PATCH", token, json: { name: "x" } })).status).toBe(404);
  });
});

describe("caching never crosses markets", () => {
  it("answers the same URL from two markets in their own currencies, each from its own cache entry", async () => {
    const { productId } = await createProduct({ variants: [{ priceCents: 2_499 }] });
    const path = `/products/${productId}`;
    const us1 = await api(path);
    const de1 = await api(path, { headers: { "x-country": "DE", "accept-language": "de" } });
    const us2 = await api(path);
    const de2 = await api(path, { headers: { "x-country": "DE", "accept-language": "de" } });
    expect([us1.headers.get("x-cache"), de1.headers.get("x-cache")]).toEqual(["MISS", "MISS"]);
    expect([us2.headers.get("x-cache"), de2.headers.get("x-cache")]).toEqual(["HIT", "HIT"]);
    expect(((await us2.json()) as ProductJson).currency).toBe("USD");
    expect(((await de2.json()) as ProductJson).currency).toBe("EUR");
    expect(us2.headers.get("vary")).toContain("X-Market");
  });
});

describe("carts and checkout per market", () => {
  it("re-prices a cart into the new market's currency when the shopper changes market, and says so once", async () => {
    const shopper = await registerUser();
    const sku = await createSku(10, 2_499);
    expect((await api("/cart/items", { method: "POST", token: shopper.accessToken, json: { sku, quantity: 2 } })).status).toBe(200);
    const moved = (await (await api("/cart", { token: shopper.accessToken, headers: { "x-market": "jp" } })).json()) as CartJson;
    expect(moved).toMatchObject({ currency: "JPY", market: "jp", taxInclusive: true, repriced: { fromCurrency: "USD", toCurrency: "JPY" }, subtotalCents: 7_500 });
    expect(moved.items[0]).toMatchObject({ unitPriceCents: 3_750, addedPriceCents: 3_750, priceChanged: false });
    const again = (await (await api("/cart", { token: shopper.accessToken, headers: { "x-market": "jp" } })).json()) as CartJson;
    expect(again.repriced).toBeNull();
    // Adding in yet another market re-prices too, rather than refusing the line.
    const other = await createSku(10, 1_000);
    const added = await api("/cart/items", { method: "POST", token: shopper.accessToken, headers: { "x-market": "eu" }, json: { sku: other, quantity: 1 } });
    expect(added.status).toBe(200);
    expect((await added.json()) as CartJson).toMatchObject({ currency: "EUR", repriced: { fromCurrency: "JPY", toCurrency: "EUR" }, subtotalCents: 2 * 2_299 + 899 });
  });

  it("checks out in euros with VAT included, records the rates and the language, and charges euros", async () => {
    const shopper = await registerUser();
    const sku = await createSku(10, 2_499);
    const headers = { "x-market": "eu", "accept-language": "de-DE,de;q=0.9" };
    expect((await api("/cart/items", { method: "POST", token: shopper.accessToken, headers, json: { sku, quantity: 2 } })).status).toBe(200);
    const methods = (await (await api("/shipping/methods?country=DE", { token: shopper.accessToken, headers })).json()) as { items: { id: string; amountCents: number; currency: string }[] };
    expect(methods.items.map((method) => [method.id, method.currency])).toEqual([
      ["shm_eurozone_standard", "EUR"],
      ["shm_eurozone_express", "EUR"],
    ]);
    const response = await api("/orders", {
      method: "POST",
      token: shopper.accessToken,
      headers: { ...headers, "idempotency-key": idempotencyKey() },
      json: { shippingAddress: DE_ADDRESS, shippingMethodId: "shm_eurozone_standard", payment: { method: "card", token: "tok_visa" } },
    });
    expect(response.status, await response.clone().text()).toBe(202);
    const { order } = (await response.json()) as { order: { id: string; currency: string; subtotalCents: number; shippingCents: number; taxCents: number; totalCents: number; taxInclusive: boolean; taxRates: unknown[]; market: string; language: string } };
    expect(order).toMatchObject({ currency: "EUR", subtotalCents: 4_598, shippingCents: 599, taxInclusive: true, market: "eu", language: "de" });
    expect(order.totalCents).toBe(4_598 + 599);
    expect(order.taxCents).toBe(taxContained(4_598 + 599, 1_900));
    expect(order.taxRates).toEqual([{ country: "DE", rateBps: 1_900, shipping: true, inclusive: true }]);
    const paid = await waitForOrder(shopper, order.id, (current) => current.status === "paid");
    expect(paid.payments[0]).toMatchObject({ status: "succeeded" });
    const payment = await env.DB.prepare("SELECT amount_cents, currency FROM payments WHERE order_id = ?").bind(order.id).first<{ amount_cents: number; currency: string }>();
    expect(payment).toEqual({ amount_cents: 5_197, currency: "EUR" });
    // The confirmation goes out in the order's language, with German money and the VAT included.
    const email = await env.DB.prepare("SELECT subject, text FROM email_outbox WHERE dedupe_key = ?").bind(`order_placed:${order.id}`).first<{ subject: string; text: string }>();
    expect(email?.subject).toContain("Wir haben Ihre Bestellung");
    expect(email?.text.replace(/[\u00a0\u202f]/g, " ")).toContain("51,97 €");
    expect(email?.text).toContain("inkl. MwSt.");
  });

  it("checks out in yen without decimals", async () => {
    const shopper = await registerUser();
    const sku = await createSku(10, 2_499);
    const headers = { "x-market": "jp" };
    expect((await api("/cart/items", { method: "POST", token: shopper.accessToken, headers, json: { sku, quantity: 3 } })).status).toBe(200);
    const response = await api("/orders", {
      method: "POST",
      token: shopper.accessToken,
      headers: { ...headers, "idempotency-key": idempotencyKey() },
      json: { shippingAddress: JP_ADDRESS, payment: { method: "card", token: "tok_visa" } },
    });
    expect(response.status, await response.clone().text()).toBe(202);
    const { order } = (await response.json()) as { order: { currency: string; subtotalCents: number; shippingCents: number; taxCents: number; totalCents: number; language: string } };
    // ¥3,750 × 3 = ¥11,250, over ¥10,000: free Standard shipping. Japan's prices include its 10 %.
    expect(order).toMatchObject({ currency: "JPY", subtotalCents: 11_250, shippingCents: 0, totalCents: 11_250, taxCents: taxContained(11_250, 1_000), language: "ja" });
  });

  it("applies a fixed-amount code at the market's rate: $10 off over $50 is ¥1,500 off over ¥7,500 in yen, and so charged", async () => {
    const code = `YEN${Date.now().toString(36).toUpperCase()}`;
    const created = await api("/admin/promotions", {
      method: "POST",
      token: (await admin()).accessToken,
      json: { name: "Ten off fifty", code, kind: "fixed", value: 1_000, minSubtotalCents: 5_000 },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const headers = { "x-market": "jp" };
    const shopper = await registerUser();
    const sku = await createSku(10, 2_499); // ¥3,750
    await api("/cart/items", { method: "POST", token: shopper.accessToken, headers, json: { sku, quantity: 1 } });
    // ¥3,750 is under ¥7,500: the code does not apply yet (it would have, read as ¥50).
    const early = await api("/cart/discount", { method: "POST", token: shopper.accessToken, headers, json: { code } });
    expect(((await early.json()) as { discountCents: number }).discountCents).toBe(0);
    await api("/cart/items", { method: "POST", token: shopper.accessToken, headers, json: { sku, quantity: 1 } });
    const cart = (await (await api("/cart", { token: shopper.accessToken, headers })).json()) as CartJson & { discountCents: number };
    expect(cart).toMatchObject({ currency: "JPY", subtotalCents: 7_500, discountCents: 1_500 });
    const response = await api("/orders", {
      method: "POST",
      token: shopper.accessToken,
      headers: { ...headers, "idempotency-key": idempotencyKey() },
      json: { shippingAddress: JP_ADDRESS, payment: { method: "card", token: "tok_visa" } },
    });
    expect(response.status, await response.clone().text()).toBe(202);
    const { order } = (await response.json()) as { order: { currency: string; subtotalCents: number; discountCents: number; totalCents: number } };
    // ¥6,000 after the discount is under ¥10,000, so Standard shipping is charged on top.
    expect(order).toMatchObject({ currency: "JPY", subtotalCents: 7_500, discountCents: 1_500 });
    expect(order.totalCents).toBeGreaterThan(6_000);
    // The admin reads the use in the order's own currency, named by its number.
    const { id } = (await created.json()) as { id: string };
    const detail = await api(`/admin/promotions/${id}`, { token: (await admin()).accessToken });
    const { redemptions } = (await detail.json()) as { redemptions: { orderNumber: string | null; amountCents: number; currency: string }[] };
    expect(redemptions).toEqual([expect.objectContaining({ amountCents: 1_500, currency: "JPY", orderNumber: expect.any(String) })]);
  });

  it("refuses a cart still in another market's currency, and a country the market does not ship to, with 409 and nothing held", async () => {
    const shopper = await registerUser();
    const sku = await createSku(10, 2_499);
    expect((await api("/cart/items", { method: "POST", token: shopper.accessToken, json: { sku, quantity: 1 } })).status).toBe(200);
    const stale = await api("/orders", {
      method: "POST",
      token: shopper.accessToken,
      headers: { "x-market": "eu", "idempotency-key": idempotencyKey() },
      json: { shippingAddress: DE_ADDRESS, payment: { method: "card", token: "tok_visa" } },
    });
    expect(stale.status).toBe(409);
    expect((await problemOf(stale)).detail).toContain("Review your cart");
    await api("/cart", { token: shopper.accessToken, headers: { "x-market": "eu" } });
    const abroad = await api("/orders", {
      method: "POST",
      token: shopper.accessToken,
      headers: { "x-market": "eu", "idempotency-key": idempotencyKey() },
      json: { shippingAddress: { ...DE_ADDRESS, country: "US" }, payment: { method: "card", token: "tok_visa" } },
    });
    expect(abroad.status).toBe(409);
    expect((await problemOf(abroad)).detail).toContain("do not ship");
    expect(await env.INVENTORY.getByName(sku).read()).toMatchObject({ reserved: 0 });
  });

  it("refunds a returned line of a euro order at what was paid for it, the VAT inside, never more", async () => {
    const admin = await createAdmin();
    const shopper = await registerUser();
    const sku = await createSku(10, 2_499);
    const headers = { "x-market": "eu" };
    expect((await api("/cart/items", { method: "POST", token: shopper.accessToken, headers, json: { sku, quantity: 2 } })).status).toBe(200);
    const placed = await api("/orders", {
      method: "POST",
      token: shopper.accessToken,
      headers: { ...headers, "idempotency-key": idempotencyKey() },
      json: { shippingAddress: DE_ADDRESS, payment: { method: "card", token: "tok_visa" } },
    });
    const { order } = (await placed.json()) as { order: { id: string } };
    await waitForOrder(shopper, order.id, (current) => current.status === "paid");
    for (const json of [{ status: "processing" }, { status: "shipped", carrier: "DHL", trackingNumber: "JD0001" }, { status: "delivered" }]) {
      expect((await api(`/orders/${order.id}/status`, { method: "PUT", token: admin.accessToken, json })).status).toBe(200);
    }
    const asked = await api(`/orders/${order.id}/returns`, { method: "POST", token: shopper.accessToken, json: { lines: [{ sku, quantity: 1, reason: "wrong_size" }] } });
    expect(asked.status, await asked.clone().text()).toBe(201);
    const { return: created } = (await asked.json()) as { return: { id: string } };
    expect((await api(`/admin/returns/${created.id}/approve`, { method: "POST", token: admin.accessToken })).status).toBe(200);
    const received = await api(`/admin/returns/${created.id}/receive`, { method: "POST", token: admin.accessToken, json: { lines: [{ sku, quantity: 1 }] } });
    expect(received.status, await received.clone().text()).toBe(200);
    // One of two units at €22.99, VAT included: €22.99 back, not €22.99 plus tax again.
    expect(((await received.json()) as { refundCents: number }).refundCents).toBe(2_299);
    const refunded = await waitForOrder(shopper, order.id, (current) => current.refundedCents === 2_299);
    expect((refunded as unknown as { currency: string }).currency).toBe("EUR");
  });
});
