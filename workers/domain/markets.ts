/**
 * Markets (docs/decisions/013-markets.md): a set of countries with one currency, its languages,
 * its tax rules and its shipping zones. Pure: which market a request is in, and what a base
 * price becomes there.
 */
import { currencyExponent } from "./money";
import type { Promotion } from "./promotions";
import type { TaxRules } from "./tax";

/**
 * How a converted price is rounded, always to the nearest (halves up):
 * - `exact`: to the currency's minor unit;
 * - `whole`: to a whole unit (€23);
 * - `ninety_nine`: to a whole unit, less one minor unit (€22.99); not for currencies without minor units;
 * - `tens`: to a multiple of ten units (¥3,750 → ¥3,750; ¥3,746 → ¥3,750).
 */
export const ROUNDING_RULES = ["exact", "whole", "ninety_nine", "tens"] as const;
export type RoundingRule = (typeof ROUNDING_RULES)[number];

/** The base catalog currency: prices are entered in it, other markets derive from it. */
export const BASE_CURRENCY = "USD";
const BASE_EXPONENT = 2;
export const RATE_SCALE = 1_000_000;

export interface Market {
  id: string;
  name: string;
  currency: string;
  countries: string[];
  languages: string[];
  defaultLanguage: string;
  taxInclusive: boolean;
  /** Basis points by destination country (ISO 3166-1 alpha-2). */
  taxRates: Record<string, number>;
  taxShipping: boolean;
  /** Units of `currency` per base unit, in millionths. */
  exchangeRateMicros: number;
  rounding: RoundingRule;
  /** The base market's prices are the catalog's own; nothing is derived or overridden. */
  isBase: boolean;
  position: number;
}

/** Why a market's pricing rule cannot work, or null. */
export function roundingProblem(currency: string, rounding: RoundingRule): string | null {
  if (rounding === "ninety_nine" && currencyExponent(currency) === 0) return `${currency} has no minor units, so prices cannot end in .99.`;
  return null;
}

/** A base-currency amount in `market`'s minor units at its exchange rate, before rounding (halves up). */
export function convertFromBase(baseMinor: number, market: Pick<Market, "currency" | "exchangeRateMicros">): number {
  if (!Number.isSafeInteger(baseMinor) || baseMinor < 0) throw new RangeError("a price must be a non-negative integer of minor units");
  // baseMinor × rate / RATE_SCALE × 10^(exponent − 2), in integers: BigInt keeps large prices exact.
  const exponent = currencyExponent(market.currency);
  const scale = BigInt(RATE_SCALE) * 10n ** BigInt(BASE_EXPONENT);
  const numerator = BigInt(baseMinor) * BigInt(market.exchangeRateMicros) * 10n ** BigInt(exponent);
  return Number((numerator + scale / 2n) / scale);
}

/**
 * A promotion as it applies in `market`. Its amounts (a fixed amount off, spend-get's amount and
 * step, any minimum subtotal) are entered in the base currency, as prices are; elsewhere they
 * apply at the market's exchange rate, exactly, with no retail rounding: "$10 off orders over
 * $50" is ¥1,500 off orders over ¥7,500 at 150 yen to the dollar, not ¥10 off over ¥50.
 * Percentages and quantities need no conversion.
 */
export function promotionInMarket(promotion: Promotion, market: Pick<Market, "currency" | "exchangeRateMicros" | "isBase">): Promotion {
  if (market.isBase) return promotion;
  const convert = (amount: number | null) => (amount === null ? null : convertFromBase(amount, market));
  const amountOff = promotion.kind === "fixed" || promotion.kind === "spend_get";
  return { ...promotion, value: amountOff ? convert(promotion.value) : promotion.value, minSubtotalCents: convert(promotion.minSubtotalCents) };
}

/** Applies a rounding rule to an amount in minor units of `currency`. */
export function roundPrice(minor: number, currency: string, rounding: RoundingRule): number {
  const unit = 10 ** currencyExponent(currency);
  switch (rounding) {
    case "exact":
      return minor;
    case "whole":
      return Math.floor((minor + unit / 2) / unit) * unit;
    case "ninety_nine": {
      const whole = Math.max(1, Math.floor((minor + unit / 2) / unit));
      return whole * unit - 1;
    }
    case "tens":
      return Math.floor((minor + 5 * unit) / (10 * unit)) * 10 * unit;
  }
}

/** What a base price becomes in a market, when no price was set there: converted, then rounded. */
export function derivePrice(baseMinor: number, market: Pick<Market, "currency" | "exchangeRateMicros" | "rounding" | "isBase">): number {
  if (market.isBase) return baseMinor;
  return roundPrice(convertFromBase(baseMinor, market), market.currency, market.rounding);
}

/** A variant's price in a market: the one set there, else the derived one. */
export function priceInMarket(baseMinor: number, market: Market, setPrice: number | null | undefined): number {
  if (market.isBase) return baseMinor;
  return setPrice ?? derivePrice(baseMinor, market);
}

export function baseMarket(markets: readonly Market[]): Market {
  const base = markets.find((market) => market.isBase) ?? markets[0];
  if (!base) throw new Error("no markets are configured");
  return base;
}

/** The market serving a country: the one listing it, else the base market. */
export function marketForCountry(markets: readonly Market[], country: string | null | undefined): Market {
  const code = country?.trim().toUpperCase();
  return (code && markets.find((market) => market.countries.includes(code))) || baseMarket(markets);
}

export type MarketChoice =
  | { ok: true; market: Market; source: "requested" | "country" | "base" }
  | { ok: false; requested: string };

/**
 * Which market a request is in: the one it names (`?market=` or `X-Market`), else the one the
 * shopper chose earlier (the site's cookie), else the one serving the shopper's country, else
 * the base market. A named market that does not exist is refused, not silently replaced.
 */
export function chooseMarket(
  markets: readonly Market[],
  input: { requested?: string | null; preferred?: string | null; country?: string | null },
): MarketChoice {
  const requested = input.requested?.trim().toLowerCase();
  if (requested) {
    const market = markets.find((candidate) => candidate.id === requested);
    return market ? { ok: true, market, source: "requested" } : { ok: false, requested };
  }
  // A remembered choice (the site's cookie) that no longer names a market is passed over.
  const preferred = input.preferred ? markets.find((candidate) => candidate.id === input.preferred?.trim().toLowerCase()) : undefined;
  if (preferred) return { ok: true, market: preferred, source: "requested" };
  if (input.country) return { ok: true, market: marketForCountry(markets, input.country), source: "country" };
  return { ok: true, market: baseMarket(markets), source: "base" };
}

/** The market's tax rules, as the tax engine takes them. */
export function taxRulesOf(market: Pick<Market, "taxInclusive" | "taxRates" | "taxShipping">): TaxRules {
  return { inclusive: market.taxInclusive, rates: market.taxRates, taxShipping: market.taxShipping };
}
