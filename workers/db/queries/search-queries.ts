import { and, desc, eq, lt, notInArray, sql } from "drizzle-orm";
import type { Db } from "../../factory";
import type { Language } from "../../domain/languages";
import { normalizedQuery, relatedFirst, STORED_QUERIES_PER_LANGUAGE, STORED_QUERY_TTL_DAYS } from "../../domain/suggestions";
import { searchQueries } from "../schema";

/**
 * Counts one search that found products (decision 023): an upsert on its folded form, then
 * the language's list trimmed to its cap (least searched, then least recent, go first) and
 * queries unseen for STORED_QUERY_TTL_DAYS forgotten, in one batch. Nothing for a query that
 * folds to no words.
 */
export async function countSearch(db: Db, language: Language, q: string, results: number, now = new Date()): Promise<void> {
  const query = normalizedQuery(q);
  if (query === null || results < 1) return;
  const at = now.toISOString();
  const forgetBefore = new Date(now.getTime() - STORED_QUERY_TTL_DAYS * 86_400_000).toISOString();
  await db.batch([
    db
      .insert(searchQueries)
      .values({ language, query, searches: 1, results, lastSearchedAt: at })
      .onConflictDoUpdate({
        target: [searchQueries.language, searchQueries.query],
        set: { searches: sql`${searchQueries.searches} + 1`, results, lastSearchedAt: at },
      }),
    db
      .delete(searchQueries)
      .where(
        and(
          eq(searchQueries.language, language),
          notInArray(
            searchQueries.query,
            db
              .select({ query: searchQueries.query })
              .from(searchQueries)
              .where(eq(searchQueries.language, language))
              .orderBy(desc(searchQueries.searches), desc(searchQueries.lastSearchedAt))
              .limit(STORED_QUERIES_PER_LANGUAGE),
          ),
        ),
      ),
    db.delete(searchQueries).where(and(eq(searchQueries.language, language), lt(searchQueries.lastSearchedAt, forgetBefore))),
  ]);
}

/** Past searches read (most searched first) to choose related ones from. */
const RELATED_CANDIDATES = 200;

/**
 * The language's most searched queries (that found products), most searched first; with `q`
 * (a search that found nothing), those sharing the most word starts with it first.
 */
export async function popularQueries(db: Db, language: Language, limit: number, q?: string): Promise<string[]> {
  const rows = await db
    .select({ query: searchQueries.query })
    .from(searchQueries)
    .where(eq(searchQueries.language, language))
    .orderBy(desc(searchQueries.searches), desc(searchQueries.lastSearchedAt))
    .limit(q === undefined ? limit : RELATED_CANDIDATES);
  const queries = rows.map((row) => row.query);
  return (q === undefined ? queries : relatedFirst(queries, q)).slice(0, limit);
}
