import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../factory";
import type { CurrentVariant } from "../../domain/cart";
import { priceInMarket, type Market } from "../../domain/markets";
import { products, productVariants, variantPrices } from "../schema";

const variantColumns = {
  sku: productVariants.sku,
  productId: productVariants.productId,
  variantTitle: productVariants.title,
  priceCents: productVariants.priceCents,
  variantActive: productVariants.isActive,
  name: products.name,
  images: products.images,
  currency: products.currency,
  productActive: products.isActive,
  categoryId: products.categoryId,
};

type VariantRow = {
  sku: string;
  productId: string;
  variantTitle: string;
  priceCents: number;
  variantActive: boolean;
  name: string;
  images: string[];
  currency: string;
  productActive: boolean;
  categoryId: string | null;
};

/** The variant in a market: its price there (set, or derived from the catalog's) in that market's currency. */
function toCurrent(row: VariantRow & { setMinor?: number | null }, market: Market | undefined): CurrentVariant {
  const inMarket = market && !market.isBase;
  return {
    sku: row.sku,
    productId: row.productId,
    name: row.name,
    variantTitle: row.variantTitle,
    imageUrl: row.images[0] ?? null,
    priceCents: inMarket ? priceInMarket(row.priceCents, market, row.setMinor) : row.priceCents,
    currency: inMarket ? market.currency : row.currency,
    active: row.productActive && row.variantActive,
    categoryId: row.categoryId,
  };
}

/** The price set for the variant in `market`, joined in the same query (null when derived). */
function selectIn(db: Db, market: Market | undefined) {
  const query = db
    .select({ ...variantColumns, setMinor: market && !market.isBase ? variantPrices.priceMinor : sql<null>`NULL` })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId));
  return market && !market.isBase
    ? query.leftJoin(variantPrices, and(eq(variantPrices.sku, productVariants.sku), eq(variantPrices.marketId, market.id)))
    : query;
}

/**
 * The catalog's view of one SKU (active or not), or undefined when no such SKU exists. Priced
 * in `market` (decision 013); without one, at the catalog's own (base) price.
 */
export async function findVariant(db: Db, sku: string, market?: Market): Promise<CurrentVariant | undefined> {
  const row = await selectIn(db, market).where(eq(productVariants.sku, sku)).get();
  return row ? toCurrent(row, market) : undefined;
}

/**
 * The current view of many SKUs at once. The list travels as one JSON parameter (json_each),
 * because D1 allows only about 100 bound parameters per statement.
 */
export async function findVariants(db: Db, skus: readonly string[], market?: Market): Promise<Map<string, CurrentVariant>> {
  if (skus.length === 0) return new Map();
  return toCurrentVariants(await variantsIn(db, skus, market && !market.isBase ? market.id : null), market);
}

/**
 * The rows `findVariants` reads, as a statement to put in a D1 batch next to other reads (one
 * round trip). `marketId` names the market whose set prices are joined (null: none); pricing
 * them needs the market itself (`toCurrentVariants`), which the same batch may be reading.
 */
export function variantsIn(db: Db, skus: readonly string[], marketId: string | null) {
  return db
    .select({
      ...variantColumns,
      // Aliased apart: a D1 batch returns rows as objects, so the two is_active columns would collide.
      variantActive: sql<boolean>`${productVariants.isActive}`.mapWith(productVariants.isActive).as("variant_active"),
      productActive: sql<boolean>`${products.isActive}`.mapWith(products.isActive).as("product_active"),
      setMinor: variantPrices.priceMinor,
    })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .leftJoin(variantPrices, and(eq(variantPrices.sku, productVariants.sku), eq(variantPrices.marketId, marketId ?? "")))
    .where(inArray(productVariants.sku, sql`(SELECT value FROM json_each(${JSON.stringify([...new Set(skus)])}))`));
}

/** `variantsIn`'s rows priced in `market` (a base market ignores set prices: it has none). */
export function toCurrentVariants(rows: readonly (VariantRow & { setMinor: number | null })[], market: Market | undefined): Map<string, CurrentVariant> {
  return new Map(rows.map((row) => [row.sku, toCurrent(row, market)]));
}
