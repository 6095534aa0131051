import type { AppLoadContext, HeadersFunction } from "@remix-run/cloudflare";
import { hasGuestCart } from "./cart.server";
import { getSessionTokens } from "./session.server";
import { listMarketsSafely, marketCookieValue, visitorCountry, visitorMarket } from "./markets.server";
import { PAGE_CACHE_HEADER } from "../../../workers/lib/page-cache";

/**
 * Shared caching for the catalog pages (home, listings, search, product). A page may be kept
 * by browsers and shared caches only when it is the same for everyone: the visitor has no
 * session cookie (so the header shows no name) and no guest cart (so the badge shows 0), and
 * the response sets no cookie. Everything else is private and never stored.
 */

export const PUBLIC_PAGE_CACHE = "public, max-age=60, s-maxage=300";
export const PRIVATE_NO_STORE = "private, no-store";

/**
 * Whether this visitor has no session and no guest cart. Decided from the cookies as the
 * session and cart code parse them, never from a pattern on the raw header: the parser trims
 * names, so "sf_session =…" or "sf_session\t=…" is a signed-in visitor, and a pattern that
 * missed it would mark their page public. A cookie the site cannot read (forged, or signed
 * with a retired secret) leaves the page anonymous, so it may be shared.
 */
export async function isAnonymousVisitor(request: Request, context: AppLoadContext): Promise<boolean> {
  const [tokens, guestCart] = await Promise.all([getSessionTokens(request, context), hasGuestCart(request, context)]);
  return tokens === null && !guestCart;
}

/**
 * Headers a catalog loader returns: its Cache-Control says what this visitor may get, and the
 * route's `headers` export ({@link catalogHeaders}) applies it.
 */
export async function catalogCacheHeaders(request: Request, context: AppLoadContext, extra?: Headers): Promise<Headers> {
  const headers = new Headers(extra);
  const [anonymous, markets] = await Promise.all([isAnonymousVisitor(request, context), listMarketsSafely(context)]);
  headers.set("Cache-Control", anonymous && !countryDecidesMarket(request, context) ? PUBLIC_PAGE_CACHE : PRIVATE_NO_STORE);
  // The Worker may keep an anonymous page for everyone in the visitor's market, even one priced
  // by country, because its own key names the market (workers/lib/page-cache.ts).
  const market = anonymous ? visitorMarket(request, markets, context) : null;
  if (market) headers.set(PAGE_CACHE_HEADER, market.id);
  return headers;
}

/**
 * Whether this visitor's prices depend on their country (docs/decisions/013-markets.md): no
 * market cookie, and a country the edge (or, locally, X-Country) names. No Vary header can
 * say "by country", so such a page is never shared: a euro page must not reach a US shopper.
 * A chosen market travels in the cookie, which `Vary: Cookie` keys on.
 */
function countryDecidesMarket(request: Request, context: AppLoadContext): boolean {
  return !marketCookieValue(request) && visitorCountry(request, context) !== null;
}

/**
 * The `headers` export of catalog pages. Any Set-Cookie (a refreshed session, a cleared
 * cookie), any action, and any error makes the response private, whatever the loader said.
 */
export const catalogHeaders: HeadersFunction = ({ loaderHeaders, parentHeaders, actionHeaders, errorHeaders }) => {
  const setsCookie = [loaderHeaders, parentHeaders, actionHeaders, errorHeaders].some((headers) => headers?.has("Set-Cookie"));
  const wanted = loaderHeaders.get("Cache-Control");
  // Actions answer with their own Cache-Control (private), so a posted form never looks public.
  const plainRead = !setsCookie && !errorHeaders && !actionHeaders.has("Cache-Control");
  const headers: Record<string, string> = {
    "Cache-Control": plainRead && wanted === PUBLIC_PAGE_CACHE ? PUBLIC_PAGE_CACHE : PRIVATE_NO_STORE,
    Vary: "Cookie",
  };
  const keepFor = loaderHeaders.get(PAGE_CACHE_HEADER);
  if (plainRead && keepFor) headers[PAGE_CACHE_HEADER] = keepFor;
  return headers;
};
