import type { SQL } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import type { Db } from "../factory";

const dialect = new SQLiteAsyncDialect();

/**
 * Runs hand-written reads (FTS5, facets) in one D1 batch: one round trip, one consistent
 * snapshot. drizzle's own db.batch() cannot take raw queries with parameters, so the
 * `sql` fragments are compiled here and bound with D1's API.
 */
export async function readBatch(db: Db, queries: SQL[]): Promise<Record<string, unknown>[][]> {
  const statements = queries.map((query) => {
    const { sql, params } = dialect.sqlToQuery(query);
    return db.$client.prepare(sql).bind(...params);
  });
  const results = await db.$client.batch<Record<string, unknown>>(statements);
  return results.map((result) => result.results);
}

/** The column a UNIQUE constraint failure names, e.g. "products.slug"; null for other errors. */
export function uniqueViolation(error: unknown): string | null {
  const seen = new Set<unknown>();
  let current: unknown = error;
  // D1 errors arrive wrapped (drizzle's query error, then its cause).
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    const match = /UNIQUE constraint failed: ([\w.]+)/.exec(current.message);
    if (match?.[1]) return match[1];
    current = current.cause;
  }
  return null;
}
