/** Renders bench results as the committed bench/RESULTS.md (and the end-of-run table). */
import type { MachineFacts } from "./harness.ts";
import type { LiveReading, MemoryResults } from "./memory.ts";
import type { RouteProbe, WanDelays } from "./routes.ts";
import { targetTable, type RowKind, type TargetResult } from "./targets.ts";

export interface LoadRow {
  name: string;
  variant: "cached" | "uncached" | "reference";
  kind?: RowKind;
  how: string;
  paths: string[];
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  ofCeiling: number;
  cacheCheck?: string;
  /** workerd's RSS right after the row's load, MB. */
  rssAfterMb?: number;
}

export interface BenchResults {
  /** Absent in results written before the WAN mode existed (a local run). */
  mode?: "local" | "wan";
  wan?: WanDelays | null;
  routes?: RouteProbe[];
  memory?: MemoryResults;
  targets?: TargetResult[];
  generatedAt: string;
  revision: string;
  machine: MachineFacts;
  settings: { durationSeconds: number; warmupSeconds: number; connections: number };
  ceiling: { rps: number; p50: number; p90: number; p99: number; requests: number };
  rows: LoadRow[];
  checkout: {
    shoppers: number;
    wave: number;
    accepted: number;
    paid: number;
    acceptP50: number;
    acceptP99: number;
    acceptMax: number;
    toPaidP50: number;
    toPaidP99: number;
    toPaidMax: number;
    registerP50: number;
    registerP99: number;
    sequential: number;
    sequentialAcceptP50: number;
    sequentialToPaidP50: number;
    paymentBatches: number;
    paymentBatchMeanSize: number;
    paymentBatchMeanMs: number;
    monolith: string;
    waves: number;
    gatewayLatencyMs: number;
    emailLatencyMs: number;
    [key: string]: unknown;
  };
  emails: { confirmationsSent: number; ofOrders: number; toSentP50: number; toSentP99: number };
  hotSku: {
    direct: {
      sku: string;
      path: string;
      reservations: number;
      refused: number;
      concurrency: number;
      elapsedMs: number;
      perSecond: number;
      p50: number;
      p99: number;
      firstSecondPerSecond: number;
      lastSecondPerSecond: number;
    };
    api: { sku: string; path: string; checkouts: number; elapsedMs: number; perSecond: number; p50: number; p99: number };
  };
  contention: {
    sku: string;
    shoppers: number;
    units: number;
    accepted: number;
    refusedInsufficientStock: number;
    otherStatuses: number[];
    paid: number;
    onHand: number;
    reserved: number;
    d1Available: number | null;
    gatewayCharges: number;
    gatewaySucceeded: number;
    duplicateChargeOrders: number;
    pass: boolean;
  };
  gateway: { charges: number; succeeded: number; declined: number; duplicateChargeOrders: number; refunds: number };
  workerLogs: { warn: number; error: number; samples: string[] };
  outboundRequests: number;
  failures: string[];
  loadAverage1mAtEnd: number;
  totalSeconds: number;
}

const n = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");
const trips = (value: number | null, range: [number, number] | null = null) =>
  value === null ? "n/a" : range ? `${value} (${range[0]}–${range[1]})` : String(value);

/** Per-route targets, as the issue states them (routes without one show "–"). */
const ROUTE_TARGETS: Partial<Record<RouteProbe["id"], { text: string; ok: (probe: RouteProbe) => boolean | null }>> = {
  "api-cached": { text: "0 trips", ok: (p) => (p.d1Trips === null || p.doTrips === null || p.queueTrips === null ? null : p.d1Trips + p.doTrips + p.queueTrips === 0) },
  "page-cached": { text: "0 trips", ok: (p) => (p.d1Trips === null || p.doTrips === null || p.queueTrips === null ? null : p.d1Trips + p.doTrips + p.queueTrips === 0) },
  "cart-add": { text: "≤ 1 D1", ok: (p) => (p.d1Trips === null ? null : p.d1Trips <= 1) },
  checkout: { text: "≤ 3 D1", ok: (p) => (p.d1Trips === null ? null : p.d1Trips <= 3) },
  "page-signed-in": { text: "≤ 2 D1", ok: (p) => (p.d1Trips === null ? null : p.d1Trips <= 2) },
};

/**
 * Route, p50, the Worker's sequential round trips (median of the samples; the range when
 * they varied) and the target. In a WAN run, "beyond trips" is the p50 less what the counted
 * trips explain (trips × the added latency): the Worker's own time plus any wait its
 * header does not count (a Durable Object's own D1 call, say).
 */
export function renderRouteTable(routes: RouteProbe[], wan: WanDelays | null | undefined): string[] {
  const lines = [
    `| Route | Request | p50 ms | D1 trips | DO trips | queue trips |${wan ? " beyond trips ms |" : ""} Target | |`,
    `|---|---|---:|---:|---:|---:|${wan ? "---:|" : ""}---|---|`,
  ];
  for (const p of routes) {
    const target = ROUTE_TARGETS[p.id];
    const ok = target ? target.ok(p) : null;
    const verdict = target ? (ok === null ? "n/a" : ok ? "**PASS**" : "**FAIL**") : "";
    lines.push(
      `| ${p.route} | ${p.request} | ${n(p.p50)} | ${trips(p.d1Trips, p.d1TripsRange)} | ${trips(p.doTrips, p.doTripsRange)} | ${trips(p.queueTrips)} |` +
        `${wan ? ` ${p.unexplainedMs === null ? "n/a" : n(p.unexplainedMs)} |` : ""} ${target?.text ?? "–"} | ${verdict} |`,
    );
  }
  return lines;
}

function renderMemory(memory: MemoryResults, out: (line?: string) => void, terminal: boolean): void {
  const mb = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} MB` : "n/a");
  out("| Reading | workerd RSS | of which anonymous |");
  out("|---|---:|---:|");
  const idleHeap = memory.idleStorefrontHeap;
  out(`| idle: after start, migrations and seeding, settled${idleHeap ? ` (the storefront isolate's JS heap ${mb(idleHeap.usedMb)} of ${mb(idleHeap.totalMb)})` : ""} | ${mb(memory.idle.sample.rssMb)} | ${mb(memory.idle.sample.anonMb)} |`);
  for (const phase of memory.phases) out(`| peak during ${phase.phase} | ${mb(phase.peakMb)} | |`);
  out(`| peak over the run | ${mb(memory.peak.rssMb)} | ${mb(memory.peak.anonMb)} |`);
  const live = (reading: LiveReading | null | undefined, what: string) => {
    if (!reading) return;
    const heap = reading.storefrontHeap;
    out(`| ${what}, then a full collection in ${reading.isolatesCollected} isolates (JS heaps in use ${mb(reading.allHeapsUsedMb)}; the storefront's ${heap ? `${mb(heap.usedMb)} of ${mb(heap.totalMb)}` : "n/a"}) | ${mb(reading.sample.rssMb)} | ${mb(reading.sample.anonMb)} |`);
  };
  out(`| settled after the benchmark (${n(memory.afterBench.waitedSeconds, 0)} s) | ${mb(memory.afterBench.sample.rssMb)} | ${mb(memory.afterBench.sample.anonMb)} |`);
  live(memory.afterBenchLive, "settled after the benchmark");
  for (const run of memory.leakCheck.runs) {
    out(`| leak check round ${run.round}: peak | ${mb(run.peakMb)} | |`);
    out(`| leak check round ${run.round}: settled (${n(run.settled.waitedSeconds, 0)} s${run.settled.stable ? "" : ", still moving"}) | ${mb(run.settled.sample.rssMb)} | ${mb(run.settled.sample.anonMb)} |`);
    live(run.live, `leak check round ${run.round}`);
  }
  out();
  if (terminal) return;
  const first = memory.leakCheck.runs[0];
  out(`Leak check: ${memory.leakCheck.load}. Each round: ${first ? `${int(first.requests)} reads and pages, ${first.guestCarts} new guest carts, ${first.checkouts} checkouts` : "n/a"};`);
  out(`second settled reading ${n(memory.leakCheck.ratio * 100)} % of the first. Durable Objects created over the whole run (one SQLite`);
  out(`file each): ${Object.entries(memory.objects).map(([name, count]) => `${name} ${count}`).join(", ") || "n/a"}. RSS is VmRSS of the workerd process`);
  out("Miniflare started for the storefront (its other workers (the entry, asset, cache, D1 and R2 services) share it), sampled every 200 ms.");
  out();
}

function renderTargets(targets: TargetResult[], out: (line?: string) => void): void {
  for (const line of targetTable(targets)) out(line);
  out();
}
const int = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "n/a");

export function renderResultsMarkdown(r: BenchResults, options: { terminal?: boolean; wan?: BenchResults } = {}): string {
  const m = r.machine;
  const lines: string[] = [];
  const out = (line = "") => lines.push(line);

  if (!options.terminal) {
    out("# Benchmark results");
    out();
    out(`Generated by \`npm run bench\` (bench/run.ts) on ${r.generatedAt.slice(0, 10)}, revision ${r.revision}. `);
    out("Raw figures: [results.json](results.json). Fault runs: `npm run chaos` (bench/chaos.ts), which prints its counts and");
    out("exits non-zero on a violation; it writes nothing here.");
    out();
    if (r.targets) {
      out("## Targets (local run)");
      out();
      out("Measured by this run; a missed target is printed FAIL but never changes the exit code (only correctness checks do).");
      out(options.wan?.targets ? "The WAN run's verdicts are in its own section at the end." : "The WAN run (`npm run bench -- --wan`) has not been recorded here yet.");
      out();
      renderTargets(r.targets, out);
    }
    out("## Machine");
    out();
    out("| | |");
    out("|---|---|");
    out(`| CPU | ${m.cpuModel}, ${m.cores} cores |`);
    out(`| Memory | ${m.memoryGiB} GiB |`);
    out(`| OS | ${m.os} |`);
    out(`| Node | ${m.node} |`);
    out(`| workerd / Miniflare | ${m.workerd} / ${m.miniflare} |`);
    out(`| wrangler (bundling) / autocannon | ${m.wrangler} / ${m.autocannon} |`);
    out(`| 1-min load average at start / end | ${m.loadAverage1mAtStart} / ${r.loadAverage1mAtEnd} (other work shared the machine) |`);
    out(`| Date | ${m.date} |`);
    out();
    out("## How it is measured");
    out();
    out("- The Worker is bundled exactly as `wrangler deploy` bundles it (`wrangler deploy --dry-run --outdir`), then run in");
    out("  workerd through the Miniflare API (no `wrangler dev` and its proxy), configured from wrangler.toml by");
    out("  `unstable_getMiniflareWorkerOptions`: the same D1, R2, Durable Objects, Queues (with dead-letter queues), Cache API");
    out("  and static-assets router that production has. Fresh state per run (bench/tmp), migrations applied, demo catalog");
    out("  seeded (scripts/seed.ts, stock through the admin API). The Worker's outbound fetches are blocked and counted:");
    out(`  ${r.outboundRequests} were attempted.`);
    out(`- HTTP load: autocannon in a separate process, ${r.settings.connections} concurrent connections, ${r.settings.warmupSeconds} s warm-up then`);
    out(`  ${r.settings.durationSeconds} s measured per row; latencies are per response at sub-millisecond resolution. Load generator, workerd`);
    out(`  and the harness share the same ${m.cores} cores, so every row is CPU-bound and its latency is mostly queueing`);
    out(`  (≈ connections ÷ throughput).`);
    out("- Ceiling: a hello-world Worker (`export default { fetch() { return new Response(\"ok\") } }`) in its own Miniflare,");
    out("  same harness, same settings. It has no static-assets router in front; the storefront does (as in production).");
    out("- *cached*: anonymous requests, served from the Worker's caches (x-cache HIT checked after each API run; what a hit");
    out("  still costs in round trips is in the per-route table). *uncached*: the same requests with `Authorization: Bearer`");
    out("  (the cache is bypassed, x-cache BYPASS checked), i.e. D1 (and FTS5 for search) on every request. For product pages,");
    out("  *cached* is an anonymous visitor (whatever the Worker caches for anonymous visitors applies), *uncached* a signed-in");
    out("  visitor (session cookie), whose page and reads are their own.");
    out();
  }

  out(`## Throughput and latency (${r.settings.connections} connections, ${r.settings.durationSeconds} s per row)`);
  out();
  out("| Scenario | Cache | req/s | p50 ms | p99 ms | vs ceiling |");
  out("|---|---|---:|---:|---:|---:|");
  out(`| hello-world Worker (ceiling) | – | ${int(r.ceiling.rps)} | ${n(r.ceiling.p50, 2)} | ${n(r.ceiling.p99, 2)} | 100% |`);
  for (const row of r.rows) {
    out(`| ${row.name} | ${row.variant === "reference" ? "–" : row.variant} | ${int(row.rps)} | ${n(row.p50, 2)} | ${n(row.p99, 2)} | ${n(row.ofCeiling * 100)}% |`);
  }
  out();
  if (r.routes) {
    out(`## Round trips per route (${r.routes[0]?.samples ?? 0} sequential requests each, idle storefront)`);
    out();
    for (const line of renderRouteTable(r.routes, r.wan)) out(line);
    out();
    if (!options.terminal) {
      out("Trips are the Worker's own count of sequential round trips on the critical path, from its `Server-Timing` header");
      out("(calls made side by side count once); \"n/a\" means the responses carried no such header. Each route is warmed first;");
      out("the uncached page asks for products no request has asked for yet.");
      out();
    }
  }
  if (!options.terminal) {
    out("Requests per row:");
    out();
    for (const row of r.rows) out(`- ${row.name}, ${row.variant} (${row.how}): \`${row.paths.join("`, `")}\``);
    out();
  }

  const c = r.checkout;
  out(`## Checkout (gateway ${c.gatewayLatencyMs / 1000} s, email ${c.emailLatencyMs / 1000} s, tok_visa, ${c.shoppers} shoppers in waves of ${c.wave})`);
  out();
  out("| | p50 | p99 | max |");
  out("|---|---:|---:|---:|");
  out(`| POST /orders → 202, ${c.wave} shoppers at once | ${int(c.acceptP50)} ms | ${int(c.acceptP99)} ms | ${int(c.acceptMax)} ms |`);
  out(`| 202 → order \`paid\`, ${c.wave} at once | ${int(c.toPaidP50)} ms | ${int(c.toPaidP99)} ms | ${int(c.toPaidMax)} ms |`);
  out(`| POST /orders → 202, one shopper at a time (${c.sequential}) | ${int(c.sequentialAcceptP50)} ms | | |`);
  if (typeof c.sequentialPromotionsAcceptP50 === "number" && typeof c.promotionsSlowdown === "number") {
    out(`| POST /orders → 202, one at a time, with a code and automatic promotions (target ≤ 10 % slower) | ${int(c.sequentialPromotionsAcceptP50)} ms (${(c.promotionsSlowdown * 100).toFixed(1)} %) | | |`);
  }
  out(`| 202 → order \`paid\`, one at a time | ${int(c.sequentialToPaidP50)} ms | | |`);
  out(`| 202 → confirmation email sent (${r.emails.confirmationsSent}/${r.emails.ofOrders} sent by the end of the run) | ${int(r.emails.toSentP50)} ms | ${int(r.emails.toSentP99)} ms | |`);
  out(`| old monolith, checkout request | 3–5 s | | |`);
  out();
  if (!options.terminal) {
    out(`The monolith's figure is ${c.monolith}. Here the request only reserves stock, writes the`);
    out("order in one D1 batch and enqueues; the charge and the emails happen in the queue consumers. `paid` is timed from");
    out("the 202's arrival to the order's `paid` history timestamp (GET /orders/:id is polled every 200 ms to notice it; the");
    out("Worker and the harness share a clock). Each wave's shoppers check out at the same instant, one cart line each, spread");
    out(`over 20 SKUs. During the waves the payments queue delivered ${c.paymentBatches} batches (mean ${n(c.paymentBatchMeanSize)} messages,`);
    out(`${int(c.paymentBatchMeanMs)} ms each, ${n(c.paymentBatches / c.waves)} per wave): Miniflare's queue broker delivers one batch per queue at a time,`);
    out("and with `max_batch_timeout = 0` the first message of a wave leaves in a batch of its own, so a wave's charges wait for one another in");
    out("consecutive ≈1 s batches. Cloudflare Queues runs consumer invocations concurrently as a backlog grows, so `paid` should arrive");
    out("sooner in production. The email queue lags most here: 2 s per delivery, 10 per batch, one batch at a time is 5 emails/s");
    out("locally, against 2 emails per order (placed, then confirmed), so confirmations queue behind the backlog.");
    out(`Registering the shoppers (POST /auth/register, Argon2id in the Worker, 4 at a time): p50 ${int(c.registerP50)} ms,`);
    out(`p99 ${int(c.registerP99)} ms.`);
    out();
  }

  const h = r.hotSku;
  out("## One hot SKU");
  out();
  out("| Path | Rate | p50 | p99 |");
  out("|---|---:|---:|---:|");
  out(`| Inventory DO RPC, ${h.direct.concurrency} in flight, ${int(h.direct.reservations)} reservations in ${n(h.direct.elapsedMs / 1000)} s | ${int(h.direct.perSecond)} reservations/s | ${n(h.direct.p50, 2)} ms | ${n(h.direct.p99, 2)} ms |`);
  out(`| POST /orders, ${h.api.checkouts} shoppers at once | ${n(h.api.perSecond, 1)} checkouts/s | ${int(h.api.p50)} ms | ${int(h.api.p99)} ms |`);
  out();
  if (!options.terminal) {
    out(`- DO RPC: ${h.direct.path}. Each call reserves one unit under a new id (a SQLite write in the object, an alarm`);
    out(`  update and a coalesced D1 copy refresh). ${int(h.direct.reservations)} reservations were live at the end (real checkouts`);
    out(`  commit or release theirs within seconds); rate in the first second ${int(h.direct.firstSecondPerSecond)}/s (object start-up included),`);
    out(`  in the last ${int(h.direct.lastSecondPerSecond)}/s. Latencies are the runtime's clock, which advances in whole milliseconds.`);
    out(`- API: ${h.api.path}; each checkout reserves in the same Inventory object, plus the cart, catalog re-check,`);
    out("  the order's D1 batch and two enqueues.");
    out();
  }

  const k = r.contention;
  out(`## Contention: ${k.shoppers} shoppers, ${k.units} units of ${k.sku}, all at once — ${k.pass ? "PASS" : "FAIL"}`);
  out();
  out("| accepted (202) | refused (409 insufficient stock) | paid | on hand after | reserved after | D1 copy | gateway charges | duplicate-charge orders |");
  out("|---:|---:|---:|---:|---:|---:|---:|---:|");
  out(`| ${k.accepted} | ${k.refusedInsufficientStock} | ${k.paid} | ${k.onHand} | ${k.reserved} | ${k.d1Available ?? "n/a"} | ${k.gatewayCharges} | ${k.duplicateChargeOrders} |`);
  out();
  if (r.memory) {
    out("## workerd's memory");
    out();
    renderMemory(r.memory, out, options.terminal === true);
  }
  if (!options.terminal) {
    out(`Whole run: the simulated gateway recorded ${r.gateway.succeeded} successful charges, ${r.gateway.declined} declines,`);
    out(`${r.gateway.duplicateChargeOrders} orders charged twice. Worker log lines at warn/error level: ${r.workerLogs.warn} / ${r.workerLogs.error}.`);
    out(`Correctness checks failed: ${r.failures.length === 0 ? "none" : r.failures.join("; ")}.`);
    out();
    out("## Reading these figures");
    out();
    out("- This is one small shared VM with load generator and runtime on the same two cores; absolute numbers say little");
    out("  about Cloudflare's edge, where each isolate gets its own CPU and D1/Durable Objects are remote. The ratios to the");
    out("  ceiling and the shape (cache vs no cache, 202 vs paid, no oversell) are what carry over. Single rows move by tens of");
    out("  percent from one run to the next on this shared VM (see the load average above).");
    out("- Local D1 and Durable Object storage are SQLite files on this disk, so a D1 round trip costs well under a millisecond");
    out("  here and tens of milliseconds in production from a distant colo (D1's primary lives in one region). The uncached");
    out("  rows are therefore optimistic about latency; the edge cache matters more in production than this table shows.");
    out("- `GET /api/v1/health` is the API's floor (Hono, the request-context and security-header middleware, one JSON log");
    out("  line, one D1 query): every API row pays it. Workers' console output reaches Miniflare through a pipe to Node;");
    out("  a hello-world Worker logging one JSON line per request was ≈18% slower than a silent one (measured once, here).");
    out("- Miniflare's Cache API is a simulation (a Durable Object with SQLite and blob files behind a loopback service), so");
    out("  an edge-cache HIT costs far more here than on Cloudflare, and the cached rows understate what the cache saves.");
    out("- The queue consumers run in the same workerd, on the same cores as the load.");
    out("- workerd's RSS covers every isolate Miniflare runs in that process (its entry, the asset router and service, the");
    out("  storefront, D1, the cache, R2, queues). Under load it grows with the requests served and the internal hops each makes,");
    out("  not with what the storefront keeps: a hello-world Worker behind the same Miniflare entry grew from 83 MB to ≈500 MB");
    out("  over ≈40,000 requests and stayed there (measured once, here). Most of it is garbage V8 has not collected: nothing");
    out("  prompts a collection once the load stops, so the settled reading stays near the peak. The rows after a forced full");
    out("  collection in every isolate show what is live; the storefront isolate's own JS heap (the Worker, its in-isolate caches");
    out("  and its Durable Objects) is in those rows too.");
    out();
  }
  if (options.wan && !options.terminal) renderWanSection(options.wan, out);
  return `${lines.join("\n")}\n`;
}

/** The WAN run's section of RESULTS.md: its targets, its round trips per route, its throughput and checkout. */
function renderWanSection(w: BenchResults, out: (line?: string) => void): void {
  const delays = w.wan;
  out("## WAN mode (`npm run bench -- --wan`)");
  out();
  out(`Generated on ${w.generatedAt.slice(0, 10)}, revision ${w.revision}, 1-min load average ${w.machine.loadAverage1mAtStart} / ${w.loadAverage1mAtEnd}.`);
  out(
    delays
      ? `Every D1 call (statement, batch, session) waits ${delays.d1Ms} ms, every Durable Object call (RPC or fetch) ${delays.doMs} ms and every queue send ${delays.queueMs} ms, half before and half after the call,`
      : "Delays not recorded.",
  );
  out("in the Worker and in its Durable Objects alike (bench/wan-entry.ts wraps the bindings of the same bundle; compatibility settings from wrangler.toml).");
  out();
  if (w.targets) {
    out("### Targets (WAN run)");
    out();
    renderTargets(w.targets, out);
  }
  if (w.routes) {
    out("### Round trips per route (WAN run)");
    out();
    for (const line of renderRouteTable(w.routes, w.wan)) out(line);
    out();
  }
  out(`### Throughput and latency (WAN run, ${w.settings.connections} connections, ${w.settings.durationSeconds} s per row)`);
  out();
  out("| Scenario | Cache | req/s | p50 ms | p99 ms | vs ceiling |");
  out("|---|---|---:|---:|---:|---:|");
  out(`| hello-world Worker (ceiling) | – | ${int(w.ceiling.rps)} | ${n(w.ceiling.p50, 2)} | ${n(w.ceiling.p99, 2)} | 100% |`);
  for (const row of w.rows) {
    out(`| ${row.name} | ${row.variant === "reference" ? "–" : row.variant} | ${int(row.rps)} | ${n(row.p50, 2)} | ${n(row.p99, 2)} | ${n(row.ofCeiling * 100)}% |`);
  }
  out();
  const c = w.checkout;
  out(`Checkout (WAN run): 202 p50 ${int(c.acceptP50)} ms, p99 ${int(c.acceptP99)} ms with ${c.wave} shoppers at once; one at a time p50 ${int(c.sequentialAcceptP50)} ms; 202 → paid p50 ${int(c.toPaidP50)} ms.`);
  if (w.memory) out(`workerd RSS (WAN run): idle ${n(w.memory.idle.sample.rssMb, 0)} MB, peak ${n(w.memory.peak.rssMb, 0)} MB, highest settled ${n(w.memory.settledMaxMb, 0)} MB.`);
  out(`Correctness checks failed: ${w.failures.length === 0 ? "none" : w.failures.join("; ")}.`);
  out();
}
