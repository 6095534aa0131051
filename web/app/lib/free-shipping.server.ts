import type { AppLoadContext } from "@remix-run/cloudflare";
import { marketFreeShippingThreshold } from "../../../workers/domain/free-shipping";
import { shippingQuoteListSchema } from "../../../workers/domain/schemas/shipping";
import { callApi, readJson } from "./api.server";
import type { Market } from "./markets.server";

/** A free-shipping promise in a market's currency, in its minor units. */
export interface FreeShippingOffer {
  overCents: number;
  currency: string;
}

/** Zones change with an admin edit; the home page asks on every uncached render. */
const CACHE_MS = 60_000;
const cached = new Map<string, { at: number; offer: FreeShippingOffer | null }>();

/**
 * The free-shipping threshold the market can promise everywhere it sells (see
 * marketFreeShippingThreshold), read from the public shipping methods list of each of its
 * countries, named explicitly so the answer is the market's, not the visitor's country's. Null
 * when the market has no such threshold or the API cannot say: the page then promises nothing.
 */
export async function freeShippingOffer(context: AppLoadContext, market: Market | null): Promise<FreeShippingOffer | null> {
  if (!market) return null;
  const hit = cached.get(market.id);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.offer;
  try {
    const lists = await Promise.all(
      market.countries.map(async (country) => {
        const response = await callApi(context, `/shipping/methods?${new URLSearchParams({ country, market: market.id })}`);
        if (!response.ok) throw new Error(`GET /shipping/methods answered ${response.status}`);
        return (await readJson(response, shippingQuoteListSchema, "GET /shipping/methods")).items;
      }),
    );
    const overCents = marketFreeShippingThreshold(lists);
    const offer = overCents === null ? null : { overCents, currency: market.currency };
    cached.set(market.id, { at: Date.now(), offer });
    return offer;
  } catch {
    return null;
  }
}
