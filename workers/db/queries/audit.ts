import { eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../factory";
import { auditLog, categories, markets, orders, payments, products, productVariants, promotions, returns, shippingZones, users } from "../schema";
import { newId } from "../../lib/ids";

/** The insert for one audit entry, to run alone or inside a db.batch() with the change. */
export function auditEntry(
  db: Db,
  entry: {
    actorId: string | null;
    action: string;
    entityType: string;
    entityId: string;
    details?: Record<string, unknown>;
    requestId?: string;
  },
) {
  return db.insert(auditLog).values({
    id: newId("aud"),
    actorId: entry.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    details: entry.details ?? null,
    requestId: entry.requestId ?? null,
  });
}

/** An audit entry written only when `guard` holds inside the batch (the change really happened). */
export function auditEntryIf(entry: Parameters<typeof auditEntry>[1], guard: SQL): SQL {
  return sql`
    INSERT INTO audit_log (id, actor_id, action, entity_type, entity_id, details, request_id)
    SELECT ${newId("aud")}, ${entry.actorId}, ${entry.action}, ${entry.entityType}, ${entry.entityId},
           ${JSON.stringify(entry.details ?? null)}, ${entry.requestId ?? null}
    WHERE ${guard}`;
}

/** An audit row as the log reads it. */
interface AuditRef {
  entityType: string;
  entityId: string;
  details: Record<string, unknown> | null;
}

const idsOf = (entries: readonly AuditRef[], type: string) => [...new Set(entries.filter((entry) => entry.entityType === type).map((entry) => entry.entityId))];
const detailString = (entry: AuditRef, key: string) => (typeof entry.details?.[key] === "string" ? (entry.details[key] as string) : undefined);

/**
 * The names of the records a page of audit entries points at, keyed `type:id`: one query per
 * record type on the page, never one per entry. A review is named by its product (from the
 * entry's own `productId`, since a deleted review is gone), a payment or a return by its order's
 * number. Records since deleted have no name; the log then shows the id.
 */
export async function auditRecordNames(db: Db, entries: readonly AuditRef[]): Promise<Map<string, string>> {
  const reviewProducts = new Map(entries.filter((entry) => entry.entityType === "review").flatMap((entry) => {
    const productId = detailString(entry, "productId");
    return productId ? [[entry.entityId, productId] as const] : [];
  }));
  const productIds = [...new Set([...idsOf(entries, "product"), ...reviewProducts.values()])];
  const ids = (type: string) => idsOf(entries, type);
  const none = Promise.resolve([] as { id: string; name: string }[]);
  const [productRows, skuRows, orderRows, paymentRows, returnRows, userRows, categoryRows, promotionRows, marketRows, zoneRows] = await Promise.all([
    productIds.length ? db.select({ id: products.id, name: products.name }).from(products).where(inArray(products.id, productIds)) : none,
    ids("sku").length
      ? db
          .select({ id: productVariants.sku, name: sql<string>`${products.name} || ' · ' || ${productVariants.title}` })
          .from(productVariants)
          .innerJoin(products, eq(products.id, productVariants.productId))
          .where(inArray(productVariants.sku, ids("sku")))
      : none,
    ids("order").length ? db.select({ id: orders.id, name: orders.number }).from(orders).where(inArray(orders.id, ids("order"))) : none,
    ids("payment").length
      ? db.select({ id: payments.id, name: orders.number }).from(payments).innerJoin(orders, eq(orders.id, payments.orderId)).where(inArray(payments.id, ids("payment")))
      : none,
    ids("return").length
      ? db.select({ id: returns.id, name: orders.number }).from(returns).innerJoin(orders, eq(orders.id, returns.orderId)).where(inArray(returns.id, ids("return")))
      : none,
    ids("user").length ? db.select({ id: users.id, name: sql<string>`${users.name} || ' (' || ${users.email} || ')'` }).from(users).where(inArray(users.id, ids("user"))) : none,
    ids("category").length ? db.select({ id: categories.id, name: categories.name }).from(categories).where(inArray(categories.id, ids("category"))) : none,
    ids("promotion").length ? db.select({ id: promotions.id, name: promotions.name }).from(promotions).where(inArray(promotions.id, ids("promotion"))) : none,
    ids("market").length ? db.select({ id: markets.id, name: markets.name }).from(markets).where(inArray(markets.id, ids("market"))) : none,
    ids("shipping_zone").length ? db.select({ id: shippingZones.id, name: shippingZones.name }).from(shippingZones).where(inArray(shippingZones.id, ids("shipping_zone"))) : none,
  ]);
  const names = new Map<string, string>();
  const put = (type: string, rows: { id: string; name: string }[]) => rows.forEach((row) => names.set(`${type}:${row.id}`, row.name));
  put("product", productRows);
  put("sku", skuRows);
  put("order", orderRows);
  put("payment", paymentRows);
  put("return", returnRows);
  put("user", userRows);
  put("category", categoryRows);
  put("promotion", promotionRows);
  put("market", marketRows);
  put("shipping_zone", zoneRows);
  for (const [reviewId, productId] of reviewProducts) {
    const name = names.get(`product:${productId}`);
    if (name) names.set(`review:${reviewId}`, name);
  }
  return names;
}
