import { asc, count, eq, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../factory";
import { products, productVariants } from "../schema";

/**
 * One page of SKUs with their product, searched by the start of the SKU or a part of the
 * product's name, both case-insensitive. `instr` rather than LIKE: D1 refuses LIKE patterns
 * longer than 50 bytes, and a name search has no wildcard to escape.
 */
export async function listSkus(db: Db, query: { q?: string | undefined; page: number; limit: number }) {
  const q = query.q?.trim();
  const where: SQL | undefined = q
    ? or(sql`instr(upper(${productVariants.sku}), upper(${q})) = 1`, sql`instr(lower(${products.name}), lower(${q})) > 0`)
    : undefined;
  const [rows, totals] = await db.batch([
    db
      .select({
        sku: productVariants.sku,
        productId: products.id,
        productName: products.name,
        variantTitle: productVariants.title,
        // One computed column: D1 names result columns by their text, and two is_active collide.
        isActive: sql<number>`(${productVariants.isActive} AND ${products.isActive})`.as("sku_active"),
        available: productVariants.available,
      })
      .from(productVariants)
      .innerJoin(products, eq(products.id, productVariants.productId))
      .where(where)
      .orderBy(asc(products.name), asc(products.id), asc(productVariants.position), asc(productVariants.sku))
      .limit(query.limit)
      .offset((query.page - 1) * query.limit),
    db.select({ n: count() }).from(productVariants).innerJoin(products, eq(products.id, productVariants.productId)).where(where),
  ]);
  return {
    rows: rows.map((row) => ({ ...row, isActive: Boolean(row.isActive) })),
    total: totals[0]?.n ?? 0,
  };
}
