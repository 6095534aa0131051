import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { CsvCell } from "../../domain/csv";
import type { Db } from "../../factory";
import { orderLines, orders, users } from "../schema";
import { orderFilterWhere, type OrderFilter } from "./order-filter";
import { userSearchWhere } from "./users";

// Correlated subqueries name the outer table in full: drizzle leaves columns unqualified in a
// one-table select, where "id" inside the subquery would mean the subquery's own table.

/** Rows after this one in "newest first" order: keyset paging, so page 40 costs what page 1 does. */
function after(table: typeof orders | typeof users, cursor: { createdAt: string; id: string } | undefined): SQL | undefined {
  if (!cursor) return undefined;
  return sql`(${table.createdAt} < ${cursor.createdAt} OR (${table.createdAt} = ${cursor.createdAt} AND ${table.id} < ${cursor.id}))`;
}

export const ORDER_EXPORT_HEADER = [
  "number",
  "created_at",
  "status",
  "payment_status",
  "customer_email",
  "customer_name",
  "items",
  "currency",
  "subtotal_cents",
  "tax_cents",
  "shipping_cents",
  "total_cents",
  "refunded_cents",
  "ship_to_name",
  "ship_to_city",
  "ship_to_postal_code",
  "ship_to_country",
  "carrier",
  "tracking_number",
  "order_id",
] as const;

/** The orders the list would show for `filter`, newest first, `pageSize` rows at a time. */
export async function* orderExportPages(db: Db, filter: OrderFilter, pageSize: number): AsyncGenerator<CsvCell[][]> {
  const where = orderFilterWhere(filter);
  let cursor: { createdAt: string; id: string } | undefined;
  for (;;) {
    const rows = await db
      .select({
        id: orders.id,
        number: orders.number,
        createdAt: orders.createdAt,
        status: orders.status,
        paymentStatus: orders.paymentStatus,
        // A guest's order has no account: its email is the one given at checkout.
        email: sql<string | null>`coalesce(${users.email}, ${orders.guestEmail})`,
        name: users.name,
        items: sql<number>`(SELECT coalesce(sum(l.quantity), 0) FROM ${orderLines} AS l WHERE l.order_id = "orders"."id")`,
        currency: orders.currency,
        subtotalCents: orders.subtotalCents,
        taxCents: orders.taxCents,
        shippingCents: orders.shippingCents,
        totalCents: orders.totalCents,
        refundedCents: orders.refundedCents,
        shippingAddress: orders.shippingAddress,
        carrier: orders.carrier,
        trackingNumber: orders.trackingNumber,
      })
      .from(orders)
      .leftJoin(users, eq(users.id, orders.userId))
      .where(and(where, after(orders, cursor)))
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(pageSize);
    if (rows.length === 0) return;
    yield rows.map((row) => [
      row.number,
      row.createdAt,
      row.status,
      row.paymentStatus,
      row.email,
      row.name,
      Number(row.items),
      row.currency,
      row.subtotalCents,
      row.taxCents,
      row.shippingCents,
      row.totalCents,
      row.refundedCents,
      row.shippingAddress.name,
      row.shippingAddress.city,
      row.shippingAddress.postalCode,
      row.shippingAddress.country,
      row.carrier,
      row.trackingNumber,
      row.id,
    ]);
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    cursor = { createdAt: last.createdAt, id: last.id };
  }
}

export const CUSTOMER_EXPORT_HEADER = ["email", "name", "phone", "role", "created_at", "orders", "user_id"] as const;

/** The customers the list would show for `q`, newest first, `pageSize` rows at a time. */
export async function* customerExportPages(db: Db, q: string | undefined, pageSize: number): AsyncGenerator<CsvCell[][]> {
  const where = userSearchWhere(q);
  let cursor: { createdAt: string; id: string } | undefined;
  for (;;) {
    const rows = await db
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        phone: users.phone,
        role: users.role,
        createdAt: users.createdAt,
        orders: sql<number>`(SELECT count(*) FROM ${orders} AS o WHERE o.user_id = "users"."id")`,
      })
      .from(users)
      .where(and(where, after(users, cursor)))
      .orderBy(desc(users.createdAt), desc(users.id))
      .limit(pageSize);
    if (rows.length === 0) return;
    yield rows.map((row) => [row.email, row.name, row.phone, row.role, row.createdAt, Number(row.orders), row.id]);
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    cursor = { createdAt: last.createdAt, id: last.id };
  }
}
