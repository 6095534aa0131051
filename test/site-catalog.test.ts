import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { admin, createCategory, createProduct, uniqueSku, uniqueWord, type CategoryView, type ProductView } from "./factories/catalog";
import { api, registerUser, site } from "./helpers";
import { forgetCacheVersion } from "../workers/lib/edge-cache";
import { SEARCH_QUERY_MAX_LENGTH } from "../workers/domain/search-query";
import { Browser, decode, jsonLdBlocks, mainOf } from "./site-helpers";

/** A page's HTML without React's text separators, so "Showing 1–3" reads as written. */
async function html(response: Response): Promise<string> {
  return (await response.text()).replaceAll("<!-- -->", "");
}

/** The fields of a product page's schema.org JSON-LD (web/app/lib/product-jsonld.ts) that these tests read. */
interface ProductJsonLd {
  "@type": "Product";
  description: string;
  /** One Offer, or one per variant on sale. */
  offers: JsonLdOffer | JsonLdOffer[];
  aggregateRating?: { "@type": "AggregateRating"; ratingValue: number; reviewCount: number };
}

interface JsonLdOffer {
  "@type": "Offer";
  price: string;
  priceCurrency: string;
  availability: string;
}

async function page(path: string): Promise<{ response: Response; body: string }> {
  const response = await site(path);
  return { response, body: await html(response) };
}

/** The product names a listing page shows, in order (each card's heading link). */
function cardNames(body: string): string[] {
  return [...mainOf(body).matchAll(/<h2 class="mt-0\.5[^"]*"><a [^>]*href="\/p\/[^"]+"[^>]*>([^<]+)<\/a>/g)].map((match) => decode(match[1]!));
}

/**
 * Many plain products straight into D1 (the admin API would only be slower), with the catalog's
 * cache version bumped as every catalog write does. Returns their slugs.
 */
async function bulkProducts(categoryId: string, count: number): Promise<string[]> {
  const word = uniqueWord("bulk");
  const slugs = Array.from({ length: count }, (_, i) => `${word}-${i}`);
  await env.DB.batch(
    slugs.flatMap((slug, i) => [
      env.DB.prepare("INSERT INTO products (id, slug, name, description, category_id, price_cents) VALUES (?, ?, ?, '', ?, ?)").bind(
        `prd_${word}_${i}`,
        slug,
        `Bulk ${word} ${i}`,
        categoryId,
        100 + i,
      ),
      env.DB.prepare("INSERT INTO product_variants (sku, product_id, title, price_cents) VALUES (?, ?, 'Default', ?)").bind(
        `BULK-${word.toUpperCase()}-${i}`,
        `prd_${word}_${i}`,
        100 + i,
      ),
    ]),
  );
  await env.DB.prepare(
    "INSERT INTO cache_versions (scope, version) VALUES ('catalog', 1) ON CONFLICT(scope) DO UPDATE SET version = version + 1",
  ).run();
  // Written past the API, so the isolate's remembered version is dropped as an API write drops it.
  forgetCacheVersion();
  return slugs;
}

interface Catalog {
  word: string;
  category: CategoryView;
  other: CategoryView;
  alpha: ProductView;
  beta: ProductView;
  gone: ProductView;
  hostile: ProductView;
  brandA: string;
  brandB: string;
}

let catalog: Catalog;

beforeAll(async () => {
  const word = uniqueWord("shelf");
  const category = await createCategory({ name: `Trail gear ${word}`, description: "Everything for the trail." });
  const other = await createCategory({ name: `Kitchen ${word}` });
  const brandA = `Northwind ${word}`;
  const brandB = `Fjell ${word}`;
  const alpha = await createProduct({
    name: `Alpha jacket ${word}`,
    categoryId: category.id,
    brand: brandA,
    description: `A light ${word} shell for wet days.\n\nPacks into its own pocket.`,
    specifications: { Weight: "310 g", Fabric: "Recycled nylon" },
    isFeatured: true,
    variants: [
      { sku: uniqueSku("ALP"), title: "Small", options: { size: "S" }, priceCents: 1500, initialStock: 5 },
      { sku: uniqueSku("ALP"), title: "Large", options: { size: "L" }, priceCents: 2500, initialStock: 0 },
    ],
  });
  const beta = await createProduct({
    name: `Beta stove ${word}`,
    categoryId: category.id,
    brand: brandB,
    variants: [{ sku: uniqueSku("BET"), priceCents: 4000, initialStock: 3 }],
  });
  const gone = await createProduct({
    name: `Gamma lantern ${word}`,
    categoryId: category.id,
    brand: brandA,
    variants: [{ sku: uniqueSku("GAM"), priceCents: 999, initialStock: 0 }],
  });
  const hostile = await createProduct({
    name: `Delta <img src=x onerror=alert(1)> ${word}`,
    categoryId: other.id,
    description: `Closes the script early: </script><script>alert("ld")</script> <!-- ${word}`,
    variants: [{ sku: uniqueSku("DEL"), priceCents: 1234, initialStock: 2 }],
  });
  catalog = { word, category, other, alpha, beta, gone, hostile, brandA, brandB };
});

describe("home page", () => {
  it("leads with a call to shop, featured products and category tiles, and keeps the value props", async () => {
    const { response, body } = await page("/");
    expect(response.status).toBe(200);
    expect(body).toContain("Well-made things for every day.");
    expect(mainOf(body)).toMatch(/<a [^>]*href="\/products"[^>]*>Shop now<\/a>/);
    // The first screen sells the products, not an account.
    expect(mainOf(body)).not.toContain("Create an account");
    expect(body).toContain("Why shop with us");
    expect(body).toContain("Featured products");
    expect(body).toContain("Shop by category");
    expect(body).toContain(`href="/c/${catalog.category.slug}"`);
    expect(body).toMatch(/<link rel="canonical" href="http:\/\/localhost:8787\/"/);
  });

  it("is cacheable for an anonymous visitor and private once a session cookie is sent", async () => {
    const anonymous = await site("/");
    expect(anonymous.headers.get("cache-control")).toBe("public, max-age=60, s-maxage=300");
    expect(anonymous.headers.get("set-cookie")).toBeNull();
    const browser = new Browser();
    await browser.signIn(await registerUser());
    const withSession = await browser.get("/");
    expect(withSession.headers.get("cache-control")).toBe("private, no-store");
    const guest = new Browser();
    await guest.post(`/p/${catalog.alpha.slug}`, { intent: "add", sku: catalog.alpha.variants[0]!.sku, quantity: "1" });
    const withCart = await guest.get(`/c/${catalog.category.slug}`);
    expect(withCart.headers.get("cache-control")).toBe("private, no-store");
    // A cookie the site cannot read changes nothing on the page, so the page stays shareable.
    const forged = await site("/", { headers: { cookie: "sf_session=whatever; sf_cart=whatever" } });
    expect(forged.headers.get("cache-control")).toBe("public, max-age=60, s-maxage=300");
  });
});

describe("category page", () => {
  it("lists the category's products with brand, price, rating, stock badge and facets", async () => {
    const { response, body } = await page(`/c/${catalog.category.slug}`);
    expect(response.status).toBe(200);
    expect(body).toContain(`<title>Trail gear ${catalog.word} — Edgeware</title>`);
    expect(body).toContain("Everything for the trail.");
    expect(body).toContain(`<link rel="canonical" href="http://localhost:8787/c/${catalog.category.slug}"/>`);
    const main = mainOf(body);
    expect(cardNames(body).sort()).toEqual(
      [`Alpha jacket ${catalog.word}`, `Beta stove ${catalog.word}`, `Gamma lantern ${catalog.word}`].sort(),
    );
    expect(main).toContain("Showing 1–3 of 3 products");
    expect(main).toContain("$40.00");
    expect(main).toMatch(/From <\/span>\$15\.00/);
    expect(main).toContain("$9.99");
    expect(main).toContain(catalog.brandA);
    expect(main).toContain("No reviews yet");
    // Gamma has no stock: exactly one card carries the badge.
    expect(main.match(/>Out of stock</g)).toHaveLength(1);
    // Facets: brands with counts, price inputs, in-stock checkbox, a sort select, an Apply button.
    expect(main).toMatch(new RegExp(`<input type="checkbox" name="brand"[^>]*value="${catalog.brandA}"`));
    // A category page is its category: it offers no other category as a filter.
    expect(main).not.toContain('name="category"');
    expect(main).not.toContain(`Kitchen ${catalog.word}`);
    expect(main).toMatch(new RegExp(`${catalog.brandA}</span><span class="text-xs text-stone-500">2`));
    expect(main).toContain('name="min"');
    expect(main).toContain('name="max"');
    expect(main).toContain('name="inStock"');
    expect(main).toContain('<select');
    expect(main).toContain(">Apply filters<");
    expect(main).toMatch(/<form[^>]*method="get"[^>]*action="\/c\//);
  });

  it("filters and sorts through the GET form's parameters", async () => {
    const base = `/c/${catalog.category.slug}`;
    const byBrand = await page(`${base}?${new URLSearchParams({ brand: catalog.brandB })}`);
    expect(cardNames(byBrand.body)).toEqual([`Beta stove ${catalog.word}`]);
    expect(byBrand.body).toContain("Clear filters");

    const inStock = await page(`${base}?inStock=1`);
    expect(cardNames(inStock.body).sort()).toEqual([`Alpha jacket ${catalog.word}`, `Beta stove ${catalog.word}`].sort());

    const priced = await page(`${base}?min=10&max=30`);
    expect(cardNames(priced.body)).toEqual([`Alpha jacket ${catalog.word}`]);

    const sorted = await page(`${base}?sort=price_desc`);
    expect(cardNames(sorted.body)).toEqual([`Beta stove ${catalog.word}`, `Alpha jacket ${catalog.word}`, `Gamma lantern ${catalog.word}`]);
    expect(sorted.body).toMatch(/<option value="price_desc" selected="">/);
  });

  it("explains a price it cannot use instead of failing, and shows an empty state", async () => {
    const bad = await page(`/c/${catalog.category.slug}?min=cheap`);
    expect(bad.response.status).toBe(200);
    expect(bad.body).toContain("Enter prices as amounts such as 25 or 24.99.");
    const none = await page(`/c/${catalog.category.slug}?min=900`);
    expect(none.body).toContain("No products match");
    expect(none.body).toContain("No products found");
  });

  it("sends an older link naming categories to all products filtered to them", async () => {
    const response = await site(`/c/${catalog.category.slug}?category=${catalog.other.slug}&inStock=1&page=2`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/products?category=${catalog.other.slug}&inStock=1`);
  });

  it("shows a removable chip for every active filter and a Clear all that keeps the category", async () => {
    const base = `/c/${catalog.category.slug}`;
    const query = new URLSearchParams([
      ["brand", catalog.brandA],
      ["brand", catalog.brandB],
      ["min", "10"],
      ["max", "50"],
      ["inStock", "1"],
      ["sort", "price_desc"],
    ]);
    const { body } = await page(`${base}?${query}`);
    const main = mainOf(body);
    // Both brands' products: brand values are ORed.
    expect(cardNames(body)).toEqual([`Beta stove ${catalog.word}`, `Alpha jacket ${catalog.word}`]);
    const chips = [...main.matchAll(/<a aria-label="Remove filter: ([^"]*)"[^>]*href="([^"]*)"/g)].map((match) => [decode(match[1]!), decode(match[2]!)]);
    const without = (name: string, value?: string) => {
      const rest = new URLSearchParams(query);
      rest.delete(name, value);
      if (name === "min") rest.delete("max");
      return `${base}?${rest}`;
    };
    expect(chips).toEqual([
      [catalog.brandA, without("brand", catalog.brandA)],
      [catalog.brandB, without("brand", catalog.brandB)],
      ["$10.00 – $50.00", without("min")],
      ["In stock only", without("inStock")],
    ]);
    expect(main).toMatch(new RegExp(`<a [^>]*href="${base}\\?sort=price_desc">Clear all</a>`));
    // Both brands stay checked; the drawer's button counts the filters.
    expect(main.match(/<input type="checkbox" name="brand"[^>]*checked=""/g)).toHaveLength(2);
    expect(main).toContain("Filters (4)");
  });

  it("keeps the facets usable when nothing matches: chosen values stay, to be removed", async () => {
    const query = new URLSearchParams([["brand", catalog.brandB], ["brand", `Nobody ${catalog.word}`], ["min", "900"]]);
    const { body } = await page(`/c/${catalog.category.slug}?${query}`);
    const main = mainOf(body);
    expect(main).toContain("No products match");
    expect(main).toMatch(new RegExp(`<input type="checkbox" name="brand"[^>]*checked="" value="Nobody ${catalog.word}"`));
    expect(main).toMatch(new RegExp(`Nobody ${catalog.word}</span><span class="text-xs text-stone-500">0`));
    expect(main).toContain(`aria-label="Remove filter: From $900.00"`);
    // The price hint describes these results, and there are none.
    expect(main).not.toContain('data-testid="price-hint"');
    const cheap = mainOf((await page(`/c/${catalog.category.slug}?max=20`)).body);
    expect(cheap).toMatch(/data-testid="price-hint">\$9\.99 to \$15\.00 in these results/);
  });

  it("pages through a long listing with numbered links that keep the filters", async () => {
    const category = await createCategory();
    await bulkProducts(category.id, 30);
    const first = await page(`/c/${category.slug}?sort=price_asc`);
    expect(first.body).toContain("Showing 1–24 of 30 products");
    expect(cardNames(first.body)).toHaveLength(24);
    expect(first.body).toContain(`<a rel="next" class="`);
    expect(first.body).toContain(`href="/c/${category.slug}?sort=price_asc&amp;page=2"`);
    const second = await page(`/c/${category.slug}?sort=price_asc&page=2`);
    expect(second.body).toContain("Showing 25–30 of 30 products");
    expect(cardNames(second.body)).toHaveLength(6);
    expect(second.body).toMatch(/<span aria-current="page"[^>]*><span class="sr-only">Page <\/span>2<\/span>/);
    expect(second.body).toContain(`<link rel="canonical" href="http://localhost:8787/c/${category.slug}?page=2"/>`);
    const past = await page(`/c/${category.slug}?page=9`);
    expect(past.body).toContain("There is nothing on this page");
  });

  it("answers 404 for an unknown category", async () => {
    expect((await site(`/c/no-such-${catalog.word}`)).status).toBe(404);
  });
});

describe("search", () => {
  it("shows results with highlights that are marked but escaped", async () => {
    const { response, body } = await page(`/search?q=${catalog.word}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=60, s-maxage=300");
    const main = mainOf(body);
    expect(main).toContain(`Results for “${catalog.word}”`);
    expect(main).toContain(`<mark>${catalog.word}</mark>`);
    // The hostile product's name is text everywhere: in its card title and in its highlight.
    expect(main).toContain("Delta &lt;img src=x onerror=alert(1)&gt;");
    expect(main).not.toMatch(/<img src=x/i);
    expect(main).not.toContain("onerror=alert(1)>");
    expect(body).toContain('<meta name="robots" content="noindex, follow"/>');
  });

  it("prompts for words when there is no query, and says when nothing matches", async () => {
    expect((await page("/search")).body).toContain("What are you looking for?");
    const none = await page(`/search?q=${uniqueWord("nothing")}`);
    expect(none.response.status).toBe(200);
    expect(none.body).toMatch(/No products match “nothing/);
    // Not a dead end: the store's categories are offered to browse instead.
    const main = mainOf(none.body);
    expect(main).toContain("Or browse a category:");
    expect(main).toContain(`href="/c/${catalog.category.slug}"`);
    const german = await page(`/de/search?q=${uniqueWord("nichts")}`);
    expect(mainOf(german.body)).toContain("Oder stöbern Sie in einer Kategorie:");
    expect(mainOf(german.body)).toContain(`href="/de/c/${catalog.category.slug}"`);
  });

  it("offers searches that found products when a search finds nothing, in the page's language", async () => {
    // A search that finds the catalog's word is counted (after the answer) for its language.
    expect(cardNames((await page(`/search?q=${encodeURIComponent(`beta stove ${catalog.word}`)}`)).body)).toEqual([`Beta stove ${catalog.word}`]);
    const stored = `beta stove ${catalog.word}`;
    await expect
      .poll(async () => (await env.DB.prepare("SELECT count(*) AS n FROM search_queries WHERE language = 'en' AND query = ?").bind(stored).first<{ n: number }>())?.n)
      .toBe(1);
    // Sharing a word's start with the words typed comes first (two unknown words: no near misses).
    const none = await page(`/search?q=${encodeURIComponent(`stove ${uniqueWord("zzq")} ${uniqueWord("qqz")}`)}`);
    expect(none.body).toContain("No products match");
    const main = mainOf(none.body);
    expect(main).toContain("Or try one of these searches:");
    expect(main).toContain(`href="/search?q=${encodeURIComponent(stored).replaceAll("%20", "+")}"`);
    // German shoppers are offered German shoppers' searches, not this one.
    const german = mainOf((await page(`/de/search?q=${encodeURIComponent(`stove ${uniqueWord("zzq")} ${uniqueWord("qqz")}`)}`)).body);
    expect(german).toContain("Keine Produkte");
    expect(german).not.toContain(stored);
  });

  it("suggests products as JSON from /search/suggest", async () => {
    const response = await site(`/search/suggest?q=${encodeURIComponent(`alpha jacket ${catalog.word}`)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await response.json()) as { items: { slug: string; name: string; price: string }[]; categories: unknown[]; queries: unknown[] };
    expect(body.items[0]).toMatchObject({ slug: catalog.alpha.slug, name: catalog.alpha.name, price: "$15.00" });
    const byCategory = (await (await site(`/search/suggest?q=${encodeURIComponent(`trail gear ${catalog.word}`)}`)).json()) as { categories: unknown[] };
    expect(byCategory.categories).toEqual([{ slug: catalog.category.slug, name: catalog.category.name }]);
    expect(await (await site("/search/suggest?q=")).json()).toEqual({ queries: [], categories: [], items: [] });
  });

  it("renders the header search box as a combobox that submits to /search", async () => {
    const { body } = await page("/");
    expect(body).toMatch(/<form[^>]*method="get"[^>]*action="\/search"[^>]*role="search"/);
    expect(body).toMatch(/<input[^>]*name="q"[^>]*role="combobox"[^>]*aria-autocomplete="list"[^>]*aria-expanded="false"/);
  });
});

/**
 * The opening tags around each place `text` appears in `html`, innermost first, up to the
 * start: enough to tell whether the element showing it (or one it inherits from) wraps.
 */
function tagsAround(html: string, text: string): string[][] {
  const stacks: string[][] = [];
  for (let at = html.indexOf(text); at >= 0; at = html.indexOf(text, at + text.length)) {
    const open: string[] = [];
    for (const match of html.slice(0, at).matchAll(/<(\/?)([a-z0-9]+)([^>]*)>/g)) {
      if (match[1]) {
        const index = open.map((tag) => tag.split(/[\s>]/)[0]).lastIndexOf(`<${match[2]}`);
        if (index >= 0) open.splice(index);
      } else if (!/\/$/.test(match[3] ?? "") && !["input", "img", "br", "meta", "link"].includes(match[2]!)) {
        open.push(match[0]);
      }
    }
    // Inside a tag (an attribute such as the search box's value), a script, or a text box (a
    // control of its own width that wraps its value) is not laid-out text.
    if (html.lastIndexOf("<", at) > html.lastIndexOf(">", at) || open.some((tag) => /^<(script|textarea)\b/.test(tag))) continue;
    stacks.push(open.reverse());
  }
  return stacks;
}

const wraps = (tag: string) => /class="[^"]*\b(break-words|truncate)\b/.test(tag);

describe("long unbroken text", () => {
  it("a 250-letter search query is echoed inside elements that wrap it, in a column that may shrink", async () => {
    const { response, body } = await page(`/search?q=${"w".repeat(250)}`);
    expect(response.status).toBe(200);
    const main = mainOf(body);
    // The site keeps the words the API accepts (its 200-character limit) and echoes those.
    const q = "w".repeat(SEARCH_QUERY_MAX_LENGTH);
    expect(main).not.toContain("w".repeat(SEARCH_QUERY_MAX_LENGTH + 1));
    const places = tagsAround(main, q);
    expect(places.length).toBeGreaterThan(0);
    for (const tags of places) expect(tags.some(wraps), tags.slice(0, 3).join(" ")).toBe(true);
    // The heading itself carries it.
    expect(main).toMatch(new RegExp(`<h1 class="[^"]*\\bbreak-words\\b[^"]*">Results for “${q}”</h1>`));
    expect(main).toMatch(/<section aria-label="Products" class="[^"]*\bmin-w-0\b/);
  });

  it("long product names, brands, review titles and bodies, and a shopper's name wrap or truncate", async () => {
    const word = "x".repeat(110);
    const tag = uniqueWord("long");
    const brand = `B${"b".repeat(79)}`;
    const product = await createProduct({ name: `${tag} ${word}`, brand, variants: [{ priceCents: 1200, initialStock: 3 }] });
    const shopper = await registerUser({ name: `N${"n".repeat(99)}` });
    const title = `T${"t".repeat(119)}`;
    const reviewBody = `R${"r".repeat(1500)}`;
    const posted = await api(`/products/${product.id}/reviews`, { method: "POST", token: shopper.accessToken, json: { rating: 3, title, body: reviewBody } });
    expect(posted.status).toBe(201);
    const browser = new Browser();
    await browser.signIn(shopper);
    const productPage = await html(await browser.get(`/p/${product.slug}`));
    for (const text of [word, brand, title, reviewBody]) {
      const places = tagsAround(mainOf(productPage), text);
      expect(places.length, text.slice(0, 12)).toBeGreaterThan(0);
      for (const tags of places) expect(tags.some(wraps), `${text.slice(0, 12)}: ${tags.slice(0, 3).join(" ")}`).toBe(true);
    }
    // The header greets the shopper by a name cut to fit.
    const header = productPage.slice(productPage.indexOf("<header"), productPage.indexOf("</header>"));
    const greetings = tagsAround(header, shopper.user.name);
    expect(greetings.length).toBeGreaterThan(0);
    for (const tags of greetings) expect(tags.some(wraps)).toBe(true);

    const listing = mainOf((await page(`/search?q=${tag}`)).body);
    const cards = tagsAround(listing, word);
    expect(cards.length).toBeGreaterThan(0);
    for (const tags of cards) expect(tags.some(wraps)).toBe(true);
  });
});

describe("all products", () => {
  it("lists products and filters by several categories as checkboxes, with chips", async () => {
    const { response, body } = await page(`/products?${new URLSearchParams({ brand: catalog.brandB })}`);
    expect(response.status).toBe(200);
    expect(cardNames(body)).toEqual([`Beta stove ${catalog.word}`]);
    const query = new URLSearchParams([["category", catalog.category.slug], ["category", catalog.other.slug], ["q", catalog.word]]);
    const chosen = await page(`/products?${query}`);
    expect(chosen.response.status).toBe(200);
    const main = mainOf(chosen.body);
    expect(main).toMatch(new RegExp(`<input type="checkbox" name="category"[^>]*checked="" value="${catalog.category.slug}"`));
    expect(main).toMatch(new RegExp(`<input type="checkbox" name="category"[^>]*checked="" value="${catalog.other.slug}"`));
    expect(main).toContain(`aria-label="Remove filter: Trail gear ${catalog.word}"`);
    expect(main).toContain(`aria-label="Remove filter: Kitchen ${catalog.word}"`);
  });
});

describe("product page", () => {
  it("shows the gallery, variants (sold-out ones disabled), stock, specifications and an add-to-cart form", async () => {
    const { response, body } = await page(`/p/${catalog.alpha.slug}`);
    expect(response.status).toBe(200);
    expect(body).toContain(`<title>Alpha jacket ${catalog.word} by ${catalog.brandA} — Edgeware</title>`);
    expect(body).toContain(`<link rel="canonical" href="http://localhost:8787/p/${catalog.alpha.slug}"/>`);
    expect(body).toMatch(/<meta name="description" content="A light [^"]+ shell for wet days\./);
    const main = mainOf(body);
    expect(main).toContain(`<h1 class="mt-1 text-2xl font-bold tracking-tight text-stone-900 sm:text-3xl">Alpha jacket ${catalog.word}</h1>`);
    // Variants with options are chosen per option: a radio group per option, sold-out values disabled.
    expect(main).toMatch(/<legend[^>]*>Size<span[^>]*>: S<\/span><\/legend>/);
    expect(main).toMatch(/<input type="radio" name="option.size"[^>]* checked="" value="S"/);
    expect(main).toMatch(/<input type="radio" name="option.size" disabled=""[^>]* value="L"/);
    expect(main).toContain("$15.00");
    expect(main).toContain("Only 5 left");
    expect(main).toMatch(/<th scope="row"[^>]*>Weight<\/th><td[^>]*>310 g<\/td>/);
    expect(main).toMatch(/<form method="post"[^>]*aria-label="Add to cart"/);
    expect(main).toContain('name="quantity"');
    expect(main).toContain(">Add to cart<");
    // Signed out: a link to sign in instead of the review form.
    expect(main).toContain(`href="/login?redirectTo=%2Fp%2F${catalog.alpha.slug}%23write-review"`);
    expect(main).not.toContain('name="rating"');
  });

  it("lists variants without options as one radio each, with prices and sold-out ones disabled", async () => {
    const product = await createProduct({
      name: `Gift card ${catalog.word}`,
      variants: [
        { sku: uniqueSku("GFT"), title: "Twenty", priceCents: 2000, initialStock: 50 },
        { sku: uniqueSku("GFT"), title: "Fifty", priceCents: 5000, initialStock: 0 },
      ],
    });
    const main = mainOf((await page(`/p/${product.slug}`)).body);
    const [twenty, fifty] = product.variants;
    expect(main).toContain("<legend class=\"text-sm font-medium text-stone-800\">Choose an option</legend>");
    expect(main).toMatch(new RegExp(`<input type="radio" name="sku"[^>]* checked="" value="${twenty!.sku}"`));
    expect(main).toMatch(new RegExp(`<input type="radio" name="sku" disabled=""[^>]* value="${fifty!.sku}"`));
    expect(main).toContain(">Twenty<");
    expect(main).toContain(">Fifty<");
    expect(main).toContain("$50.00");
    expect(main).toContain(">Sold out<");
    // ?variant= preselects a variant (a link from elsewhere), here the sold-out one.
    const chosen = mainOf((await page(`/p/${product.slug}?variant=${fifty!.sku}`)).body);
    expect(chosen).toMatch(/<p class="text-3xl font-bold text-stone-900">\$50\.00<\/p>/);
  });

  it("embeds valid Product JSON-LD with offers per variant", async () => {
    const { body } = await page(`/p/${catalog.alpha.slug}`);
    const [ld] = jsonLdBlocks(body) as ProductJsonLd[];
    expect(ld).toMatchObject({
      "@context": "https://schema.org",
      "@type": "Product",
      name: catalog.alpha.name,
      sku: catalog.alpha.variants[0]!.sku,
      brand: { "@type": "Brand", name: catalog.brandA },
      image: [],
    });
    expect(ld!.offers).toEqual([
      expect.objectContaining({ "@type": "Offer", price: "15.00", priceCurrency: "USD", availability: "https://schema.org/InStock" }),
      expect.objectContaining({ "@type": "Offer", price: "25.00", priceCurrency: "USD", availability: "https://schema.org/OutOfStock" }),
    ]);
    expect(ld!.aggregateRating).toBeUndefined();
    expect(body).toMatch(/<script type="application\/ld\+json" nonce="[A-Za-z0-9_-]{16,}"/);
  });

  it("escapes < in JSON-LD so a description cannot close the script", async () => {
    const { body } = await page(`/p/${catalog.hostile.slug}`);
    expect(body).not.toContain('</script><script>alert("ld")');
    expect(body).toContain("\\u003c/script\\u003e");
    const [ld] = jsonLdBlocks(body) as ProductJsonLd[];
    expect(ld!.description).toContain('</script><script>alert("ld")</script>');
    expect(ld!.offers).toMatchObject({ "@type": "Offer", price: "12.34" });
  });

  it("shows reviews as text, with the rating distribution, and adds aggregateRating", async () => {
    const product = await createProduct({ name: `Reviewed mug ${catalog.word}`, variants: [{ priceCents: 800, initialStock: 4 }] });
    const authors = await Promise.all([registerUser({ name: "Ana <b>Bold</b>" }), registerUser({ name: "Ben" })]);
    const bodies = [
      { rating: 5, title: "<i>Great</i> mug", body: '<script>alert("review")</script>\nHolds heat well.' },
      { rating: 3, body: "Fine & sturdy." },
    ];
    for (const [index, review] of bodies.entries()) {
      const response = await api(`/products/${product.id}/reviews`, { method: "POST", token: authors[index]!.accessToken, json: review });
      expect(response.status, await response.clone().text()).toBe(201);
    }
    const { body } = await page(`/p/${product.slug}`);
    const main = mainOf(body);
    expect(main).toContain("&lt;script&gt;alert(&quot;review&quot;)&lt;/script&gt;");
    expect(main).not.toContain('<script>alert("review")');
    expect(main).toContain("&lt;i&gt;Great&lt;/i&gt; mug");
    expect(main).toContain("Ana &lt;b&gt;Bold&lt;/b&gt;");
    expect(main).toContain("Fine &amp; sturdy.");
    expect(main).toContain("Customer reviews");
    expect(main).toMatch(/5 stars<\/span>.*?1<span class="sr-only"> review, 50%<\/span>/s);
    expect(main).toMatch(/3 stars<\/span>.*?1<span class="sr-only"> review, 50%<\/span>/s);
    const [ld] = jsonLdBlocks(body) as ProductJsonLd[];
    expect(ld!.aggregateRating).toMatchObject({ "@type": "AggregateRating", reviewCount: 2, bestRating: 5, worstRating: 1 });
    expect(ld!.aggregateRating?.ratingValue).toBeCloseTo(4, 1);
  });

  it("pages through reviews", async () => {
    const product = await createProduct({ name: `Busy kettle ${catalog.word}`, variants: [{ priceCents: 2000, initialStock: 1 }] });
    const reviewers = await Promise.all(Array.from({ length: 6 }, (_, i) => registerUser({ name: `Reviewer ${i}` })));
    for (const [i, reviewer] of reviewers.entries()) {
      const response = await api(`/products/${product.id}/reviews`, { method: "POST", token: reviewer.accessToken, json: { rating: 4, body: `Review number ${i}` } });
      expect(response.status).toBe(201);
    }
    const first = mainOf((await page(`/p/${product.slug}`)).body);
    expect(first).toContain(`href="/p/${product.slug}?reviews=2#reviews"`);
    expect(first.match(/Review number \d/g)).toHaveLength(5);
    const second = mainOf((await page(`/p/${product.slug}?reviews=2`)).body);
    expect(second.match(/Review number \d/g)).toHaveLength(1);
  });

  it("lets a signed-in customer post a review through the form, and says so on a second one", async () => {
    const product = await createProduct({ name: `Form-reviewed tent ${catalog.word}`, variants: [{ priceCents: 9900, initialStock: 2 }] });
    const shopper = await registerUser({ name: "Casey" });
    const browser = new Browser();
    await browser.signIn(shopper);
    const form = (await html(await browser.get(`/p/${product.slug}`)));
    expect(form).toContain('name="rating"');
    expect(form).toContain('name="body"');

    const missing = await browser.post(`/p/${product.slug}`, { intent: "review", title: "", body: "" });
    expect(missing.status).toBe(400);
    const missingHtml = await html(missing);
    expect(missingHtml).toContain("Choose a rating from 1 to 5 stars.");
    expect(missingHtml).toMatch(/aria-invalid="true"/);

    const posted = await browser.post(`/p/${product.slug}`, { intent: "review", rating: "4", title: "Roomy", body: "<b>Sleeps</b> two." });
    expect(posted.status).toBe(302);
    expect(posted.headers.get("location")).toBe(`/p/${product.slug}?reviewed=1#reviews`);
    const after = await html(await browser.follow(posted));
    expect(after).toContain("Thank you: your review has been posted.");
    expect(after).toContain("&lt;b&gt;Sleeps&lt;/b&gt; two.");

    const again = await browser.post(`/p/${product.slug}`, { intent: "review", rating: "2", body: "Changed my mind." });
    expect(again.status).toBe(409);
    // Shown on the page (not only in the hydration data), beside the review it already has.
    const againMain = mainOf(await html(again));
    expect(againMain).toContain("You have already reviewed this product.");
    expect(againMain).toContain('id="your-review"');
  });

  it("shows a shopper's own review as theirs, with Edit and Delete instead of the form", async () => {
    const product = await createProduct({ name: `Own-review lamp ${catalog.word}`, variants: [{ priceCents: 3000, initialStock: 2 }] });
    const shopper = await registerUser({ name: "Robin Owner" });
    const other = await registerUser({ name: "Sam Other" });
    const mine = await api(`/products/${product.id}/reviews`, { method: "POST", token: shopper.accessToken, json: { rating: 2, title: "Dim", body: "Too dim for reading." } });
    expect(mine.status).toBe(201);
    const { id } = (await mine.json()) as { id: string };
    expect((await api(`/products/${product.id}/reviews`, { method: "POST", token: other.accessToken, json: { rating: 4, body: "Fine by me." } })).status).toBe(201);

    const browser = new Browser();
    await browser.signIn(shopper);
    const main = mainOf(await html(await browser.get(`/p/${product.slug}`)));
    expect(main).not.toContain("Write a review");
    expect(main).not.toContain('name="intent" value="review"');
    expect(main).toContain('id="your-review"');
    expect(main).toContain('<article aria-label="Your review"');
    // Edit: the form starts from the review's own words.
    const edit = /<form[^>]*id="edit-review"[\s\S]*?<\/form>/.exec(main)?.[0] ?? "";
    expect(edit).toContain('name="intent" value="edit-review"');
    expect(edit).toContain(`name="reviewId" value="${id}"`);
    expect(edit).toMatch(/<input[^>]*value="2"[^>]*checked=""|<input[^>]*checked=""[^>]*value="2"/);
    expect(edit).toContain('value="Dim"');
    expect(edit).toContain("Too dim for reading.</textarea>");
    // Delete asks first: its one button posts confirm=delete-review.
    const remove = [...main.matchAll(/<form[\s\S]*?<\/form>/g)].map((m) => m[0]).find((form) => form.includes('value="delete-review"'))!;
    expect(remove).toMatch(/<details[\s\S]*<summary[^>]*>Delete…<\/summary>/);
    expect(remove).toMatch(/<button[^>]*name="confirm"[^>]*value="delete-review"[^>]*>Yes, delete my review<\/button>/);
    // In the list, only their own review is marked as theirs.
    expect(main.match(/>Your review<\/a>/g)).toHaveLength(1);
    expect(main).toContain('aria-label="Review by Sam Other"');

    // Another shopper sees the form and no one's Edit or Delete.
    const elsewhere = new Browser();
    await elsewhere.signIn(other);
    const theirs = mainOf(await html(await elsewhere.get(`/p/${product.slug}`)));
    expect(theirs).not.toContain(`value="${id}"`);
    const anonymous = mainOf(await html(await site(`/p/${product.slug}`)));
    expect(anonymous).toContain("Write a review");
    expect(anonymous).not.toContain('id="your-review"');
  });

  it("lets a shopper edit their review, refuses bad input without changing it, and updates the rating", async () => {
    const product = await createProduct({ name: `Edited kettle ${catalog.word}`, variants: [{ priceCents: 4000, initialStock: 2 }] });
    const shopper = await registerUser();
    const created = await api(`/products/${product.id}/reviews`, { method: "POST", token: shopper.accessToken, json: { rating: 2, title: "Slow", body: "Takes ages." } });
    const { id } = (await created.json()) as { id: string };
    const browser = new Browser();
    await browser.signIn(shopper);

    const bad = await browser.post(`/p/${product.slug}`, { intent: "edit-review", reviewId: id, rating: "9", title: "", body: "" });
    expect(bad.status).toBe(400);
    const badHtml = mainOf(await html(bad));
    expect(badHtml).toContain("Choose a rating from 1 to 5 stars.");
    // The edit form is open again to fix.
    expect(badHtml).toMatch(/<details open="">\s*<summary[^>]*>Edit<\/summary>/);
    expect(await env.DB.prepare("SELECT rating, title, body FROM reviews WHERE id = ?").bind(id).first()).toEqual({ rating: 2, title: "Slow", body: "Takes ages." });

    const saved = await browser.post(`/p/${product.slug}`, { intent: "edit-review", reviewId: id, rating: "5", title: "", body: "Quick after descaling." });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`/p/${product.slug}?reviewUpdated=1#reviews`);
    const after = mainOf(await html(await browser.follow(saved)));
    expect(after).toContain("Your review has been updated.");
    expect(after).toContain("Quick after descaling.");
    expect(after).not.toContain("Takes ages.");
    expect(after).toMatch(/5 stars<\/span>.*?1<span class="sr-only"> review, 100%<\/span>/s);
    expect(await env.DB.prepare("SELECT rating, title, body FROM reviews WHERE id = ?").bind(id).first()).toEqual({ rating: 5, title: null, body: "Quick after descaling." });
    expect(await env.DB.prepare("SELECT rating_average_x100 AS x100 FROM products WHERE id = ?").bind(product.id).first("x100")).toBe(500);
  });

  it("deletes a shopper's review only once confirmed, and offers the form again", async () => {
    const product = await createProduct({ name: `Deleted mat ${catalog.word}`, variants: [{ priceCents: 2500, initialStock: 2 }] });
    const shopper = await registerUser();
    const created = await api(`/products/${product.id}/reviews`, { method: "POST", token: shopper.accessToken, json: { rating: 1, body: "Slippery." } });
    const { id } = (await created.json()) as { id: string };
    const browser = new Browser();
    await browser.signIn(shopper);

    const unconfirmed = await browser.post(`/p/${product.slug}`, { intent: "delete-review", reviewId: id });
    expect(unconfirmed.status).toBe(400);
    const unconfirmedMain = mainOf(await html(unconfirmed));
    expect(unconfirmedMain).toContain("Nothing was deleted. Please confirm with the “Yes” button.");
    expect(unconfirmedMain).toMatch(/<details open="">\s*<summary[^>]*>Delete…<\/summary>/);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM reviews WHERE id = ?").bind(id).first("n")).toBe(1);

    const deleted = await browser.post(`/p/${product.slug}`, { intent: "delete-review", reviewId: id, confirm: "delete-review" });
    expect(deleted.status).toBe(302);
    expect(deleted.headers.get("location")).toBe(`/p/${product.slug}?reviewDeleted=1#reviews`);
    const after = mainOf(await html(await browser.follow(deleted)));
    expect(after).toContain("Your review has been deleted.");
    expect(after).toContain("Write a review");
    expect(after).toContain('name="intent" value="review"');
    expect(after).toContain("No reviews yet.");
    expect(await env.DB.prepare("SELECT count(*) AS n FROM reviews WHERE id = ?").bind(id).first("n")).toBe(0);
    expect(await env.DB.prepare("SELECT rating_count AS n FROM products WHERE id = ?").bind(product.id).first("n")).toBe(0);
  });

  it("explains, with no change and no 5xx, an edit or delete of another shopper's review or one that is gone", async () => {
    const product = await createProduct({ name: `Contested chair ${catalog.word}`, variants: [{ priceCents: 9000, initialStock: 2 }] });
    const author = await registerUser();
    const intruder = await registerUser();
    const created = await api(`/products/${product.id}/reviews`, { method: "POST", token: author.accessToken, json: { rating: 5, body: "Comfortable." } });
    const { id } = (await created.json()) as { id: string };
    const browser = new Browser();
    await browser.signIn(intruder);
    const message = "That review can't be changed from your account: it may have been deleted, or it isn't yours.";

    const edit = await browser.post(`/p/${product.slug}`, { intent: "edit-review", reviewId: id, rating: "1", body: "Hijacked." });
    expect(edit.status).toBe(404);
    expect(decode(mainOf(await html(edit)))).toContain(message);
    const remove = await browser.post(`/p/${product.slug}`, { intent: "delete-review", reviewId: id, confirm: "delete-review" });
    expect(remove.status).toBe(404);
    expect(decode(mainOf(await html(remove)))).toContain(message);
    for (const reviewId of ["rev_nope", "", "x".repeat(500)]) {
      const response = await browser.post(`/p/${product.slug}`, { intent: "delete-review", reviewId, confirm: "delete-review" });
      expect([400, 404], reviewId).toContain(response.status);
      expect(decode(mainOf(await html(response)))).toContain(message);
    }
    expect(await env.DB.prepare("SELECT rating, body FROM reviews WHERE id = ?").bind(id).first()).toEqual({ rating: 5, body: "Comfortable." });

    // Signed out, both go to sign in.
    const signedOut = await new Browser().post(`/p/${product.slug}`, { intent: "delete-review", reviewId: id, confirm: "delete-review" });
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("sends a signed-out review post to sign in", async () => {
    const response = await new Browser().post(`/p/${catalog.alpha.slug}`, { intent: "review", rating: "5", body: "Nice" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("redirects an id to the product's slug, and answers 404 for unknown or deactivated products", async () => {
    const byId = await site(`/p/${catalog.beta.id}`);
    expect(byId.status).toBe(301);
    expect(byId.headers.get("location")).toBe(`/p/${catalog.beta.slug}`);
    expect((await site(`/p/no-such-${catalog.word}`)).status).toBe(404);
    const retired = await createProduct({ name: `Retired ${catalog.word}` });
    const removed = await api(`/products/${retired.id}`, { method: "DELETE", token: (await admin()).accessToken });
    expect(removed.status).toBe(204);
    expect((await site(`/p/${retired.slug}`)).status).toBe(404);
  });

  it("switches the main image with thumbnail links that work without JavaScript", async () => {
    const { body } = await page(`/p/${catalog.alpha.slug}?image=1`);
    expect(body).not.toContain('aria-label="Product images"'); // one image or none: no thumbnails
  });
});

describe("sitemap.xml and robots.txt", () => {
  it("lists the home page, categories and every active product (the English sitemap the index names)", async () => {
    const index = await (await site("/sitemap.xml")).text();
    expect(index).toContain("<loc>http://localhost:8787/sitemap-en.xml</loc>");
    const response = await site("/sitemap-en.xml");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/xml/);
    const xml = await response.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9" xmlns:xhtml="http:\/\/www.w3.org\/1999\/xhtml">/);
    expect(xml).toContain("<loc>http://localhost:8787/</loc>");
    expect(xml).toContain(`<loc>http://localhost:8787/c/${catalog.category.slug}</loc>`);
    for (const product of [catalog.alpha, catalog.beta, catalog.gone, catalog.hostile]) {
      expect(xml).toContain(`<loc>http://localhost:8787/p/${product.slug}</loc>`);
    }
  });

  it("walks every page of the product listing (more than one API page of 100)", async () => {
    const category = await createCategory();
    const slugs = await bulkProducts(category.id, 105);
    const { total } = (await (await api("/products?limit=1")).json()) as { total: number };
    expect(total).toBeGreaterThan(105);
    const xml = await (await site("/sitemap-en.xml")).text();
    const productUrls = xml.match(/<loc>http:\/\/localhost:8787\/p\/[^<]+<\/loc>/g) ?? [];
    expect(productUrls).toHaveLength(total);
    expect(new Set(productUrls).size).toBe(total);
    for (const slug of slugs) expect(xml).toContain(`/p/${slug}</loc>`);
  });

  it("serves robots.txt allowing all but private pages, with the sitemap's absolute URL", async () => {
    const response = await site("/robots.txt");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await response.text()).toBe(
      [
        "User-agent: *",
        "Allow: /",
        "Disallow: /account",
        "Disallow: /cart",
        "Disallow: /checkout",
        "Disallow: /admin",
        "",
        "Sitemap: http://localhost:8787/sitemap.xml",
        "",
      ].join("\n"),
    );
  });
});
