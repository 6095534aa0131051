/**
 * What a storefront may promise about free shipping in a market, from the methods offered to
 * each country the market sells to. Pure, so the home page's note and its tests agree.
 */

/** A method as the shipping methods list gives it: its free-over threshold, in the market's minor units. */
export interface ThresholdMethod {
  freeOverCents?: number | null;
}

/**
 * The order amount from which shipping is free to every country of the market that is shipped
 * to, or null when the market cannot promise it (some such country has no method with a
 * threshold, or no country is shipped to at all).
 *
 * Per country, the lowest threshold among its methods is the one that makes some way of
 * shipping free; across countries the highest of those holds for every shopper, so a note that
 * says "free over X" is true wherever in the market the order goes. Countries no zone ships to
 * are left out: checkout refuses them anyway.
 */
export function marketFreeShippingThreshold(methodsByCountry: readonly (readonly ThresholdMethod[])[]): number | null {
  const shipped = methodsByCountry.filter((methods) => methods.length > 0);
  if (shipped.length === 0) return null;
  let threshold = 0;
  for (const methods of shipped) {
    const offered = methods.map((method) => method.freeOverCents).filter((cents): cents is number => cents != null);
    if (offered.length === 0) return null;
    threshold = Math.max(threshold, Math.min(...offered));
  }
  return threshold;
}
