/**
 * Whole-page caching for anonymous visitors (docs/decisions/016-edge-caching.md).
 *
 * A catalog page (home, listings, search, product) is the same for every anonymous visitor of
 * one market reading one language, so the Worker keeps the rendered page, keyed by the catalog
 * version, the visitor's market and the URL (whose prefix is the language). A hit renders
 * nothing and reads nothing: the version and the markets are remembered by the isolate.
 *
 * The site decides what may be kept: a catalog loader marks its response with
 * `X-Page-Cache: <market id>` when the visitor is anonymous and nothing sets a cookie
 * (web/app/lib/cache.server.ts). The Worker keeps the page only when that market is the one it
 * resolved for the key, so a page can never be filed under another market's key. The header is
 * internal and never reaches the browser.
 *
 * Every page carries its own CSP nonce. The kept body still holds the nonce it was rendered
 * with; a hit swaps in the request's fresh one. Nonces are 22 random base64url characters, so
 * the old one cannot occur in the page by chance.
 */
import { z } from "zod";
import { createDb } from "../factory";
import { appConfig } from "../env";
import { chooseMarket } from "../domain/markets";
import { listMarkets } from "../db/queries/markets";
import { chosenMarketOf, countryOf } from "../middleware/market";
import { rememberedCacheVersion } from "./edge-cache";
import { IsolateCache } from "./isolate-cache";

/** The internal mark a catalog page's response carries when it may be kept (see above). */
export const PAGE_CACHE_HEADER = "x-page-cache";

/** Where a cacheable page request would be kept. */
export interface PageSlot {
  key: string;
  marketId: string;
}

interface KeptPage {
  status: number;
  headers: [string, string][];
  /** The body's bytes cut at the nonce it was rendered with, so a hit joins them with a fresh one. */
  parts: Uint8Array[];
  bytes: number;
}

const MEMORY_TTL_MS = 60_000;
/** 400 pages or 16 MB per isolate, whichever comes first (a product page is ~40 KB). */
const kept = new IsolateCache<KeptPage>({ maxEntries: 400, maxBytes: 16 * 1024 * 1024 });
let keptVersion = -1;
const encoder = new TextEncoder();

/**
 * The site's own state lives in `sf_`-prefixed cookies (session, guest cart, guest order link,
 * the read-your-writes bookmark). Any of them, under any prefix, makes the page the visitor's
 * own: it is rendered, never shared. Names are trimmed as the cookie parser trims them.
 */
function carriesSiteState(cookieHeader: string | null): boolean {
  if (!cookieHeader) return false;
  return cookieHeader.split(";").some((part) => {
    const name = part.split("=", 1)[0]!.trim().replace(/^__(?:Host|Secure)-/, "");
    return name.startsWith("sf_");
  });
}

function sortedQuery(url: URL): string {
  const params = [...url.searchParams.entries()].sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  const query = new URLSearchParams(params).toString();
  return query ? `?${query}` : "";
}

/**
 * The slot a GET page request would be kept in, or null when the visitor carries site state
 * (signed in, a cart, a recent write) or the request is not a GET. A failure to resolve the
 * market (D1 down) renders the page as usual.
 */
export async function pageSlot(request: Request, env: Env): Promise<PageSlot | null> {
  if (request.method !== "GET") return null;
  const cookie = request.headers.get("cookie");
  if (carriesSiteState(cookie)) return null;
  const config = appConfig(env);
  const db = createDb(env.DB);
  try {
    const [version, markets] = await Promise.all([rememberedCacheVersion(db, config.CATALOG_VERSION_TTL_MS), listMarkets(db)]);
    const choice = chooseMarket(markets, { preferred: chosenMarketOf(cookie), country: countryOf(request, config.COUNTRY_OVERRIDE === "on") });
    if (!choice.ok || markets.length === 0) return null;
    if (version !== keptVersion) {
      // Pages kept under an older version can never be asked for again.
      kept.clear();
      keptVersion = version;
    }
    const url = new URL(request.url);
    return { key: `${url.origin}/__page-cache/v${version}/${choice.market.id}${url.pathname}${sortedQuery(url)}`, marketId: choice.market.id };
  } catch {
    return null;
  }
}

/** workers-types' `caches.default`, which the DOM lib in tsconfig hides from the global type. */
const defaultCache = (): Cache => (caches as unknown as { default: Cache }).default;

/**
 * The Cache API copy carries the page's own headers and the nonce it was rendered with in one
 * internal header, and is stored as plainly public for a minute: a page priced by country is
 * private to browsers, and its `Vary: Cookie` means nothing to a key with no cookie in it.
 */
const META_HEADER = "x-page-meta";
const pageMetaSchema = z.object({ headers: z.array(z.tuple([z.string(), z.string()])), nonce: z.string() });

function cutAt(body: string, nonce: string): { parts: Uint8Array[]; bytes: number } {
  const parts = body.split(nonce).map((part) => encoder.encode(part));
  return { parts, bytes: parts.reduce((sum, part) => sum + part.byteLength, 0) };
}

function joined(page: KeptPage, nonce: string): Uint8Array<ArrayBuffer> {
  const nonceBytes = encoder.encode(nonce);
  const body = new Uint8Array(page.bytes + nonceBytes.byteLength * (page.parts.length - 1));
  let at = 0;
  page.parts.forEach((part, index) => {
    if (index > 0) {
      body.set(nonceBytes, at);
      at += nonceBytes.byteLength;
    }
    body.set(part, at);
    at += part.byteLength;
  });
  return body;
}

function answer(page: KeptPage, nonce: string, cacheStatus: "HIT" | "MISS"): Response {
  const response = new Response(joined(page, nonce), { status: page.status, headers: page.headers });
  response.headers.set("x-cache", cacheStatus);
  return response;
}

/** The kept page for this slot, from this isolate or the data centre's cache, with `nonce` in it. */
export async function keptPage(slot: PageSlot, nonce: string): Promise<Response | null> {
  const inMemory = kept.get(slot.key);
  if (inMemory) return answer(inMemory, nonce, "HIT");
  const hit = await defaultCache().match(new Request(slot.key));
  if (!hit) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(hit.headers.get(META_HEADER) ?? "null");
  } catch {
    return null;
  }
  const meta = pageMetaSchema.safeParse(raw);
  if (!meta.success) return null;
  const page: KeptPage = { status: 200, headers: meta.data.headers, ...cutAt(await hit.text(), meta.data.nonce) };
  kept.set(slot.key, page, page.bytes + 1024, MEMORY_TTL_MS);
  return answer(page, nonce, "HIT");
}

/**
 * Keeps a freshly rendered page when the site marked it for this slot's market, and always
 * takes the internal mark off. Returns the response to send.
 */
export async function keepPage(slot: PageSlot | null, response: Response, nonce: string, ctx: ExecutionContext): Promise<Response> {
  const mark = response.headers.get(PAGE_CACHE_HEADER);
  if (mark === null) return response;
  const headers = new Headers(response.headers);
  headers.delete(PAGE_CACHE_HEADER);
  if (!slot || mark !== slot.marketId || response.status !== 200 || headers.has("set-cookie")) {
    return new Response(response.body, { status: response.status, headers });
  }
  const body = await response.text();
  const page: KeptPage = { status: 200, headers: [...headers], ...cutAt(body, nonce) };
  kept.set(slot.key, page, page.bytes + 1024, MEMORY_TTL_MS);

  // Other isolates in the data centre get it from the Cache API.
  const stored = new Response(body, {
    status: 200,
    headers: { "cache-control": "public, max-age=60", [META_HEADER]: JSON.stringify({ headers: page.headers, nonce }) },
  });
  ctx.waitUntil(defaultCache().put(new Request(slot.key), stored).catch(() => undefined));
  return answer(page, nonce, "MISS");
}
