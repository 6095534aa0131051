import { and, eq, or, sql, type SQL } from "drizzle-orm";
import type { OrderStatus } from "../../domain/order-status";
import { orders, users } from "../schema";

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
    // instr, not LIKE: D1 refuses LIKE patterns longer than 50 bytes, and wildcards need no escaping.
    const number = term.toUpperCase();
    const email = term.toLowerCase();
    const byNumber = sql`instr(${orders.number}, ${number}) > 0`;
    const byEmail = sql`${orders.userId} IN (SELECT ${users.id} FROM ${users} WHERE instr(${users.email}, ${email}) > 0)`;
    // A guest's order carries its own email (normalised to lower case like an account's).
    const byGuestEmail = sql`instr(${orders.guestEmail}, ${email}) > 0`;
    conditions.push(or(byNumber, byEmail, byGuestEmail)!);
  }
  return conditions.length ? and(...conditions) : undefined;
}
