/**
 * Tax as each market expects it (docs/decisions/013-markets.md), in integer minor units:
 * - tax-exclusive markets (the US) add it at checkout on the goods after discounts, and on
 *   shipping where the market taxes shipping;
 * - tax-inclusive markets (EU, UK, Japan) show prices that already contain it: the order shows
 *   the tax contained, which is not added to the total.
 * Rounding is half up, once over everything the rate applies to, so the figure printed is the
 * figure charged.
 *
 * The rates come from a provider: `ruleTableTaxProvider` reads the market's table; a real tax
 * service (e.g. Stripe Tax) implements the same `TaxProvider` and is awaited the same way.
 */
import { applyBasisPoints } from "./basis-points";

/** One rate an order used, stored with it so later changes to the table never alter it. */
export interface TaxRateUsed {
  country: string;
  rateBps: number;
  /** Whether the rate was applied to shipping too. */
  shipping: boolean;
  inclusive: boolean;
}

export interface TaxInput {
  /** Where the goods go (ISO 3166-1 alpha-2). */
  country: string;
  currency: string;
  /** Goods after discounts, and shipping, as charged (gross in an inclusive market). */
  goodsCents: number;
  shippingCents: number;
}

export interface TaxQuote {
  /** Tax added to the total (exclusive), or contained in it (inclusive). */
  taxCents: number;
  inclusive: boolean;
  rates: TaxRateUsed[];
}

export interface TaxProvider {
  quote(input: TaxInput): TaxQuote | Promise<TaxQuote>;
}

export interface TaxRules {
  inclusive: boolean;
  /** Basis points by destination country; a country missing from the table has no tax. */
  rates: Readonly<Record<string, number>>;
  taxShipping: boolean;
}

/** The tax a gross amount contains at `bps`: gross × r / (1 + r), half up. */
export function taxContained(grossCents: number, bps: number): number {
  if (bps <= 0 || grossCents <= 0) return 0;
  return Math.floor((grossCents * bps * 2 + (10_000 + bps)) / (2 * (10_000 + bps)));
}

/** The tax of an order under a rule table. Pure: the cart, checkout and tests agree. */
export function quoteTax(rules: TaxRules, input: TaxInput): TaxQuote {
  const country = input.country.trim().toUpperCase();
  const rateBps = rules.rates[country] ?? 0;
  const shippingTaxed = rules.taxShipping && input.shippingCents > 0;
  const taxOf = (amount: number) => (rules.inclusive ? taxContained(amount, rateBps) : applyBasisPoints(amount, rateBps));
  // One rate per order, so one rounding over everything it applies to.
  const taxCents = taxOf(input.goodsCents + (shippingTaxed ? input.shippingCents : 0));
  return {
    taxCents,
    inclusive: rules.inclusive,
    rates: country ? [{ country, rateBps, shipping: rules.taxShipping, inclusive: rules.inclusive }] : [],
  };
}

/** The rule-table provider: the market's own rates. */
export function ruleTableTaxProvider(rules: TaxRules): TaxProvider {
  return { quote: (input) => quoteTax(rules, input) };
}

/** What the shopper pays: exclusive tax is added; inclusive tax is already inside the prices. */
export function totalWithTax(goodsCents: number, shippingCents: number, quote: Pick<TaxQuote, "taxCents" | "inclusive">): number {
  return goodsCents + shippingCents + (quote.inclusive ? 0 : quote.taxCents);
}
