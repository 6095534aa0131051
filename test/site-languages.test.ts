import { beforeAll, describe, expect, it } from "vitest";
import { createCategory, createProduct, uniqueSku, uniqueWord, type CategoryView, type ProductView } from "./factories/catalog";
import { api, ORIGIN, registerUser, site } from "./helpers";
import { Browser, mainOf } from "./site-helpers";

/** A page's HTML without React's text separators. */
async function html(response: Response): Promise<string> {
  return (await response.text()).replaceAll("<!-- -->", "");
}

async function page_(path: string, init: RequestInit = {}): Promise<{ response: Response; body: string }> {
  const response = await site(path, init);
  return { response, body: await html(response) };
}

/** The page's `<link rel="alternate" hreflang>` tags, as hreflang → href. */
function alternates(body: string): Record<string, string> {
  return Object.fromEntries([...body.matchAll(/<link rel="alternate" hrefLang="([^"]+)" href="([^"]+)"\/>/g)].map((m) => [m[1]!, m[2]!]));
}

function canonical(body: string): string[] {
  return [...body.matchAll(/<link rel="canonical" href="([^"]+)"\/>/g)].map((m) => m[1]!);
}

/** Every same-site href and form action inside <main> and the site chrome, except the admin and the API. */
function sitePaths(body: string): string[] {
  return [...body.matchAll(/(?:href|action)="(\/[^"]*)"/g)]
    .map((m) => m[1]!)
    .filter((path) => !path.startsWith("/assets/") && !path.startsWith("/api/") && !path.startsWith("/favicon") && !path.startsWith("/admin"));
}

let category: CategoryView;
let product: ProductView;

beforeAll(async () => {
  const word = uniqueWord("lang");
  category = await createCategory({ name: `Lang shelf ${word}` });
  product = await createProduct({
    name: `Lang kettle ${word}`,
    categoryId: category.id,
    variants: [{ sku: uniqueSku("LNG"), priceCents: 123456, initialStock: 4 }],
  });
});

describe("pages in each language", () => {
  it.each([
    ["/", "en", "Why shop with us", "Skip to content"],
    ["/de", "de", "Warum bei uns einkaufen", "Zum Inhalt springen"],
    ["/fr", "fr", "Pourquoi acheter chez nous", "Aller au contenu"],
    ["/ja", "ja", "当店が選ばれる理由", "本文へ移動"],
  ])("%s renders in %s with its html lang", async (path, lang, heading, skip) => {
    const { response, body } = await page_(path);
    expect(response.status).toBe(200);
    expect(body).toContain(`<html lang="${lang}"`);
    expect(body).toContain(heading);
    expect(body).toContain(skip);
  });

  it.each([
    ["/de/login", "Passwort vergessen?", "Neu bei Edgeware?"],
    ["/fr/register", "Créer le compte", "Vous avez déjà un compte ?"],
    ["/ja/login", "パスワードをお忘れですか？", "Edgeware のご利用は初めてですか？"],
  ])("%s is translated", async (path, first, second) => {
    const { response, body } = await page_(path);
    expect(response.status).toBe(200);
    expect(body).toContain(first);
    expect(body).toContain(second);
  });

  it("renders the product page in German with the price in German format", async () => {
    const { response, body } = await page_(`/de/p/${product.slug}`);
    expect(response.status).toBe(200);
    expect(body).toContain(`<html lang="de"`);
    expect(mainOf(body)).toContain(product.name);
    // 1.234,56 $ is how de-DE writes US dollars.
    expect(body).toMatch(/1\.234,56\s\$/);
  });

  it("keeps every link and form on a French page in French", async () => {
    const { body } = await page_(`/fr/c/${category.slug}`);
    expect(body).toContain(`<html lang="fr"`);
    const paths = sitePaths(body).filter((path) => !/^\/(de|ja)?(\/|\?|$)/.test(path) || path.startsWith("/fr"));
    // The footer's language links are the only ones that leave French on purpose.
    const leaving = sitePaths(body).filter((path) => !path.startsWith("/fr"));
    expect(leaving.every((path) => path === `/c/${category.slug}` || path === `/de/c/${category.slug}` || path === `/ja/c/${category.slug}`), leaving.join(", ")).toBe(true);
    expect(paths).toContain(`/fr/p/${product.slug}`);
    expect(paths).toContain("/fr/cart");
    expect(paths).toContain("/fr/search");
  });
});

describe("hreflang and canonical", () => {
  it.each([
    ["/", ""],
    ["/ja", "/ja"],
  ])("the home page at %s names itself canonical and every language as an alternate", async (path, prefix) => {
    const { body } = await page_(path);
    expect(canonical(body)).toEqual([`${ORIGIN}${prefix || "/"}`]);
    expect(alternates(body)).toEqual({
      en: `${ORIGIN}/`,
      de: `${ORIGIN}/de`,
      fr: `${ORIGIN}/fr`,
      ja: `${ORIGIN}/ja`,
      "x-default": `${ORIGIN}/`,
    });
  });

  it("a product page in German links its four versions and keeps the page number on listings", async () => {
    const product_ = await page_(`/de/p/${product.slug}`);
    expect(canonical(product_.body)).toEqual([`${ORIGIN}/de/p/${product.slug}`]);
    expect(alternates(product_.body)).toEqual({
      en: `${ORIGIN}/p/${product.slug}`,
      de: `${ORIGIN}/de/p/${product.slug}`,
      fr: `${ORIGIN}/fr/p/${product.slug}`,
      ja: `${ORIGIN}/ja/p/${product.slug}`,
      "x-default": `${ORIGIN}/p/${product.slug}`,
    });
    const cart = await page_("/fr/cart");
    expect(canonical(cart.body)).toEqual([`${ORIGIN}/fr/cart`]);
    expect(alternates(cart.body).ja).toBe(`${ORIGIN}/ja/cart`);
  });

  it("the admin has neither", async () => {
    const { body } = await page_("/login?redirectTo=%2Fadmin");
    expect(canonical(body)).toEqual([`${ORIGIN}/login`]);
  });
});

describe("language prefixes", () => {
  it.each(["/xx", "/xx/p/anything", "/de-DE/cart", "/es/products"])("an unknown prefix (%s) is a 404", async (path) => {
    const { response, body } = await page_(path);
    expect(response.status).toBe(404);
    expect(body).toContain(`<html lang="en"`);
  });

  it("a 404 under a language prefix is in that language", async () => {
    const { response, body } = await page_("/de/p-nothing-here");
    expect(response.status).toBe(404);
    expect(body).toContain(`<html lang="de"`);
    expect(body).toContain("Diese Seite haben wir nicht gefunden");
  });

  it("an unknown language cannot post a form either", async () => {
    const response = await site("/xx/cart", {
      method: "POST",
      headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: "intent=add&sku=nothing&quantity=1",
    });
    expect(response.status).toBe(404);
  });

  it.each([
    ["/en", "/"],
    ["/en/", "/"],
    ["/en/cart", "/cart"],
    ["/en/search?q=kettle", "/search?q=kettle"],
  ])("%s moves permanently to %s", async (path, target) => {
    const response = await site(path, { redirect: "manual" });
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe(target);
  });

  it("the admin has no language versions", async () => {
    const response = await site("/de/admin", { redirect: "manual" });
    expect(response.status).toBe(404);
  });
});

describe("sitemaps", () => {
  it("/sitemap.xml is an index of one sitemap per language, and robots.txt still names it", async () => {
    const response = await site("/sitemap.xml");
    expect(response.status).toBe(200);
    const xml = await response.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<sitemapindex xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
    const named = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(named).toEqual(["en", "de", "fr", "ja"].map((lang) => `${ORIGIN}/sitemap-${lang}.xml`));
    expect(await (await site("/robots.txt")).text()).toContain(`Sitemap: ${ORIGIN}/sitemap.xml`);
  });

  it.each([
    ["de", "/de"],
    ["ja", "/ja"],
  ])("the %s sitemap lists that language's pages with every alternate", async (lang, prefix) => {
    const response = await site(`/sitemap-${lang}.xml`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/xml/);
    const xml = await response.text();
    const entry = xml.split("\n").find((line) => line.includes(`<loc>${ORIGIN}${prefix}/p/${product.slug}</loc>`));
    expect(entry, `no ${lang} entry for the product`).toBeDefined();
    for (const [code, path] of [["en", ""], ["de", "/de"], ["fr", "/fr"], ["ja", "/ja"], ["x-default", ""]] as const) {
      expect(entry).toContain(`<xhtml:link rel="alternate" hreflang="${code}" href="${ORIGIN}${path}/p/${product.slug}"/>`);
    }
    expect(xml).toContain(`<loc>${ORIGIN}${prefix}</loc>`);
    expect(xml).toContain(`<loc>${ORIGIN}${prefix}/c/${category.slug}</loc>`);
    // No English page in another language's sitemap.
    expect(xml).not.toContain(`<loc>${ORIGIN}/p/`);
  });

  it("has no sitemap for a language the site does not have", async () => {
    expect((await site("/sitemap-es.xml")).status).toBe(404);
  });
});

describe("the country selector", () => {
  /** GET /api/v1/markets, or null while the API has no markets. */
  async function markets(): Promise<{ id: string; languages: string[]; defaultLanguage: string; currency: string }[] | null> {
    const response = await api("/markets");
    if (response.status === 404) return null;
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: { id: string; languages: string[]; defaultLanguage: string; currency: string }[] }).items;
  }

  it("sets a year-long market cookie and goes back to the page, moving to the market's language from an unchosen English page", async () => {
    const items = await markets();
    expect(items?.length).toBeGreaterThan(0);
    if (!items) return;
    const browser = new Browser();
    const home = await html(await browser.get(`/c/${category.slug}`));
    expect(home).toContain(`action="/market"`);
    // Before any choice, the visitor is in the base market, and the selector says so.
    expect(home).toContain(`<option value="${items[0]!.id}" selected="">`);
    for (const market of items.slice(1)) expect(home).toContain(`<option value="${market.id}">`);

    const foreign = items.find((market) => !market.languages.includes("en") && market.defaultLanguage !== "en");
    const target = foreign ?? items[0]!;
    const response = await browser.post("/market", { market: target.id, returnTo: `/c/${category.slug}?page=1` });
    expect(response.status).toBe(302);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith("market="));
    expect(cookie).toBe(`market=${target.id}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly`);
    const expectedPrefix = foreign ? `/${foreign.defaultLanguage}` : "";
    expect(response.headers.get("location")).toBe(`${expectedPrefix}/c/${category.slug}?page=1`);
    expect(browser.cookies.get("market")).toBe(target.id);
    // The choice shows as selected on the next page.
    const next = await html(await browser.follow(response));
    expect(next).toMatch(new RegExp(`<option value="${target.id}" selected="">`));
  });

  it("keeps a language the shopper chose", async (ctx) => {
    const items = await markets();
    if (!items || items.length === 0) return ctx.skip("the API lists no markets here");
    const browser = new Browser();
    const response = await browser.post("/fr/market", { market: items[0]!.id, returnTo: "/fr/cart" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/fr/cart");
  });

  it.each([
    [{ market: "nowhere", returnTo: "/" }],
    [{ returnTo: "/" }],
    [{ market: "", returnTo: "/" }],
  ])("refuses %j with a 400 page and no cookie", async (fields) => {
    const browser = new Browser();
    const response = await browser.post("/market", fields);
    expect(response.status).toBe(400);
    expect(response.headers.getSetCookie().some((line) => line.startsWith("market="))).toBe(false);
  });

  it("never sends the shopper to another site", async (ctx) => {
    const items = await markets();
    if (!items || items.length === 0) return ctx.skip("the API lists no markets here");
    const response = await new Browser().post("/de/market", { market: items[0]!.id, returnTo: "//evil.example/x" });
    expect(response.headers.get("location")).toBe("/de");
  });
});

describe("the language is kept across links, forms and redirects", () => {
  /** The same-site links and form actions of a page that leave its language (the footer's language links may). */
  function leavingLanguage(body: string, prefix: string, page: string): string[] {
    const languageLinks = new Set(["", "/de", "/fr", "/ja"].map((other) => `${other}${page === "/" && other ? "" : page}`));
    return sitePaths(body).filter((path) => !(path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`)) && !languageLinks.has(path.split("?")[0]!));
  }

  it.each(["/", "/products", "/cart", "/login", "/register", "/forgot-password", "/orders/lookup", "/search?q=kettle", `/p/PRODUCT`])(
    "every link and form on /ja%s stays in Japanese",
    async (path) => {
      const page = path.replace("PRODUCT", product.slug);
      const { response, body } = await page_(`/ja${page === "/" ? "" : page}`);
      expect(response.status).toBe(200);
      expect(body).toContain(`<html lang="ja"`);
      const leaving = leavingLanguage(body, "/ja", page.split("?")[0]!);
      expect(leaving, leaving.join(", ")).toEqual([]);
    },
  );

  it("adding to the cart from a German product page comes back to the German page", async () => {
    const browser = new Browser();
    const response = await browser.post(`/de/p/${product.slug}`, { intent: "add", sku: product.variants[0]!.sku, quantity: "1" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(new RegExp(`^/de/p/${product.slug}\\?variant=[^&]+&added=`));
    const back = await html(await browser.follow(response));
    expect(back).toContain("wurde in Ihren Warenkorb gelegt.");
    const updated = await browser.post("/fr/cart", { intent: "update", sku: product.variants[0]!.sku, quantity: "2" });
    expect(updated.headers.get("location")).toBe("/fr/cart?done=updated");
    expect(await html(await browser.follow(updated))).toContain("Votre panier a été mis à jour.");
  });

  it("a signed-out shopper on a French account page signs in in French and comes back to it", async () => {
    const browser = new Browser();
    const response = await browser.get("/fr/account", { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/fr/login?${new URLSearchParams({ redirectTo: "/fr/account" })}`);
    const session = await registerUser();
    const signedIn = await browser.post("/fr/login", { email: session.user.email, password: session.password, redirectTo: "/fr/account" });
    expect(signedIn.headers.get("location")).toBe("/fr/account");
    const out = await browser.post("/fr/logout", {});
    expect(out.headers.get("location")).toBe("/fr");
  });
});

describe("prices in a tax-inclusive market", () => {
  it("carry a short VAT note in the page's language only where the visitor's market includes VAT", async (ctx) => {
    const response = await api("/markets");
    if (response.status === 404) return ctx.skip("the API lists no markets here");
    const { items } = (await response.json()) as { items: { id: string; taxInclusive: boolean }[] };
    const inclusive = items.find((market) => market.taxInclusive);
    const exclusive = items.find((market) => !market.taxInclusive);
    if (!inclusive || !exclusive) return ctx.skip("the markets here are all of one kind");

    const withVat = await page_(`/de/p/${product.slug}`, { headers: { cookie: `market=${inclusive.id}` } });
    expect(withVat.body).toContain("inkl. MwSt.");
    const french = await page_(`/fr/c/${category.slug}`, { headers: { cookie: `market=${inclusive.id}` } });
    expect(mainOf(french.body)).toContain("TTC");
    const withoutVat = await page_(`/de/p/${product.slug}`, { headers: { cookie: `market=${exclusive.id}` } });
    expect(withoutVat.body).not.toContain("inkl. MwSt.");
  });
});
