import { and, asc, count, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../factory";
import { categories, categoryTranslations, productTranslations, productVariants, products, variantPrices } from "../schema";
import { derivePrice, priceInMarket, type Market } from "../../domain/markets";
import { productPriceSql, variantPriceSql } from "./market-prices";
import { readBatch } from "../raw";
import { filtersForFacet, priceRangeOf, RATING_THRESHOLDS, ratingBuckets, type ListingFilters } from "../../domain/facets";
import { ratingAverage } from "../../domain/ratings";
import { DEFAULT_LANGUAGE, type Language } from "../../domain/languages";
import {
  anyGroup,
  correctableTerms,
  escapeHtml,
  ftsExpression,
  markedToHtml,
  MARK_CLOSE,
  MARK_OPEN,
  queryWords,
  typedGroups,
  typedHitsWhenOneMissing,
  typoGroups,
} from "../../domain/search-query";
import { foldWord, typoCorrections } from "../../domain/typo-match";
import { normalizedQuery, rankByWordStart } from "../../domain/suggestions";
import type { CategoryView, ProductListItem, ProductSort, ProductView } from "../../domain/schemas/catalog";

// ── Typed access to raw rows ────────────────────────────────────────────────
// Raw SQL rows are plain records; these read them back with a check rather than a cast.

type Row = Record<string, unknown>;

function text(row: Row, key: string): string {
  const value = row[key];
  if (typeof value !== "string") throw new TypeError(`column ${key} is not text`);
  return value;
}
function textOrNull(row: Row, key: string): string | null {
  const value = row[key];
  return value === null || value === undefined ? null : text(row, key);
}
function int(row: Row, key: string): number {
  const value = row[key];
  if (typeof value !== "number") throw new TypeError(`column ${key} is not a number`);
  return value;
}
function intOrNull(row: Row, key: string): number | null {
  const value = row[key];
  return value === null || value === undefined ? null : int(row, key);
}

// ── Categories ──────────────────────────────────────────────────────────────

/**
 * Every category (or the one with `id`) with its count of active products, its name and
 * description in `language` where translated (the default language's otherwise).
 */
export async function listCategories(db: Db, options: { id?: string; language?: Language } = {}): Promise<CategoryView[]> {
  const { id, language = DEFAULT_LANGUAGE } = options;
  const activeCounts = db
    .select({ categoryId: products.categoryId, n: count().as("n") })
    .from(products)
    .where(eq(products.isActive, true))
    .groupBy(products.categoryId)
    .as("active_counts");
  const rows = await db
    .select({
      id: categories.id,
      slug: categories.slug,
      name: sql<string>`coalesce(${categoryTranslations.name}, ${categories.name})`,
      description: sql<string>`coalesce(${categoryTranslations.description}, ${categories.description})`,
      sortOrder: categories.sortOrder,
      productCount: sql<number>`coalesce(${activeCounts.n}, 0)`,
    })
    .from(categories)
    .leftJoin(activeCounts, eq(activeCounts.categoryId, categories.id))
    .leftJoin(categoryTranslations, and(eq(categoryTranslations.categoryId, categories.id), eq(categoryTranslations.language, language)))
    .where(id === undefined ? undefined : eq(categories.id, id))
    .orderBy(asc(categories.sortOrder), sql`coalesce(${categoryTranslations.name}, ${categories.name})`);
  return rows;
}

/** One category as GET /categories shows it; undefined when there is none. */
export async function findCategoryView(db: Db, id: string, language: Language = DEFAULT_LANGUAGE): Promise<CategoryView | undefined> {
  return (await listCategories(db, { id, language }))[0];
}

// ── Listing and search ──────────────────────────────────────────────────────

/** Below this many exact matches, typo-tolerant matches are added after them. */
export const FEW_RESULTS = 3;
/** Bounds the vocabulary one query reads for typo matching. */
const MAX_VOCABULARY = 20_000;

/**
 * How the query text selects products: not at all, FTS5 only, or FTS5 followed by near misses
 * (`groups`: each word as typed or corrected by edit distance; `typed`: each word as typed). A
 * query with no words at all matches nothing.
 */
type Match =
  | { kind: "all" }
  | { kind: "nothing" }
  | { kind: "fts"; expression: string }
  | { kind: "fuzzy"; expression: string; groups: string[]; typed: string[] };

export interface ListingOptions extends ListingFilters {
  q?: string;
  sort: ProductSort;
  page: number;
  limit: number;
  includeInactive: boolean;
  /** Names, descriptions and highlights in this language, falling back to the default. */
  language: Language;
  /** Prices, price filters, sorting and the price facet in this market's currency (decision 013); default the base market. */
  market?: Market;
}

export interface ListingResult {
  items: ProductListItem[];
  total: number;
  fuzzy: boolean;
  facets: {
    categories: { slug: string; name: string; count: number }[];
    brands: { name: string; count: number }[];
    ratings: { minRating: number; count: number }[];
    price: { minCents: number | null; maxCents: number | null };
  };
}

// Columns: product_id, language (both weight 0), name, brand, description.
const bm25 = sql.raw("bm25(products_fts, 0, 0, 10, 4, 1)");

/**
 * Rows of products_fts matching `expression`, one per product and language; a product's score
 * is its best row's. bm25() cannot be evaluated inside an aggregate query, and SQLite would
 * flatten this subquery into the one grouping it; `LIMIT -1` (no limit) forbids that flattening.
 */
const scoredRows = (expression: string) =>
  sql`SELECT product_id, ${bm25} AS score FROM products_fts WHERE products_fts MATCH ${expression} LIMIT -1`;

/**
 * The `m(product_id, tier, score)` CTE: lower tier first, then lower score (bm25 is negative).
 * Tier 0 matches every word; tier 1 every word, some through corrections; tier 2 all words but
 * one, as typed (workers/domain/search-query.ts, typedHitsWhenOneMissing).
 */
function matchCte(match: Match): SQL | null {
  if (match.kind === "all" || match.kind === "nothing") return null;
  const exact = sql`SELECT product_id, 0 AS tier, min(score) AS score FROM (${scoredRows(match.expression)}) GROUP BY product_id`;
  if (match.kind === "fts") return sql`m AS (${exact})`;
  // How many words a product matches: one IN per word (D1 caps compound SELECTs at a few
  // terms, so the words cannot be one UNION ALL each).
  const count = (expressions: string[]) =>
    sql.join(
      expressions.map((expression) => sql`(product_id IN (SELECT product_id FROM products_fts WHERE products_fts MATCH ${expression}))`),
      sql` + `,
    );
  const words = match.groups.length;
  const typedNeeded = typedHitsWhenOneMissing(words);
  const near = sql`SELECT product_id, CASE WHEN hits = ${words} THEN 1 ELSE 2 END AS tier, score FROM (
      SELECT product_id, min(score) AS score, ${count(match.groups)} AS hits, ${count(match.typed)} AS typed_hits
      FROM (${scoredRows(anyGroup(match.groups))}) GROUP BY product_id
    ) WHERE (hits = ${words}${typedNeeded === null ? sql`` : sql` OR typed_hits >= ${typedNeeded}`})
      AND product_id NOT IN (SELECT product_id FROM products_fts WHERE products_fts MATCH ${match.expression})`;
  return sql`m AS (${exact} UNION ALL ${near})`;
}

/** The expression whose matches a highlight marks: every word, or any word and its corrections. */
const highlightExpression = (match: Match) =>
  match.kind === "fts" ? match.expression : match.kind === "fuzzy" ? anyGroup(match.groups) : null;

/**
 * Indexed words of about the length of the query's correctable words, for typo matching;
 * null when no word is long enough to allow an edit. Read in the same batch as the exact
 * matches, so near misses cost no extra round trip before their own.
 */
function vocabularyStatement(q: string): SQL | null {
  const lengths = correctableTerms(q).map((term) => [...term].length);
  if (lengths.length === 0) return null;
  return sql`SELECT term, doc FROM products_fts_vocab
    WHERE length(term) BETWEEN ${Math.min(...lengths) - 2} AND ${Math.max(...lengths) + 2} LIMIT ${MAX_VOCABULARY}`;
}

/**
 * The near-miss pass for `q`, given the vocabulary read with the exact pass; null when it
 * could find nothing the exact pass did not (one word without corrections).
 */
function fuzzyMatch(q: string, expression: string, vocabularyRows: Row[]): Match | null {
  const vocabulary = vocabularyRows.map((row) => ({ word: text(row, "term"), docs: int(row, "doc") }));
  let corrected = false;
  const groups = typoGroups(q, (term) => {
    const corrections = typoCorrections(term, vocabulary);
    if (corrections.length > 0) corrected = true;
    return corrections;
  });
  if (!corrected && queryWords(q).length < 2) return null;
  return { kind: "fuzzy", expression, groups, typed: typedGroups(q) };
}

/** The listing price of `p` in the market: the catalog's own column in the base market. */
const listPrice = (market: Market | undefined) => (market ? productPriceSql("p", market) : sql.raw("p.price_cents"));

function conditions(filters: ListingFilters, options: { includeInactive: boolean; match: Match; market?: Market | undefined }): SQL {
  const parts: SQL[] = [];
  const price = listPrice(options.market);
  if (!options.includeInactive) parts.push(sql`p.is_active = 1`);
  if (options.match.kind === "nothing") parts.push(sql`0`);
  // Values within a dimension are ORed, dimensions ANDed (workers/domain/facets.ts).
  if (filters.category?.length) parts.push(sql`c.slug IN (${sql.join(filters.category.map((slug) => sql`${slug}`), sql`, `)})`);
  if (filters.brand?.length) {
    parts.push(sql`(${sql.join(filters.brand.map((brand) => sql`p.brand = ${brand} COLLATE NOCASE`), sql` OR `)})`);
  }
  if (filters.minRating !== undefined) parts.push(sql`p.rating_average_x100 >= ${filters.minRating * 100}`);
  if (filters.minPrice !== undefined) parts.push(sql`${price} >= ${filters.minPrice}`);
  if (filters.maxPrice !== undefined) parts.push(sql`${price} <= ${filters.maxPrice}`);
  if (filters.inStock) parts.push(sql`p.available > 0`);
  return parts.length ? sql`WHERE ${sql.join(parts, sql` AND `)}` : sql``;
}

function orderBy(sort: ProductSort, match: Match, market?: Market): SQL {
  const price = listPrice(market);
  const searching = match.kind === "fts" || match.kind === "fuzzy";
  switch (sort) {
    case "relevance":
      return searching
        ? sql`ORDER BY m.tier, m.score, p.id`
        : sql`ORDER BY p.is_featured DESC, p.created_at DESC, p.id DESC`;
    case "price_asc":
      return sql`ORDER BY ${price} ASC, p.created_at DESC, p.id`;
    case "price_desc":
      return sql`ORDER BY ${price} DESC, p.created_at DESC, p.id`;
    case "newest":
      return sql`ORDER BY p.created_at DESC, p.id DESC`;
    case "rating":
      return sql`ORDER BY p.rating_average_x100 DESC, p.rating_count DESC, p.id`;
  }
}

/** The translation rows of `language` beside `p` and `c` (primary-key lookups; none for the default). */
const productNames = (language: Language) =>
  sql`LEFT JOIN product_translations pt ON pt.product_id = p.id AND pt.language = ${language}`;
const categoryNames = (language: Language) =>
  sql`LEFT JOIN category_translations ct ON ct.category_id = c.id AND ct.language = ${language}`;

/** The listing's statements, all over the same match set and filters, for one D1 batch. */
function listingStatements(options: ListingOptions, match: Match) {
  const cte = matchCte(match);
  const from = sql`FROM products p JOIN categories c ON c.id = p.category_id${cte ? sql` JOIN m ON m.product_id = p.id` : sql``}`;
  const where = (filters: ListingFilters) => conditions(filters, { includeInactive: options.includeInactive, match, market: options.market });
  const filters: ListingFilters = options;
  const price = listPrice(options.market);
  const currency = options.market ? sql`${options.market.currency}` : sql.raw("p.currency");
  const pageIds = sql`SELECT p.id ${from} ${where(filters)} ${orderBy(options.sort, match, options.market)}
    LIMIT ${options.limit} OFFSET ${(options.page - 1) * options.limit}`;
  const withClause = (...parts: SQL[]) => {
    const all = cte ? [cte, ...parts] : parts;
    return all.length ? sql`WITH ${sql.join(all, sql`, `)} ` : sql``;
  };

  const items = sql`${withClause()}SELECT p.id, p.slug, coalesce(pt.name, p.name) AS name, ${price} AS price_cents, ${currency} AS currency, p.brand,
      json_extract(p.images, '$[0]') AS image, p.rating_average_x100, p.rating_count, p.available, p.is_active,
      c.id AS category_id, c.slug AS category_slug, coalesce(ct.name, c.name) AS category_name${cte ? sql`, m.tier` : sql``}
    ${from} ${productNames(options.language)} ${categoryNames(options.language)} ${where(filters)} ${orderBy(options.sort, match, options.market)}
    LIMIT ${options.limit} OFFSET ${(options.page - 1) * options.limit}`;
  const total = sql`${withClause()}SELECT count(*) AS total ${from} ${where(filters)}`;
  const variants = sql`${withClause(sql`page AS (${pageIds})`)}SELECT v.product_id, v.sku, v.title, ${options.market ? variantPriceSql("v", options.market) : sql.raw("v.price_cents")} AS price_cents, v.available
    FROM product_variants v WHERE v.is_active = 1 AND v.product_id IN (SELECT id FROM page)
    ORDER BY v.product_id, v.position, v.sku`;
  const marked = highlightExpression(match);
  // A product has a row per language; the shopper's language's snippet is preferred, then the default's.
  const highlights = marked
    ? sql`${withClause(sql`page AS (${pageIds})`)}SELECT product_id,
        snippet(products_fts, -1, ${MARK_OPEN}, ${MARK_CLOSE}, '…', 16) AS snippet
      FROM products_fts WHERE products_fts MATCH ${marked} AND product_id IN (SELECT id FROM page)
      ORDER BY language = ${options.language} DESC, language = ${DEFAULT_LANGUAGE} DESC`
    : null;
  const categoryFacet = sql`${withClause()}SELECT c.slug, coalesce(ct.name, c.name) AS name, count(*) AS count
    ${from} ${categoryNames(options.language)} ${where(filtersForFacet(filters, "categories"))}
    GROUP BY c.id ORDER BY count DESC, name LIMIT 100`;
  const brandFacet = sql`${withClause()}SELECT p.brand AS name, count(*) AS count ${from}
    ${where(filtersForFacet(filters, "brands"))}
    GROUP BY p.brand HAVING p.brand IS NOT NULL ORDER BY count DESC, p.brand LIMIT 100`;
  const priceFacet = sql`${withClause()}SELECT min(${price}) AS min_cents, max(${price}) AS max_cents ${from}
    ${where(filtersForFacet(filters, "price"))}`;
  const ratingFacet = sql`${withClause()}SELECT ${sql.join(
    RATING_THRESHOLDS.map((stars) => sql`coalesce(sum(p.rating_average_x100 >= ${stars * 100}), 0) AS ${sql.raw(`at_least_${stars}`)}`),
    sql`, `,
  )} ${from} ${where(filtersForFacet(filters, "ratings"))}`;
  return { items, total, variants, highlights, categoryFacet, brandFacet, priceFacet, ratingFacet };
}

/** One listing batch; `vocabulary` adds the typo matcher's read to it. */
async function runListing(
  db: Db,
  options: ListingOptions,
  match: Match,
  vocabulary: SQL | null = null,
): Promise<{ result: ListingResult; vocabularyRows: Row[] }> {
  const statements = listingStatements(options, match);
  const queries = [
    statements.items,
    statements.total,
    statements.variants,
    statements.categoryFacet,
    statements.brandFacet,
    statements.priceFacet,
    statements.highlights ?? sql`SELECT 1 WHERE 0`,
    vocabulary ?? sql`SELECT 1 WHERE 0`,
    statements.ratingFacet,
  ];
  const [
    itemRows = [],
    totalRows = [],
    variantRows = [],
    categoryRows = [],
    brandRows = [],
    priceRows = [],
    highlightRows = [],
    vocabularyRows = [],
    ratingRows = [],
  ] = await readBatch(db, queries);

  const variantsByProduct = new Map<string, ProductListItem["variants"]>();
  for (const row of variantRows) {
    const productId = text(row, "product_id");
    const list = variantsByProduct.get(productId) ?? [];
    list.push({ sku: text(row, "sku"), title: text(row, "title"), priceCents: int(row, "price_cents"), available: int(row, "available") });
    variantsByProduct.set(productId, list);
  }
  const snippets = new Map<string, string>();
  for (const row of highlightRows) {
    const productId = text(row, "product_id");
    if (!snippets.has(productId)) snippets.set(productId, text(row, "snippet"));
  }
  const searching = match.kind === "fts" || match.kind === "fuzzy";

  const items = itemRows.map((row): ProductListItem => {
    const id = text(row, "id");
    const name = text(row, "name");
    const item: ProductListItem = {
      id,
      slug: text(row, "slug"),
      name,
      priceCents: int(row, "price_cents"),
      currency: text(row, "currency"),
      category: { id: text(row, "category_id"), slug: text(row, "category_slug"), name: text(row, "category_name") },
      brand: textOrNull(row, "brand"),
      image: textOrNull(row, "image"),
      ratingAverage: ratingAverage(int(row, "rating_average_x100")),
      ratingCount: int(row, "rating_count"),
      available: int(row, "available"),
      isActive: int(row, "is_active") === 1,
      variants: variantsByProduct.get(id) ?? [],
    };
    if (searching && options.q !== undefined) {
      const snippet = snippets.get(id);
      item.highlight = snippet !== undefined ? markedToHtml(snippet) : escapeHtml(name);
    }
    return item;
  });

  const result: ListingResult = {
    items,
    total: totalRows[0] ? int(totalRows[0], "total") : 0,
    fuzzy: itemRows.some((row) => typeof row.tier === "number" && row.tier > 0),
    facets: {
      categories: categoryRows.map((row) => ({ slug: text(row, "slug"), name: text(row, "name"), count: int(row, "count") })),
      brands: brandRows.map((row) => ({ name: text(row, "name"), count: int(row, "count") })),
      ratings: ratingBuckets(
        Object.fromEntries(RATING_THRESHOLDS.map((stars) => [stars, ratingRows[0] ? int(ratingRows[0], `at_least_${stars}`) : 0])),
      ),
      price: priceRangeOf(
        priceRows[0] ? { minCents: intOrNull(priceRows[0], "min_cents"), maxCents: intOrNull(priceRows[0], "max_cents") } : undefined,
      ),
    },
  };
  return { result, vocabularyRows };
}

/**
 * The product listing and search: filters, sort, page, facets and (with q) highlights in one
 * D1 batch. When the words match fewer than FEW_RESULTS products, a second batch adds near
 * misses (words within edit distance of indexed words, or all words but one), ranked after them.
 * Words match from the start of an indexed word, never inside one.
 */
export async function listProducts(db: Db, options: ListingOptions): Promise<ListingResult> {
  if (options.q === undefined || options.q.trim() === "") return (await runListing(db, options, { kind: "all" })).result;
  const expression = ftsExpression(options.q);
  if (expression === null) return (await runListing(db, options, { kind: "nothing" })).result;
  const exact = await runListing(db, options, { kind: "fts", expression }, vocabularyStatement(options.q));
  if (exact.result.total >= FEW_RESULTS) return exact.result;
  const fuzzy = fuzzyMatch(options.q, expression, exact.vocabularyRows);
  return fuzzy ? (await runListing(db, options, fuzzy)).result : exact.result;
}

export interface Suggestion {
  id: string;
  slug: string;
  name: string;
  image: string | null;
  priceCents: number;
  currency: string;
}

export interface Suggestions {
  items: Suggestion[];
  categories: { slug: string; name: string }[];
  queries: { query: string }[];
}

const SUGGESTIONS = 8;
const SUGGESTED_CATEGORIES = 3;
const SUGGESTED_QUERIES = 5;
/** Products read per pass, best match first, before ranking by the names' word starts. */
const PRODUCT_CANDIDATES = 24;
/** Past queries read (most searched first) before ranking by word starts. */
const QUERY_CANDIDATES = 100;

type ProductCandidate = Suggestion & { baseName: string; brand: string | null };

function productCandidates(match: Match, language: Language, market: Market | undefined): SQL | null {
  const cte = matchCte(match);
  if (!cte) return null;
  return sql`WITH ${cte} SELECT p.id, p.slug, coalesce(pt.name, p.name) AS name, p.name AS base_name, p.brand,
      json_extract(p.images, '$[0]') AS image, ${listPrice(market)} AS price_cents,
      ${market ? sql`${market.currency}` : sql.raw("p.currency")} AS currency
    FROM products p JOIN m ON m.product_id = p.id ${productNames(language)} WHERE p.is_active = 1
    ORDER BY m.tier, m.score, p.id LIMIT ${PRODUCT_CANDIDATES}`;
}

const candidateOf = (row: Row): ProductCandidate => ({
  id: text(row, "id"),
  slug: text(row, "slug"),
  name: text(row, "name"),
  baseName: text(row, "base_name"),
  brand: textOrNull(row, "brand"),
  image: textOrNull(row, "image"),
  priceCents: int(row, "price_cents"),
  currency: text(row, "currency"),
});

const suggestionOf = ({ baseName: _baseName, brand: _brand, ...suggestion }: ProductCandidate): Suggestion => suggestion;

/**
 * The search box (decision 023): products, categories with active products, and past searches
 * that found products, in `language`, each matched by the starts of its words
 * (workers/domain/suggestions.ts). Products whose name (shown or English) or brand starts with
 * the typed words come first; products matched only in their description fill in when no name
 * does; near misses by edit distance only when nothing starts with the words at all. One D1
 * batch, and a second for near misses.
 */
export async function suggestProducts(db: Db, q: string, language: Language = DEFAULT_LANGUAGE, market?: Market): Promise<Suggestions> {
  const expression = ftsExpression(q);
  const firstWord = queryWords(q)[0];
  if (expression === null || !firstWord) return { items: [], categories: [], queries: [] };
  const first = foldWord(firstWord.term);
  const [productRows = [], vocabularyRows = [], categoryRows = [], queryRows = []] = await readBatch(db, [
    productCandidates({ kind: "fts", expression }, language, market) ?? sql`SELECT 1 WHERE 0`,
    vocabularyStatement(q) ?? sql`SELECT 1 WHERE 0`,
    sql`SELECT c.slug, coalesce(ct.name, c.name) AS name, c.name AS base_name FROM categories c ${categoryNames(language)}
      WHERE EXISTS (SELECT 1 FROM products p WHERE p.category_id = c.id AND p.is_active = 1)
      ORDER BY c.sort_order, name LIMIT 200`,
    // Stored queries are folded words one space apart; the first typed word starts one of them.
    sql`SELECT query FROM search_queries WHERE language = ${language} AND (query LIKE ${`${first}%`} OR query LIKE ${`% ${first}%`})
      ORDER BY searches DESC, last_searched_at DESC LIMIT ${QUERY_CANDIDATES}`,
  ]);

  const candidates = productRows.map(candidateOf);
  const byName = rankByWordStart(candidates, q, (product) => [product.name, product.baseName, product.brand], SUGGESTIONS);
  let items = (byName.length > 0 ? byName : candidates.slice(0, SUGGESTIONS)).map(suggestionOf);
  if (candidates.length === 0) {
    const fuzzy = fuzzyMatch(q, expression, vocabularyRows);
    const statement = fuzzy ? productCandidates(fuzzy, language, market) : null;
    if (statement) items = ((await readBatch(db, [statement]))[0] ?? []).slice(0, SUGGESTIONS).map(candidateOf).map(suggestionOf);
  }

  const categoryCandidates = categoryRows.map((row) => ({ slug: text(row, "slug"), name: text(row, "name"), baseName: text(row, "base_name") }));
  const categories = rankByWordStart(categoryCandidates, q, (category) => [category.name, category.baseName], SUGGESTED_CATEGORIES).map(
    ({ slug, name }) => ({ slug, name }),
  );
  const typed = normalizedQuery(q);
  const queries = rankByWordStart(
    queryRows.map((row) => text(row, "query")).filter((query) => query !== typed),
    q,
    (query) => [query],
    SUGGESTED_QUERIES,
  ).map((query) => ({ query }));
  return { items, categories, queries };
}

// ── One product ─────────────────────────────────────────────────────────────

/**
 * A product by id or slug with its category and variants; null when absent (or inactive, unless
 * asked). Name, description and category name in `options.language` where translated.
 */
export async function findProductView(
  db: Db,
  idOrSlug: string,
  options: { includeInactive: boolean; language?: Language; market?: Market },
): Promise<ProductView | null> {
  const language = options.language ?? DEFAULT_LANGUAGE;
  const market = options.market && !options.market.isBase ? options.market : undefined;
  const matches = or(eq(products.id, idOrSlug), eq(products.slug, idOrSlug));
  const [productRows, variantRows, setRows] = await db.batch([
    db
      // Aliased apart from every products column: D1 batches return rows as objects, so equal
      // column names would collide.
      .select({
        product: products,
        category: {
          id: sql<string>`${categories.id}`.as("c_id"),
          slug: sql<string>`${categories.slug}`.as("c_slug"),
          name: sql<string>`coalesce(${categoryTranslations.name}, ${categories.name})`.as("c_name"),
        },
        translated: {
          name: sql<string | null>`${productTranslations.name}`.as("t_name"),
          description: sql<string | null>`${productTranslations.description}`.as("t_description"),
        },
      })
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .leftJoin(productTranslations, and(eq(productTranslations.productId, products.id), eq(productTranslations.language, language)))
      .leftJoin(categoryTranslations, and(eq(categoryTranslations.categoryId, categories.id), eq(categoryTranslations.language, language)))
      .where(matches)
      .limit(1),
    db
      .select()
      .from(productVariants)
      .where(inArray(productVariants.productId, db.select({ id: products.id }).from(products).where(matches)))
      .orderBy(asc(productVariants.position), asc(productVariants.sku)),
    // Prices set in the market for these variants (none in the base market).
    db
      .select({ sku: variantPrices.sku, priceMinor: variantPrices.priceMinor })
      .from(variantPrices)
      .where(
        and(
          eq(variantPrices.marketId, market?.id ?? ""),
          inArray(variantPrices.sku, db.select({ sku: productVariants.sku }).from(productVariants).where(inArray(productVariants.productId, db.select({ id: products.id }).from(products).where(matches)))),
        ),
      ),
  ]);
  const setPrice = new Map(setRows.map((entry) => [entry.sku, entry.priceMinor]));
  const priceOf = (baseCents: number, sku: string) => (market ? priceInMarket(baseCents, market, setPrice.get(sku)) : baseCents);
  const row = productRows[0];
  if (!row || (!row.product.isActive && !options.includeInactive)) return null;
  const { product, category, translated } = row;
  const activePrices = variantRows.filter((variant) => variant.productId === product.id && variant.isActive).map((variant) => priceOf(variant.priceCents, variant.sku));
  return {
    id: product.id,
    slug: product.slug,
    name: translated.name ?? product.name,
    description: translated.description ?? product.description,
    // The lowest active variant's price, in the market's currency.
    priceCents: market ? (activePrices.length ? Math.min(...activePrices) : derivePrice(product.priceCents, market)) : product.priceCents,
    currency: market ? market.currency : product.currency,
    category,
    brand: product.brand,
    images: product.images,
    specifications: product.specifications,
    ratingAverage: ratingAverage(product.ratingAverageX100),
    ratingCount: product.ratingCount,
    available: product.available,
    variants: variantRows
      .filter((variant) => variant.productId === product.id && (variant.isActive || options.includeInactive))
      .map((variant) => ({
        sku: variant.sku,
        title: variant.title,
        options: variant.options,
        priceCents: priceOf(variant.priceCents, variant.sku),
        available: variant.available,
        position: variant.position,
        isActive: variant.isActive,
      })),
    isActive: product.isActive,
    isFeatured: product.isFeatured,
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
  };
}

/**
 * Recomputes a product's denormalised price (lowest active variant) and available (sum over
 * active variants) from its variants; batch it after any variant write.
 */
export function refreshProductFromVariants(db: Db, productId: string) {
  const active = sql`FROM product_variants v WHERE v.product_id = ${productId} AND v.is_active = 1`;
  return db
    .update(products)
    .set({
      // An admin cannot deactivate the last active variant, so min() has a row; coalesce is a guard.
      priceCents: sql`coalesce((SELECT min(v.price_cents) ${active}), price_cents)`,
      available: sql`coalesce((SELECT sum(v.available) ${active}), 0)`,
      updatedAt: new Date().toISOString(),
    })
    .where(eq(products.id, productId));
}
