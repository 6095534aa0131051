import { describe, expect, it } from "vitest";
import { seedCategories, seedProducts } from "../scripts/seed-data";
import { seedCategoryTranslations, seedProductTranslations } from "../scripts/seed-translations";
import { TRANSLATION_LANGUAGES } from "../workers/domain/languages";
import { productTranslationBody } from "../workers/domain/schemas/translations";
import { api } from "./helpers";
import { admin, createCategory, createProduct, listOf } from "./factories/catalog";

describe("the demo catalog's translations", () => {
  it("cover every category, every featured product and at least ten more, in de, fr and ja", () => {
    const slugs = new Set(seedProducts.map((product) => product.slug));
    for (const slug of Object.keys(seedProductTranslations)) expect(slugs, slug).toContain(slug);
    for (const category of seedCategories) expect(Object.keys(seedCategoryTranslations[category.slug] ?? {}).sort(), category.slug).toEqual([...TRANSLATION_LANGUAGES].sort());
    const featured = seedProducts.filter((product) => product.isFeatured);
    for (const product of featured) expect(Object.keys(seedProductTranslations[product.slug] ?? {}).sort(), product.slug).toEqual([...TRANSLATION_LANGUAGES].sort());
    expect(Object.keys(seedProductTranslations).length).toBeGreaterThanOrEqual(featured.length + 10);
    for (const byLanguage of Object.values(seedProductTranslations)) {
      for (const text of Object.values(byLanguage)) expect(productTranslationBody.safeParse(text).success, text.name).toBe(true);
    }
  });

  it("lets a shopper find the seeded headphones by a word of their Japanese name", async () => {
    const seeded = seedProducts.find((product) => product.slug === "lumen-aria-noise-cancelling-headphones")!;
    const ja = seedProductTranslations[seeded.slug]!.ja;
    const category = await createCategory();
    const product = await createProduct({ name: seeded.name, categoryId: category.id });
    const saved = await api(`/admin/products/${product.id}/translations/ja`, { method: "PUT", token: (await admin()).accessToken, json: ja });
    expect(saved.status).toBe(200);
    for (const q of ["ヘッドホン", "ノイズキャンセリング", "ルーメン アリア"]) {
      const list = await listOf(`/search?q=${encodeURIComponent(q)}&category=${category.slug}&lang=ja`);
      expect(list.items.map((item) => [item.id, item.name]), q).toEqual([[product.id, ja.name]]);
    }
  });
});
