import { sql } from "drizzle-orm";
import type { Db } from "../../factory";
import { cartStarts } from "../schema";

/** The UTC day of `time`, as cart_starts keys it. */
export const utcDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * Counts one cart started today: called when a cart goes from empty to one line. An upsert on
 * the day's row, so concurrent first adds each count.
 */
export function countCartStarted(db: Db, now = Date.now()) {
  return db
    .insert(cartStarts)
    .values({ day: utcDay(now), carts: 1 })
    .onConflictDoUpdate({ target: cartStarts.day, set: { carts: sql`${cartStarts.carts} + 1` } });
}
