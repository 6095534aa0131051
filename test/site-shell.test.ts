/**
 * The storefront's frame: the header's no-JavaScript ways to the menu and the shop, the /menu
 * page, checkout's reduced frame, the home page's free-shipping note per market, and dates in
 * the shopper's time zone.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { formatMoney } from "../workers/domain/money";
import { admin, createCategory, createProduct as createCatalogProduct, uniqueSku, type CategoryView, type ProductView } from "./factories/catalog";
import { createSku } from "./factories/stock";
import { api, registerUser, site } from "./helpers";
import { Browser, mainOf } from "./site-helpers";

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ").replaceAll("<!-- -->", "");

async function html(path: string, headers: Record<string, string> = {}): Promise<{ response: Response; body: string }> {
  const response = await site(path, { headers: { "cf-connecting-ip": "198.51.100.23", ...headers } });
  return { response, body: plain(await response.text()) };
}

function headerOf(body: string): string {
  const start = body.indexOf("<header");
  return body.slice(start, body.indexOf("</header>", start));
}

function footerOf(body: string): string {
  const start = body.indexOf("<footer");
  return start < 0 ? "" : body.slice(start, body.indexOf("</footer>", start));
}

/** A market nothing else uses, with its own countries (created before any page reads the market list). */
let bare: { id: string };
let noThreshold: { id: string };
let category: CategoryView;
let lamp: ProductView;

beforeAll(async () => {
  const token = (await admin()).accessToken;
  const stamp = Date.now().toString(36);
  const market = (id: string, countries: string[]) => ({
    id,
    name: `Test ${id}`,
    currency: "EUR",
    countries,
    languages: ["en"],
    defaultLanguage: "en",
    taxInclusive: true,
    taxRates: {},
    exchangeRateMicros: 1_000_000,
    rounding: "exact",
  });
  bare = { id: `bare${stamp}` };
  noThreshold = { id: `nofree${stamp}` };
  for (const [id, countries] of [[bare.id, ["IS"]], [noThreshold.id, ["NO"]]] as const) {
    const created = await api("/admin/markets", { method: "POST", token, json: market(id, [...countries]) });
    expect(created.status, await created.clone().text()).toBe(201);
  }
  // Norway is shipped to, but no method there ever becomes free.
  const zone = await api("/admin/shipping-zones", {
    method: "POST",
    token,
    json: { name: "Norway", countries: ["NO"], marketId: noThreshold.id, methods: [{ name: "Standard", rate: { kind: "flat", amountCents: 900 }, freeOverCents: null }] },
  });
  expect(zone.status, await zone.clone().text()).toBe(201);
  category = await createCategory({ name: `Shell lamps ${stamp}` });
  lamp = await createCatalogProduct({ name: `Shell lamp ${stamp}`, categoryId: category.id, variants: [{ sku: uniqueSku("SHL"), priceCents: 1_500, initialStock: 3 }] });
});

describe("the home page's free-shipping note", () => {
  it.each([
    { market: "us", prefix: "", amount: formatMoney(7_500, "USD", "en-US"), text: (amount: string) => `Free shipping on orders of ${amount} or more` },
    { market: "jp", prefix: "/ja", amount: formatMoney(10_000, "JPY", "ja-JP"), text: (amount: string) => `${amount}以上のご注文で送料無料` },
    { market: "jp", prefix: "", amount: formatMoney(10_000, "JPY", "en-US"), text: (amount: string) => `Free shipping on orders of ${amount} or more` },
    { market: "gb", prefix: "", amount: formatMoney(6_000, "GBP", "en-US"), text: (amount: string) => `Free shipping on orders of ${amount} or more` },
    { market: "eu", prefix: "/de", amount: plain(formatMoney(7_500, "EUR", "de-DE")), text: (amount: string) => `Kostenloser Versand ab ${amount} Bestellwert` },
  ])("shows the $market market's own threshold in its currency ($prefix/)", async ({ market, prefix, amount, text }) => {
    const { response, body } = await html(`${prefix}/`, { cookie: `market=${market}` });
    expect(response.status).toBe(200);
    expect(body).toContain(`data-testid="free-shipping"`);
    expect(body).toContain(text(amount));
    // The page stays cacheable, kept per market.
    expect(response.headers.get("cache-control")).toBe("public, max-age=60, s-maxage=300");
  });

  it("is the US market's for a visitor the edge places in the US, without a cookie", async () => {
    const { body } = await html("/", { "x-country": "US" });
    expect(body).toContain(`Free shipping on orders of ${formatMoney(7_500, "USD", "en-US")} or more`);
    expect(body).not.toContain("¥");
  });

  it("promises nothing in a market that ships nowhere, or where no method becomes free", async () => {
    for (const market of [bare.id, noThreshold.id]) {
      const { response, body } = await html("/", { cookie: `market=${market}` });
      expect(response.status).toBe(200);
      expect(body).toContain("Featured products");
      expect(body).not.toContain(`data-testid="free-shipping"`);
      expect(body).not.toContain("Free shipping");
    }
  });
});

describe("the header without JavaScript", () => {
  it("is one sticky header whose menu button is a link to the menu page and whose Shop is a link to all products", async () => {
    const { body } = await html("/");
    const header = headerOf(body);
    expect(header).toMatch(/^<header class="sticky top-0 z-40/);
    expect(header).toMatch(/<a [^>]*href="\/menu"[^>]*>.*<span class="sr-only">Menu<\/span><\/a>/s);
    expect(header).toMatch(/<nav aria-label="Main"><ul[^>]*><li><a [^>]*href="\/products"[^>]*>Shop/);
    // The phone search button is a fragment link that shows the search box through :target.
    expect(header).toMatch(/<a href="#site-search"[^>]*>.*Show search/s);
    expect(header).toContain('id="site-search"');
    expect(header.match(/role="search"/g)).toHaveLength(1);
    expect(header.match(/id="market-select"/g)).toHaveLength(1);
    // One row, not a strip of every category.
    expect(header).not.toContain(`href="/c/${category.slug}"`);
  });

  it("localizes the menu link", async () => {
    const { body } = await html("/fr/products");
    expect(headerOf(body)).toMatch(/<a [^>]*href="\/fr\/menu"[^>]*>.*<span class="sr-only">Menu<\/span>/s);
  });
});

describe("the menu page", () => {
  it("lists all products, the categories, the account links and the country selector, once", async () => {
    const { response, body } = await html("/menu");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(body).toContain('<meta name="robots" content="noindex, follow"/>');
    const main = mainOf(body);
    expect(main).toContain(">Menu</h1>");
    expect(main).toMatch(/<nav aria-label="Shop">/);
    expect(main).toContain('href="/products"');
    expect(main).toContain(`href="/c/${category.slug}"`);
    expect(main).toContain(`>${category.name}</a>`);
    expect(main).toMatch(/href="\/login"[^>]*>Sign in</);
    expect(main).toMatch(/href="\/register"[^>]*>Register</);
    expect(main).toContain('href="/orders/lookup"');
    // The selector has a fixed id: the header leaves its own out on this page.
    expect(body.match(/id="market-select"/g)).toHaveLength(1);
    expect(main).toContain('id="market-select"');
    expect(body).not.toContain(' style="');
  });

  it("offers a signed-in shopper their orders, account, notifications and signing out", async () => {
    const shopper = await registerUser();
    const browser = new Browser();
    await browser.signIn(shopper);
    const main = mainOf(plain(await (await browser.get("/menu")).text()));
    expect(main).toContain(`Signed in as ${shopper.user.name}`);
    for (const path of ["/orders", "/account", "/notifications"]) expect(main).toContain(`href="${path}"`);
    expect(main).toMatch(/<form method="post" action="\/logout"[^>]*>.*Sign out<\/button>/s);
    expect(main).not.toContain('href="/login');
  });

  it("is in the page's language", async () => {
    const { response, body } = await html("/ja/menu");
    expect(response.status).toBe(200);
    const main = mainOf(body);
    expect(main).toContain(">メニュー</h1>");
    expect(main).toContain('href="/ja/products"');
    expect(main).toContain(`href="/ja/c/${category.slug}"`);
    expect(body).toContain("<title>メニュー — Edgeware</title>");
  });
});

describe("checkout's frame", () => {
  it("has the store name, 'Secure checkout' and the way back to the cart, and no categories, search or footer links", async () => {
    const shopper = await registerUser();
    const sku = await createSku(5, 2_000);
    expect((await api("/cart/items", { method: "POST", token: shopper.accessToken, json: { sku, quantity: 1 } })).status).toBe(200);
    const browser = new Browser();
    await browser.signIn(shopper);
    const response = await browser.get("/checkout");
    expect(response.status).toBe(200);
    const body = plain(await response.text());
    const header = headerOf(body);
    expect(header).toMatch(/<a [^>]*href="\/"[^>]*>Edgeware/);
    expect(header).toContain("Secure checkout");
    const back = /<a [^>]*href="\/cart"[^>]*>/.exec(header)?.[0] ?? "";
    expect(back).toContain('aria-label="Back to cart"');
    expect(header).not.toContain('aria-label="Main"');
    expect(header).not.toContain('role="search"');
    expect(header).not.toContain('href="/menu"');
    expect(header).not.toContain(`href="/c/${category.slug}"`);
    expect(body).not.toContain('role="search"');
    const footer = footerOf(body);
    expect(footer).toContain("Edgeware");
    expect(footer).not.toContain("<a ");
    expect(footer).not.toContain("<nav");
    // The checkout form itself is still there.
    expect(mainOf(body)).toContain('name="shippingAddress.name"');
  });

  it("is German on the German checkout", async () => {
    const shopper = await registerUser();
    const sku = await createSku(5, 2_000);
    expect((await api("/cart/items", { method: "POST", token: shopper.accessToken, json: { sku, quantity: 1 } })).status).toBe(200);
    const browser = new Browser();
    await browser.signIn(shopper);
    const header = headerOf(plain(await (await browser.get("/de/checkout")).text()));
    expect(header).toContain("Sichere Kasse");
    expect(header).toMatch(/href="\/de\/cart"[^>]*>.*Zurück zum Warenkorb/s);
  });
});

describe("dates in the shopper's time zone", () => {
  // 20:00 UTC on 31 January is already 1 February in Tokyo.
  const LATE_EVENING_UTC = "2026-01-31T20:00:00.000Z";

  it("shows 'member since' in the zone of the tz cookie, and in UTC without one", async () => {
    const shopper = await registerUser();
    await env.DB.prepare("UPDATE users SET created_at = ? WHERE id = ?").bind(LATE_EVENING_UTC, shopper.user.id).run();
    const browser = new Browser();
    await browser.signIn(shopper);
    const utc = mainOf(plain(await (await browser.get("/account")).text()));
    expect(utc).toContain(`member since <time dateTime="${LATE_EVENING_UTC}" data-local="">Jan 31, 2026</time>`);
    browser.cookies.set("tz", "Asia/Tokyo");
    const tokyo = mainOf(plain(await (await browser.get("/account")).text()));
    expect(tokyo).toContain(`member since <time dateTime="${LATE_EVENING_UTC}" data-local="">Feb 1, 2026</time>`);
  });

  it("renders review dates as <time data-local>, which the browser reformats in its own zone", async () => {
    const author = await registerUser();
    const posted = await api(`/products/${lamp.id}/reviews`, { method: "POST", token: author.accessToken, json: { rating: 5, body: "Bright." } });
    expect(posted.status).toBe(201);
    await env.DB.prepare("UPDATE reviews SET created_at = ? WHERE product_id = ?").bind(LATE_EVENING_UTC, lamp.id).run();
    // The product page is shared by everyone in a market, so the server writes UTC.
    const { body } = await html(`/p/${lamp.slug}`);
    expect(mainOf(body)).toContain(`<time dateTime="${LATE_EVENING_UTC}" data-local="">Jan 31, 2026</time>`);
  });
});
