import { and, asc, desc, eq, ne, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../factory";
import { MAX_SAVED_ADDRESSES, type SavedAddress, type SavedAddressBody, type SavedAddressPatch } from "../../domain/schemas/addresses";
import { newId } from "../../lib/ids";
import { addresses, type PostalAddress } from "../schema";

export type AddressRow = typeof addresses.$inferSelect;

/** An empty optional line is no line: stored as NULL, left out of the view. */
const orNull = (value: string | null | undefined) => (value === undefined ? undefined : value === null || value === "" ? null : value);

export function savedAddressView(row: AddressRow): SavedAddress {
  return {
    id: row.id,
    name: row.name,
    line1: row.line1,
    ...(row.line2 ? { line2: row.line2 } : {}),
    city: row.city,
    ...(row.region ? { region: row.region } : {}),
    postalCode: row.postalCode,
    country: row.country,
    ...(row.phone ? { phone: row.phone } : {}),
    isDefaultShipping: row.isDefaultShipping,
    isDefaultBilling: row.isDefaultBilling,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The postal part of a saved address, in the shape checkout and orders take. */
export function postalAddressOf(address: SavedAddress): PostalAddress {
  const { name, line1, line2, city, region, postalCode, country } = address;
  return { name, line1, ...(line2 ? { line2 } : {}), city, ...(region ? { region } : {}), postalCode, country };
}

/** Defaults first, then newest. */
export function listAddresses(db: Db, userId: string) {
  return db
    .select()
    .from(addresses)
    .where(eq(addresses.userId, userId))
    .orderBy(desc(addresses.isDefaultShipping), desc(addresses.isDefaultBilling), desc(addresses.createdAt), asc(addresses.id));
}

export async function findAddress(db: Db, userId: string, id: string): Promise<AddressRow | undefined> {
  const [row] = await db.select().from(addresses).where(and(eq(addresses.id, id), eq(addresses.userId, userId)));
  return row;
}

/**
 * Clears the user's other default of one kind when `when` holds. It runs in the same batch as
 * the write that sets the new default, ahead of it, so the partial unique index never sees two.
 */
function clearDefault(db: Db, userId: string, kind: "shipping" | "billing", keepId: string, when: SQL) {
  const column = kind === "shipping" ? addresses.isDefaultShipping : addresses.isDefaultBilling;
  const set = kind === "shipping" ? { isDefaultShipping: false } : { isDefaultBilling: false };
  return db
    .update(addresses)
    .set({ ...set, updatedAt: new Date().toISOString() })
    .where(and(eq(addresses.userId, userId), ne(addresses.id, keepId), eq(column, true), when));
}

const never = sql`0`;

/**
 * Saves a new address unless the user already has the most allowed. The count is checked by
 * the insert itself (INSERT … SELECT … WHERE count < cap), so racing saves cannot pass the cap.
 * Answers undefined when the cap was reached.
 */
export async function createAddress(db: Db, userId: string, body: SavedAddressBody): Promise<AddressRow | undefined> {
  const id = newId("adr");
  const now = new Date().toISOString();
  const underCap = sql`(SELECT count(*) FROM ${addresses} WHERE ${addresses.userId} = ${userId}) < ${MAX_SAVED_ADDRESSES}`;
  const shipping = body.isDefaultShipping === true;
  const billing = body.isDefaultBilling === true;
  const [, , inserted] = await db.batch([
    clearDefault(db, userId, "shipping", id, shipping ? underCap : never),
    clearDefault(db, userId, "billing", id, billing ? underCap : never),
    // The SELECT lists every column in the table's order, which is how drizzle names them.
    db
      .insert(addresses)
      .select(
        sql`SELECT ${id}, ${userId}, ${body.name}, ${body.line1}, ${orNull(body.line2) ?? null}, ${body.city}, ${orNull(body.region) ?? null},
          ${body.postalCode}, ${body.country}, ${orNull(body.phone) ?? null}, ${shipping ? 1 : 0}, ${billing ? 1 : 0}, ${now}, ${now}
          WHERE ${underCap}`,
      )
      .returning(),
  ]);
  return inserted[0];
}

/** Applies an edit to the user's own address; undefined when it is not theirs (or gone). */
export async function updateAddress(db: Db, userId: string, id: string, patch: SavedAddressPatch): Promise<AddressRow | undefined> {
  const owned = sql`EXISTS (SELECT 1 FROM ${addresses} WHERE ${addresses.id} = ${id} AND ${addresses.userId} = ${userId})`;
  const changes: Partial<typeof addresses.$inferInsert> = { updatedAt: new Date().toISOString() };
  if (patch.name !== undefined) changes.name = patch.name;
  if (patch.line1 !== undefined) changes.line1 = patch.line1;
  if (patch.line2 !== undefined) changes.line2 = orNull(patch.line2);
  if (patch.city !== undefined) changes.city = patch.city;
  if (patch.region !== undefined) changes.region = orNull(patch.region);
  if (patch.postalCode !== undefined) changes.postalCode = patch.postalCode;
  if (patch.country !== undefined) changes.country = patch.country;
  if (patch.phone !== undefined) changes.phone = orNull(patch.phone);
  if (patch.isDefaultShipping !== undefined) changes.isDefaultShipping = patch.isDefaultShipping;
  if (patch.isDefaultBilling !== undefined) changes.isDefaultBilling = patch.isDefaultBilling;
  const [, , updated] = await db.batch([
    clearDefault(db, userId, "shipping", id, patch.isDefaultShipping === true ? owned : never),
    clearDefault(db, userId, "billing", id, patch.isDefaultBilling === true ? owned : never),
    db
      .update(addresses)
      .set(changes)
      .where(and(eq(addresses.id, id), eq(addresses.userId, userId)))
      .returning(),
  ]);
  return updated[0];
}

/** Deletes the user's own address; false when it is not theirs. Orders keep their copies. */
export async function deleteAddress(db: Db, userId: string, id: string): Promise<boolean> {
  const deleted = await db
    .delete(addresses)
    .where(and(eq(addresses.id, id), eq(addresses.userId, userId)))
    .returning({ id: addresses.id });
  return deleted.length > 0;
}
