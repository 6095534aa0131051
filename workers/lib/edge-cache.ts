import { eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { cacheVersions } from "../db/schema";
import type { Language } from "../domain/languages";
import type { AppEnv, Db } from "../factory";
import { appConfig } from "../env";
import { createDb } from "../factory";
import { listMarkets } from "../db/queries/markets";
import { languageOf, requestLanguage } from "../middleware/language";
import { marketChoiceOf, requestMarket } from "../middleware/market";
import { requestIdOf } from "./request-log";
import { base64url } from "./ids";
import { IsolateCache } from "./isolate-cache";

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

/** The scope's current version, read from D1; 0 before its first write. */
export async function cacheVersion(db: Db, scope: CacheScope): Promise<number> {
  const row = await db.select({ version: cacheVersions.version }).from(cacheVersions).where(eq(cacheVersions.scope, scope)).get();
  return row?.version ?? 0;
}

/**
 * The version this isolate last read, trusted for `ttlMs` (CATALOG_VERSION_TTL_MS): a cached
 * read then makes no D1 call at all. Another isolate's write reaches this one within that
 * bound; this isolate's own writes forget it at once ({@link forgetCacheVersion}).
 * Concurrent requests share one read.
 */
let versionMemo: { at: number; version: Promise<number> } | null = null;

export function rememberedCacheVersion(db: Db, ttlMs: number, now = Date.now()): Promise<number> {
  if (versionMemo && now - versionMemo.at < ttlMs) return versionMemo.version;
  const reading = cacheVersion(db, "catalog");
  const memo = { at: now, version: reading };
  versionMemo = memo;
  // A failed read is not remembered.
  reading.catch(() => {
    if (versionMemo === memo) versionMemo = null;
  });
  return reading;
}

/** Called after any write in this isolate, so its next cached read sees the new version. */
export function forgetCacheVersion(): void {
  versionMemo = null;
}

/**
 * Responses this isolate keeps in memory in front of `caches.default`, so a hit needs no
 * round trip at all. Capped (decision 016): 1,000 entries or 8 MB, each for the response's
 * own max-age.
 */
interface StoredResponse {
  /** Bytes, so a hit copies them instead of encoding text (a Response copies what it is given). */
  body: Uint8Array<ArrayBuffer>;
  headers: [string, string][];
}
const MEMORY_TTL_MS = 60_000;
const inMemory = new IsolateCache<StoredResponse>({ maxEntries: 1_000, maxBytes: 8 * 1024 * 1024 });
let inMemoryVersion = -1;

/**
 * The paths this isolate has held a response for, so that every other API request (a write,
 * /health, a cart) passes the early answer after one lookup. Capped like the responses; once
 * full it stops remembering, which only sends more requests the usual way.
 */
const heldPaths = new Set<string>();
const HELD_PATHS_CAP = 5_000;

/** Drops this isolate's copies made under an older version: their keys can never match again. */
function inMemoryFor(version: number): IsolateCache<StoredResponse> {
  if (version !== inMemoryVersion) {
    inMemory.clear();
    heldPaths.clear();
    inMemoryVersion = version;
  }
  return inMemory;
}

function keep(cache: IsolateCache<StoredResponse>, key: string, path: string, body: ArrayBuffer, headers: Headers): StoredResponse {
  const stored = { body: new Uint8Array(body), headers: [...headers] };
  cache.set(key, stored, body.byteLength + 512, MEMORY_TTL_MS);
  if (heldPaths.size < HELD_PATHS_CAP) heldPaths.add(path);
  return stored;
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
  const { origin, path } = normalizedUrl(requestUrl);
  return `${origin}/__edge-cache/${scope}/v${version}/${variant.market}/lang-${variant.language}${path}`;
}

/**
 * A URL's origin and its path with the query sorted, the variant's parameters left out.
 * Remembered per URL (capped), since the same few URLs make up most reads.
 */
const normalized = new Map<string, { origin: string; path: string }>();
const NORMALIZED_CAP = 2_000;

function normalizedUrl(requestUrl: string): { origin: string; path: string } {
  const known = normalized.get(requestUrl);
  if (known) return known;
  const url = new URL(requestUrl);
  const params = [...url.searchParams.entries()]
    .filter(([name]) => !VARIANT_PARAMS.has(name))
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  const query = new URLSearchParams(params).toString();
  const result = { origin: url.origin, path: `${url.pathname}${query ? `?${query}` : ""}` };
  if (normalized.size >= NORMALIZED_CAP) normalized.clear();
  normalized.set(requestUrl, result);
  return result;
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
    const [version, variant] = await Promise.all([rememberedCacheVersion(c.var.db, c.var.config.CATALOG_VERSION_TTL_MS), cacheVariantOf(c)]);
    const keyUrl = cacheKeyUrl(c.req.url, scope, version, variant);
    const memory = inMemoryFor(version);
    const ifNoneMatch = c.req.header("if-none-match");

    let found = memory.get(keyUrl);
    if (!found) {
      const hit = await cache.match(new Request(keyUrl));
      if (hit) found = keep(memory, keyUrl, c.req.path, await hit.arrayBuffer(), hit.headers);
    }
    if (found) {
      const response = new Response(found.body, { status: 200, headers: found.headers });
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
    headers.delete("x-request-id");
    const response = new Response(body, { status: 200, headers });
    keep(memory, keyUrl, c.req.path, body, headers);
    const stored = cache.put(new Request(keyUrl), response.clone());
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

/**
 * The API's answer to an anonymous catalog read this isolate already holds, before any
 * routing or middleware: the variant is decided by the same functions the routes use
 * (languageOf, marketChoiceOf), and only 200s of cached routes are ever held, so a held key
 * stands for a request that was valid. Anything else (a miss, an unknown market, a bearer
 * token) returns null and goes through the API as usual.
 */
export async function heldCatalogRead(request: Request, env: Env): Promise<Response | null> {
  if (request.method !== "GET" || request.headers.has("authorization")) return null;
  if (!heldPaths.has(new URL(request.url).pathname)) return null;
  let config;
  try {
    config = appConfig(env);
  } catch {
    return null;
  }
  const db = createDb(env.DB);
  let version, markets;
  try {
    [version, markets] = await Promise.all([rememberedCacheVersion(db, config.CATALOG_VERSION_TTL_MS), listMarkets(db)]);
  } catch {
    // D1 is down: the API answers with its own problem.
    return null;
  }
  const choice = marketChoiceOf(request, markets, config.COUNTRY_OVERRIDE === "on");
  if (!choice.ok) return null;
  const found = inMemoryFor(version).get(cacheKeyUrl(request.url, "catalog", version, { language: languageOf(request), market: choice.market.id }));
  if (!found) return null;
  const requestId = requestIdOf(request);
  let response = new Response(found.body, { status: 200, headers: found.headers });
  response.headers.set("x-cache", "HIT");
  const etag = response.headers.get("etag");
  if (etag && etagMatches(request.headers.get("if-none-match") ?? undefined, etag)) response = notModified(response);
  // Not logged: a hit touches nothing a log line would help to debug, it is most of the
  // traffic, and the platform's own invocation log still records it.
  response.headers.set("x-request-id", requestId);
  return response;
}
