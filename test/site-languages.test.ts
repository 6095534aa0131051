import { beforeAll, describe, expect, it } from "vitest";
import { createCategory, createProduct, uniqueSku, uniqueWord, type CategoryView, type ProductView } from "./factories/catalog";
import { ORIGIN, site } from "./helpers";
import { mainOf } from "./site-helpers";

/** A page's HTML without React's text separators. */
async function html(response: Response): Promise<string> {
  return (await response.text()).replaceAll("<!-- -->", "");
}

async function page(path: string, init: RequestInit = {}): Promise<{ response: Response; body: string }> {
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
    const { response, body } = await page(path);
    expect(response.status).toBe(200);
    expect(body).toContain(`<html lang="${lang}"`);
    expect(body).toContain(heading);
    expect(body).toContain(skip);
  });

  it("renders the product page in German with the price in German format", async () => {
    const { response, body } = await page(`/de/p/${product.slug}`);
    expect(response.status).toBe(200);
    expect(body).toContain(`<html lang="de"`);
    expect(mainOf(body)).toContain(product.name);
    // 1.234,56 $ is how de-DE writes US dollars.
    expect(body).toMatch(/1\.234,56\s\$/);
  });

  it("keeps every link and form on a French page in French", async () => {
    const { body } = await page(`/fr/c/${category.slug}`);
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
    const { body } = await page(path);
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
    const product_ = await page(`/de/p/${product.slug}`);
    expect(canonical(product_.body)).toEqual([`${ORIGIN}/de/p/${product.slug}`]);
    expect(alternates(product_.body)).toEqual({
      en: `${ORIGIN}/p/${product.slug}`,
      de: `${ORIGIN}/de/p/${product.slug}`,
      fr: `${ORIGIN}/fr/p/${product.slug}`,
      ja: `${ORIGIN}/ja/p/${product.slug}`,
      "x-default": `${ORIGIN}/p/${product.slug}`,
    });
    const cart = await page("/fr/cart");
    expect(canonical(cart.body)).toEqual([`${ORIGIN}/fr/cart`]);
    expect(alternates(cart.body).ja).toBe(`${ORIGIN}/ja/cart`);
  });

  it("the admin has neither", async () => {
    const { body } = await page("/login?redirectTo=%2Fadmin");
    expect(canonical(body)).toEqual([`${ORIGIN}/login`]);
  });
});

describe("language prefixes", () => {
  it.each(["/xx", "/xx/p/anything", "/de-DE/cart", "/es/products"])("an unknown prefix (%s) is a 404", async (path) => {
    const { response, body } = await page(path);
    expect(response.status).toBe(404);
    expect(body).toContain(`<html lang="en"`);
  });

  it("a 404 under a language prefix is in that language", async () => {
    const { response, body } = await page("/de/p-nothing-here");
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
