import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { z } from "@hono/zod-openapi";
import type { translationListSchema, translationSchema } from "../workers/domain/schemas/translations";
import { api, problemOf, registerUser, type ApiRequestInit } from "./helpers";
import { admin, createCategory, createProduct, listOf, uniqueWord, type CategoryView, type ListResponse, type ProductView } from "./factories/catalog";

type Translation = z.infer<typeof translationSchema>;
type TranslationList = z.infer<typeof translationListSchema>;

async function putTranslation(kind: "products" | "categories", id: string, lang: string, body: unknown, token?: string) {
  return api(`/admin/${kind}/${id}/translations/${lang}`, { method: "PUT", token: token ?? (await admin()).accessToken, json: body });
}

async function translate(kind: "products" | "categories", id: string, lang: string, body: { name: string; description?: string }) {
  const response = await putTranslation(kind, id, lang, body);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Translation;
}

const inLanguage = (acceptLanguage: string) => ({ headers: { "accept-language": acceptLanguage } });

/** A GET that must succeed, parsed; with headers (getJson takes a token only). */
async function readJson<T>(path: string, init: ApiRequestInit = {}): Promise<T> {
  const response = await api(path, init);
  expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
  return (await response.json()) as T;
}

/** Reads until the edge cache answers (its put may land just after the first response). */
async function cachedRead(path: string, init: ApiRequestInit) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const response = await api(path, init);
    if (response.headers.get("x-cache") === "HIT") return response;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${path} never came from the edge cache`);
}

describe("catalog reads in the shopper's language", () => {
  it("answers product detail in ?lang= or Accept-Language, field by field falling back to English", async () => {
    const category = await createCategory({ name: "Bakery", description: "Fresh every morning." });
    await translate("categories", category.id, "de", { name: "Bäckerei" });
    const product = await createProduct({ name: "Handmade Bread", description: "Baked with sourdough.", categoryId: category.id });
    await translate("products", product.id, "de", { name: "Handgemachtes Brot", description: "Mit Sauerteig gebacken." });
    await translate("products", product.id, "fr", { name: "Pain fait main" });

    const de = await readJson<ProductView>(`/products/${product.slug}?lang=de`);
    expect(de).toMatchObject({ name: "Handgemachtes Brot", description: "Mit Sauerteig gebacken.", category: { name: "Bäckerei" } });
    const fr = await api(`/products/${product.slug}`, inLanguage("fr-CA,fr;q=0.9,en;q=0.5"));
    expect(fr.headers.get("content-language")).toBe("fr");
    // No French description and no French category name: the English ones show.
    expect(await fr.json()).toMatchObject({ name: "Pain fait main", description: "Baked with sourdough.", category: { name: "Bakery" } });
    for (const [path, init, language] of [
      [`/products/${product.slug}?lang=ja`, {}, "ja"], // Japanese asked for, none written: English text
      [`/products/${product.slug}?lang=it`, inLanguage("pt"), "en"],
      [`/products/${product.slug}`, {}, "en"],
    ] as const) {
      const response = await api(path, init);
      expect(response.headers.get("content-language"), path).toBe(language);
      expect(await response.json(), path).toMatchObject({ name: "Handmade Bread", description: "Baked with sourdough." });
    }
    // ?lang= wins over the header.
    expect((await readJson<ProductView>(`/products/${product.id}?lang=de`, inLanguage("fr"))).name).toBe("Handgemachtes Brot");
  });

  it("translates listings, their category facet and the category list", async () => {
    const category = await createCategory({ name: "Kitchen", description: "Pots and pans." });
    await translate("categories", category.id, "fr", { name: "Cuisine", description: "Casseroles et poêles." });
    const pan = await createProduct({ name: "Cast Iron Pan", categoryId: category.id });
    await translate("products", pan.id, "fr", { name: "Poêle en fonte" });
    const untranslated = await createProduct({ name: "Steel Whisk", categoryId: category.id });

    const list = await listOf(`/products?category=${category.slug}&lang=fr`);
    const names = Object.fromEntries(list.items.map((item) => [item.id, item.name]));
    expect(names).toEqual({ [pan.id]: "Poêle en fonte", [untranslated.id]: "Steel Whisk" });
    expect(list.items.every((item) => item.category.name === "Cuisine")).toBe(true);
    expect(list.facets.categories.find((facet) => facet.slug === category.slug)?.name).toBe("Cuisine");

    const categories = await readJson<{ items: CategoryView[] }>("/categories", inLanguage("fr"));
    expect(categories.items.find((item) => item.id === category.id)).toMatchObject({ name: "Cuisine", description: "Casseroles et poêles." });
    const english = await readJson<{ items: CategoryView[] }>("/categories");
    expect(english.items.find((item) => item.id === category.id)).toMatchObject({ name: "Kitchen", description: "Pots and pans." });
  });

  it("never serves one language's cached response to another", async () => {
    const product = await createProduct({ name: "Travel Mug" });
    await translate("products", product.id, "de", { name: "Reisebecher" });
    await translate("products", product.id, "ja", { name: "トラベルマグ" });
    const path = `/products/${product.slug}`;
    const de = await cachedRead(path, inLanguage("de"));
    expect(((await de.json()) as ProductView).name).toBe("Reisebecher");
    expect(de.headers.get("vary")).toMatch(/Accept-Language/);
    // The same URL, now cached in German, asked for in Japanese, English and via ?lang=.
    expect(((await (await api(path, inLanguage("ja"))).json()) as ProductView).name).toBe("トラベルマグ");
    expect(((await (await api(path)).json()) as ProductView).name).toBe("Travel Mug");
    const viaQuery = await api(`${path}?lang=de`);
    expect(viaQuery.headers.get("x-cache")).toBe("HIT"); // one entry per resolved language
    expect(((await viaQuery.json()) as ProductView).name).toBe("Reisebecher");

    const list = `/search?q=${encodeURIComponent(product.name)}`;
    await cachedRead(list, inLanguage("de"));
    const ja = await readJson<ListResponse>(list, inLanguage("ja"));
    expect(ja.items.find((item) => item.id === product.id)?.name).toBe("トラベルマグ");
  });
});

describe("admin translation API", () => {
  it("sets, reads, replaces and removes a translation, audit-logged, and the next read shows it", async () => {
    const product = await createProduct({ name: "Desk Lamp" });
    const path = `/products/${product.slug}?lang=de`;
    expect(((await (await cachedRead(path, {})).json()) as ProductView).name).toBe("Desk Lamp");

    const saved = await translate("products", product.id, "de", { name: "  Schreibtischlampe ", description: "" });
    expect(saved).toMatchObject({ language: "de", name: "Schreibtischlampe", description: null });
    const afterSet = await api(path);
    expect(afterSet.headers.get("x-cache")).toBe("MISS");
    expect(((await afterSet.json()) as ProductView).name).toBe("Schreibtischlampe");

    await translate("products", product.id, "de", { name: "Tischlampe", description: "Warmes Licht." });
    const token = (await admin()).accessToken;
    const list = await readJson<TranslationList>(`/admin/products/${product.id}/translations`, { token });
    expect(list.items).toEqual([expect.objectContaining({ language: "de", name: "Tischlampe", description: "Warmes Licht." })]);
    expect(await readJson<Translation>(`/admin/products/${product.id}/translations/de`, { token })).toMatchObject({ name: "Tischlampe" });
    expect((await api(`/admin/products/${product.id}/translations/fr`, { token })).status).toBe(404);

    expect((await api(`/admin/products/${product.id}/translations/de`, { method: "DELETE", token })).status).toBe(204);
    expect(((await readJson<ProductView>(path)).name)).toBe("Desk Lamp");
    expect((await api(`/admin/products/${product.id}/translations/de`, { method: "DELETE", token })).status).toBe(404);

    const { results } = await env.DB.prepare("SELECT action, details FROM audit_log WHERE entity_id = ? AND action LIKE 'product.translation%' ORDER BY created_at")
      .bind(product.id)
      .all<{ action: string; details: string }>();
    expect(results.map((row) => [row.action, JSON.parse(row.details)])).toEqual([
      ["product.translation_set", { language: "de" }],
      ["product.translation_set", { language: "de" }],
      ["product.translation_deleted", { language: "de" }],
    ]);
  });

  it("sets category translations the same way", async () => {
    const category = await createCategory({ name: "Garden" });
    expect((await readJson<{ items: CategoryView[] }>("/categories?lang=ja")).items.find((item) => item.id === category.id)?.name).toBe("Garden");
    await translate("categories", category.id, "ja", { name: "ガーデン", description: "庭の道具" });
    expect((await readJson<{ items: CategoryView[] }>("/categories?lang=ja")).items.find((item) => item.id === category.id)).toMatchObject({
      name: "ガーデン",
      description: "庭の道具",
    });
    const { results } = await env.DB.prepare("SELECT action FROM audit_log WHERE entity_id = ? AND action = 'category.translation_set'")
      .bind(category.id)
      .all();
    expect(results).toHaveLength(1);
  });

  it("refuses anonymous callers and customers", async () => {
    const product = await createProduct();
    const customer = await registerUser();
    expect((await api(`/admin/products/${product.id}/translations/de`, { method: "PUT", json: { name: "X" } })).status).toBe(401);
    expect((await putTranslation("products", product.id, "de", { name: "X" }, customer.accessToken)).status).toBe(403);
    expect((await api(`/admin/products/${product.id}/translations`, { token: customer.accessToken })).status).toBe(403);
    const category = await createCategory();
    expect((await putTranslation("categories", category.id, "de", { name: "X" }, customer.accessToken)).status).toBe(403);
    expect((await readJson<ProductView>(`/products/${product.id}?lang=de`)).name).toBe(product.name);
  });

  describe.each([
    ["it", { name: "Lampada" }, "lang"],
    ["en", { name: "Lamp" }, "lang"],
    ["DE", { name: "Lampe" }, "lang"],
    ["de", { name: "" }, "name"],
    ["de", { name: "x".repeat(201) }, "name"],
    ["de", { description: "Only a description" }, "name"],
    ["de", { name: "Lampe", slug: "lampe" }, ""],
    ["de", { name: "Lampe\u0001" }, "name"],
  ])("PUT …/translations/%s with %j", (lang, body, path) => {
    it("is a 400 naming the field", async () => {
      const product = await createProduct();
      const response = await putTranslation("products", product.id, lang, body);
      expect(response.status).toBe(400);
      const problem = await problemOf(response);
      if (path) expect(problem.errors?.map((error) => error.path)).toContain(path);
    });
  });

  it("404s an unknown product or category", async () => {
    expect((await putTranslation("products", "prd_missing", "de", { name: "X" })).status).toBe(404);
    expect((await putTranslation("categories", "cat_missing", "fr", { name: "X" })).status).toBe(404);
  });
});

describe("search in every language", () => {
  it("finds a product by its German name, with or without the umlaut, in German", async () => {
    const category = await createCategory();
    const product = await createProduct({ name: "Parallax Headphones", categoryId: category.id });
    await translate("products", product.id, "de", { name: "Parallax Kopfhörer", description: "Geschlossene Bauweise." });
    for (const q of ["Kopfhörer", "kopfhorer", "kopfh", "Bauweise"]) {
      const list = await listOf(`/search?q=${encodeURIComponent(q)}&category=${category.slug}&lang=de`);
      expect(list.items.map((item) => item.id), q).toEqual([product.id]);
      expect(list.fuzzy, q).toBe(false);
      expect(list.items[0]!.name).toBe("Parallax Kopfhörer");
    }
    const [hit] = (await listOf(`/search?q=Kopfh%C3%B6rer&category=${category.slug}&lang=de`)).items;
    expect(hit!.highlight).toBe("Parallax <mark>Kopfhörer</mark>");
    // A typo in the German word is forgiven too.
    expect((await listOf(`/search?q=Kopfhröer&category=${category.slug}&lang=de`)).items.map((item) => item.id)).toEqual([product.id]);
  });

  it("finds a product by its Japanese name and by a word inside it", async () => {
    const category = await createCategory();
    const bread = await createProduct({ name: "Handmade Bread", categoryId: category.id });
    await translate("products", bread.id, "ja", { name: "手作りのパン", description: "毎朝焼きたて。" });
    const headphones = await createProduct({ name: "Parallax Headphones", categoryId: category.id });
    await translate("products", headphones.id, "ja", { name: "パララックスヘッドホン" });
    const search = async (q: string) =>
      (await listOf(`/search?q=${encodeURIComponent(q)}&category=${category.slug}&lang=ja`)).items.map((item) => [item.id, item.name]);
    expect(await search("手作りのパン")).toEqual([[bread.id, "手作りのパン"]]);
    expect(await search("パン")).toEqual([[bread.id, "手作りのパン"]]);
    expect(await search("ヘッドホン")).toEqual([[headphones.id, "パララックスヘッドホン"]]);
    expect(await search("パララックス")).toEqual([[headphones.id, "パララックスヘッドホン"]]);
    const [hit] = (await listOf(`/search?q=%E3%83%91%E3%83%B3&category=${category.slug}&lang=ja`)).items;
    expect(hit!.highlight).toBe("手作りの<mark>パン</mark>");
  });

  it("follows translation edits in the index", async () => {
    const category = await createCategory();
    const product = await createProduct({ name: "Wool Blanket", categoryId: category.id });
    const first = uniqueWord("erst");
    const second = uniqueWord("zweit");
    await translate("products", product.id, "de", { name: `Decke ${first}` });
    const find = async (q: string) => (await listOf(`/search?q=${q}%20&category=${category.slug}`)).items.map((item) => item.id);
    expect(await find(first)).toEqual([product.id]);
    await translate("products", product.id, "de", { name: `Decke ${second}` });
    expect(await find(first)).toEqual([]);
    expect(await find(second)).toEqual([product.id]);
    // A product's own change (its brand is in every language's row) keeps the translation indexed.
    const patched = await api(`/products/${product.id}`, { method: "PATCH", token: (await admin()).accessToken, json: { brand: "Nordwolle" } });
    expect(patched.status).toBe(200);
    expect(await find(second)).toEqual([product.id]);
    await api(`/admin/products/${product.id}/translations/de`, { method: "DELETE", token: (await admin()).accessToken });
    expect(await find(second)).toEqual([]);
  });

  it("suggests in the shopper's language, by the translated name", async () => {
    const word = uniqueWord("sugg");
    const product = await createProduct({ name: `Lantern ${word}` });
    await translate("products", product.id, "fr", { name: `Lanterne ${word}` });
    const { items } = await readJson<{ items: { id: string; name: string }[] }>(`/search/suggest?q=${word}`, inLanguage("fr"));
    expect(items).toEqual([expect.objectContaining({ id: product.id, name: `Lanterne ${word}` })]);
    const english = await readJson<{ items: { id: string; name: string }[] }>(`/search/suggest?q=${word}`);
    expect(english.items[0]?.name).toBe(`Lantern ${word}`);
  });
});
