import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../factory";
import type { Market } from "../../domain/markets";
import { markets, variantPrices } from "../schema";

type MarketRow = typeof markets.$inferSelect;

export function toMarket(row: MarketRow): Market {
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    countries: row.countries,
    languages: row.languages,
    defaultLanguage: row.defaultLanguage,
    taxInclusive: row.taxInclusive,
    taxRates: row.taxRates,
    taxShipping: row.taxShipping,
    exchangeRateMicros: row.exchangeRateMicros,
    rounding: row.rounding,
    isBase: row.isBase,
    position: row.position,
  };
}

/**
 * Markets change rarely and every catalog, cart and checkout request needs them, so each
 * isolate keeps the list for `MARKETS_TTL_MS` rather than reading D1 each time. An admin write
 * clears this isolate's copy at once; other isolates see it within the TTL (decision 013).
 * Checkout re-reads them from D1, so an order is never priced with a stale rate.
 */
export const MARKETS_TTL_MS = 5_000;
let memo: { at: number; markets: Promise<Market[]> } | null = null;

export function readMarkets(db: Db): Promise<Market[]> {
  return db
    .select()
    .from(markets)
    .orderBy(asc(markets.position), asc(markets.id))
    .then((rows) => rows.map(toMarket));
}

export function listMarkets(db: Db, now = Date.now()): Promise<Market[]> {
  if (memo && now - memo.at < MARKETS_TTL_MS) return memo.markets;
  const loading = readMarkets(db);
  memo = { at: now, markets: loading };
  // A failed read is not remembered.
  loading.catch(() => {
    if (memo?.markets === loading) memo = null;
  });
  return loading;
}

export function forgetMarkets(): void {
  memo = null;
}

/** Prices set by an admin in one market, by sku. */
export async function setPricesIn(db: Db, marketId: string, skus: readonly string[]): Promise<Map<string, number>> {
  if (skus.length === 0) return new Map();
  const rows = await db
    .select({ sku: variantPrices.sku, priceMinor: variantPrices.priceMinor })
    .from(variantPrices)
    .where(and(eq(variantPrices.marketId, marketId), inArray(variantPrices.sku, sql`(SELECT value FROM json_each(${JSON.stringify([...new Set(skus)])}))`)));
  return new Map(rows.map((row) => [row.sku, row.priceMinor]));
}
