import type { Market } from "./markets.server";

/** A free-shipping promise in a market's currency, in its minor units. */
export interface FreeShippingOffer {
  overCents: number;
  currency: string;
}

/**
 * The free-shipping threshold the market can promise everywhere it sells, as `GET /markets`
 * computes it from the market's zones (marketFreeShippingThreshold): the page promises nothing
 * without one.
 */
export function freeShippingOffer(market: Market | null): FreeShippingOffer | null {
  if (!market || market.freeShippingOverCents === null) return null;
  return { overCents: market.freeShippingOverCents, currency: market.currency };
}
