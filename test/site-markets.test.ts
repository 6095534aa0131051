/**
 * Markets on the site: a page shows the visitor's market's prices, a page whose market follows
 * the visitor's country is never shared, and a chosen market travels in the cookie.
 */
import { describe, expect, it } from "vitest";
import { formatMoney } from "../workers/domain/money";
import { taxContained } from "../workers/domain/tax";
import { createProduct, createSku } from "./factories/stock";
import { api, createAdmin, registerUser, site } from "./helpers";
import { Browser } from "./site-helpers";

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

async function productPage(slug: string, headers: Record<string, string> = {}, prefix = "") {
  const response = await site(`${prefix}/p/${slug}`, { headers: { "cf-connecting-ip": "198.51.100.7", ...headers } });
  expect(response.status).toBe(200);
  return { response, html: plain(await response.text()) };
}

describe("one URL, two markets", () => {
  it("shows dollars to a US visitor and euros to a German one, and never lets a shared cache mix them up", async () => {
    const { productId } = await createProduct({ variants: [{ priceCents: 2_499, onHand: 3 }] });
    const slug = productId.toLowerCase();
    const us = await productPage(slug);
    const de = await productPage(slug, { "x-country": "DE" });
    expect(us.html).toContain("$24.99");
    expect(us.html).not.toContain("€22.99");
    expect(de.html).toContain("€22.99");
    expect(de.html).not.toContain("$24.99");
    // The base market by default may be shared; a page priced by the visitor's country may not.
    expect(us.response.headers.get("cache-control")).toBe("public, max-age=60, s-maxage=300");
    expect(de.response.headers.get("cache-control")).toBe("private, no-store");
    // A chosen market rides in the cookie, which the shared response varies on.
    const chosen = await productPage(slug, { cookie: "market=jp", "x-country": "DE" });
    expect(chosen.html).toContain("¥3,750");
    expect(chosen.response.headers.get("cache-control")).toBe("public, max-age=60, s-maxage=300");
    expect(chosen.response.headers.get("vary")).toContain("Cookie");
  });

  it("shows the German page in German with euro prices marked as including VAT", async () => {
    const { productId } = await createProduct({ variants: [{ priceCents: 2_499, onHand: 3 }] });
    const { html } = await productPage(productId.toLowerCase(), { "x-country": "DE" }, "/de");
    expect(html).toContain('lang="de"');
    expect(html).toContain("22,99 €");
    expect(html).toContain("inkl. MwSt.");
  });
});

describe("checkout in a tax-inclusive market", () => {
  it("shows euro totals with the VAT included, not added, the way checkout will charge them", async () => {
    const shopper = await registerUser();
    const sku = await createSku(10, 2_499);
    const added = await api("/cart/items", { method: "POST", token: shopper.accessToken, headers: { "x-market": "eu" }, json: { sku, quantity: 2 } });
    expect(added.status).toBe(200);
    const browser = new Browser();
    await browser.signIn(shopper);
    // The shopper chose the Eurozone: the site remembers it in the market cookie.
    browser.cookies.set("market", "eu");
    const page = plain(await (await browser.get("/de/checkout?country=DE")).text());
    // 2 × €22.99 = €45.98, Standard €5.99: €51.97 in all, of which 19/119 is VAT.
    expect(page).toMatch(/data-testid="checkout-total">51,97 €</);
    expect(page).toContain(`inkl. MwSt. ${formatMoney(taxContained(5_197, 1_900), "EUR", "de-DE").replace(/[\u00a0\u202f]/g, " ")}`);
    expect(page).not.toContain("Steuer (19");
  });
});

describe("shipping zones per market in the admin", () => {
  it("shows each zone's market and amounts in its currency, and reads a new zone's amounts in its market's currency", async () => {
    const admin = await createAdmin();
    const browser = new Browser();
    await browser.signIn(admin);
    const page = plain(await (await browser.get("/admin/shipping")).text()).replaceAll("<!-- -->", "");
    expect(page).toContain("Japan (JPY)");
    expect(page).toContain("Standard: ¥800, free over ¥10,000");
    expect(page).toContain("Standard: €5.99, free over €75.00");
    const country = "KR";
    const created = await browser.post("/admin/shipping", { intent: "create", name: `Korea ${Date.now()}`, countries: country, marketId: "jp", "methods.0.name": "Standard", "methods.0.amount": "1200", "methods.0.freeOver": "" });
    expect(created.status, await created.clone().text()).toBe(302);
    const zones = (await (await api("/admin/shipping-zones?market=jp", { token: admin.accessToken })).json()) as { items: { countries: string[]; marketId: string; methods: { rate: { amountCents?: number } }[] }[] };
    const zone = zones.items.find((candidate) => candidate.countries.includes(country))!;
    expect(zone).toMatchObject({ marketId: "jp", methods: [{ rate: { amountCents: 1_200 } }] });
    // Yen has no decimals: 12.50 is refused next to its field, and nothing is created.
    const refused = await browser.post("/admin/shipping", { intent: "create", name: "Yen with decimals", countries: "TW", marketId: "jp", "methods.0.name": "Standard", "methods.0.amount": "12.50" });
    expect(refused.status).toBe(400);
    expect(plain(await refused.text())).toContain("Enter an amount in JPY");
  });
});
