import { eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { cacheVersions } from "../db/schema";
import type { Language } from "../domain/languages";
import type { AppEnv, Db } from "../factory";
import { requestLanguage } from "../middleware/language";
import { requestMarket } from "../middleware/market";
import { base64url } from "./ids";

/**
 * Edge caching for anonymous catalog reads, with purge by version.
 *
 * Every cache key contains the scope's version from D1 (`cache_versions`). A write bumps the
 * version in the same db.batch() as the change, so the very next read builds a new key and
 * misses; stale entries are never served again and simply expire. That purges every data
 * centre at once without the zone purge API. See docs/decisions/004-catalog-search-and-cache.md.
 */

export type CacheScope = "catalog";

/** Browsers and the edge keep a response for a minute; a purge changes the key before that. */
const CACHE_CONTROL = "public, max-age=60, s-maxage=60";
const PRIVATE = "private, no-store";

/** workers-types' `caches.default`, which the DOM lib in tsconfig hides from the global type. */
const defaultCache = (): Cache => (caches as unknown as { default: Cache }).default;

/** The write that purges a scope: put it in the same db.batch() as the change. */
export function bumpCacheVersion(db: Db, scope: CacheScope = "catalog") {
  return db
    .insert(cacheVersions)
    .values({ scope, version: 1 })
    .onConflictDoUpdate({
      target: cacheVersions.scope,
      set: { version: sql`${cacheVersions.version} + 1`, updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))` },
    });
}

/** The scope's current version; 0 before its first write. */
export async function cacheVersion(db: Db, scope: CacheScope): Promise<number> {
  const row = await db.select({ version: cacheVersions.version }).from(cacheVersions).where(eq(cacheVersions.scope, scope)).get();
  return row?.version ?? 0;
}

/**
 * What a cached response varies by besides its URL, as resolved for the request (not the raw
 * headers, so "de-DE,de;q=0.9" and ?lang=de share one entry). The market joins the language
 * here: every dimension of the key is built in cacheVariantOf and cacheKeyUrl, nowhere else.
 */
export interface CacheVariant {
  language: Language;
  /** The market's id: its currency and prices (decision 013). */
  market: string;
}

/** The variant a request asks for. */
export async function cacheVariantOf(c: Context<AppEnv>): Promise<CacheVariant> {
  return { language: requestLanguage(c), market: (await requestMarket(c)).id };
}

/** Query parameters the variant already stands for; left out of the key. */
const VARIANT_PARAMS = new Set(["lang", "market"]);

/**
 * Same URL, query parameters sorted (so their order does not split the cache), plus the
 * version and the variant.
 */
export function cacheKeyUrl(requestUrl: string, scope: CacheScope, version: number, variant: CacheVariant): string {
  const url = new URL(requestUrl);
  const params = [...url.searchParams.entries()]
    .filter(([name]) => !VARIANT_PARAMS.has(name))
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  const query = new URLSearchParams(params).toString();
  return `${url.origin}/__edge-cache/${scope}/v${version}/${variant.market}/lang-${variant.language}${url.pathname}${query ? `?${query}` : ""}`;
}

/** Browsers and shared caches must not reuse one language's or market's response for another. */
const VARY = "Authorization, Accept-Language, X-Market, X-Market-Preference, X-Country";

async function strongEtag(body: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", body);
  return `"${base64url(new Uint8Array(digest).slice(0, 18))}"`;
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/ prefixes are ignored. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  return ifNoneMatch.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === bare);
}

function notModified(from: Response): Response {
  const headers = new Headers();
  for (const name of ["etag", "cache-control", "vary", "x-cache"]) {
    const value = from.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  return new Response(null, { status: 304, headers });
}

/**
 * Serves anonymous GETs from `caches.default` (x-cache: HIT | MISS) with a strong ETag and
 * 304 on If-None-Match. Requests carrying Authorization bypass the cache (x-cache: BYPASS)
 * and are marked private, since admins may see what the public may not.
 */
export function edgeCache(scope: CacheScope = "catalog") {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method !== "GET") return next();
    if (c.req.header("authorization") !== undefined) {
      await next();
      c.res.headers.set("cache-control", PRIVATE);
      c.res.headers.set("vary", VARY);
      c.res.headers.set("x-cache", "BYPASS");
      return;
    }
    const cache = defaultCache();
    const key = new Request(cacheKeyUrl(c.req.url, scope, await cacheVersion(c.var.db, scope), await cacheVariantOf(c)));
    const ifNoneMatch = c.req.header("if-none-match");

    const hit = await cache.match(key);
    if (hit) {
      const response = new Response(hit.body, hit);
      response.headers.set("x-cache", "HIT");
      const etag = response.headers.get("etag");
      return etag && etagMatches(ifNoneMatch, etag) ? notModified(response) : response;
    }

    await next();
    if (c.res.status !== 200) return;
    const body = await c.res.arrayBuffer();
    const headers = new Headers(c.res.headers);
    headers.set("etag", await strongEtag(body));
    headers.set("cache-control", CACHE_CONTROL);
    headers.set("vary", VARY);
    const response = new Response(body, { status: 200, headers });
    const stored = cache.put(key, response.clone());
    try {
      c.executionCtx.waitUntil(stored);
    } catch {
      // No execution context (a direct app.request() call): store before answering.
      await stored;
    }
    response.headers.set("x-cache", "MISS");
    // Assigning c.res merges the old response's headers into the new one; replace it whole.
    c.res = undefined;
    c.res = etagMatches(ifNoneMatch, headers.get("etag") ?? "") ? notModified(response) : response;
  });
}
