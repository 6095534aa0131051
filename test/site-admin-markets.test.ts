/**
 * The admin's Markets pages, driven like a browser without JavaScript: the list with each
 * market's rule at work, creating and editing markets through the forms (bad input shown on
 * the page, nothing changed), prices set per variant and market reaching the storefront API,
 * going back to the derived price only after confirmation, and the pages closed to shoppers.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { derivePrice, type Market } from "../workers/domain/markets";
import { formatMoney } from "../workers/domain/money";
import type { productSchema } from "../workers/domain/schemas/catalog";
import type { adminMarketSchema } from "../workers/domain/schemas/markets";
import { readMarkets } from "../workers/db/queries/markets";
import { createDb } from "../workers/factory";
import { api, createAdmin, ORIGIN, registerUser, site, type TestSession } from "./helpers";
import { createProduct } from "./factories/stock";
import { Browser, decode, mainOf } from "./site-helpers";

type AdminMarket = z.infer<typeof adminMarketSchema>;
type ProductJson = z.infer<typeof productSchema>;

let counter = 0;
const uniqueId = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

let adminSession: Promise<TestSession> | null = null;
const admin = () => (adminSession ??= createAdmin());

async function adminBrowser(): Promise<Browser> {
  const browser = new Browser();
  await browser.signIn(await admin());
  return browser;
}

async function text(response: Response): Promise<string> {
  return decode(mainOf((await response.text()).replaceAll("<!-- -->", "")));
}

async function page(browser: Browser, path: string): Promise<string> {
  const response = await browser.get(path);
  expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
  return text(response);
}

/** A successful admin action: a redirect back with ?ok=<key>. */
function expectOk(response: Response, key: string) {
  expect(response.status).toBe(302);
  expect(new URL(response.headers.get("location")!, ORIGIN).searchParams.get("ok")).toBe(key);
}

async function stored(id: string): Promise<Market | undefined> {
  return (await readMarkets(createDb(env.DB))).find((market) => market.id === id);
}

async function adminMarket(id: string): Promise<{ status: number; market?: AdminMarket }> {
  const response = await api(`/admin/markets/${id}`, { token: (await admin()).accessToken });
  return response.ok ? { status: response.status, market: (await response.json()) as AdminMarket } : { status: response.status };
}

/** "$24.99 → €22.99", from the domain's own rule rather than a remembered figure. */
const exampleOf = (market: Market) => `${formatMoney(2_499, "USD", "en-US")} → ${formatMoney(derivePrice(2_499, market), market.currency, "en-US")}`;

async function productPrice(productId: string, market: string): Promise<ProductJson> {
  const response = await api(`/products/${productId}?market=${market}`);
  expect(response.status).toBe(200);
  return (await response.json()) as ProductJson;
}

/** The create form's fields, languages posted as ticked boxes (one name, several values). */
function createFields(overrides: Record<string, string> = {}, languages: string[] = ["de", "fr"]): [string, string][] {
  const fields: Record<string, string> = {
    intent: "create",
    id: uniqueId("m"),
    name: "Switzerland",
    currency: "EUR",
    countries: "",
    defaultLanguage: "de",
    taxInclusive: "on",
    taxRates: "CH 8.1",
    taxShipping: "on",
    exchangeRate: "0.88",
    rounding: "whole",
    ...overrides,
  };
  return [...Object.entries(fields), ...languages.map((language): [string, string] => ["languages", language])];
}

const idOf = (fields: [string, string][]) => fields.find(([name]) => name === "id")![1];

async function apiMarket(overrides: Partial<AdminMarket> = {}): Promise<string> {
  const id = uniqueId("m");
  const response = await api("/admin/markets", {
    method: "POST",
    token: (await admin()).accessToken,
    json: { id, name: "Edit me", currency: "EUR", countries: [], languages: ["de"], defaultLanguage: "de", taxInclusive: true, taxRates: {}, exchangeRateMicros: 920_000, rounding: "ninety_nine", ...overrides },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return id;
}

describe("the markets list", () => {
  it("shows the four seeded markets with their currency, languages, tax mode, rate, rounding and the rule at work", async () => {
    const browser = await adminBrowser();
    const response = await browser.get("/admin/markets");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const full = decode(await response.text());
    expect(full).toMatch(/<a[^>]*href="\/admin\/markets"[^>]*>Markets<\/a>/);
    const html = mainOf(full.replaceAll("<!-- -->", ""));
    for (const id of ["us", "eu", "gb", "jp"]) {
      const market = (await stored(id))!;
      expect(html).toContain(market.name);
      expect(html).toContain(exampleOf(market));
    }
    const eu = (await stored("eu"))!;
    expect(exampleOf(eu)).toBe(`$24.99 → ${formatMoney(derivePrice(2_499, eu), "EUR", "en-US")}`);
    expect(html).toContain("1 USD = 0.92 EUR");
    expect(html).toContain("1 USD = 150 JPY");
    expect(html).toContain("de (default), fr");
    expect(html).toContain("Prices include tax");
    expect(html).toContain("Tax added at checkout");
    expect(html).toContain("DE 19%");
    expect(html).toContain("FI 25.5%");
    expect(html).toContain("Ending in .99");
    expect(html).toContain("Base market");
  });
});

describe("creating and editing markets", () => {
  it("creates a market through the form, rates typed in percent and the exchange rate as a decimal", async () => {
    const browser = await adminBrowser();
    const fields = createFields({ countries: "ch, LI", taxRates: "CH 8.1, LI 7.7" });
    const id = idOf(fields);
    expectOk(await browser.post("/admin/markets", fields), "created");
    const { market } = await adminMarket(id);
    expect(market).toMatchObject({
      id,
      name: "Switzerland",
      currency: "EUR",
      countries: ["CH", "LI"],
      languages: ["de", "fr"],
      defaultLanguage: "de",
      taxInclusive: true,
      taxRates: { CH: 810, LI: 770 },
      taxShipping: true,
      exchangeRateMicros: 880_000,
      rounding: "whole",
      isBase: false,
    });
    const html = await page(browser, "/admin/markets?ok=created");
    expect(html).toContain("The market was created.");
    expect(html).toContain("1 USD = 0.88 EUR");
    expect(html).toContain("CH 8.1%, LI 7.7%");
    expect(html).toContain(exampleOf((await stored(id))!));
  });

  const refusals: { what: string; overrides: Record<string, string>; status: number; message: string }[] = [
    { what: "an exchange rate with a comma", overrides: { exchangeRate: "0,92" }, status: 400, message: "as a decimal above zero, such as 0.92" },
    { what: "an exchange rate of zero", overrides: { exchangeRate: "0" }, status: 400, message: "as a decimal above zero, such as 0.92" },
    { what: "an exchange rate that is not a number", overrides: { exchangeRate: "lots" }, status: 400, message: "as a decimal above zero, such as 0.92" },
    { what: "a country that is not an ISO code", overrides: { countries: "CH, Germany" }, status: 400, message: "Use ISO 3166-1 alpha-2 codes, like DE." },
    { what: "a country another market serves", overrides: { countries: "DE" }, status: 409, message: "DE is in Eurozone." },
    { what: "JPY with prices ending in .99", overrides: { currency: "JPY", rounding: "ninety_nine", exchangeRate: "150" }, status: 400, message: "JPY has no minor units, so prices cannot end in .99." },
    { what: "a tax rate without a percent", overrides: { taxRates: "CH eight" }, status: 400, message: "write a country code and a percent" },
    { what: "a default language the market lacks", overrides: { defaultLanguage: "ja" }, status: 400, message: "The default language must be one of the market's languages." },
  ];
  describe.each(refusals)("refuses $what", ({ overrides, status, message }) => {
    it("shows the message on the page, keeps what was typed and creates nothing", async () => {
      const browser = await adminBrowser();
      const fields = createFields({ name: "Refused market", ...overrides });
      const response = await browser.post("/admin/markets", fields);
      expect(response.status).toBe(status);
      const html = await text(response);
      expect(html).toContain(message);
      expect(html).toContain('value="Refused market"');
      expect((await adminMarket(idOf(fields))).status).toBe(404);
    });
  });

  it("refuses a market with no language, and keeps the language boxes as they were ticked after a refusal", async () => {
    const browser = await adminBrowser();
    const none = createFields({}, []);
    const response = await browser.post("/admin/markets", none);
    expect(response.status).toBe(400);
    expect(await text(response)).toContain("Choose at least one language.");
    expect((await adminMarket(idOf(none))).status).toBe(404);

    const refused = await text(await browser.post("/admin/markets", createFields({ defaultLanguage: "fr", exchangeRate: "x" }, ["fr", "ja"])));
    const form = refused.slice(refused.indexOf('id="new-heading"'));
    const box = (language: string) => new RegExp(`<input[^>]*name="languages"[^>]*value="${language}"[^>]*>`).exec(form)?.[0] ?? "";
    expect(box("fr")).toContain('checked=""');
    expect(box("ja")).toContain('checked=""');
    expect(box("de")).not.toBe("");
    expect(box("de")).not.toContain("checked");
  });

  it("edits a market's rate and rounding through the form, and the example follows", async () => {
    const browser = await adminBrowser();
    const id = await apiMarket();
    const before = (await stored(id))!;
    expect(await page(browser, "/admin/markets")).toContain(exampleOf(before));
    const edit = { intent: "update", id, target: id, name: "Edited", countries: "", languages: "de", defaultLanguage: "de", taxInclusive: "on", taxRates: "DE 19", taxShipping: "on", exchangeRate: "1.5", rounding: "tens" };
    expectOk(await browser.post("/admin/markets", edit), "saved");
    const after = (await stored(id))!;
    expect(after).toMatchObject({ name: "Edited", exchangeRateMicros: 1_500_000, rounding: "tens", taxRates: { DE: 1_900 } });
    expect(exampleOf(after)).not.toBe(exampleOf(before));
    const html = await page(browser, "/admin/markets");
    expect(html).toContain(exampleOf(after));
    expect(html).toContain("1 USD = 1.5 EUR");

    // A bad edit changes nothing and says why next to the field.
    const refused = await browser.post("/admin/markets", { ...edit, name: "Not saved", exchangeRate: "-1" });
    expect(refused.status).toBe(400);
    expect(await text(refused)).toContain("as a decimal above zero, such as 0.92");
    expect(await stored(id)).toMatchObject({ name: "Edited", exchangeRateMicros: 1_500_000 });
  });

  it("shows the API's refusal to change a JPY market to .99 endings or the base market's rate, changing nothing", async () => {
    const browser = await adminBrowser();
    const id = await apiMarket({ currency: "JPY", languages: ["ja"], defaultLanguage: "ja", exchangeRateMicros: 150_000_000, rounding: "tens" });
    const fields = { intent: "update", id, target: id, name: "Yen", countries: "", languages: "ja", defaultLanguage: "ja", taxRates: "", exchangeRate: "150", rounding: "ninety_nine" };
    const jpy = await browser.post("/admin/markets", fields);
    expect(jpy.status).toBe(400);
    expect(await text(jpy)).toContain("JPY has no minor units, so prices cannot end in .99.");
    expect(await stored(id)).toMatchObject({ name: "Edit me", rounding: "tens" });

    const us = (await stored("us"))!;
    const base = await browser.post("/admin/markets", { intent: "update", id: "us", target: "us", name: "Renamed", countries: "US", languages: "en", defaultLanguage: "en", taxRates: "US 0", taxShipping: "on", exchangeRate: "2", rounding: "exact" });
    expect(base.status).toBe(400);
    expect(await text(base)).toContain("The base market's prices are the catalog's own");
    expect(await stored("us")).toEqual(us);
    // The base market's edit form has no rate or rounding to change.
    const html = await page(browser, "/admin/markets");
    expect(html.match(/name="exchangeRate"/g)?.length).toBe((await readMarkets(createDb(env.DB))).filter((market) => !market.isBase).length + 1);
  });
});

describe("prices per market", () => {
  it("sets a variant's price through the form, shows it on the storefront API, and goes back to the derived price only once confirmed", async () => {
    const browser = await adminBrowser();
    const { productId, skus } = await createProduct({ variants: [{ priceCents: 2_499 }, { priceCents: 3_999 }] });
    const elsewhere = (await createProduct()).skus[0]!;
    const [sku, other] = [skus[0]!, skus[1]!];
    const eu = (await stored("eu"))!;
    const derived = formatMoney(derivePrice(2_499, eu), "EUR", "en-US");
    const path = `/admin/markets/eu?productId=${productId}`;
    const listing = await page(browser, path);
    expect(listing).toContain(sku);
    expect(listing).toContain(other);
    expect(listing).toContain("$24.99");
    expect(listing).toContain(derived);
    expect(listing).not.toContain("Use the derived price");
    // The filter shows only that product's variants; without it, every product's.
    expect(listing).not.toContain(elsewhere);
    expect(await page(browser, "/admin/markets/eu")).toMatch(/Variants \(\d+\)/);

    const bad = await browser.post(path, { intent: "set-price", sku, target: sku, price: "25.999" });
    expect(bad.status).toBe(400);
    expect(await text(bad)).toContain("Enter an amount in EUR, such as 22.99.");
    expect((await productPrice(productId, "eu")).variants.find((variant) => variant.sku === sku)?.priceCents).toBe(derivePrice(2_499, eu));

    expectOk(await browser.post(path, { intent: "set-price", sku, target: sku, price: "€25" }), "set");
    const product = await productPrice(productId, "eu");
    expect(product.currency).toBe("EUR");
    expect(product.variants.find((variant) => variant.sku === sku)?.priceCents).toBe(2_500);
    expect(product.variants.find((variant) => variant.sku === other)?.priceCents).toBe(derivePrice(3_999, eu));
    const after = await page(browser, path);
    expect(after).toContain("€25.00");
    expect(after).toContain("Use the derived price");

    const unconfirmed = await browser.post(path, { intent: "clear-price", sku, target: sku });
    expect(unconfirmed.status).toBe(400);
    expect(await text(unconfirmed)).toContain("Please confirm");
    expect((await productPrice(productId, "eu")).variants.find((variant) => variant.sku === sku)?.priceCents).toBe(2_500);

    expectOk(await browser.post(path, { intent: "clear-price", sku, target: sku, confirm: "clear-price" }), "cleared");
    expect((await productPrice(productId, "eu")).variants.find((variant) => variant.sku === sku)?.priceCents).toBe(derivePrice(2_499, eu));
    // Nothing is set any more: clearing again is the API's 404, shown on the page.
    const again = await browser.post(path, { intent: "clear-price", sku, target: sku, confirm: "clear-price" });
    expect(again.status).toBe(404);
    expect(await text(again)).toContain("No price is set for this variant in this market.");
  });

  it("takes yen without decimals, and refuses prices in the base market", async () => {
    const browser = await adminBrowser();
    const { productId, skus } = await createProduct({ variants: [{ priceCents: 2_499 }] });
    const sku = skus[0]!;
    const path = `/admin/markets/jp?productId=${productId}`;
    const fraction = await browser.post(path, { intent: "set-price", sku, target: sku, price: "3750.50" });
    expect(fraction.status).toBe(400);
    expect(await text(fraction)).toContain("JPY has no decimals");
    expectOk(await browser.post(path, { intent: "set-price", sku, target: sku, price: "¥3,750" }), "set");
    expect((await productPrice(productId, "jp")).variants[0]?.priceCents).toBe(3_750);
    expect(await page(browser, path)).toContain(formatMoney(3_750, "JPY", "en-US"));

    const base = await page(browser, `/admin/markets/us?productId=${productId}`);
    expect(base).toContain("$24.99");
    expect(base).not.toContain('name="price"');
    const refused = await browser.post(`/admin/markets/us?productId=${productId}`, { intent: "set-price", sku, target: sku, price: "20" });
    expect(refused.status).toBe(400);
    expect(await text(refused)).toContain("The base market's prices are the catalog's");
    expect((await productPrice(productId, "us")).variants[0]?.priceCents).toBe(2_499);
  });

  it("answers 404 for a market that does not exist", async () => {
    const browser = await adminBrowser();
    expect((await browser.get("/admin/markets/atlantis")).status).toBe(404);
  });
});

describe("the role gate", () => {
  it("keeps shoppers and anonymous visitors out of the pages and their forms", async () => {
    const { productId, skus } = await createProduct({ variants: [{ priceCents: 2_499 }] });
    const sku = skus[0]!;
    const shopper = new Browser();
    await shopper.signIn(await registerUser());
    for (const path of ["/admin/markets", "/admin/markets/eu"]) {
      const anonymous = await site(path);
      expect(anonymous.status, path).toBe(302);
      expect(anonymous.headers.get("location"), path).toMatch(/^\/login\?redirectTo=/);
      const customer = await shopper.get(path);
      expect(customer.status, path).toBe(403);
      expect(await customer.text(), path).toContain("Administrators only");
    }
    const fields = createFields();
    expect((await shopper.post("/admin/markets", fields)).status).toBe(403);
    expect((await new Browser().post("/admin/markets", fields)).status).toBe(302);
    expect((await adminMarket(idOf(fields))).status).toBe(404);
    expect((await shopper.post("/admin/markets/eu", { intent: "set-price", sku, target: sku, price: "1" })).status).toBe(403);
    const eu = (await stored("eu"))!;
    expect((await productPrice(productId, "eu")).variants[0]?.priceCents).toBe(derivePrice(2_499, eu));
  });
});
