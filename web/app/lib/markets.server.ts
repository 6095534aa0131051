import type { AppLoadContext } from "@remix-run/cloudflare";
import type { z } from "zod";
import { marketListSchema } from "../../../workers/domain/schemas/markets";
import { isLanguage, type Language } from "./i18n";
import { callApi, readJson } from "./api.server";
import { appConfig } from "../../../workers/env";
import { countryOf } from "../../../workers/middleware/market";

/** GET /api/v1/markets (api-contract.md, "Markets and languages"). */
export type Market = z.infer<typeof marketListSchema>["items"][number];

/** The cookie holding the visitor's chosen market id. */
export const MARKET_COOKIE = "market";
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;
/** Markets change rarely (an admin edit): one read per isolate per minute is plenty. */
const CACHE_MS = 60_000;

let cached: { at: number; items: Market[] } | null = null;

/**
 * The markets the selector offers, read once a minute per isolate. An outage (or an API
 * without markets) leaves the header without a selector rather than failing the page.
 */
export async function listMarketsSafely(context: AppLoadContext): Promise<Market[]> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.items;
  try {
    const response = await callApi(context, "/markets");
    if (!response.ok) return [];
    const { items } = await readJson(response, marketListSchema, "GET /markets");
    cached = { at: Date.now(), items };
    return items;
  } catch {
    return [];
  }
}

/** The market id in the request's `market` cookie, if any. */
export function marketCookieValue(request: Request): string | null {
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, ...value] = part.split("=");
    if (name?.trim() === MARKET_COOKIE) return decodeURIComponent(value.join("=").trim()) || null;
  }
  return null;
}

/**
 * The visitor's market, decided exactly as the API decides it for this page's calls
 * (workers/middleware/market.ts): their choice if it still exists, else the one selling to
 * their country (`request.cf.country`, or X-Country while COUNTRY_OVERRIDE is on), else the
 * first (base) market.
 */
export function visitorMarket(request: Request, markets: readonly Market[], context: AppLoadContext): Market | null {
  const chosen = marketCookieValue(request);
  const byChoice = markets.find((market) => market.id === chosen);
  if (byChoice) return byChoice;
  return markets.find((market) => market.countries.includes(visitorCountry(request, context) ?? "")) ?? markets[0] ?? null;
}

/** The visitor's country as the edge saw it, or as a local run names it. */
export function visitorCountry(request: Request, context: AppLoadContext): string | null {
  return countryOf(request, appConfig(context.cloudflare.env).COUNTRY_OVERRIDE === "on");
}

/** Set-Cookie for a chosen market: a year, first-party only, never readable by scripts. */
export function marketCookie(request: Request, id: string): string {
  const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
  return `${MARKET_COOKIE}=${encodeURIComponent(id)}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax; HttpOnly${secure}`;
}

/**
 * Where choosing `market` on a page in `current` should lead: the same page in the market's
 * default language when the page's language is not one the market speaks (an English page
 * after choosing Japan), otherwise the same page.
 */
export function languageForMarket(market: Market, current: Language): Language {
  if (market.languages.includes(current)) return current;
  return isLanguage(market.defaultLanguage) ? market.defaultLanguage : current;
}
