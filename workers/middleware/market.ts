/**
 * The market and language of an API request (decision 013). The market: `?market=` or
 * `X-Market`, else `X-Market-Preference` (the site forwards the shopper's remembered choice;
 * an unknown one is passed over), else the market serving the shopper's country (`request.cf.country` at the edge; `X-Country` when COUNTRY_OVERRIDE is on), else the base market. A market that does not exist is a 400, never a silent default.
 */
import type { Context } from "hono";
import { chooseMarket, type Market, type MarketChoice } from "../domain/markets";
import { resolveLanguage, type Language } from "../domain/languages";
import { listMarkets } from "../db/queries/markets";
import type { AppEnv } from "../factory";
import { ApiError } from "../lib/problem";

/**
 * The shopper's country as the edge saw it (`request.cf.country`), or as a test or local run
 * names it with `X-Country` while COUNTRY_OVERRIDE is on. The API, the site and the page cache
 * all decide it here.
 */
export function countryOf(request: Request, overrideAllowed: boolean): string | null {
  if (overrideAllowed) {
    // A header, not a query parameter: `?country=` already means a destination (shipping methods).
    const named = request.headers.get("x-country")?.trim();
    if (named && /^[A-Za-z]{2}$/.test(named)) return named.toUpperCase();
  }
  const cf = request.cf as { country?: unknown } | undefined;
  return typeof cf?.country === "string" && /^[A-Z]{2}$/.test(cf.country) ? cf.country : null;
}

export function requestCountry(c: Context<AppEnv>): string | null {
  return countryOf(c.req.raw, c.var.config.COUNTRY_OVERRIDE === "on");
}

/** The site's `market` cookie: the market id a shopper chose in the header's selector. */
export function chosenMarketOf(cookieHeader: string | null): string | undefined {
  return /(?:^|;\s*)market=([a-z][a-z0-9_-]{0,31})(?:;|$)/.exec(cookieHeader ?? "")?.[1];
}

/** The market a bare request asks for, among `markets`: the one rule requestMarket and the cache share. */
export function marketChoiceOf(request: Request, markets: readonly Market[], overrideAllowed: boolean): MarketChoice {
  return chooseMarket(markets, {
    requested: new URL(request.url).searchParams.get("market") ?? request.headers.get("x-market"),
    preferred: request.headers.get("x-market-preference"),
    country: countryOf(request, overrideAllowed),
  });
}

export async function requestMarket(c: Context<AppEnv>): Promise<Market> {
  const known = c.get("market");
  if (known) return known;
  const markets = await listMarkets(c.var.db);
  const choice = marketChoiceOf(c.req.raw, markets, c.var.config.COUNTRY_OVERRIDE === "on");
  if (!choice.ok) {
    throw new ApiError("validation_failed", `There is no market "${choice.requested}".`, {
      errors: [{ path: "market", message: `Choose one of: ${markets.map((market) => market.id).join(", ")}.` }],
    });
  }
  c.set("market", choice.market);
  return choice.market;
}

/** The language a request asks for (`?lang=`, else Accept-Language), or undefined when it names none. */
export function namedLanguage(c: Context<AppEnv>): Language | undefined {
  const lang = c.req.query("lang");
  const acceptLanguage = c.req.header("accept-language");
  if (lang === undefined && acceptLanguage === undefined) return undefined;
  return resolveLanguage({ lang, acceptLanguage });
}

/**
 * The market a catalog read prices in. Admins manage the catalog's own (base) prices, so they
 * see them unless they name a market with `?market=`; everyone else gets their market.
 */
export async function catalogMarket(c: Context<AppEnv>, isAdmin: boolean): Promise<Market | undefined> {
  if (isAdmin && c.req.query("market") === undefined) return undefined;
  return requestMarket(c);
}
