import { asc, count, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../factory";
import { categories, productVariants, products } from "../schema";
import { readBatch } from "../raw";
import { filtersForFacet, priceRangeOf, type ListingFilters } from "../../domain/facets";
import { ratingAverage } from "../../domain/ratings";
import {
  ftsExpression,
  fuzzyHighlight,
  markedToHtml,
  MARK_CLOSE,
  MARK_OPEN,
  minTrigramHits,
  queryTrigrams,
  anyTrigram,
} from "../../domain/search-query";
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

/** Every category (or the one with `id`) with its count of active products. */
export async function listCategories(db: Db, id?: string): Promise<CategoryView[]> {
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
      name: categories.name,
      description: categories.description,
      sortOrder: categories.sortOrder,
      productCount: sql<number>`coalesce(${activeCounts.n}, 0)`,
    })
    .from(categories)
    .leftJoin(activeCounts, eq(activeCounts.categoryId, categories.id))
    .where(id === undefined ? undefined : eq(categories.id, id))
    .orderBy(asc(categories.sortOrder), asc(categories.name));
  return rows;
}

/** One category as GET /categories shows it; undefined when there is none. */
export async function findCategoryView(db: Db, id: string): Promise<CategoryView | undefined> {
  return (await listCategories(db, id))[0];
}

// ── Listing and search ──────────────────────────────────────────────────────

/** Below this many exact matches, typo-tolerant matches are added after them. */
export const FEW_RESULTS = 3;

/**
 * How the query text selects products: not at all, FTS5 only, or FTS5 followed by trigram
 * matches on the name (typos). A query with no words at all matches nothing.
 */
type Match =
  | { kind: "all" }
  | { kind: "nothing" }
  | { kind: "fts"; expression: string }
  | { kind: "fuzzy"; expression: string | null; trigrams: string[] };

export interface ListingOptions extends ListingFilters {
  q?: string;
  sort: ProductSort;
  page: number;
  limit: number;
  includeInactive: boolean;
}

export interface ListingResult {
  items: ProductListItem[];
  total: number;
  fuzzy: boolean;
  facets: {
    categories: { slug: string; name: string; count: number }[];
    brands: { name: string; count: number }[];
    price: { minCents: number | null; maxCents: number | null };
  };
}

const bm25 = sql.raw("bm25(products_fts, 0, 10, 4, 1)");

/** The `m(product_id, tier, score)` CTE: lower tier first, then lower score (bm25 is negative). */
function matchCte(match: Match): SQL | null {
  if (match.kind === "all" || match.kind === "nothing") return null;
  const fts = (expression: string) =>
    sql`SELECT product_id, 0 AS tier, ${bm25} AS score FROM products_fts WHERE products_fts MATCH ${expression}`;
  if (match.kind === "fts") return sql`m AS (${fts(match.expression)})`;
  // The trigram index finds names with any of the trigrams; a name's score is how many it has.
  // (One MATCH per trigram would be simpler, but D1 caps a compound SELECT at a few terms.)
  const hits = sql.join(
    match.trigrams.map((trigram) => sql`(instr(lower(name), ${trigram}) > 0)`),
    sql` + `,
  );
  const exact = match.expression;
  const notExact = exact
    ? sql`AND product_id NOT IN (SELECT product_id FROM products_fts WHERE products_fts MATCH ${exact})`
    : sql``;
  const fuzzy = sql`SELECT product_id, 1 AS tier, -hits AS score FROM (
      SELECT product_id, ${hits} AS hits FROM products_trigram WHERE products_trigram MATCH ${anyTrigram(match.trigrams)}
    ) WHERE hits >= ${minTrigramHits(match.trigrams.length)} ${notExact}`;
  return exact ? sql`m AS (${fts(exact)} UNION ALL ${fuzzy})` : sql`m AS (${fuzzy})`;
}

function conditions(filters: ListingFilters, options: { includeInactive: boolean; match: Match }): SQL {
  const parts: SQL[] = [];
  if (!options.includeInactive) parts.push(sql`p.is_active = 1`);
  if (options.match.kind === "nothing") parts.push(sql`0`);
  if (filters.category !== undefined) parts.push(sql`c.slug = ${filters.category}`);
  if (filters.brand !== undefined) parts.push(sql`p.brand = ${filters.brand} COLLATE NOCASE`);
  if (filters.minPrice !== undefined) parts.push(sql`p.price_cents >= ${filters.minPrice}`);
  if (filters.maxPrice !== undefined) parts.push(sql`p.price_cents <= ${filters.maxPrice}`);
  if (filters.inStock) parts.push(sql`p.available > 0`);
  return parts.length ? sql`WHERE ${sql.join(parts, sql` AND `)}` : sql``;
}

function orderBy(sort: ProductSort, match: Match): SQL {
  const searching = match.kind === "fts" || match.kind === "fuzzy";
  switch (sort) {
    case "relevance":
      return searching
        ? sql`ORDER BY m.tier, m.score, p.id`
        : sql`ORDER BY p.is_featured DESC, p.created_at DESC, p.id DESC`;
    case "price_asc":
      return sql`ORDER BY p.price_cents ASC, p.created_at DESC, p.id`;
    case "price_desc":
      return sql`ORDER BY p.price_cents DESC, p.created_at DESC, p.id`;
    case "newest":
      return sql`ORDER BY p.created_at DESC, p.id DESC`;
    case "rating":
      return sql`ORDER BY p.rating_average_x100 DESC, p.rating_count DESC, p.id`;
  }
}

/** The listing's statements, all over the same match set and filters, for one D1 batch. */
function listingStatements(options: ListingOptions, match: Match) {
  const cte = matchCte(match);
  const from = sql`FROM products p JOIN categories c ON c.id = p.category_id${cte ? sql` JOIN m ON m.product_id = p.id` : sql``}`;
  const where = (filters: ListingFilters) => conditions(filters, { includeInactive: options.includeInactive, match });
  const filters: ListingFilters = options;
  const pageIds = sql`SELECT p.id ${from} ${where(filters)} ${orderBy(options.sort, match)}
    LIMIT ${options.limit} OFFSET ${(options.page - 1) * options.limit}`;
  const withClause = (...parts: SQL[]) => {
    const all = cte ? [cte, ...parts] : parts;
    return all.length ? sql`WITH ${sql.join(all, sql`, `)} ` : sql``;
  };

  const items = sql`${withClause()}SELECT p.id, p.slug, p.name, p.price_cents, p.currency, p.brand,
      json_extract(p.images, '$[0]') AS image, p.rating_average_x100, p.rating_count, p.available, p.is_active,
      c.id AS category_id, c.slug AS category_slug, c.name AS category_name${cte ? sql`, m.tier` : sql``}
    ${from} ${where(filters)} ${orderBy(options.sort, match)}
    LIMIT ${options.limit} OFFSET ${(options.page - 1) * options.limit}`;
  const total = sql`${withClause()}SELECT count(*) AS total ${from} ${where(filters)}`;
  const variants = sql`${withClause(sql`page AS (${pageIds})`)}SELECT v.product_id, v.sku, v.title, v.price_cents, v.available
    FROM product_variants v WHERE v.is_active = 1 AND v.product_id IN (SELECT id FROM page)
    ORDER BY v.product_id, v.position, v.sku`;
  const exact = match.kind === "fts" || match.kind === "fuzzy" ? match.expression : null;
  const highlights = exact
    ? sql`${withClause(sql`page AS (${pageIds})`)}SELECT product_id,
        snippet(products_fts, -1, ${MARK_OPEN}, ${MARK_CLOSE}, '…', 16) AS snippet
      FROM products_fts WHERE products_fts MATCH ${exact} AND product_id IN (SELECT id FROM page)`
    : null;
  const categoryFacet = sql`${withClause()}SELECT c.slug, c.name, count(*) AS count ${from} ${where(filtersForFacet(filters, "categories"))}
    GROUP BY c.id ORDER BY count DESC, c.name LIMIT 100`;
  const brandFacet = sql`${withClause()}SELECT p.brand AS name, count(*) AS count ${from}
    ${where(filtersForFacet(filters, "brands"))}
    GROUP BY p.brand HAVING p.brand IS NOT NULL ORDER BY count DESC, p.brand LIMIT 100`;
  const priceFacet = sql`${withClause()}SELECT min(p.price_cents) AS min_cents, max(p.price_cents) AS max_cents ${from}
    ${where(filtersForFacet(filters, "price"))}`;
  return { items, total, variants, highlights, categoryFacet, brandFacet, priceFacet };
}

async function runListing(db: Db, options: ListingOptions, match: Match): Promise<ListingResult> {
  const statements = listingStatements(options, match);
  const queries = [
    statements.items,
    statements.total,
    statements.variants,
    statements.categoryFacet,
    statements.brandFacet,
    statements.priceFacet,
    ...(statements.highlights ? [statements.highlights] : []),
  ];
  const [itemRows = [], totalRows = [], variantRows = [], categoryRows = [], brandRows = [], priceRows = [], highlightRows = []] =
    await readBatch(db, queries);

  const variantsByProduct = new Map<string, ProductListItem["variants"]>();
  for (const row of variantRows) {
    const productId = text(row, "product_id");
    const list = variantsByProduct.get(productId) ?? [];
    list.push({ sku: text(row, "sku"), title: text(row, "title"), priceCents: int(row, "price_cents"), available: int(row, "available") });
    variantsByProduct.set(productId, list);
  }
  const snippets = new Map(highlightRows.map((row) => [text(row, "product_id"), text(row, "snippet")]));
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
      item.highlight = snippet !== undefined ? markedToHtml(snippet) : fuzzyHighlight(name, options.q);
    }
    return item;
  });

  return {
    items,
    total: totalRows[0] ? int(totalRows[0], "total") : 0,
    fuzzy: itemRows.some((row) => row.tier === 1),
    facets: {
      categories: categoryRows.map((row) => ({ slug: text(row, "slug"), name: text(row, "name"), count: int(row, "count") })),
      brands: brandRows.map((row) => ({ name: text(row, "name"), count: int(row, "count") })),
      price: priceRangeOf(
        priceRows[0] ? { minCents: intOrNull(priceRows[0], "min_cents"), maxCents: intOrNull(priceRows[0], "max_cents") } : undefined,
      ),
    },
  };
}

/**
 * The product listing and search: filters, sort, page, facets and (with q) highlights in one
 * D1 batch. When the words match fewer than FEW_RESULTS products, a second batch adds
 * products whose names share most trigrams with the query, ranked after the exact matches.
 */
export async function listProducts(db: Db, options: ListingOptions): Promise<ListingResult> {
  if (options.q === undefined || options.q.trim() === "") return runListing(db, options, { kind: "all" });
  const expression = ftsExpression(options.q);
  if (expression === null) return runListing(db, options, { kind: "nothing" });
  const exact = await runListing(db, options, { kind: "fts", expression });
  const trigrams = queryTrigrams(options.q);
  if (exact.total >= FEW_RESULTS || trigrams.length === 0) return exact;
  return runListing(db, options, { kind: "fuzzy", expression, trigrams });
}

export interface Suggestion {
  id: string;
  slug: string;
  name: string;
  image: string | null;
  priceCents: number;
}

const SUGGESTIONS = 8;

async function runSuggest(db: Db, match: Match): Promise<Suggestion[]> {
  const cte = matchCte(match);
  if (!cte) return [];
  const [rows = []] = await readBatch(db, [
    sql`WITH ${cte} SELECT p.id, p.slug, p.name, json_extract(p.images, '$[0]') AS image, p.price_cents
      FROM products p JOIN m ON m.product_id = p.id WHERE p.is_active = 1
      ORDER BY m.tier, m.score, p.id LIMIT ${SUGGESTIONS}`,
  ]);
  return rows.map((row) => ({
    id: text(row, "id"),
    slug: text(row, "slug"),
    name: text(row, "name"),
    image: textOrNull(row, "image"),
    priceCents: int(row, "price_cents"),
  }));
}

/** The as-you-type box: up to eight active products, exact (prefix) matches first. */
export async function suggestProducts(db: Db, q: string): Promise<Suggestion[]> {
  const expression = ftsExpression(q);
  if (expression === null) return [];
  const exact = await runSuggest(db, { kind: "fts", expression });
  const trigrams = queryTrigrams(q);
  if (exact.length >= FEW_RESULTS || trigrams.length === 0) return exact;
  return runSuggest(db, { kind: "fuzzy", expression, trigrams });
}

// ── One product ─────────────────────────────────────────────────────────────

/** A product by id or slug with its category and variants; null when absent (or inactive, unless asked). */
export async function findProductView(
  db: Db,
  idOrSlug: string,
  options: { includeInactive: boolean },
): Promise<ProductView | null> {
  const matches = or(eq(products.id, idOrSlug), eq(products.slug, idOrSlug));
  const [productRows, variantRows] = await db.batch([
    db
      // Aliased apart from every products column: D1 batches return rows as objects, so equal
      // column names would collide.
      .select({
        product: products,
        category: {
          id: sql<string>`${categories.id}`.as("c_id"),
          slug: sql<string>`${categories.slug}`.as("c_slug"),
          name: sql<string>`${categories.name}`.as("c_name"),
        },
      })
      .from(products)
      .innerJoin(categories, eq(categories.id, products.categoryId))
      .where(matches)
      .limit(1),
    db
      .select()
      .from(productVariants)
      .where(inArray(productVariants.productId, db.select({ id: products.id }).from(products).where(matches)))
      .orderBy(asc(productVariants.position), asc(productVariants.sku)),
  ]);
  const row = productRows[0];
  if (!row || (!row.product.isActive && !options.includeInactive)) return null;
  const { product, category } = row;
  return {
    id: product.id,
    slug: product.slug,
    name: product.name,
    description: product.description,
    priceCents: product.priceCents,
    currency: product.currency,
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
        priceCents: variant.priceCents,
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
