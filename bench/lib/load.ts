/**
 * HTTP load with autocannon, run in a child process so that the parent's work (Miniflare's
 * log handling, polling) cannot stall the load generator's event loop and inflate latencies.
 * Every response time is recorded at full (sub-millisecond) resolution; autocannon's own
 * histogram rounds to whole milliseconds, too coarse for a hello-world ceiling.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Result as AutocannonResult } from "autocannon";

export interface LoadRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadSpec {
  /** http://127.0.0.1:port */
  url: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** Each connection cycles through these in order. */
  requests: LoadRequest[];
}

export interface LoadResult {
  requests: number;
  elapsedSeconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  connections: number;
}

const self = fileURLToPath(import.meta.url);

/** Runs one load phase in a fresh child process and returns its summary. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(self, ["--load-child"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let settled = false;
    child.on("message", (message: { ok: true; result: LoadResult } | { ok: false; error: string }) => {
      settled = true;
      if (message.ok) resolve(message.result);
      else reject(new Error(message.error));
      child.disconnect();
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (!settled) reject(new Error(`load child exited with ${code}`));
    });
    child.send(spec);
  });
}

function percentileOf(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

async function child(spec: LoadSpec): Promise<LoadResult> {
  const { default: autocannon } = await import("autocannon");
  const base = {
    url: spec.url,
    connections: spec.connections,
    pipelining: 1,
    timeout: 30,
    requests: spec.requests.map((request) => ({ method: request.method ?? "GET", ...request })),
  };
  const run = (durationSeconds: number, onResponse?: (status: number, ms: number) => void) =>
    new Promise<AutocannonResult>((resolve, reject) => {
      const instance = autocannon({ ...base, duration: durationSeconds }, (error, result) => (error ? reject(error) : resolve(result)));
      if (onResponse) instance.on("response", (_client, status, _bytes, ms) => onResponse(status, ms));
    });

  if (spec.warmupSeconds > 0) await run(spec.warmupSeconds);

  let times = new Float64Array(1 << 16);
  let count = 0;
  const statuses: Record<string, number> = {};
  const started = performance.now();
  const result = await run(spec.durationSeconds, (status, ms) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (count === times.length) {
      const bigger = new Float64Array(times.length * 2);
      bigger.set(times);
      times = bigger;
    }
    times[count++] = ms;
  });
  const elapsedSeconds = (performance.now() - started) / 1000;
  const sorted = times.slice(0, count).sort();
  return {
    requests: count,
    elapsedSeconds,
    rps: count / elapsedSeconds,
    p50: percentileOf(sorted, 50),
    p90: percentileOf(sorted, 90),
    p99: percentileOf(sorted, 99),
    max: count ? sorted[count - 1]! : NaN,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    connections: spec.connections,
  };
}

if (process.argv.includes("--load-child")) {
  process.once("message", (spec: LoadSpec) => {
    child(spec).then(
      (result) => process.send!({ ok: true, result }),
      (error: unknown) => process.send!({ ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) }),
    );
  });
}
