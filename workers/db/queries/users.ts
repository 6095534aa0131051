import { count, desc, eq, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../factory";
import { users, type User } from "../schema";
import type { UserView } from "../../domain/schemas/auth";

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    phone: user.phone,
    role: user.role,
    createdAt: user.createdAt,
  };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return db.query.users.findFirst({ where: eq(users.email, normaliseEmail(email)) });
}

export async function findUserById(db: Db, id: string): Promise<User | undefined> {
  return db.query.users.findFirst({ where: eq(users.id, id) });
}

/** The customers list's search (part of the email or the name), shared with its CSV export. */
export function userSearchWhere(q: string | undefined): SQL | undefined {
  if (!q) return undefined;
  // instr, not LIKE: D1 refuses LIKE patterns longer than 50 bytes, and a long search must not
  // become a 500. lower() folds ASCII case, as LIKE did; emails are stored lower-case.
  return or(sql`instr(${users.email}, ${q.toLowerCase()}) > 0`, sql`instr(lower(${users.name}), lower(${q})) > 0`);
}

export async function listUsers(
  db: Db,
  options: { q?: string; page: number; limit: number },
): Promise<{ items: User[]; total: number }> {
  const where = userSearchWhere(options.q);
  const [items, [totals]] = await Promise.all([
    db
      .select()
      .from(users)
      .where(where)
      .orderBy(desc(users.createdAt), desc(users.id))
      .limit(options.limit)
      .offset((options.page - 1) * options.limit),
    db.select({ total: count() }).from(users).where(where),
  ]);
  return { items, total: totals?.total ?? 0 };
}

