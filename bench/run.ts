/**
 * `npm run bench`: throughput and latency of the built Worker on this machine, the round trips
 * each route makes (the Worker's Server-Timing header), workerd's memory (idle, peak, settled,
 * and a leak check that runs the same mixed load twice), plus the checkout and stock
 * correctness checks under concurrency. Prints every "Edge-fast" target beside its measured
 * figure, PASS or FAIL. Writes bench/results.json and bench/RESULTS.md; exits non-zero only
 * when a correctness check fails, never for a missed speed target.
 *
 * `npm run bench -- --wan`: the same run with the Worker built from bench/wan-entry.ts, which
 * adds a round trip's latency to every D1, Durable Object and queue call (BENCH_WAN_D1_MS,
 * default 40; BENCH_WAN_DO_MS, 10; BENCH_WAN_QUEUE_MS, 10). Writes bench/results-wan.json and
 * the WAN section of bench/RESULTS.md.
 *
 * Env knobs: BENCH_DURATION (seconds per load phase, default 6), BENCH_WARMUP (1),
 * BENCH_CONNECTIONS (16), BENCH_SHOPPERS (60), BENCH_WAVE (20), BENCH_CONTENTION_SHOPPERS (50),
 * BENCH_CONTENTION_UNITS (10), BENCH_ROUTE_SAMPLES (sequential requests per route, 7),
 * BENCH_SETTLE_SECONDS (quiet time before a settled RSS reading, 15), BENCH_SETTLE_MAX_SECONDS
 * (60), BENCH_LEAK_GUESTS (new guest carts per leak-check round, 100), BENCH_OUT_DIR (where the
 * results go, default bench/), BENCH_BUILD=1 to force `npm run build` first.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { convertV4MiniflareOptions, Log, LogLevel, Miniflare } from "miniflare";
import { seedStockBySku } from "../scripts/seed-data.ts";
import { devAccounts } from "../scripts/seed.ts";
import {
  apiClient,
  buildBundle,
  freePort,
  gitRevision,
  machineFacts,
  mapLimit,
  percentile,
  root,
  sleep,
  startStorefront,
  STOREFRONT,
  type ApiClient,
  type Storefront,
} from "./lib/harness.ts";
import { runLoad, type LoadRequest, type LoadResult } from "./lib/load.ts";
import { Inspector } from "./lib/inspector.ts";
import { countObjects, findWorkerd, readRss, RssSampler, settleRss, type LeakRun, type LiveReading, type MemoryResults, type PhaseMemory } from "./lib/memory.ts";
import { renderResultsMarkdown, renderRouteTable, type BenchResults, type LoadRow } from "./lib/report.ts";
import { probeRoute, timedFetch, type RouteProbe, type Sample, type WanDelays } from "./lib/routes.ts";
import { evaluateTargets, targetTable, type RowKind } from "./lib/targets.ts";

const num = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const DURATION = num("BENCH_DURATION", 6);
const WARMUP = num("BENCH_WARMUP", 1);
const CONNECTIONS = num("BENCH_CONNECTIONS", 16);
const SHOPPERS = num("BENCH_SHOPPERS", 60);
const WAVE = num("BENCH_WAVE", 20);
const CONTENTION_SHOPPERS = Math.min(num("BENCH_CONTENTION_SHOPPERS", 50), SHOPPERS);
const CONTENTION_UNITS = num("BENCH_CONTENTION_UNITS", 10);
const HOT_CONCURRENCY = num("BENCH_HOT_CONCURRENCY", 50);
const SEQUENTIAL = num("BENCH_SEQUENTIAL", 5);
const ROUTE_SAMPLES = num("BENCH_ROUTE_SAMPLES", 7);
const SETTLE_SECONDS = num("BENCH_SETTLE_SECONDS", 15);
const SETTLE_MAX_SECONDS = Math.max(num("BENCH_SETTLE_MAX_SECONDS", 60), SETTLE_SECONDS + 10);
const LEAK_GUESTS = num("BENCH_LEAK_GUESTS", 100);
const OUT_DIR = process.env.BENCH_OUT_DIR ? resolve(root, process.env.BENCH_OUT_DIR) : join(root, "bench");
/** BENCH_GC=0: no inspector, so no readings after a forced collection. */
const FORCED_GC = process.env.BENCH_GC !== "0";

/** Like num(), but 0 is a valid setting (a WAN run without Durable Object latency, say). */
const ms = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
};
const WAN: WanDelays | null = process.argv.includes("--wan")
  ? { d1Ms: ms("BENCH_WAN_D1_MS", 40), doMs: ms("BENCH_WAN_DO_MS", 10), queueMs: ms("BENCH_WAN_QUEUE_MS", 10) }
  : null;
const MODE = WAN ? "wan" : "local";

const ADDRESS = { name: "Ada Lovelace", line1: "12 Analytical Row", city: "London", postalCode: "N1 9GU", country: "GB" };
const PASSWORD = "bench-password-123";
const MONOLITH_CHECKOUT = "3–5 s (the product brief: a ≈1 s card charge and a ≈2 s confirmation email inside the request)";

const log = (line = "") => console.log(line);
const failures: string[] = [];
function check(ok: boolean, what: string): boolean {
  log(`  ${ok ? "PASS" : "FAIL"}  ${what}`);
  if (!ok) failures.push(what);
  return ok;
}

// ── The ceiling: a hello-world Worker, same runtime, same harness ───────────

async function measureCeiling(): Promise<LoadResult> {
  const port = await freePort();
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: "127.0.0.1",
      port,
      log: new Log(LogLevel.ERROR),
      cf: false,
      workers: [
        {
          name: "hello",
          modules: true,
          script: `export default { fetch() { return new Response("ok") } }`,
          compatibilityDate: "2026-11-01",
        },
      ],
    }),
  );
  try {
    await mf.ready;
    return await runLoad({
      url: `http://127.0.0.1:${port}`,
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      warmupSeconds: WARMUP,
      requests: [{ path: "/" }],
    });
  } finally {
    await mf.dispose();
  }
}

// ── Catalog and pages ─────────────────────────────────────────────────────

async function sessionCookie(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, redirectTo: "/" }).toString(),
  });
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]!);
  const session = cookies.find((cookie) => cookie.startsWith("sf_session="));
  if (!session) throw new Error(`POST /login gave ${response.status} without a session cookie`);
  return cookies.join("; ");
}

async function xCacheOf(url: string, path: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${url}${path}`, { headers });
  await response.arrayBuffer();
  return `${response.status} ${response.headers.get("x-cache") ?? "-"}`;
}

interface Scenario {
  name: string;
  variant: LoadRow["variant"];
  /** Which target the row answers to, if any. */
  kind?: RowKind;
  how: string;
  requests: LoadRequest[];
  /** Path to probe before and after for the cache status (API scenarios only). */
  probe?: { path: string; expect: string; headers?: Record<string, string> };
}

async function measureScenario(url: string, scenario: Scenario, ceiling: LoadResult, rssMb: () => number): Promise<LoadRow> {
  const result = await runLoad({ url, connections: CONNECTIONS, durationSeconds: DURATION, warmupSeconds: WARMUP, requests: scenario.requests });
  let cacheCheck: string | undefined;
  if (scenario.probe) {
    const seen = await xCacheOf(url, scenario.probe.path, scenario.probe.headers);
    cacheCheck = seen;
    check(seen === `200 ${scenario.probe.expect}`, `${scenario.name} (${scenario.variant}): x-cache after the run is "${seen}", expected "200 ${scenario.probe.expect}"`);
  }
  const non2xx = Object.entries(result.statuses).filter(([status]) => !status.startsWith("2")).reduce((sum, [, n]) => sum + n, 0);
  check(non2xx === 0 && result.errors === 0, `${scenario.name} (${scenario.variant}): ${result.requests} responses, ${non2xx} non-2xx, ${result.errors} errors`);
  const row: LoadRow = {
    name: scenario.name,
    variant: scenario.variant,
    kind: scenario.kind,
    how: scenario.how,
    paths: [...new Set(scenario.requests.map((request) => request.path))],
    rps: result.rps,
    p50: result.p50,
    p90: result.p90,
    p99: result.p99,
    requests: result.requests,
    non2xx,
    errors: result.errors,
    ofCeiling: result.rps / ceiling.rps,
    cacheCheck,
    rssAfterMb: rssMb(),
  };
  log(`  ${pad(`${row.name} [${row.variant}]`, 44)} ${fmt(row.rps, 0).padStart(7)} req/s  p50 ${fmt(row.p50)} ms  p99 ${fmt(row.p99)} ms  (${(row.ofCeiling * 100).toFixed(1)}% of ceiling)  workerd ${fmt(row.rssAfterMb ?? NaN, 0)} MB`);
  return row;
}

// ── Shoppers, checkout, stock ─────────────────────────────────────────────

interface Shopper {
  email: string;
  token: string;
}

interface PlacedOrder {
  id: string;
  shopper: Shopper;
  acceptedAt: number;
  latencyMs: number;
}

interface OrderJson {
  id: string;
  status: string;
  history: { status: string; at: string }[];
  items: { sku: string; quantity: number }[];
}

const SETTLED = new Set(["paid", "payment_failed", "cancelled"]);

async function registerShoppers(api: ApiClient, count: number, runId: string): Promise<{ shoppers: Shopper[]; latencies: number[] }> {
  const latencies: number[] = [];
  const shoppers = await mapLimit(Array.from({ length: count }, (_, i) => i), 4, async (i) => {
    const email = `bench-${runId}-${i}@example.com`;
    const started = performance.now();
    const { accessToken } = await api.register(email, PASSWORD, `Bench Shopper ${i}`);
    latencies.push(performance.now() - started);
    return { email, token: accessToken };
  });
  return { shoppers, latencies };
}

async function addToCart(api: ApiClient, shopper: Shopper, sku: string, quantity = 1): Promise<void> {
  await api.call("POST", "/cart/items", { token: shopper.token, json: { sku, quantity }, expect: [200] });
}

let keyCounter = 0;
async function placeOrder(api: ApiClient, shopper: Shopper, token = "tok_visa") {
  keyCounter += 1;
  const result = await api.call<{ order: OrderJson; type?: string }>("POST", "/orders", {
    token: shopper.token,
    headers: { "idempotency-key": `bench-${Date.now().toString(36)}-${keyCounter}` },
    json: { shippingAddress: ADDRESS, payment: { method: "card", token } },
  });
  return { ...result, acceptedAt: Date.now() };
}

/** Polls GET /orders/:id (every 200 ms per order) until every order has settled. */
async function waitForSettled(api: ApiClient, orders: PlacedOrder[], timeoutMs: number): Promise<Map<string, OrderJson>> {
  const settled = new Map<string, OrderJson>();
  const deadline = Date.now() + timeoutMs;
  while (settled.size < orders.length && Date.now() < deadline) {
    const pending = orders.filter((order) => !settled.has(order.id));
    await mapLimit(pending, 16, async (order) => {
      const { body } = await api.call<OrderJson>("GET", `/orders/${order.id}`, { token: order.shopper.token, expect: [200] });
      if (SETTLED.has(body.status)) settled.set(order.id, body);
    });
    if (settled.size < orders.length) await sleep(200);
  }
  return settled;
}

function paidAt(order: OrderJson): number | null {
  const entry = order.history.find((item) => item.status === "paid");
  return entry ? Date.parse(entry.at) : null;
}

async function adminStock(api: ApiClient, adminToken: string, sku: string) {
  return (await api.call<{ onHand: number; reserved: number; available: number }>("GET", `/inventory/${sku}`, { token: adminToken, expect: [200] })).body;
}

interface GatewayStats {
  charges: number;
  succeeded: number;
  declined: number;
  duplicateChargeOrders: number;
  refunds: number;
}

// ── Round trips per route ─────────────────────────────────────────────────

interface ProbeContext {
  url: string;
  api: ApiClient;
  runId: string;
  listA: string;
  /** The product pages the load phases use (kept warm). */
  slugs: string[];
  /** Products no request has asked for yet: each is a page cache miss the first time. */
  freshSlugs: string[];
  /** SKUs with stock to spare that no correctness check counts. */
  skus: string[];
}

const withTiming = (result: { ms: number; status: number; headers: Headers }): Sample => ({
  ms: result.ms,
  status: result.status,
  serverTiming: result.headers.get("server-timing"),
});

/**
 * A new shopper's routes, one request at a time: the edge-cached reads, the product page
 * missed, anonymous and signed in, adding to the cart, the cart page, checkout and signing in.
 * Checkouts use SKUs of their own and are waited for until paid.
 */
async function probeRoutes(c: ProbeContext): Promise<RouteProbe[]> {
  const email = `bench-probe-${c.runId}@example.com`;
  const shopper: Shopper = { email, token: (await c.api.register(email, PASSWORD, "Bench Probe")).accessToken };
  const cookie = await sessionCookie(c.url, email, PASSWORD);
  const get = (path: string, headers: Record<string, string> = {}) => timedFetch(`${c.url}${path}`, { headers });
  const sku = (i: number) => c.skus[Math.abs(i) % c.skus.length]!;
  const orders: PlacedOrder[] = [];
  const probes: RouteProbe[] = [];
  const specs: Parameters<typeof probeRoute>[0][] = [
    { id: "api-cached", route: "cached API read", request: `GET ${c.listA}, anonymous`, warmup: 2, samples: ROUTE_SAMPLES, run: () => get(c.listA) },
    { id: "page-cached", route: "product page, anonymous, cached", request: `GET /p/${c.slugs[0]}, anonymous`, warmup: 2, samples: ROUTE_SAMPLES, run: () => get(`/p/${c.slugs[0]}`) },
    {
      id: "page-uncached",
      route: "product page, anonymous, uncached",
      request: "GET /p/<a product not yet asked for>, anonymous",
      warmup: 1,
      samples: Math.min(ROUTE_SAMPLES, c.freshSlugs.length - 1),
      run: (i) => get(`/p/${c.freshSlugs[i + 1]}`),
    },
    { id: "page-signed-in", route: "product page, signed in", request: `GET /p/${c.slugs[1]}, session cookie`, warmup: 1, samples: ROUTE_SAMPLES, run: () => get(`/p/${c.slugs[1]}`, { cookie }) },
    {
      id: "cart-add",
      route: "add to cart",
      request: "POST /api/v1/cart/items, bearer",
      warmup: 1,
      samples: ROUTE_SAMPLES,
      run: async (i) => withTiming(await c.api.call("POST", "/cart/items", { token: shopper.token, json: { sku: sku(i), quantity: 1 } })),
    },
    { id: "cart-page", route: "cart page", request: "GET /cart, session cookie", warmup: 1, samples: ROUTE_SAMPLES, run: () => get("/cart", { cookie }) },
    {
      id: "checkout",
      route: "checkout",
      request: "POST /api/v1/orders (one cart line), bearer",
      warmup: 1,
      samples: ROUTE_SAMPLES,
      run: async (i) => {
        await addToCart(c.api, shopper, sku(i));
        const result = await placeOrder(c.api, shopper);
        if (result.status === 202) orders.push({ id: result.body.order.id, shopper, acceptedAt: result.acceptedAt, latencyMs: result.ms });
        return withTiming(result);
      },
    },
    {
      id: "sign-in",
      route: "sign-in",
      request: "POST /login (the site's form)",
      warmup: 1,
      samples: ROUTE_SAMPLES,
      run: () =>
        timedFetch(`${c.url}/login`, {
          method: "POST",
          redirect: "manual",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ email, password: PASSWORD, redirectTo: "/" }).toString(),
        }),
    },
  ];
  for (const spec of specs) probes.push(await probeRoute(spec, WAN));
  // Its own SKUs, so no stock check counts them; settled before the load phases start.
  const settled = await waitForSettled(c.api, orders, 60_000);
  if (settled.size < orders.length) log(`  note: ${orders.length - settled.size} of the probe's ${orders.length} checkouts had not settled after 60 s`);
  return probes;
}

// ── The leak check's load ─────────────────────────────────────────────────

interface MixedLoad {
  url: string;
  api: ApiClient;
  /** Anonymous API reads (edge-cached) and the health check. */
  reads: string[];
  /** Product pages, requested anonymously and signed in. */
  pages: string[];
  cookie: string;
  shoppers: Shopper[];
  /** The SKU every cart line and checkout of the load uses (stock to spare). */
  sku: string;
}

const MIXED_LOAD_DESCRIPTION =
  "autocannon cycling the cached catalog reads, search, /health and the product pages (anonymous and signed in) for one load phase, " +
  "while, 4 at a time, new guest carts get a line each and every registered shopper empties their cart, adds a line and checks out (waited for until paid)";

async function mixedLoad(load: MixedLoad, round: number): Promise<Omit<LeakRun, "peakMb" | "settled" | "live">> {
  const requests: LoadRequest[] = [
    ...load.reads.map((path) => ({ path })),
    ...load.pages.map((path) => ({ path })),
    ...load.pages.map((path) => ({ path, headers: { cookie: load.cookie } })),
  ];
  const carts = async () => {
    await mapLimit(Array.from({ length: LEAK_GUESTS }, (_, i) => i), 4, async () => {
      const { body } = await load.api.call<{ cartToken: string }>("POST", "/cart/guest", { expect: [201] });
      await load.api.call("POST", "/cart/items", { headers: { "x-cart-token": body.cartToken }, json: { sku: load.sku, quantity: 1 }, expect: [200] });
    });
    const placed = await mapLimit(load.shoppers, 4, async (shopper): Promise<PlacedOrder | null> => {
      await load.api.call("DELETE", "/cart", { token: shopper.token, expect: [204] });
      await addToCart(load.api, shopper, load.sku);
      const result = await placeOrder(load.api, shopper);
      return result.status === 202 ? { id: result.body.order.id, shopper, acceptedAt: result.acceptedAt, latencyMs: result.ms } : null;
    });
    const orders = placed.filter((order): order is PlacedOrder => order !== null);
    const settled = await waitForSettled(load.api, orders, 60_000);
    return { checkouts: orders.length, paid: [...settled.values()].filter((order) => order.status === "paid").length };
  };
  const [result, checkouts] = await Promise.all([
    runLoad({ url: load.url, connections: CONNECTIONS, durationSeconds: DURATION, warmupSeconds: 0, requests }),
    carts(),
  ]);
  const non2xx = Object.entries(result.statuses).filter(([status]) => !status.startsWith("2")).reduce((sum, [, n]) => sum + n, 0);
  return { round, requests: result.requests, rps: result.rps, non2xx, guestCarts: LEAK_GUESTS, ...checkouts };
}

// ── Main ──────────────────────────────────────────────────────────────────

async function main(): Promise<number> {
  const machine = machineFacts();
  const started = Date.now();
  log(`Benchmark on ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, workerd ${machine.workerd} (load average at start ${machine.loadAverage1mAtStart})`);
  log(`Each load phase: ${WARMUP} s warm-up + ${DURATION} s measured, ${CONNECTIONS} concurrent connections (autocannon in a child process).`);
  if (WAN) log(`WAN mode: every D1 call +${WAN.d1Ms} ms, every Durable Object call +${WAN.doMs} ms, every queue send +${WAN.queueMs} ms (bench/wan-entry.ts).`);

  log(`\n[1] Bundling the Worker (wrangler deploy --dry-run${WAN ? " bench/wan-entry.ts" : ""})…`);
  const bundle = buildBundle(log, { forceBuild: process.env.BENCH_BUILD === "1", entry: WAN ? "bench/wan-entry.ts" : undefined });
  const staleSiteBuild = bundle.staleSiteBuild;

  log("\n[2] Ceiling: hello-world Worker in the same runtime");
  const ceiling = await measureCeiling();
  log(`  ${pad("hello world", 44)} ${fmt(ceiling.rps, 0).padStart(7)} req/s  p50 ${fmt(ceiling.p50)} ms  p99 ${fmt(ceiling.p99)} ms`);

  log("\n[3] Starting the storefront (Miniflare, fresh state, migrations, demo catalog)…");
  const runId = Date.now().toString(36);
  const inspectorPort = FORCED_GC ? await freePort() : undefined;
  const sf: Storefront = await startStorefront(bundle, {
    inspectorPort,
    label: WAN ? "bench-wan" : "bench",
    log,
    wan: WAN ?? undefined,
    vars: {
      // The Worker's own count of D1, Durable Object and queue round trips per response.
      SERVER_TIMING: "on",
      PAYMENT_LATENCY_MS: "1000",
      EMAIL_LATENCY_MS: "2000",
      PAYMENT_FAILURE_RATE: "0",
      PAYMENT_ERROR_RATE: "0",
      EMAIL_FAILURE_RATE: "0",
      LOGIN_FAILURES_PER_CLIENT: "100000",
      LOGIN_FAILURES_PER_ACCOUNT: "100000",
      // The run signs in once and holds its tokens (and a fixed session cookie) for minutes.
      ACCESS_TOKEN_TTL_SECONDS: "3600",
      AUTH_ATTEMPTS_PER_CLIENT: "100000",
      REGISTRATIONS_PER_CLIENT: "100000",
    },
  });
  // workerd's memory: sampled every 200 ms from here on.
  const pid = findWorkerd();
  const sampler = new RssSampler(pid);
  const lastQueueBatch = () => sf.queueBatches.at(-1)?.at ?? 0;
  const settle = () => settleRss(pid, { minSeconds: SETTLE_SECONDS, maxSeconds: SETTLE_MAX_SECONDS, lastActivity: lastQueueBatch });
  const phases: PhaseMemory[] = [];
  const markPhase = (phase: string) => {
    const peak = sampler.takePhasePeak();
    const now = readRss(pid);
    phases.push({ phase, rssMb: now.rssMb, peakMb: peak.rssMb });
    log(`  workerd RSS ${fmt(now.rssMb, 0)} MB, peak during this phase ${fmt(peak.rssMb, 0)} MB`);
  };
  try {
    log(pid === null ? "  workerd's process not found under this one (no /proc?): memory figures are n/a" : `  workerd pid ${pid}; waiting for it to settle…`);
    const idle = await settle();
    sampler.takePhasePeak();
    // The inspector is opened once, now, and only asked for heap figures and collections.
    const inspector = inspectorPort === undefined ? null : await Inspector.connect(inspectorPort).catch(() => null);
    const idleStorefrontHeap = (await inspector?.heaps())?.["core:user:storefront"] ?? null;
    log(`  idle RSS (after start, migrations and seeding): ${fmt(idle.sample.rssMb, 0)} MB; the storefront isolate's JS heap ${idleStorefrontHeap ? `${fmt(idleStorefrontHeap.usedMb, 0)} MB used of ${fmt(idleStorefrontHeap.totalMb, 0)} MB` : "n/a"}`);

    const api = apiClient(sf.url);
    const url = sf.url;
    const admin = devAccounts().find((account) => account.role === "admin")!;
    const adminToken = (await api.login(admin.email, admin.password)).accessToken;

    // A signed-in reader: the Authorization header (API) and session cookie (site) bypass the edge cache.
    await api.register(`bench-reader-${runId}@example.com`, PASSWORD, "Bench Reader");
    const readerToken = (await api.login(`bench-reader-${runId}@example.com`, PASSWORD)).accessToken;
    const cookie = await sessionCookie(url, `bench-reader-${runId}@example.com`, PASSWORD);
    const bearer = { authorization: `Bearer ${readerToken}` };

    const categories = (await api.call<{ items: { slug: string; productCount: number }[] }>("GET", "/categories", { expect: [200] })).body.items;
    const category = [...categories].sort((a, b) => b.productCount - a.productCount)[0]!.slug;
    const listing = (await api.call<{ items: { slug: string }[] }>("GET", "/products?sort=rating&limit=8", { expect: [200] })).body.items;
    const slugs = listing.slice(0, 5).map((item) => item.slug);
    const searches = ["headphones", "merino wool", "trail shoe", "cast iron", "hedphones", "sleeping"];

    const listA = "/api/v1/products?sort=price_asc&inStock=true&limit=20";
    const listB = `/api/v1/products?category=${category}&sort=rating&limit=20`;
    const searchRequests = searches.map((q) => ({ path: `/api/v1/search?q=${encodeURIComponent(q)}` }));
    const pageRequests = slugs.map((slug) => ({ path: `/p/${slug}` }));

    const scenarios: Scenario[] = [
      { name: "GET /api/v1/health", variant: "reference", kind: "health", how: "the API's floor: Hono, its middleware and one D1 query, no cache", requests: [{ path: "/api/v1/health" }] },
      { name: "GET /products (sort+filter)", variant: "cached", kind: "api-cached", how: "anonymous: edge cache (Cache API) HIT", requests: [{ path: listA }], probe: { path: listA, expect: "HIT" } },
      { name: "GET /products (sort+filter)", variant: "uncached", kind: "api-uncached", how: "Authorization: Bearer … (edge cache BYPASS: D1 every time)", requests: [{ path: listA, headers: bearer }], probe: { path: listA, expect: "BYPASS", headers: bearer } },
      { name: "GET /products (category)", variant: "cached", kind: "api-cached", how: "anonymous: edge cache HIT", requests: [{ path: listB }], probe: { path: listB, expect: "HIT" } },
      { name: "GET /products (category)", variant: "uncached", kind: "api-uncached", how: "Authorization: Bearer … (BYPASS)", requests: [{ path: listB, headers: bearer }], probe: { path: listB, expect: "BYPASS", headers: bearer } },
      { name: `GET /search (${searches.length} queries rotated)`, variant: "cached", kind: "api-cached", how: "anonymous: edge cache HIT", requests: searchRequests, probe: { path: searchRequests[0]!.path, expect: "HIT" } },
      { name: `GET /search (${searches.length} queries rotated)`, variant: "uncached", kind: "api-uncached", how: "Authorization: Bearer … (BYPASS: FTS5 every time)", requests: searchRequests.map((request) => ({ ...request, headers: bearer })), probe: { path: searchRequests[0]!.path, expect: "BYPASS", headers: bearer } },
      { name: `GET /p/<slug> SSR (${slugs.length} products)`, variant: "cached", kind: "page-anonymous", how: "anonymous visitor: whatever the Worker caches for anonymous visitors applies", requests: pageRequests },
      { name: `GET /p/<slug> SSR (${slugs.length} products)`, variant: "uncached", kind: "page-signed-in", how: "signed-in visitor (session cookie): Remix renders, API reads bypass the cache, plus the user's header data", requests: pageRequests.map((request) => ({ ...request, headers: { cookie } })) },
    ];

    log(`\n[4] Round trips per route: ${ROUTE_SAMPLES} sequential requests each, on the idle storefront${WAN ? " (WAN latency added)" : ""}`);
    const everySlug = (await api.call<{ items: { slug: string }[] }>("GET", "/products?sort=price_asc&limit=60", { expect: [200] })).body.items.map((item) => item.slug);
    const probeSkus = Object.entries(seedStockBySku())
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
      .slice(22, 25)
      .map(([sku]) => sku);
    const routes = await probeRoutes({ url, api, runId, listA, slugs, freshSlugs: everySlug.filter((slug) => !slugs.includes(slug)), skus: probeSkus });
    for (const line of renderRouteTable(routes, WAN)) log(`  ${line}`);
    markPhase("round trips per route");

    log("\n[5] Catalog API and product pages");
    const rows: LoadRow[] = [];
    for (const scenario of scenarios) rows.push(await measureScenario(url, scenario, ceiling, () => readRss(pid).rssMb));
    markPhase("catalog API and product pages");

    // ── Checkout ──
    log(`\n[6] Checkout: ${SHOPPERS} shoppers registered through the API, checking out in waves of ${WAVE} (gateway 1 s, email 2 s)`);
    const registration = await registerShoppers(api, SHOPPERS, runId);
    log(`  registered ${SHOPPERS} shoppers (POST /auth/register, Argon2id in the Worker): p50 ${fmt(percentile(registration.latencies, 50))} ms, 4 at a time`);

    const stock = seedStockBySku();
    const bySize = Object.entries(stock).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
    const hotSku = bySize[0]![0];
    const contentionSku = bySize[1]![0];
    const spreadSkus = bySize.slice(2, 22).map(([sku]) => sku);
    const startingStock = Object.fromEntries(await Promise.all(spreadSkus.map(async (sku) => [sku, (await adminStock(api, adminToken, sku)).onHand] as const)));

    // One shopper at a time first: the latencies of an idle system (an empty queue).
    const sequential: PlacedOrder[] = [];
    const sequentialToPaid: number[] = [];
    const sequentialSettled = new Map<string, OrderJson>();
    for (let i = 0; i < SEQUENTIAL; i++) {
      const shopper = registration.shoppers[i]!;
      await addToCart(api, shopper, spreadSkus[i % spreadSkus.length]!);
      const result = await placeOrder(api, shopper);
      if (result.status !== 202) {
        check(false, `sequential checkout answered ${result.status}: ${JSON.stringify(result.body).slice(0, 200)}`);
        continue;
      }
      const order = { id: result.body.order.id, shopper, acceptedAt: result.acceptedAt, latencyMs: result.ms };
      sequential.push(order);
      const settled = await waitForSettled(api, [order], 30_000);
      const final = settled.get(order.id);
      if (final) sequentialSettled.set(order.id, final);
      const at = final ? paidAt(final) : null;
      if (at !== null) sequentialToPaid.push(at - order.acceptedAt);
    }
    check(sequentialToPaid.length === SEQUENTIAL, `${SEQUENTIAL} checkouts one at a time: all paid (${sequentialToPaid.length})`);
    log(`  one at a time (${SEQUENTIAL}): 202 p50 ${fmt(percentile(sequential.map((o) => o.latencyMs), 50))} ms; 202 → paid p50 ${fmt(percentile(sequentialToPaid, 50))} ms`);

    // The same, with a code and two automatic promotions on every cart (decision 011: target
    // no more than 10 % slower). Deactivated afterwards, so the waves below price as before.
    const promotionIds: string[] = [];
    const benchCode = `BENCH${runId.toUpperCase().replace(/[^A-Z0-9]/g, "").slice(0, 20)}`;
    for (const promotion of [
      { name: "Bench code", code: benchCode, kind: "percent", value: 10, usageLimit: 1_000, perCustomerLimit: 5 },
      { name: "Bench automatic", kind: "fixed", value: 100 },
      { name: "Bench buy 2 get 1", kind: "buy_x_get_y", buyQuantity: 2, getQuantity: 1 },
    ]) {
      promotionIds.push((await api.call<{ id: string }>("POST", "/admin/promotions", { token: adminToken, json: promotion, expect: [201] })).body.id);
    }
    const promoted: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      const shopper = registration.shoppers[SEQUENTIAL + i]!;
      await addToCart(api, shopper, spreadSkus[i % spreadSkus.length]!);
      await api.call("POST", "/cart/discount", { token: shopper.token, json: { code: benchCode }, expect: [200] });
      const result = await placeOrder(api, shopper);
      if (result.status !== 202) {
        check(false, `checkout with promotions answered ${result.status}: ${JSON.stringify(result.body).slice(0, 200)}`);
        continue;
      }
      promoted.push(result.ms);
      const order = { id: result.body.order.id, shopper, acceptedAt: result.acceptedAt, latencyMs: result.ms };
      const final = (await waitForSettled(api, [order], 30_000)).get(order.id);
      if (final) sequentialSettled.set(order.id, final);
    }
    for (const id of promotionIds) await api.call("DELETE", `/admin/promotions/${id}`, { token: adminToken, expect: [204] });
    const plainP50 = percentile(sequential.map((o) => o.latencyMs), 50);
    const promotionsP50 = percentile(promoted, 50);
    const promotionsRatio = promotionsP50 / Math.max(1, plainP50);
    log(`  with a code and automatic promotions (${promoted.length}): 202 p50 ${fmt(promotionsP50)} ms (${((promotionsRatio - 1) * 100).toFixed(1)} % vs plain; target ≤ 10 %)`);

    const batchesBefore = sf.queueBatches.length;
    const placed: PlacedOrder[] = [];
    const checkoutLatencies: number[] = [];
    const toPaid: number[] = [];
    let checkoutNon202 = 0;
    for (let first = 0; first < SHOPPERS; first += WAVE) {
      const wave = registrationSlice(SHOPPERS, first, WAVE);
      await Promise.all(wave.map((i) => addToCart(api, registration.shoppers[i]!, spreadSkus[i % spreadSkus.length]!)));
      const results = await Promise.all(wave.map((i) => placeOrder(api, registration.shoppers[i]!)));
      const waveOrders: PlacedOrder[] = [];
      results.forEach((result, j) => {
        if (result.status !== 202) {
          checkoutNon202 += 1;
          log(`  checkout answered ${result.status}: ${JSON.stringify(result.body).slice(0, 300)}`);
          return;
        }
        checkoutLatencies.push(result.ms);
        waveOrders.push({ id: result.body.order.id, shopper: registration.shoppers[wave[j]!]!, acceptedAt: result.acceptedAt, latencyMs: result.ms });
      });
      const settled = await waitForSettled(api, waveOrders, 60_000);
      for (const order of waveOrders) {
        const final = settled.get(order.id);
        const at = final ? paidAt(final) : null;
        if (at !== null) toPaid.push(at - order.acceptedAt);
      }
      placed.push(...waveOrders);
      log(`  wave ${first / WAVE + 1}: ${waveOrders.length} × 202, 202 p50 ${fmt(percentile(results.map((r) => r.ms), 50))} ms; ${[...settled.values()].filter((o) => o.status === "paid").length} paid`);
    }
    const allSettled = await waitForSettled(api, placed, 5_000);
    const paymentBatches = sf.queueBatches.slice(batchesBefore).filter((batch) => batch.queue === "storefront-payments");
    const paidCount = [...allSettled.values()].filter((order) => order.status === "paid").length;
    check(checkoutNon202 === 0, `every checkout answered 202 (${checkoutLatencies.length}/${SHOPPERS})`);
    check(paidCount === placed.length, `every order reached paid (${paidCount}/${placed.length})`);
    const soldPerSku: Record<string, number> = {};
    for (const order of [...allSettled.values(), ...sequentialSettled.values()]) {
      if (order.status !== "paid") continue;
      for (const item of order.items) soldPerSku[item.sku] = (soldPerSku[item.sku] ?? 0) + item.quantity;
    }
    const spreadAfter = await Promise.all(spreadSkus.map(async (sku) => [sku, await adminStock(api, adminToken, sku)] as const));
    const stockAddsUp = spreadAfter.every(([sku, level]) => level.onHand === startingStock[sku]! - (soldPerSku[sku] ?? 0) && level.reserved === 0);
    check(stockAddsUp, `stock adds up on the ${spreadSkus.length} SKUs sold (on hand = start − units paid, 0 reserved)`);

    const checkout = {
      shoppers: SHOPPERS,
      wave: WAVE,
      accepted: checkoutLatencies.length,
      paid: paidCount,
      acceptP50: percentile(checkoutLatencies, 50),
      acceptP99: percentile(checkoutLatencies, 99),
      acceptMax: Math.max(...checkoutLatencies),
      toPaidP50: percentile(toPaid, 50),
      toPaidP99: percentile(toPaid, 99),
      toPaidMax: Math.max(...toPaid),
      sequential: SEQUENTIAL,
      sequentialAcceptP50: percentile(sequential.map((order) => order.latencyMs), 50),
      sequentialToPaidP50: percentile(sequentialToPaid, 50),
      sequentialPromotionsAcceptP50: promotionsP50,
      promotionsSlowdown: promotionsRatio - 1,
      paymentBatches: paymentBatches.length,
      paymentBatchMeanSize: paymentBatches.reduce((sum, batch) => sum + batch.size, 0) / Math.max(1, paymentBatches.length),
      paymentBatchMeanMs: paymentBatches.reduce((sum, batch) => sum + batch.ms, 0) / Math.max(1, paymentBatches.length),
      registerP50: percentile(registration.latencies, 50),
      registerP99: percentile(registration.latencies, 99),
      monolith: MONOLITH_CHECKOUT,
      gatewayLatencyMs: 1000,
      emailLatencyMs: 2000,
      orderIds: placed.map((order) => order.id),
      acceptedAt: Object.fromEntries(placed.map((order) => [order.id, order.acceptedAt])),
    };
    log(`  POST /orders → 202: p50 ${fmt(checkout.acceptP50)} ms, p99 ${fmt(checkout.acceptP99)} ms   (monolith: ${MONOLITH_CHECKOUT})`);
    log(`  202 → paid:         p50 ${fmt(checkout.toPaidP50)} ms, p99 ${fmt(checkout.toPaidP99)} ms`);
    log(`  payments queue during the waves: ${checkout.paymentBatches} batches, mean ${fmt(checkout.paymentBatchMeanSize)} messages, mean ${fmt(checkout.paymentBatchMeanMs, 0)} ms each (Miniflare delivers one batch per queue at a time)`);

    // ── Hot SKU ──
    markPhase("checkout");

    log("\n[7] One hot SKU");
    const hotDoSku = `BENCH-HOT-${runId.toUpperCase()}`;
    await sf.driver(`/initialize?sku=${hotDoSku}&onHand=1000000`);
    const burst = await sf.driver<{ ok: number; refused: number; elapsedMs: number; latencies: number[]; completions: number[] }>("/hot-reserve", {
      json: { sku: hotDoSku, durationMs: DURATION * 1000, concurrency: HOT_CONCURRENCY, ttlSeconds: 900, prefix: `bench-${runId}-` },
    });
    const inWindow = (from: number, to: number) => burst.completions.filter((t) => t >= from && t < to).length / ((to - from) / 1000);
    const hotDirect = {
      sku: hotDoSku,
      path: "Inventory.reserve() over Durable Object RPC, from a bench-only Worker inside the same workerd (no HTTP, no Node hop)",
      reservations: burst.ok,
      refused: burst.refused,
      concurrency: HOT_CONCURRENCY,
      elapsedMs: burst.elapsedMs,
      perSecond: burst.ok / (burst.elapsedMs / 1000),
      p50: percentile(burst.latencies, 50),
      p99: percentile(burst.latencies, 99),
      firstSecondPerSecond: inWindow(0, 1000),
      lastSecondPerSecond: inWindow(burst.elapsedMs - 1000, burst.elapsedMs),
    };
    check(burst.refused === 0 && burst.ok > 0, `hot SKU (DO RPC): ${burst.ok} reservations held, ${burst.refused} refused`);
    const hotLevels = (await sf.driver<Record<string, { onHand: number; reserved: number }>>(`/stock?sku=${hotDoSku}`))[hotDoSku]!;
    check(hotLevels.reserved === burst.ok, `hot SKU (DO RPC): the object counts ${hotLevels.reserved} reserved`);
    log(`  DO RPC: ${burst.ok} reservations in ${fmt(burst.elapsedMs, 0)} ms = ${fmt(hotDirect.perSecond, 0)}/s at ${HOT_CONCURRENCY} in flight (call p50 ${fmt(hotDirect.p50)} ms, p99 ${fmt(hotDirect.p99)} ms)`);

    // Through the API: every shopper checks out one unit of the same SKU at once.
    await api.call("PUT", `/inventory/${hotSku}`, { token: adminToken, json: { onHand: 10_000 }, expect: [200] });
    await Promise.all(registration.shoppers.map((shopper) => addToCart(api, shopper, hotSku)));
    const hotStarted = performance.now();
    const hotResults = await Promise.all(registration.shoppers.map((shopper) => placeOrder(api, shopper)));
    const hotElapsed = performance.now() - hotStarted;
    const hotAccepted = hotResults.filter((result) => result.status === 202);
    const hotApi = {
      sku: hotSku,
      path: `POST /api/v1/orders: ${SHOPPERS} shoppers at once, one unit each of ${hotSku}`,
      checkouts: hotAccepted.length,
      elapsedMs: hotElapsed,
      perSecond: hotAccepted.length / (hotElapsed / 1000),
      p50: percentile(hotResults.map((result) => result.ms), 50),
      p99: percentile(hotResults.map((result) => result.ms), 99),
    };
    check(hotAccepted.length === SHOPPERS, `hot SKU (API): ${hotAccepted.length}/${SHOPPERS} checkouts answered 202`);
    log(`  API:    ${hotAccepted.length} checkouts of ${hotSku} in ${fmt(hotElapsed, 0)} ms = ${fmt(hotApi.perSecond, 1)}/s (202 p50 ${fmt(hotApi.p50)} ms, p99 ${fmt(hotApi.p99)} ms)`);
    const hotOrders: PlacedOrder[] = hotResults.flatMap((result, i) =>
      result.status === 202 ? [{ id: result.body.order.id, shopper: registration.shoppers[i]!, acceptedAt: result.acceptedAt, latencyMs: result.ms }] : [],
    );
    const hotSettled = await waitForSettled(api, hotOrders, 60_000);
    check(hotSettled.size === hotOrders.length && [...hotSettled.values()].every((order) => order.status === "paid"), `hot SKU (API): all ${hotOrders.length} orders paid before the contention run`);

    // ── Contention ──
    markPhase("hot SKU");

    log(`\n[8] Contention: ${CONTENTION_SHOPPERS} shoppers, ${CONTENTION_UNITS} units of ${contentionSku}, all at once`);
    await api.call("PUT", `/inventory/${contentionSku}`, { token: adminToken, json: { onHand: CONTENTION_UNITS }, expect: [200] });
    const contenders = registration.shoppers.slice(0, CONTENTION_SHOPPERS);
    await Promise.all(contenders.map((shopper) => addToCart(api, shopper, contentionSku)));
    const statsBefore = await sf.driver<GatewayStats>("/gateway-stats");
    const contestResults = await Promise.all(contenders.map((shopper) => placeOrder(api, shopper)));
    const won = contestResults.flatMap((result, i) => (result.status === 202 ? [{ id: result.body.order.id, shopper: contenders[i]!, acceptedAt: result.acceptedAt, latencyMs: result.ms }] : []));
    const refused409 = contestResults.filter((result) => result.status === 409 && (result.body as { type?: string }).type?.endsWith("/insufficient-stock")).length;
    const otherStatuses = contestResults.filter((result) => result.status !== 202 && result.status !== 409).map((result) => result.status);
    const contestSettled = await waitForSettled(api, won, 60_000);
    const contestPaid = [...contestSettled.values()].filter((order) => order.status === "paid").length;
    const contestLevels = await adminStock(api, adminToken, contentionSku);
    const statsAfter = await sf.driver<GatewayStats>("/gateway-stats");
    const d1 = await sf.mf.getD1Database("DB");
    const d1Copy = await d1.prepare("SELECT available FROM product_variants WHERE sku = ?").bind(contentionSku).first<{ available: number }>();
    const contention = {
      sku: contentionSku,
      shoppers: CONTENTION_SHOPPERS,
      units: CONTENTION_UNITS,
      accepted: won.length,
      refusedInsufficientStock: refused409,
      otherStatuses,
      paid: contestPaid,
      onHand: contestLevels.onHand,
      reserved: contestLevels.reserved,
      d1Available: d1Copy?.available ?? null,
      gatewayCharges: statsAfter.charges - statsBefore.charges,
      gatewaySucceeded: statsAfter.succeeded - statsBefore.succeeded,
      duplicateChargeOrders: statsAfter.duplicateChargeOrders,
      pass: false,
    };
    contention.pass =
      contention.accepted === CONTENTION_UNITS &&
      contention.paid === CONTENTION_UNITS &&
      contention.refusedInsufficientStock === CONTENTION_SHOPPERS - CONTENTION_UNITS &&
      otherStatuses.length === 0 &&
      contention.onHand === 0 &&
      contention.reserved === 0 &&
      contention.gatewayCharges === CONTENTION_UNITS &&
      contention.gatewaySucceeded === CONTENTION_UNITS &&
      contention.duplicateChargeOrders === 0;
    check(
      contention.pass,
      `contention: ${contention.accepted} accepted, ${contention.paid} paid, ${contention.refusedInsufficientStock} refused (409 insufficient stock)${otherStatuses.length ? `, other statuses ${otherStatuses.join(",")}` : ""}; on hand ${contention.onHand}, reserved ${contention.reserved}, D1 copy ${contention.d1Available}; gateway charges ${contention.gatewayCharges} (succeeded ${contention.gatewaySucceeded}), duplicate-charge orders ${contention.duplicateChargeOrders}`,
    );

    markPhase("contention");

    // ── Emails of the checkout phase (delivered in the background meanwhile) ──
    // The confirmation is the payment_succeeded event's email, keyed by the payment attempt.
    const emailRows = await d1
      .prepare("SELECT p.order_id, e.status, e.sent_at FROM email_outbox e JOIN payments p ON e.dedupe_key = 'payment_succeeded:' || p.id")
      .all<{ order_id: string; status: string; sent_at: string | null }>();
    const toEmail: number[] = [];
    for (const row of emailRows.results) {
      const accepted = checkout.acceptedAt[row.order_id];
      if (accepted && row.sent_at) toEmail.push(Date.parse(row.sent_at) - accepted);
    }
    const emails = {
      confirmationsSent: toEmail.length,
      ofOrders: checkout.orderIds.length,
      toSentP50: percentile(toEmail, 50),
      toSentP99: percentile(toEmail, 99),
    };
    log(`\n  confirmation emails of the checkout phase sent so far: ${emails.confirmationsSent}/${emails.ofOrders}; 202 → email sent p50 ${fmt(emails.toSentP50)} ms, p99 ${fmt(emails.toSentP99)} ms`);

    check(sf.outbound.length === 0, `no request left 127.0.0.1 (outbound attempts blocked: ${sf.outbound.length})`);
    const gateway = await sf.driver<GatewayStats>("/gateway-stats");
    check(gateway.duplicateChargeOrders === 0, `simulated gateway: ${gateway.succeeded} charges succeeded, ${gateway.duplicateChargeOrders} orders charged twice`);

    // ── Memory: settled after the run, then the same mixed load twice (the leak check) ──
    log(`\n[9] workerd's memory: settled (${SETTLE_SECONDS} s without queue traffic, then two readings 3 s apart within 1 %), then one mixed load run twice`);
    const afterBench = await settle();
    sampler.takePhasePeak();
    log(`  settled after the benchmark: ${fmt(afterBench.sample.rssMb, 0)} MB (waited ${fmt(afterBench.waitedSeconds, 0)} s${afterBench.stable ? "" : ", still moving"})`);
    const poke = async () => {
      await Promise.all([
        fetch(`${url}/api/v1/health`).then((response) => response.arrayBuffer()),
        fetch(`${url}${listA}`).then((response) => response.arrayBuffer()),
        fetch(`${url}/p/${slugs[0]}`).then((response) => response.arrayBuffer()),
        fetch(`${url}/p/${slugs[0]}`, { headers: { cookie } }).then((response) => response.arrayBuffer()),
      ]);
    };
    const live = async (): Promise<LiveReading | null> => {
      if (!inspector) return null;
      const collected = await inspector.collectGarbage(poke);
      await sleep(1000);
      const sample = readRss(pid);
      const heaps = await inspector.heaps();
      const reading: LiveReading = {
        sample,
        isolatesCollected: collected.length,
        storefrontHeap: heaps["core:user:storefront"] ?? null,
        allHeapsUsedMb: Object.values(heaps).reduce((sum, heap) => sum + heap.usedMb, 0),
      };
      sampler.takePhasePeak();
      log(
        `  after a full collection in ${collected.length} isolates: ${fmt(sample.rssMb, 0)} MB; JS heaps in use ${fmt(reading.allHeapsUsedMb, 0)} MB, ` +
          `the storefront's ${reading.storefrontHeap ? `${fmt(reading.storefrontHeap.usedMb, 0)} MB of ${fmt(reading.storefrontHeap.totalMb, 0)} MB` : "n/a"}`,
      );
      return reading;
    };
    const afterBenchLive = await live();
    const mixed: MixedLoad = {
      url,
      api,
      reads: [listA, listB, ...searchRequests.map((request) => request.path), "/api/v1/health"],
      pages: pageRequests.map((request) => request.path),
      cookie,
      shoppers: registration.shoppers,
      sku: hotSku,
    };
    const leakRuns: LeakRun[] = [];
    for (const round of [1, 2]) {
      const run = await mixedLoad(mixed, round);
      const peak = sampler.takePhasePeak();
      const settled = await settle();
      sampler.takePhasePeak();
      log(
        `  round ${round}: ${run.requests} reads and pages (${fmt(run.rps, 0)} req/s, ${run.non2xx} non-2xx), ${run.guestCarts} new guest carts, ` +
          `${run.checkouts} checkouts (${run.paid} paid); peak ${fmt(peak.rssMb, 0)} MB, settled ${fmt(settled.sample.rssMb, 0)} MB (after ${fmt(settled.waitedSeconds, 0)} s)`,
      );
      leakRuns.push({ ...run, peakMb: peak.rssMb, settled, live: await live() });
    }
    inspector?.close();
    const settledReadings = [afterBench, ...leakRuns.map((run) => run.settled)].map((reading) => reading.sample.rssMb);
    const liveReadings = [afterBenchLive, ...leakRuns.map((run) => run.live)].map((reading) => reading?.sample.rssMb ?? NaN);
    const memory: MemoryResults = {
      pid,
      idle,
      idleStorefrontHeap,
      peak: sampler.peak,
      phases,
      afterBench,
      afterBenchLive,
      leakCheck: { load: MIXED_LOAD_DESCRIPTION, runs: leakRuns, ratio: leakRuns[1]!.settled.sample.rssMb / leakRuns[0]!.settled.sample.rssMb },
      objects: countObjects(sf.persistDir, STOREFRONT),
      settledMaxMb: Math.max(...settledReadings),
      liveMaxMb: Math.max(...liveReadings),
    };
    sampler.stop();
    log(`  Durable Objects created in this run: ${Object.entries(memory.objects).map(([name, count]) => `${name} ${count}`).join(", ")}`);

    const targets = evaluateTargets({
      mode: MODE,
      ceilingRps: ceiling.rps,
      rows,
      checkout: { wave: WAVE, acceptP99: checkout.acceptP99, sequentialAcceptP50: checkout.sequentialAcceptP50, sequential: SEQUENTIAL },
      routes,
      memory: {
        settledMaxMb: memory.settledMaxMb,
        firstSettledMb: leakRuns[0]!.settled.sample.rssMb,
        secondSettledMb: leakRuns[1]!.settled.sample.rssMb,
        liveMaxMb: memory.liveMaxMb,
        firstLiveMb: leakRuns[0]!.live?.sample.rssMb ?? NaN,
        secondLiveMb: leakRuns[1]!.live?.sample.rssMb ?? NaN,
      },
    });

    const results: BenchResults = {
      mode: MODE,
      wan: WAN,
      generatedAt: new Date().toISOString(),
      revision: gitRevision() + (staleSiteBuild ? " (site build older than web/)" : ""),
      machine,
      settings: { durationSeconds: DURATION, warmupSeconds: WARMUP, connections: CONNECTIONS },
      ceiling: { rps: ceiling.rps, p50: ceiling.p50, p90: ceiling.p90, p99: ceiling.p99, requests: ceiling.requests },
      rows,
      routes,
      memory,
      targets,
      checkout: { ...checkout, waves: Math.ceil(SHOPPERS / WAVE), orderIds: undefined, acceptedAt: undefined },
      emails,
      hotSku: { direct: hotDirect, api: hotApi },
      contention,
      gateway,
      workerLogs: sf.logs,
      outboundRequests: sf.outbound.length,
      failures,
      loadAverage1mAtEnd: Math.round(os.loadavg()[0]! * 100) / 100,
      totalSeconds: (Date.now() - started) / 1000,
    };
    // Each mode keeps its own figures; RESULTS.md shows the local run with the WAN run after it.
    mkdirSync(OUT_DIR, { recursive: true });
    const localFile = join(OUT_DIR, "results.json");
    const wanFile = join(OUT_DIR, "results-wan.json");
    writeFileSync(WAN ? wanFile : localFile, `${JSON.stringify(results, null, 2)}\n`);
    const readResults = (file: string) => (existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as BenchResults) : undefined);
    const local = WAN ? readResults(localFile) : results;
    const wanResults = WAN ? results : readResults(wanFile);
    writeFileSync(join(OUT_DIR, "RESULTS.md"), renderResultsMarkdown(local ?? results, { wan: local ? wanResults : undefined }));
    log(`\n${renderResultsMarkdown(results, { terminal: true })}`);
    log(`Targets (${WAN ? `WAN run: D1 +${WAN.d1Ms} ms, Durable Objects +${WAN.doMs} ms, queues +${WAN.queueMs} ms` : "local run"}); a missed target does not change the exit code:\n`);
    for (const line of targetTable(targets)) log(line);
    const rel = (file: string) => file.slice(root.length);
    log(`\nWrote ${rel(WAN ? wanFile : localFile)} and ${rel(join(OUT_DIR, "RESULTS.md"))} (${results.totalSeconds.toFixed(0)} s).`);
  } finally {
    await sf.dispose();
  }
  if (failures.length) {
    log(`\n${failures.length} correctness check(s) FAILED:`);
    for (const failure of failures) log(`  - ${failure}`);
  }
  return failures.length === 0 ? 0 : 1;
}

function registrationSlice(total: number, first: number, size: number): number[] {
  return Array.from({ length: Math.min(size, total - first) }, (_, j) => first + j);
}

function fmt(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
