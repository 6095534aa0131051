/**
 * Test products straight into D1 (the catalog API is built separately), with their stock set
 * through the Inventory objects, the way product creation does it.
 */
import { env } from "cloudflare:workers";
import { setInitialStock } from "../../workers/lib/stock";

let counter = 0;
function unique(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36).toUpperCase()}${counter}${Math.floor(Math.random() * 1e6)}`;
}

const CATEGORY_ID = "cat_test_stock";

export interface TestVariant {
  sku?: string;
  title?: string;
  priceCents?: number;
  /** Initial stock through the Inventory object; omitted: the object is left untouched. */
  onHand?: number;
  isActive?: boolean;
}

export interface TestProduct {
  productId: string;
  name: string;
  skus: string[];
}

/** A product with one or more variants (SKUs), active unless told otherwise. */
export async function createProduct(
  options: { name?: string; isActive?: boolean; imageUrl?: string; variants?: TestVariant[] } = {},
): Promise<TestProduct> {
  const productId = unique("prd_t");
  const name = options.name ?? `Test product ${productId}`;
  const variants = (options.variants ?? [{}]).map((variant, i) => ({
    sku: variant.sku ?? unique(`T-${i}-`),
    title: variant.title ?? (i === 0 ? "Default" : `Variant ${i}`),
    priceCents: variant.priceCents ?? 1999,
    onHand: variant.onHand,
    isActive: variant.isActive ?? true,
  }));
  await env.DB.batch([
    env.DB.prepare("INSERT OR IGNORE INTO categories (id, slug, name) VALUES (?, ?, ?)").bind(CATEGORY_ID, "test-stock", "Test stock"),
    env.DB.prepare(
      "INSERT INTO products (id, slug, name, description, category_id, price_cents, images, is_active) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ).bind(
      productId,
      productId.toLowerCase(),
      name,
      "A product made by a test factory.",
      CATEGORY_ID,
      Math.min(...variants.map((v) => v.priceCents)),
      JSON.stringify(options.imageUrl ? [options.imageUrl] : []),
      options.isActive === false ? 0 : 1,
    ),
    ...variants.map((variant, position) =>
      env.DB.prepare(
        "INSERT INTO product_variants (sku, product_id, title, price_cents, position, is_active) VALUES (?, ?, ?, ?, ?, ?)",
      ).bind(variant.sku, productId, variant.title, variant.priceCents, position, variant.isActive ? 1 : 0),
    ),
  ]);
  const stocked = variants.flatMap((v) => (v.onHand === undefined ? [] : [{ sku: v.sku, onHand: v.onHand }]));
  if (stocked.length > 0) await setInitialStock(env, stocked);
  return { productId, name, skus: variants.map((v) => v.sku) };
}

/** One active SKU with `onHand` units: the common case. */
export async function createSku(onHand: number, priceCents = 1999): Promise<string> {
  const { skus } = await createProduct({ variants: [{ onHand, priceCents }] });
  return skus[0]!;
}

/** The D1 copies of a SKU's stock: the variant's and its product's `available`. */
export async function d1Available(sku: string): Promise<{ variant: number; product: number }> {
  const row = await env.DB.prepare(
    `SELECT v.available AS variant, p.available AS product
     FROM product_variants v JOIN products p ON p.id = v.product_id WHERE v.sku = ?`,
  )
    .bind(sku)
    .first<{ variant: number; product: number }>();
  if (!row) throw new Error(`no such SKU ${sku}`);
  return row;
}
