/**
 * The "Edge-fast" targets, each beside the figure this run measured. Speed targets never fail
 * the run (the exit code is for correctness checks); they are printed PASS or FAIL. A figure
 * the run could not measure (no Server-Timing header, no /proc) is "n/a", never guessed.
 */
import type { RouteId, RouteProbe } from "./routes.ts";

/**
 * The product page for a signed-in visitor (the bench's "uncached" page row), before the
 * Edge-fast work: bench/results.json as committed in eddf056 (measured at revision c98dc01,
 * 60 shoppers, 16 connections, 6 s). The target is twice this throughput.
 */
export const PAGE_UNCACHED_BASELINE = { rps: 61.27, commit: "eddf056", measuredAt: "c98dc01" } as const;

export type Verdict = "PASS" | "FAIL" | "n/a";

export interface TargetResult {
  group: "throughput" | "checkout" | "round trips" | "memory";
  what: string;
  target: string;
  measured: string;
  verdict: Verdict;
  note?: string;
}

/** What the throughput rows say about themselves, for matching them to targets. */
export type RowKind = "health" | "api-cached" | "api-uncached" | "page-anonymous" | "page-signed-in";

export interface TargetInputs {
  mode: "local" | "wan";
  ceilingRps: number;
  rows: { name: string; variant: string; kind?: RowKind; rps: number; ofCeiling: number }[];
  checkout: { wave: number; acceptP99: number; sequentialAcceptP50: number; sequential: number };
  routes: RouteProbe[];
  memory: {
    settledMaxMb: number;
    firstSettledMb: number;
    secondSettledMb: number;
    /** After a forced full collection in every isolate (NaN when the run had no inspector). */
    liveMaxMb: number;
    firstLiveMb: number;
    secondLiveMb: number;
  } | null;
}

const pct = (value: number) => (Number.isFinite(value) ? `${(value * 100).toFixed(1)} %` : "n/a");
const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : "n/a");
const mb = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} MB` : "n/a");

function judge(value: number | null | undefined, op: "≥" | "≤", limit: number): Verdict {
  if (value === null || value === undefined || !Number.isFinite(value)) return "n/a";
  return (op === "≥" ? value >= limit : value <= limit) ? "PASS" : "FAIL";
}

function trips(probe: RouteProbe | undefined, kind: "d1" | "all"): number | null {
  if (!probe) return null;
  if (kind === "d1") return probe.d1Trips;
  if (probe.d1Trips === null || probe.doTrips === null || probe.queueTrips === null) return null;
  return probe.d1Trips + probe.doTrips + probe.queueTrips;
}

function tripsText(probe: RouteProbe | undefined): string {
  if (!probe) return "not measured";
  if (probe.d1Trips === null) return "n/a (no Server-Timing)";
  return `D1 ${probe.d1Trips}, DO ${probe.doTrips ?? "n/a"}, queue ${probe.queueTrips ?? "n/a"}`;
}

export function evaluateTargets(input: TargetInputs): TargetResult[] {
  const out: TargetResult[] = [];
  const wanNote = input.mode === "wan" ? "set for the local run; WAN latency lowers it here" : undefined;

  // ── Throughput, as a share of the hello-world ceiling measured in the same run ──
  for (const row of input.rows.filter((r) => r.kind === "api-cached")) {
    out.push({ group: "throughput", what: `${row.name}, cached`, target: "≥ 50 % of ceiling", measured: pct(row.ofCeiling), verdict: judge(row.ofCeiling, "≥", 0.5), note: wanNote });
  }
  for (const row of input.rows.filter((r) => r.kind === "health")) {
    out.push({ group: "throughput", what: row.name, target: "≥ 30 % of ceiling", measured: pct(row.ofCeiling), verdict: judge(row.ofCeiling, "≥", 0.3), note: wanNote });
  }
  for (const row of input.rows.filter((r) => r.kind === "page-anonymous")) {
    out.push({ group: "throughput", what: "product page, anonymous (cached)", target: "≥ 30 % of ceiling", measured: pct(row.ofCeiling), verdict: judge(row.ofCeiling, "≥", 0.3), note: wanNote });
  }
  for (const row of input.rows.filter((r) => r.kind === "page-signed-in")) {
    const limit = 2 * PAGE_UNCACHED_BASELINE.rps;
    out.push({
      group: "throughput",
      what: "product page, signed-in (uncached)",
      target: `≥ ${limit.toFixed(1)} req/s (2 × ${PAGE_UNCACHED_BASELINE.rps} at ${PAGE_UNCACHED_BASELINE.commit})`,
      measured: `${row.rps.toFixed(1)} req/s (${(row.rps / PAGE_UNCACHED_BASELINE.rps).toFixed(2)} ×)`,
      verdict: judge(row.rps, "≥", limit),
      note: wanNote ?? "absolute req/s: compare on an equally loaded machine",
    });
  }

  // ── Checkout's 202 ──
  out.push({
    group: "checkout",
    what: `POST /orders → 202, ${input.checkout.wave} shoppers at once, p99`,
    target: "≤ 150 ms",
    measured: ms(input.checkout.acceptP99),
    verdict: judge(input.checkout.acceptP99, "≤", 150),
    note: wanNote,
  });
  out.push({
    group: "checkout",
    what: `POST /orders → 202, one shopper at a time (${input.checkout.sequential}), p50`,
    target: "≤ 15 ms",
    measured: ms(input.checkout.sequentialAcceptP50),
    verdict: judge(input.checkout.sequentialAcceptP50, "≤", 15),
    note: wanNote,
  });

  // ── Sequential round trips on the critical path (the Worker's Server-Timing) ──
  const route = (id: RouteId) => input.routes.find((probe) => probe.id === id);
  const tripTargets: { id: RouteId; what: string; kind: "d1" | "all"; limit: number; target: string }[] = [
    { id: "api-cached", what: "cached API read", kind: "all", limit: 0, target: "0 trips" },
    { id: "page-cached", what: "cached anonymous product page", kind: "all", limit: 0, target: "0 trips" },
    { id: "cart-add", what: "add to cart", kind: "d1", limit: 1, target: "≤ 1 D1 trip" },
    { id: "checkout", what: "checkout (POST /orders)", kind: "d1", limit: 3, target: "≤ 3 D1 trips" },
    { id: "page-signed-in", what: "signed-in shopper's product page", kind: "d1", limit: 2, target: "≤ 2 D1 trips" },
  ];
  for (const spec of tripTargets) {
    const probe = route(spec.id);
    out.push({ group: "round trips", what: spec.what, target: spec.target, measured: tripsText(probe), verdict: judge(trips(probe, spec.kind), "≤", spec.limit) });
  }

  // ── workerd's memory ──
  const memory = input.memory;
  out.push({
    group: "memory",
    what: "workerd RSS, settled after load (highest settled reading)",
    target: "≤ 400 MB",
    measured: memory ? mb(memory.settledMaxMb) : "n/a",
    verdict: judge(memory?.settledMaxMb, "≤", 400),
  });
  const ratio = memory ? memory.secondSettledMb / memory.firstSettledMb : NaN;
  out.push({
    group: "memory",
    what: "leak check: settled RSS after the 2nd identical load vs the 1st",
    target: "≤ 110 %",
    measured: memory ? `${mb(memory.secondSettledMb)} vs ${mb(memory.firstSettledMb)} (${pct(ratio)})` : "n/a",
    verdict: judge(ratio, "≤", 1.1),
  });
  const collected = "after a forced full garbage collection in every isolate";
  out.push({
    group: "memory",
    what: `workerd RSS ${collected} (highest such reading)`,
    target: "≤ 400 MB",
    measured: memory ? mb(memory.liveMaxMb) : "n/a",
    verdict: judge(memory?.liveMaxMb, "≤", 400),
    note: "live memory: what the settled reading keeps beyond it is garbage V8 had not collected",
  });
  const liveRatio = memory ? memory.secondLiveMb / memory.firstLiveMb : NaN;
  out.push({
    group: "memory",
    what: `leak check ${collected}: 2nd round vs 1st`,
    target: "≤ 110 %",
    measured: memory && Number.isFinite(liveRatio) ? `${mb(memory.secondLiveMb)} vs ${mb(memory.firstLiveMb)} (${pct(liveRatio)})` : "n/a",
    verdict: judge(liveRatio, "≤", 1.1),
  });
  return out;
}

/** The targets as a Markdown table (also printed in the terminal). */
export function targetTable(targets: TargetResult[]): string[] {
  const lines = ["| | Target | Measured | | Note |", "|---|---|---|---|---|"];
  for (const t of targets) lines.push(`| ${t.what} | ${t.target} | ${t.measured} | **${t.verdict}** | ${t.note ?? ""} |`);
  return lines;
}
