import { and, eq, or, sql, type SQL } from "drizzle-orm";
import type { OrderStatus } from "../../domain/order-status";
import { orders, users } from "../schema";
import { likePattern } from "./users";

/** What the orders list (and its CSV export) can be narrowed by. */
export interface OrderFilter {
  userId?: string | undefined;
  status?: OrderStatus | undefined;
  /** An exact order number, e.g. ORD-7K3F9Q. */
  number?: string | undefined;
  /** Part of an order number, or of the customer's (or guest's) email. */
  q?: string | undefined;
}

/** The one WHERE clause behind the orders list and the orders export, so both always agree. */
export function orderFilterWhere(filter: OrderFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.userId) conditions.push(eq(orders.userId, filter.userId));
  if (filter.status) conditions.push(eq(orders.status, filter.status));
  if (filter.number) conditions.push(eq(orders.number, filter.number.toUpperCase()));
  const term = filter.q?.trim();
  if (term) {
    // Emails are stored lower-case and numbers upper-case, so each side compares like with like.
    const byNumber = sql`${orders.number} LIKE ${likePattern(term.toUpperCase())} ESCAPE '\\'`;
    const email = likePattern(term.toLowerCase());
    const byEmail = sql`${orders.userId} IN (SELECT ${users.id} FROM ${users} WHERE ${users.email} LIKE ${email} ESCAPE '\\')`;
    // A guest's order carries its own email (normalised to lower case like an account's).
    const byGuestEmail = sql`${orders.guestEmail} LIKE ${email} ESCAPE '\\'`;
    conditions.push(or(byNumber, byEmail, byGuestEmail)!);
  }
  return conditions.length ? and(...conditions) : undefined;
}
