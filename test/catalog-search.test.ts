import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, problemOf } from "./helpers";
import { createCategory, createProduct, getJson, listOf, patchProduct, uniqueWord } from "./factories/catalog";

const ids = (list: { items: { id: string }[] }) => list.items.map((item) => item.id);
const search = (q: string, extra = "") => listOf(`/search?q=${encodeURIComponent(q)}${extra}`);

describe("GET /search ranking", () => {
  it("ranks a name match above a brand match above a description match", async () => {
    const word = uniqueWord("rank");
    const inDescription = await createProduct({ name: "Plain Mug", description: `A mug that goes well with any ${word} collection, honestly.` });
    const inBrand = await createProduct({ name: "Plain Kettle", brand: word });
    const inName = await createProduct({ name: `The ${word} Lamp` });
    const list = await search(word);
    expect(ids(list)).toEqual([inName.id, inBrand.id, inDescription.id]);
    expect(list.total).toBe(3);
    expect(list.fuzzy).toBe(false);
  });

  it("matches every word (AND), in any field; with few such matches, near misses follow", async () => {
    const word = uniqueWord("both");
    const red = await createProduct({ name: `${word} Scarf`, description: "Red wool." });
    const blue = await createProduct({ name: `Blue ${word} Scarf` });
    const list = await search(`red ${word}`);
    expect(ids(list)).toEqual([red.id, blue.id]);
    expect(list.fuzzy).toBe(true);
  });

  it("matches the last word as a prefix while typing", async () => {
    const word = uniqueWord("prefix");
    const product = await createProduct({ name: `Headphones ${word}` });
    for (const typed of [word.slice(0, 2), word.slice(0, 5), `headph ${word.slice(0, 6)}`, `${word} hea`]) {
      expect(ids(await search(typed)), typed).toContain(product.id);
    }
  });

  it("finds a misspelt name through trigrams (hedphones → Headphones) and says so", async () => {
    const product = await createProduct({ name: "Studio Headphones" });
    const list = await search("hedphones");
    expect(ids(list)).toContain(product.id);
    expect(list.fuzzy).toBe(true);
    expect(list.items.find((item) => item.id === product.id)!.highlight).toBe("Studio <mark>Headphones</mark>");
  });

  it("puts exact matches before fuzzy ones when there are few, and ignores weak trigram overlaps", async () => {
    // Ends in two different letters: were they the same, dropping one would leave a prefix of
    // the word, and the longer name would match the typo exactly, as a prefix.
    const word = `${uniqueWord("quorvinex")}ab`;
    const typo = `${word.slice(0, -2)}${word.at(-1)}`; // one letter dropped
    const exact = await createProduct({ name: `Kettlebell ${typo}` });
    const fuzzy = await createProduct({ name: `Kettlebell ${word}` });
    const unrelated = await createProduct({ name: `Kettlebell ${word.slice(0, 4)}zzzzzzz` });
    const list = await search(typo);
    expect(ids(list)).toEqual([exact.id, fuzzy.id]);
    expect(ids(list)).not.toContain(unrelated.id);
    expect(list.fuzzy).toBe(true);
  });

  it("returns no fuzzy padding when the words match enough products", async () => {
    const word = uniqueWord("plenty");
    for (let i = 0; i < 3; i++) await createProduct({ name: `${word} Item ${i}` });
    // One letter off (never the same letter, or the "near" name would be the word itself).
    const swapped = word.endsWith("x") ? "y" : "x";
    const near = await createProduct({ name: `${word.slice(0, -1)}${swapped} Item` });
    const list = await search(word);
    expect(list.total).toBe(3);
    expect(list.fuzzy).toBe(false);
    expect(ids(list)).not.toContain(near.id);
  });

  it("accepts the listing's filters, sorts and paging, with facets", async () => {
    const word = uniqueWord("filter");
    const shoes = await createCategory();
    const hats = await createCategory();
    const cheap = await createProduct({ name: `${word} Cheap`, categoryId: shoes.id, brand: "Acme", variants: [{ priceCents: 500 }] });
    const dear = await createProduct({ name: `${word} Dear`, categoryId: shoes.id, variants: [{ priceCents: 9000 }] });
    await createProduct({ name: `${word} Hat`, categoryId: hats.id, variants: [{ priceCents: 700 }] });
    const list = await search(word, `&category=${shoes.slug}&sort=price_desc&limit=1`);
    expect(list).toMatchObject({ total: 2, page: 1, limit: 1 });
    expect(ids(list)).toEqual([dear.id]);
    expect(list.facets.categories.map((facet) => facet.count).sort()).toEqual([1, 2]);
    expect(list.facets.price).toEqual({ minCents: 500, maxCents: 9000 });
    expect(ids(await search(word, `&brand=acme`))).toEqual([cheap.id]);
  });

  it("leaves deactivated products out and follows renames", async () => {
    const word = uniqueWord("follow");
    const renamed = uniqueWord("renamed");
    const product = await createProduct({ name: `Lamp ${word}` });
    await patchProduct(product.id, { name: `Lamp ${renamed}` });
    expect(ids(await search(renamed))).toEqual([product.id]);
    expect(ids(await search(`${word} `))).toEqual([]);
    await patchProduct(product.id, { isActive: false });
    expect(ids(await search(renamed))).toEqual([]);
  });
});

describe("GET /search input handling", () => {
  it.each([
    ['"', "an unbalanced quote"],
    ["*", "a bare star"],
    ["NEAR(a b", "NEAR with an unbalanced parenthesis"],
    ["-", "a lone minus"],
    ["((((", "parentheses"],
    ["name:x", "a column filter"],
    ["{name brand}: x", "a column set"],
    ["AND OR NOT", "operators alone"],
    ["^x", "an initial-token anchor"],
    ["x + y", "a plus"],
    ["'; DROP TABLE products; --", "SQL"],
    ["\u0000\u0001\u0002", "control characters"],
    ["🙂🙂🙂", "emoji"],
  ])("answers %j (%s) safely", async (q) => {
    const response = await api(`/search?q=${encodeURIComponent(q)}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: unknown[] };
    expect(Array.isArray(body.items)).toBe(true);
  });

  it("reads FTS syntax around a word as the word itself", async () => {
    const word = uniqueWord("syntax");
    const product = await createProduct({ name: `Tent ${word}` });
    for (const q of [`"${word}"`, `${word}*`, `-${word}`, `(${word}`, `${word})`, `{${word}}`, `^${word}`]) {
      const list = await search(q);
      expect(ids(list), q).toEqual([product.id]);
      expect(list.fuzzy, q).toBe(false);
    }
    // "name" and "near" are words here, not a column filter or an operator: no product has
    // them, so only the typo-tolerant pass (on the word) finds the tent.
    for (const q of [`name:${word}`, `NEAR(${word})`]) {
      const list = await search(q);
      expect(ids(list), q).toEqual([product.id]);
      expect(list.fuzzy, q).toBe(true);
    }
  });

  it("400s an empty or very long query, and accepts 200 characters", async () => {
    expect((await api("/search")).status).toBe(400);
    expect((await api("/search?q=%20%20")).status).toBe(400);
    const long = await api(`/search?q=${"a".repeat(201)}`);
    expect(long.status).toBe(400);
    expect((await problemOf(long)).errors?.[0]?.path).toBe("q");
    expect((await api(`/search?q=${"ab ".repeat(66)}ab`)).status).toBe(200);
  });

  it("400s the listing's bad filters too", async () => {
    expect((await api("/search?q=x&sort=best")).status).toBe(400);
    expect((await api("/search?q=x&minPrice=9&maxPrice=1")).status).toBe(400);
    expect((await api("/search?q=x&limit=1000")).status).toBe(400);
  });
});

describe("highlights", () => {
  it("marks matches and escapes everything else, so the snippet is safe to render", async () => {
    const word = uniqueWord("safe");
    const product = await createProduct({
      name: `<img src=x onerror=alert(1)> ${word} "quoted" & more`,
      description: `<script>alert("${word}")</script> plain text`,
    });
    const [item] = (await search(word)).items;
    expect(item!.id).toBe(product.id);
    expect(item!.highlight).toBe(`&lt;img src=x onerror=alert(1)&gt; <mark>${word}</mark> &quot;quoted&quot; &amp; more`);
    const withoutMarks = item!.highlight!.replace(/<\/?mark>/g, "");
    expect(withoutMarks).not.toMatch(/[<>]/);
    // The stored text is untouched: escaping happens only in the highlight.
    expect(item!.name).toBe(product.name);
  });

  it("highlights the description when the match is there", async () => {
    const word = uniqueWord("desc");
    await createProduct({ name: "Ordinary Pan", description: `Cast iron & enamel; pairs with ${word} lids.` });
    const [item] = (await search(word)).items;
    expect(item!.highlight).toBe(`Cast iron &amp; enamel; pairs with <mark>${word}</mark> lids.`);
  });

  it("also comes with q on GET /products", async () => {
    const word = uniqueWord("both");
    await createProduct({ name: `Blanket ${word}` });
    const [item] = (await listOf(`/products?q=${word}`)).items;
    expect(item!.highlight).toBe(`Blanket <mark>${word}</mark>`);
    const [plain] = (await listOf(`/products?category=${item!.category.slug}`)).items;
    expect(plain!.highlight).toBeUndefined();
  });
});

describe("GET /search/suggest", () => {
  it("suggests up to eight active products by prefix, best match first", async () => {
    const word = uniqueWord("sugg");
    const first = await createProduct({ name: `${word} Lantern` });
    for (let i = 0; i < 9; i++) await createProduct({ name: `Camp ${word} Item ${i}`, description: `Works with the ${word} range.` });
    const hidden = await createProduct({ name: `${word} Retired` });
    await patchProduct(hidden.id, { isActive: false });
    const { items } = await getJson<{ items: { id: string; slug: string; name: string; image: string | null; priceCents: number }[] }>(
      `/search/suggest?q=${word.slice(0, 6)}`,
    );
    expect(items).toHaveLength(8);
    expect(items[0]).toEqual({ id: first.id, slug: first.slug, name: first.name, image: null, priceCents: first.priceCents, currency: "USD" });
    expect(items.map((item) => item.id)).not.toContain(hidden.id);
  });

  it("tolerates typos and refuses empty or long input", async () => {
    const product = await createProduct({ name: `Frying ${uniqueWord("skilet")}` });
    const word = product.name.split(" ")[1]!;
    const typo = word.slice(0, 3) + word.slice(4);
    const { items } = await getJson<{ items: { id: string }[] }>(`/search/suggest?q=${typo}%20`);
    expect(items.map((item) => item.id)).toContain(product.id);
    expect((await api("/search/suggest")).status).toBe(400);
    expect((await api(`/search/suggest?q=${"x".repeat(201)}`)).status).toBe(400);
    expect(await getJson(`/search/suggest?q=${encodeURIComponent('"*')}`)).toEqual({ items: [], categories: [], queries: [] });
  });

  it("puts products named with the words before those that only describe them", async () => {
    const word = uniqueWord("namefirst");
    const described = await createProduct({ name: "Plain Stand", description: `Holds any ${word} set.` });
    const named = await createProduct({ name: `Studio ${word} Set` });
    const suggest = async (q: string) => (await getJson<{ items: { id: string }[] }>(`/search/suggest?q=${encodeURIComponent(q)}`)).items.map((item) => item.id);
    expect(await suggest(word.slice(0, 7))).toEqual([named.id]);
    // With no name to match, the description's word starts still lead somewhere.
    await patchProduct(named.id, { isActive: false });
    expect(await suggest(word.slice(0, 8))).toEqual([described.id]);
  });

  it("suggests categories with active products by the starts of their names", async () => {
    const word = uniqueWord("Headwear");
    const category = await createCategory({ name: `${word} Shop` });
    const empty = await createCategory({ name: `${word} Empty` });
    const inside = await createCategory({ name: `Over${word.toLowerCase()}` });
    await createProduct({ name: "Felt Cap", categoryId: category.id });
    await createProduct({ name: "Felt Beret", categoryId: inside.id });
    const { categories } = await getJson<{ categories: { slug: string; name: string }[] }>(`/search/suggest?q=${word.slice(0, 10)}`);
    expect(categories).toEqual([{ slug: category.slug, name: category.name }]);
    expect(categories.map((entry) => entry.slug)).not.toContain(empty.slug);
  });
});

describe("popular searches", () => {
  /** Waits for the count written after the answer (waitUntil). */
  async function storedSearches(language: string, query: string): Promise<number | null> {
    for (let i = 0; i < 50; i++) {
      const row = await env.DB.prepare("SELECT searches FROM search_queries WHERE language = ? AND query = ?").bind(language, query).first<{ searches: number }>();
      if (row) return row.searches;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return null;
  }

  it("counts a search that found products, folded, and suggests it by its words' starts in its language", async () => {
    const word = uniqueWord("popq");
    await createProduct({ name: `${word} Trail Lamp` });
    expect((await search(`${word.toUpperCase()}   Trail`)).total).toBe(1);
    expect(await storedSearches("en", `${word} trail`)).toBe(1);
    // Another spelling of the same words is the same query (and a miss of the edge cache).
    expect((await search(`${word} trail `)).total).toBe(1);
    await expect.poll(() => storedSearches("en", `${word} trail`)).toBe(2);

    const suggested = await getJson<{ queries: { query: string }[] }>(`/search/suggest?q=${word.slice(0, 6)}`);
    expect(suggested.queries).toEqual([{ query: `${word} trail` }]);
    // Any word's start, never its inside.
    expect((await getJson<{ queries: { query: string }[] }>(`/search/suggest?q=${word}%20tra`)).queries).toEqual([{ query: `${word} trail` }]);
    expect((await getJson<{ queries: { query: string }[] }>(`/search/suggest?q=${word.slice(1, 7)}`)).queries).toEqual([]);
    expect((await getJson<{ queries: { query: string }[] }>(`/search/suggest?q=${word.slice(0, 6)}&lang=de`)).queries).toEqual([]);
    expect((await getJson<{ items: { query: string }[] }>(`/search/popular`)).items).toContainEqual({ query: `${word} trail` });
    expect((await getJson<{ items: { query: string }[] }>(`/search/popular?lang=ja`)).items).not.toContainEqual({ query: `${word} trail` });
  });

  it("does not count searches that found nothing, or only near misses, or later pages", async () => {
    const word = uniqueWord("uncounted");
    await createProduct({ name: `${word} Kettle` });
    const typo = `${word.slice(0, 3)}${word[4]}${word[3]}${word.slice(5)}`;
    expect((await search(typo)).fuzzy).toBe(true);
    expect((await search(word, "&minPrice=99999999")).total).toBe(0);
    expect((await search(word, "&page=2")).items).toEqual([]);
    expect((await search(`${word}`)).total).toBe(1);
    expect(await storedSearches("en", word)).toBe(1);
    const { results } = await env.DB.prepare("SELECT query FROM search_queries WHERE query LIKE ?").bind(`%${word.slice(3, 9)}%`).all<{ query: string }>();
    expect(results.map((row) => row.query)).toEqual([word]);
  });

  it("forgets searches nobody ran for 90 days when it counts another", async () => {
    const word = uniqueWord("stale");
    await env.DB.prepare("INSERT INTO search_queries (language, query, searches, results, last_searched_at) VALUES ('en', ?, 50, 1, '2020-01-01T00:00:00.000Z')").bind(`${word} old`).run();
    await createProduct({ name: `${word} Fresh` });
    expect((await search(word)).total).toBe(1);
    expect(await storedSearches("en", word)).toBe(1);
    expect(await env.DB.prepare("SELECT 1 FROM search_queries WHERE query = ?").bind(`${word} old`).first()).toBeNull();
  });
});

describe("typo tolerance by edit distance, and no matches inside words", () => {
  it("finds a name with two neighbouring letters swapped (Paarllax → Parallax)", async () => {
    const category = await createCategory();
    const product = await createProduct({ name: "Parallax Headphones", categoryId: category.id });
    for (const q of ["Paarllax", "paarllax headphones", "Parallax Haedphones"]) {
      const list = await search(q, `&category=${category.slug}`);
      expect(ids(list), q).toEqual([product.id]);
      expect(list.fuzzy, q).toBe(true);
    }
    expect((await search("Paarllax", `&category=${category.slug}`)).items[0]!.highlight).toBe("<mark>Parallax</mark> Headphones");
  });

  it("allows no edit below four letters, one up to seven and two from eight", async () => {
    const category = await createCategory();
    const hat = await createProduct({ name: "Wool Hat", categoryId: category.id });
    const lantern = await createProduct({ name: "Storm Lantern", categoryId: category.id });
    const within = `&category=${category.slug}`;
    expect(ids(await search("hta ", within))).toEqual([]);
    expect(ids(await search("lantren ", within))).toEqual([lantern.id]); // 7 letters, one swap
    expect(ids(await search("lnatren ", within))).toEqual([]); // 7 letters, two swaps
    expect(ids(await search("stomrlantern ", within))).toEqual([]); // not a word of the index
    expect(ids(await search("wool ", within))).toEqual([hat.id]);
  });

  it("does not pad a short query with words that merely contain it (head ↛ Bread, Shea)", async () => {
    const category = await createCategory();
    const headphones = await createProduct({ name: "Parallax Headphones", categoryId: category.id });
    const bread = await createProduct({ name: "Bread Every Day", categoryId: category.id });
    const shea = await createProduct({ name: "Shea Butter", categoryId: category.id });
    const within = `&category=${category.slug}`;
    for (const q of ["head", "head ", "hea"]) {
      const found = ids(await search(q, within));
      expect(found, q).toContain(headphones.id);
      expect(found, q).not.toContain(bread.id);
      expect(found, q).not.toContain(shea.id);
    }
    // A word start still matches wherever the word is.
    expect(ids(await search("butt", within))).toEqual([shea.id]);
    expect(ids(await search("ead", within))).toEqual([]);
  });

  it("suggests by word start first, then near misses, never by substrings", async () => {
    const word = uniqueWord("sugword"); // 8+ letters: two edits allowed
    const swapped = `${word.slice(0, 3)}${word[4]}${word[3]}${word.slice(5)}`;
    const starts = await createProduct({ name: `Parallax ${word} Headphones` });
    const inside = await createProduct({ name: `Bread bre${word}` }); // the word inside another, three letters in
    const bread = await createProduct({ name: "Bread Every Day" });
    const shea = await createProduct({ name: "Shea Butter" });
    const suggest = async (q: string) =>
      (await getJson<{ items: { id: string }[] }>(`/search/suggest?q=${encodeURIComponent(q)}`)).items.map((item) => item.id);
    expect(await suggest(word)).toEqual([starts.id]);
    expect(await suggest(swapped)).toEqual([starts.id]);
    expect(await suggest(`${word} `)).not.toContain(inside.id);
    const forHead = await suggest("head");
    expect(forHead).not.toContain(bread.id);
    expect(forHead).not.toContain(shea.id);
    expect(forHead).toContain(starts.id);
  });
});
