import type { HeadersFunction } from "@remix-run/cloudflare";
import { hasGuestCartCookie } from "./cart.server";
import { sessionCookieName } from "./session.server";

/**
 * Shared caching for the catalog pages (home, listings, search, product). A page may be kept
 * by browsers and shared caches only when it is the same for everyone: the visitor has no
 * session cookie (so the header shows no name) and no guest cart (so the badge shows 0), and
 * the response sets no cookie. Everything else is private and never stored.
 */

export const PUBLIC_PAGE_CACHE = "public, max-age=60, s-maxage=300";
export const PRIVATE_NO_STORE = "private, no-store";

/** Whether this request comes from a visitor with no session and no guest cart. */
export function isAnonymousVisitor(request: Request): boolean {
  const cookies = request.headers.get("Cookie") ?? "";
  const sessionCookie = new RegExp(`(?:^|;\\s*)(?:${sessionCookieName(true)}|${sessionCookieName(false)})=`);
  return !sessionCookie.test(cookies) && !hasGuestCartCookie(request);
}

/**
 * Headers a catalog loader returns: its Cache-Control says what this visitor may get, and the
 * route's `headers` export ({@link catalogHeaders}) applies it.
 */
export function catalogCacheHeaders(request: Request, extra?: Headers): Headers {
  const headers = new Headers(extra);
  headers.set("Cache-Control", isAnonymousVisitor(request) ? PUBLIC_PAGE_CACHE : PRIVATE_NO_STORE);
  return headers;
}

/**
 * The `headers` export of catalog pages. Any Set-Cookie (a refreshed session, a cleared
 * cookie), any action, and any error makes the response private, whatever the loader said.
 */
export const catalogHeaders: HeadersFunction = ({ loaderHeaders, parentHeaders, actionHeaders, errorHeaders }) => {
  const setsCookie = [loaderHeaders, parentHeaders, actionHeaders, errorHeaders].some((headers) => headers?.has("Set-Cookie"));
  const wanted = loaderHeaders.get("Cache-Control");
  // Actions answer with their own Cache-Control (private), so a posted form never looks public.
  const isPublic = wanted === PUBLIC_PAGE_CACHE && !setsCookie && !errorHeaders && !actionHeaders.has("Cache-Control");
  return isPublic
    ? { "Cache-Control": PUBLIC_PAGE_CACHE, Vary: "Cookie" }
    : { "Cache-Control": PRIVATE_NO_STORE, Vary: "Cookie" };
};
