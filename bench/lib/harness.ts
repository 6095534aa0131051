/**
 * The benchmark and fault-run harness: the BUILT Worker (the same bundle `wrangler deploy`
 * uploads) running in workerd through the Miniflare API, listening on 127.0.0.1, with a fresh
 * persistence directory under bench/tmp, the D1 migrations applied and the demo catalog seeded.
 *
 * No `wrangler dev`: its proxy in front of workerd costs 5–20× on small requests. Wrangler is
 * only used to bundle (`wrangler deploy --dry-run --outdir`) and to turn wrangler.toml into
 * Miniflare worker options (`unstable_getMiniflareWorkerOptions`), so the bindings, queues,
 * Durable Objects, assets and compatibility settings are the ones production gets.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { convertV4MiniflareOptions, Log, LogLevel, Miniflare } from "miniflare";
import type { WanDelays } from "./routes.ts";
import type { WanSettings } from "../wan-entry.ts";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const tmpDir = join(root, "bench", "tmp");
const bundleDir = join(tmpDir, "bundle");
const bin = (name: string) => join(root, "node_modules", ".bin", name);

/** The name the storefront Worker has inside Miniflare (other bench workers bind to it). */
export const STOREFRONT = "storefront";

// ── Build ──────────────────────────────────────────────────────────────────

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** A bundle of the Worker: its entry module and the directory holding it and its other modules. */
export interface Bundle {
  script: string;
  dir: string;
  staleSiteBuild: boolean;
}

/**
 * Makes sure the Remix build exists (runs `npm run build` only when build/server/index.js is
 * missing, or when asked to), then bundles the Worker exactly as `wrangler deploy` would: the
 * wasm module, the alias to the Remix server build and nodejs_compat all handled by wrangler,
 * with wrangler.toml's compatibility settings. `entry` replaces wrangler.toml's `main` (the
 * WAN mode's bench/wan-entry.ts, which imports workers/index.ts); each entry gets its own
 * output directory under bench/tmp. A build older than web/ is used as it is, with a warning:
 * rebuilding on our own would replace build/ under anything else using it (and a half-edited
 * web/ can fail to build).
 */
export function buildBundle(log: (line: string) => void, options: { forceBuild?: boolean; entry?: string } = {}): Bundle {
  const serverBuild = join(root, "build", "server", "index.js");
  const env = { ...process.env, PATH: `${join(root, "node_modules", ".bin")}:${process.env.PATH ?? ""}` };
  if (options.forceBuild || !existsSync(serverBuild)) {
    log(options.forceBuild ? "Building the site (npm run build)…" : "No Remix build yet: npm run build…");
    const result = spawnSync(bin("remix"), ["vite:build"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
    if (result.status !== 0) throw new Error("npm run build failed");
  }
  const staleSiteBuild = newestMtime(join(root, "web")) > statSync(serverBuild).mtimeMs;
  if (staleSiteBuild) log("Warning: build/ is older than web/; measuring the existing build (BENCH_BUILD=1 or `npm run build` to refresh it).");
  const dir = options.entry ? join(tmpDir, `bundle-${basename(options.entry).replace(/\.[^.]+$/, "")}`) : bundleDir;
  rmSync(dir, { recursive: true, force: true });
  const result = spawnSync(bin("wrangler"), ["deploy", "--dry-run", "--outdir", dir, ...(options.entry ? [options.entry] : [])], {
    cwd: root,
    // No banner means no npm update check; no metrics: the bench makes no request outside.
    env: { ...env, WRANGLER_LOG: "error", CI: "1", WRANGLER_SEND_METRICS: "false", WRANGLER_HIDE_BANNER: "true" },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${result.stdout}\n${result.stderr}`);
  const names = [options.entry ? `${basename(options.entry).replace(/\.[^.]+$/, "")}.js` : "index.js", "index.js"];
  const script = names.map((name) => join(dir, name)).find((path) => existsSync(path));
  if (!script) throw new Error(`no bundle in ${dir} (looked for ${names.join(", ")})`);
  return { script, dir, staleSiteBuild };
}

// ── Machine facts ─────────────────────────────────────────────────────────

function versionOf(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(join(root, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

export interface MachineFacts {
  date: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  loadAverage1mAtStart: number;
  node: string;
  workerd: string;
  miniflare: string;
  wrangler: string;
  autocannon: string;
}

export function machineFacts(): MachineFacts {
  const cpus = os.cpus();
  let workerd = "unknown";
  try {
    // miniflare's own workerd (the one it starts), not whatever is hoisted.
    const nested = join(root, "node_modules", "miniflare", "node_modules", "workerd", "package.json");
    workerd = existsSync(nested) ? (JSON.parse(readFileSync(nested, "utf8")) as { version: string }).version : versionOf("workerd");
  } catch {
    /* keep unknown */
  }
  return {
    date: new Date().toISOString(),
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage1mAtStart: Math.round(os.loadavg()[0]! * 100) / 100,
    node: process.version,
    workerd,
    miniflare: versionOf("miniflare"),
    wrangler: versionOf("wrangler"),
    autocannon: versionOf("autocannon"),
  };
}

// ── Miniflare ─────────────────────────────────────────────────────────────

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One queue batch as Miniflare's queue broker reports it. */
export interface QueueBatch {
  queue: string;
  acked: number;
  size: number;
  ms: number;
  at: number;
}

/**
 * Miniflare's log, quiet except for errors, warnings and the queue broker's one line per
 * delivered batch ("QUEUE storefront-payments 10/10 (1012ms)"), which it records.
 */
class BenchLog extends Log {
  readonly batches: QueueBatch[];
  constructor(batches: QueueBatch[]) {
    super(LogLevel.INFO);
    this.batches = batches;
  }
  override logWithLevel(level: LogLevel, message: string): void {
    const plain = stripVTControlCharacters(message);
    const batch = /QUEUE (\S+) (\d+)\/(\d+)(?: \((\d+)ms\))?/.exec(plain);
    if (batch) {
      this.batches.push({ queue: batch[1]!, acked: Number(batch[2]), size: Number(batch[3]), ms: Number(batch[4] ?? NaN), at: Date.now() });
      return;
    }
    if (level <= LogLevel.WARN) super.logWithLevel(level, message);
  }
}

export interface LogCounts {
  warn: number;
  error: number;
  /** Warn/error lines by their JSON `msg` field (e.g. payment_job_retry, email_retry). */
  byMsg: Record<string, number>;
  /** The first few warnings and errors, for the report. */
  samples: string[];
}

/**
 * In-runtime helper for the benchmark, bound to the storefront's Durable Objects: reads
 * stock and the simulated gateway's ledger, and fires bursts of reservations at one Inventory
 * object from inside workerd (so the figure is the object's, not the Node↔workerd proxy's).
 * It lives only in this harness; the storefront's code is untouched.
 */
const DRIVER_SCRIPT = /* js */ `
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const json = (value) => Response.json(value);
    if (url.pathname === "/stock") {
      const skus = url.searchParams.getAll("sku");
      const out = {};
      await Promise.all(skus.map(async (sku) => { out[sku] = await env.INVENTORY.getByName(sku).read(); }));
      return json(out);
    }
    if (url.pathname === "/gateway-stats") return json(await env.SIMULATED_GATEWAY.getByName("ledger").stats());
    if (url.pathname === "/initialize") {
      const sku = url.searchParams.get("sku");
      return json(await env.INVENTORY.getByName(sku).initialize(Number(url.searchParams.get("onHand")), "bench"));
    }
    if (url.pathname === "/hot-reserve") {
      // { sku, durationMs, concurrency, ttlSeconds, prefix }: reservations of 1 unit under
      // unique ids, concurrency in flight, until durationMs has passed. Returns each call's
      // latency and completion time (ms since the start).
      const { sku, durationMs, concurrency, ttlSeconds, prefix } = await request.json();
      const stub = env.INVENTORY.getByName(sku);
      const latencies = [], completions = [];
      let next = 0, ok = 0, refused = 0;
      const started = performance.now();
      async function lane() {
        while (performance.now() - started < durationMs) {
          const i = next++;
          const t0 = performance.now();
          const result = await stub.reserve(prefix + i, 1, ttlSeconds);
          const t1 = performance.now();
          latencies.push(t1 - t0);
          completions.push(t1 - started);
          if (result.ok) ok++; else refused++;
        }
      }
      await Promise.all(Array.from({ length: concurrency }, lane));
      return json({ ok, refused, elapsedMs: performance.now() - started, latencies, completions });
    }
    return new Response("not found", { status: 404 });
  },
};
`;

export interface Storefront {
  mf: Miniflare;
  url: string;
  persistDir: string;
  logs: LogCounts;
  /** Every queue batch delivered to the Worker, in order. */
  queueBatches: QueueBatch[];
  /** Requests the Worker tried to send outside (blocked and counted; must stay empty). */
  outbound: string[];
  /** GET on the in-runtime driver worker. */
  driver: <T>(path: string, init?: { method?: string; json?: unknown }) => Promise<T>;
  dispose: () => Promise<void>;
}

export interface StartOptions {
  /** Vars layered over wrangler.toml's [vars]. */
  vars?: Record<string, string>;
  /** Label for the persistence directory (bench/tmp/state-<label>-<time>). */
  label: string;
  /** Print the Worker's warn/error log lines as they happen (otherwise only counted). */
  echoWarnings?: boolean;
  log?: (line: string) => void;
  /** The Wrangler configuration to run with (default wrangler.toml), for comparing a setting. */
  configPath?: string;
  /** Opens workerd's V8 inspector on this port (heap figures for the memory investigation). */
  inspectorPort?: number;
  /**
   * Latency to add to every D1, Durable Object and queue call: read by bench/wan-entry.ts (the
   * bundle must be built from it), which takes the binding names from here, i.e. wrangler.toml.
   */
  wan?: WanDelays;
}

/** Starts the bundled storefront in Miniflare on 127.0.0.1 with fresh, migrated, seeded state. */
export async function startStorefront(bundle: string | Bundle, options: StartOptions): Promise<Storefront> {
  const scriptPath = typeof bundle === "string" ? bundle : bundle.script;
  const modulesRoot = typeof bundle === "string" ? bundleDir : bundle.dir;
  const previousLogLevel = process.env.WRANGLER_LOG;
  process.env.WRANGLER_LOG = "error";
  const { unstable_getMiniflareWorkerOptions } = await import("wrangler");
  const { workerOptions } = unstable_getMiniflareWorkerOptions(options.configPath ?? join(root, "wrangler.toml"));
  if (previousLogLevel === undefined) delete process.env.WRANGLER_LOG;
  else process.env.WRANGLER_LOG = previousLogLevel;

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const persistDir = join(tmpDir, `state-${options.label}-${Date.now()}`);
  mkdirSync(persistDir, { recursive: true });

  const logs: LogCounts = { warn: 0, error: 0, byMsg: {}, samples: [] };
  const outbound: string[] = [];
  const queueBatches: QueueBatch[] = [];
  const bindings: Record<string, string> = {
    ...(workerOptions.bindings as Record<string, string>),
    // Fresh throwaway secrets: the bench never reads or needs the developer's .dev.vars.
    JWT_SIGNING_KEYS: `bench:${randomBytes(32).toString("base64")}`,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    STRIPE_SECRET_KEY: "",
    STRIPE_WEBHOOK_SECRET: "",
    EMAIL_API_KEY: "",
    APP_ORIGIN: url,
    ...options.vars,
  };
  if (options.wan) {
    const names = (record: unknown) => Object.keys((record ?? {}) as Record<string, unknown>);
    const settings: WanSettings = {
      ...options.wan,
      d1: names(workerOptions.d1Databases),
      durableObjects: names(workerOptions.durableObjects),
      queues: names(workerOptions.queueProducers),
    };
    bindings.BENCH_WAN = JSON.stringify(settings);
  }

  const { bindings: _ignored, rootPath: _rootPath, ...rest } = workerOptions as typeof workerOptions & { rootPath?: string };
  // Miniflare 5 takes a new options shape; wrangler builds v4-shaped worker options and
  // converts them the same way.
  const mf = new Miniflare(convertV4MiniflareOptions({
    host: "127.0.0.1",
    port,
    ...(options.inspectorPort === undefined ? {} : { inspectorPort: options.inspectorPort }),
    resourcePersistencePath: persistDir,
    log: new BenchLog(queueBatches),
    // The placeholder Request.cf: otherwise Miniflare fetches workers.cloudflare.com/cf.json.
    cf: false,
    // No per-request log line from Miniflare's entry worker (the Worker logs its own).
    logRequests: false,
    handleStructuredLogs: ({ level, message }) => {
      if (level !== "warn" && level !== "error") return;
      logs[level] += 1;
      const msg = /"msg":"([^"]+)"/.exec(message)?.[1] ?? "(other)";
      logs.byMsg[msg] = (logs.byMsg[msg] ?? 0) + 1;
      if (logs.samples.length < 8) logs.samples.push(`${level}: ${message.slice(0, 300)}`);
      if (options.echoWarnings) console.error(`  [worker ${level}] ${message.slice(0, 300)}`);
    },
    workers: [
      {
        ...(rest as object),
        name: STOREFRONT,
        // The bundle's entry and its wasm module (Argon2), listed explicitly: Miniflare 5
        // no longer locates imported modules by rules.
        modules: bundleModules(scriptPath, modulesRoot),
        modulesRoot,
        bindings,
        // Anything the Worker fetches outside is refused and recorded: all load stays local.
        outboundService: (request) => {
          outbound.push(request.url);
          return new Response("outbound requests are blocked during the benchmark", { status: 599 });
        },
      },
      {
        name: "bench-driver",
        modules: true,
        script: DRIVER_SCRIPT,
        compatibilityDate: workerOptions.compatibilityDate as string,
        routes: ["bench-driver.invalid/*"],
        durableObjects: {
          INVENTORY: { className: "Inventory", scriptName: STOREFRONT, useSQLite: true },
          SIMULATED_GATEWAY: { className: "SimulatedGateway", scriptName: STOREFRONT, useSQLite: true },
        },
      },
    ],
  }));
  await mf.ready;

  const driverFetcher = await mf.getWorker("bench-driver");
  const driver = async <T>(path: string, init: { method?: string; json?: unknown } = {}): Promise<T> => {
    const response = await driverFetcher.fetch(`http://bench-driver.invalid${path}`, {
      method: init.method ?? (init.json === undefined ? "GET" : "POST"),
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
      headers: init.json === undefined ? undefined : { "content-type": "application/json" },
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`driver ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };

  const storefront: Storefront = {
    mf,
    url,
    persistDir,
    logs,
    queueBatches,
    outbound,
    driver,
    dispose: async () => {
      await mf.dispose();
      // Each run starts from scratch; keep the state only when asked (to inspect it).
      if (process.env.BENCH_KEEP_STATE !== "1") rmSync(persistDir, { recursive: true, force: true });
    },
  };
  try {
    await migrate(mf);
    await seed(storefront, options.log ?? (() => undefined));
  } catch (error) {
    await mf.dispose().catch(() => undefined);
    if (process.env.BENCH_KEEP_STATE !== "1") rmSync(persistDir, { recursive: true, force: true });
    throw error;
  }
  return storefront;
}

function bundleModules(scriptPath: string, dir: string) {
  const modules: { type: "ESModule" | "CompiledWasm" | "Text" | "Data"; path: string }[] = [{ type: "ESModule", path: scriptPath }];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (path === scriptPath) continue;
    if (name.endsWith(".wasm")) modules.push({ type: "CompiledWasm", path });
    else if (name.endsWith(".js") || name.endsWith(".mjs")) modules.push({ type: "ESModule", path });
    else if (name.endsWith(".txt") || name.endsWith(".html") || name.endsWith(".sql")) modules.push({ type: "Text", path });
    else if (name.endsWith(".bin")) modules.push({ type: "Data", path });
  }
  return modules;
}

/**
 * The simulated gateway's ledger, per order, read from its Durable Object's SQLite file (read
 * only) the way a processor's dashboard would show it: the object's RPC only offers totals.
 */
export async function ledgerCharges(storefront: Storefront): Promise<{ orderId: string; status: string; amountCents: number; refundedCents: number }[]> {
  const dir = join(storefront.persistDir, "do", `${STOREFRONT}-SimulatedGateway`);
  const files = readdirSync(dir).filter((name) => name.endsWith(".sqlite") && name !== "metadata.sqlite");
  if (files.length !== 1) throw new Error(`expected one SimulatedGateway object in ${dir}, found ${files.length}`);
  // node:sqlite is still flagged experimental in Node 22: silence that one warning.
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (String(warning).includes("SQLite is an experimental feature")) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  const { DatabaseSync } = await import("node:sqlite");
  process.emitWarning = emitWarning;
  const db = new DatabaseSync(join(dir, files[0]!), { readOnly: true });
  try {
    return db
      .prepare(
        `SELECT c.order_id AS orderId, c.status, c.amount_cents AS amountCents,
                coalesce((SELECT sum(r.amount_cents) FROM refunds r WHERE r.charge_id = c.charge_id AND r.status = 'succeeded'), 0) AS refundedCents
         FROM charges c`,
      )
      .all() as unknown as { orderId: string; status: string; amountCents: number; refundedCents: number }[];
  } finally {
    db.close();
  }
}

/** Applies migrations/*.sql in order, split the way `wrangler d1 migrations apply` splits them. */
async function migrate(mf: Miniflare): Promise<void> {
  const { unstable_splitSqlQuery } = await import("wrangler");
  const db = await mf.getD1Database("DB");
  const dir = join(root, "migrations");
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".sql")).sort()) {
    const sql = readFileSync(join(dir, file), "utf8");
    const statements = sql
      .split("--> statement-breakpoint")
      .flatMap((chunk) => unstable_splitSqlQuery(chunk))
      .map((statement) => statement.trim())
      .filter((statement) => statement.replace(/--.*$/gm, "").trim().length > 0);
    if (statements.length === 0) continue;
    await db.batch(statements.map((statement) => db.prepare(statement)));
  }
}

/** The demo catalog (scripts/seed.ts) in D1 and R2, then its stock through the admin API. */
async function seed(storefront: Storefront, log: (line: string) => void): Promise<void> {
  const { seedIfEmpty, devAccounts } = await import("../../scripts/seed.ts");
  const { seedStockBySku } = await import("../../scripts/seed-data.ts");
  const db = await storefront.mf.getD1Database("DB");
  const images = await storefront.mf.getR2Bucket("IMAGES");
  await seedIfEmpty(db as unknown as D1Database, images as unknown as R2Bucket, (line) => log(`  ${line.trim()}`));
  const admin = devAccounts().find((account) => account.role === "admin")!;
  const api = apiClient(storefront.url);
  const { accessToken } = await api.login(admin.email, admin.password);
  const entries = Object.entries(seedStockBySku());
  for (let i = 0; i < entries.length; i += 100) {
    const items = entries.slice(i, i + 100).map(([sku, onHand]) => ({ sku, onHand }));
    await api.call("POST", "/inventory/initial-stock", { json: { items }, token: accessToken, expect: [200] });
  }
  log(`  stock set for ${entries.length} SKUs through POST /api/v1/inventory/initial-stock`);
}

// ── A small API client ────────────────────────────────────────────────────

export interface CallResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
  ms: number;
}

export function apiClient(base: string) {
  async function call<T = unknown>(
    method: string,
    path: string,
    init: { json?: unknown; token?: string; headers?: Record<string, string>; expect?: number[] } = {},
  ): Promise<CallResult<T>> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.json !== undefined) headers["content-type"] = "application/json";
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    const started = performance.now();
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers,
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    if (init.expect && !init.expect.includes(response.status)) {
      throw new Error(`${method} ${path} answered ${response.status} (expected ${init.expect.join("/")}): ${text.slice(0, 500)}`);
    }
    return { status: response.status, body: body as T, headers: response.headers, ms };
  }
  return {
    call,
    async login(email: string, password: string) {
      return (await call<{ accessToken: string }>("POST", "/auth/login", { json: { email, password }, expect: [200] })).body;
    },
    async register(email: string, password: string, name: string) {
      return (
        await call<{ accessToken: string; user: { id: string } }>("POST", "/auth/register", {
          json: { email, password, name },
          expect: [201],
        })
      ).body;
    },
  };
}
export type ApiClient = ReturnType<typeof apiClient>;

// ── Small utilities ───────────────────────────────────────────────────────

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= items.length) return;
        results[i] = await fn(items[i]!, i);
      }
    }),
  );
  return results;
}

export function gitRevision(): string {
  try {
    const rev = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "workers", "queues", "durable-objects", "web", "migrations"], {
      cwd: root,
      encoding: "utf8",
    }).trim();
    return dirty ? `${rev} (+ uncommitted changes)` : rev;
  } catch {
    return "unknown";
  }
}
