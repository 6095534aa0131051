import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../factory";
import type { CurrentVariant } from "../../domain/cart";
import { products, productVariants } from "../schema";

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

function toCurrent(row: VariantRow): CurrentVariant {
  return {
    sku: row.sku,
    productId: row.productId,
    name: row.name,
    variantTitle: row.variantTitle,
    imageUrl: row.images[0] ?? null,
    priceCents: row.priceCents,
    currency: row.currency,
    active: row.productActive && row.variantActive,
    categoryId: row.categoryId,
  };
}

/** The catalog's view of one SKU (active or not), or undefined when no such SKU exists. */
export async function findVariant(db: Db, sku: string): Promise<CurrentVariant | undefined> {
  const row = await db
    .select(variantColumns)
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(eq(productVariants.sku, sku))
    .get();
  return row ? toCurrent(row) : undefined;
}

/**
 * The current view of many SKUs at once. The list travels as one JSON parameter (json_each),
 * because D1 allows only about 100 bound parameters per statement.
 */
export async function findVariants(db: Db, skus: readonly string[]): Promise<Map<string, CurrentVariant>> {
  if (skus.length === 0) return new Map();
  const rows = await db
    .select(variantColumns)
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(inArray(productVariants.sku, sql`(SELECT value FROM json_each(${JSON.stringify([...new Set(skus)])}))`))
    .all();
  return new Map(rows.map((row) => [row.sku, toCurrent(row)]));
}
