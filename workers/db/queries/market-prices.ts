/**
 * Prices in a market, in SQL, so listings sort, filter and facet by the price the shopper sees
 * (decision 013). The derived price mirrors `derivePrice` in workers/domain/markets.ts exactly
 * (a test compares the two over many prices): the base cents times the rate, halves up, to the
 * market currency's minor units, then the rounding rule. A price an admin set wins.
 */
import { sql, type SQL } from "drizzle-orm";
import { currencyExponent } from "../../domain/money";
import type { Market } from "../../domain/markets";

/**
 * Integers are written into the statement rather than bound: they come from the markets table
 * (checked there), integer literals keep SQLite's division integral, and a listing uses these
 * expressions several times, which bound parameters would soon run past D1's limit.
 */
function integer(value: number): SQL {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer: ${value}`);
  return sql.raw(String(value));
}

function marketId(market: Market): SQL {
  if (!/^[a-z][a-z0-9_-]{0,31}$/.test(market.id)) throw new RangeError(`not a market id: ${market.id}`);
  return sql.raw(`'${market.id}'`);
}

/** `derivePrice(base, market)` as an SQL expression over an integer column of base cents. */
export function derivedPriceSql(base: SQL, market: Market): SQL {
  if (market.isBase) return base;
  const exponent = currencyExponent(market.currency);
  const unit = 10 ** exponent;
  // base × rate × 10^e / 10^8, computed as base × rate / 10^(8 − e) to stay inside 64 bits.
  const divisor = 10 ** (8 - exponent);
  const exact = sql`((${base} * ${integer(market.exchangeRateMicros)} + ${integer(Math.floor(divisor / 2))}) / ${integer(divisor)})`;
  switch (market.rounding) {
    case "exact":
      return exact;
    case "whole":
      return sql`(((${exact} + ${integer(Math.floor(unit / 2))}) / ${integer(unit)}) * ${integer(unit)})`;
    case "ninety_nine":
      return sql`(max(1, (${exact} + ${integer(Math.floor(unit / 2))}) / ${integer(unit)}) * ${integer(unit)} - 1)`;
    case "tens":
      return sql`(((${exact} + ${integer(5 * unit)}) / ${integer(10 * unit)}) * ${integer(10 * unit)})`;
  }
}

/** A variant's price in the market, for a row aliased `alias` of product_variants. */
export function variantPriceSql(alias: string, market: Market): SQL {
  const base = sql.raw(`${alias}.price_cents`);
  if (market.isBase) return base;
  return sql`coalesce((SELECT vp.price_minor FROM variant_prices vp WHERE vp.market_id = ${marketId(market)} AND vp.sku = ${sql.raw(`${alias}.sku`)}), ${derivedPriceSql(base, market)})`;
}

/**
 * A product's listing price in the market (its lowest active variant), for a row aliased
 * `alias` of products. Without set prices this is the derived price of the product's base
 * price, since derivation never reorders prices.
 */
export function productPriceSql(alias: string, market: Market): SQL {
  const base = sql.raw(`${alias}.price_cents`);
  if (market.isBase) return base;
  return sql`coalesce((SELECT min(${variantPriceSql("mv", market)}) FROM product_variants mv WHERE mv.product_id = ${sql.raw(`${alias}.id`)} AND mv.is_active = 1), ${derivedPriceSql(base, market)})`;
}
