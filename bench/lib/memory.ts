/**
 * workerd's resident memory, read from /proc (Linux only): the process Miniflare spawned for
 * the storefront, sampled at idle, continuously during load (for the peak) and after the load
 * has settled. Elsewhere every figure is NaN and the report says "n/a".
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sleep } from "./harness.ts";

/** One reading of /proc/<pid>/status, in MB (10^6 bytes, as the figures are). */
export interface RssSample {
  at: number;
  rssMb: number;
  /** Anonymous pages: the heap, V8's and the allocator's. */
  anonMb: number;
  /** File-backed pages: the binary and mapped files. */
  fileMb: number;
}

interface ProcStat {
  pid: number;
  ppid: number;
  startTicks: number;
}

function procStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may hold spaces: the fields start after the last ")".
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { pid, ppid: Number(fields[1]), startTicks: Number(fields[19]) };
  } catch {
    return null;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

/**
 * The newest workerd process among this process's descendants (Miniflare spawns it as a
 * direct child; a deeper one is found too). Null when there is none or /proc is missing.
 */
export function findWorkerd(ancestor = process.pid): number | null {
  if (!existsSync("/proc/self/stat")) return null;
  const all = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => procStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== null);
  const children = new Map<number, ProcStat[]>();
  for (const stat of all) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const found: ProcStat[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      if (/(^|\/)workerd\s/.test(`${commandLine(child.pid)} `)) found.push(child);
      walk(child.pid);
    }
  };
  walk(ancestor);
  found.sort((a, b) => b.startTicks - a.startTicks);
  return found[0]?.pid ?? null;
}

/** VmRSS, RssAnon and RssFile of a process; NaN figures when it cannot be read. */
export function readRss(pid: number | null): RssSample {
  const sample: RssSample = { at: Date.now(), rssMb: NaN, anonMb: NaN, fileMb: NaN };
  if (pid === null) return sample;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kB = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    sample.rssMb = (kB("VmRSS") * 1024) / 1e6;
    sample.anonMb = (kB("RssAnon") * 1024) / 1e6;
    sample.fileMb = (kB("RssFile") * 1024) / 1e6;
  } catch {
    /* the process is gone: NaN */
  }
  return sample;
}

/** Samples a process's RSS every `intervalMs` while running: the overall peak, the peak per phase. */
export class RssSampler {
  readonly pid: number | null;
  peak: RssSample;
  private phasePeak: RssSample;
  private timer: NodeJS.Timeout | undefined;

  constructor(pid: number | null, intervalMs = 200) {
    this.pid = pid;
    this.peak = readRss(pid);
    this.phasePeak = this.peak;
    if (pid === null) return;
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  private sample(): RssSample {
    const sample = readRss(this.pid);
    if (sample.rssMb > this.peak.rssMb || !Number.isFinite(this.peak.rssMb)) this.peak = sample;
    if (sample.rssMb > this.phasePeak.rssMb || !Number.isFinite(this.phasePeak.rssMb)) this.phasePeak = sample;
    return sample;
  }

  /** The highest reading since the previous call (or the start), and a fresh count from now. */
  takePhasePeak(): RssSample {
    const now = this.sample();
    const peak = this.phasePeak;
    this.phasePeak = now;
    return peak;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

/** One phase of the run: RSS at its end and the highest reading during it. */
export interface PhaseMemory {
  phase: string;
  rssMb: number;
  peakMb: number;
}

/**
 * RSS right after a full garbage collection in every isolate (through the inspector): what is
 * still live, as opposed to garbage V8 has not collected yet.
 */
export interface LiveReading {
  sample: RssSample;
  /** How many isolates answered the collection. */
  isolatesCollected: number;
  /** The storefront's isolate (the Worker and its Durable Objects) after the collection. */
  storefrontHeap: { usedMb: number; totalMb: number } | null;
  /** JS heap in use over every isolate after the collection. */
  allHeapsUsedMb: number;
}

/** One round of the leak check's mixed load. */
export interface LeakRun {
  round: number;
  requests: number;
  rps: number;
  non2xx: number;
  guestCarts: number;
  checkouts: number;
  paid: number;
  peakMb: number;
  settled: Settled;
  live: LiveReading | null;
}

/** Everything the run recorded about workerd's memory. */
export interface MemoryResults {
  pid: number | null;
  /** After start, migrations and seeding, once settled. */
  idle: Settled;
  peak: RssSample;
  phases: PhaseMemory[];
  /** The storefront isolate's JS heap at idle, before any collection. */
  idleStorefrontHeap: { usedMb: number; totalMb: number } | null;
  /** After the benchmark's phases (before the leak check), once settled. */
  afterBench: Settled;
  afterBenchLive: LiveReading | null;
  leakCheck: { load: string; runs: LeakRun[]; ratio: number };
  /** Durable Objects created during the run, by class (their SQLite files). */
  objects: Record<string, number>;
  /** The highest of the settled readings after load. */
  settledMaxMb: number;
  /** The highest of the readings after a forced collection (NaN without the inspector). */
  liveMaxMb: number;
}

/** Durable Objects the run created, by class: one SQLite file per object in the persistence directory. */
export function countObjects(persistDir: string, scriptName: string): Record<string, number> {
  const doDir = join(persistDir, "do");
  if (!existsSync(doDir)) return {};
  const counts: Record<string, number> = {};
  for (const entry of readdirSync(doDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith(`${scriptName}-`)) continue;
    const files = readdirSync(join(doDir, entry.name)).filter((name) => name.endsWith(".sqlite") && name !== "metadata.sqlite");
    counts[entry.name.slice(scriptName.length + 1)] = files.length;
  }
  return counts;
}

export interface SettleOptions {
  /** Wait at least this long after the load (workerd evicts an idle Durable Object after 10 s). */
  minSeconds: number;
  /** Give up waiting for two agreeing samples after this long. */
  maxSeconds: number;
  /** Seconds between the samples compared. */
  everySeconds?: number;
  /** Two samples this close (relative) count as settled. */
  tolerance?: number;
  /** Time of the last background activity (a queue batch): settling counts from it too. */
  lastActivity?: () => number;
}

export interface Settled {
  sample: RssSample;
  waitedSeconds: number;
  /** False when maxSeconds ran out before two samples agreed. */
  stable: boolean;
}

/**
 * Waits until the load's after-effects are over (queue consumers included) and two samples
 * `everySeconds` apart agree within `tolerance`, then returns the later one.
 */
export async function settleRss(pid: number | null, options: SettleOptions): Promise<Settled> {
  const started = Date.now();
  const every = (options.everySeconds ?? 3) * 1000;
  const tolerance = options.tolerance ?? 0.01;
  const quietSince = () => Math.max(started, options.lastActivity?.() ?? 0);
  let previous: RssSample | null = null;
  for (;;) {
    const elapsed = Date.now() - started;
    if (elapsed >= options.maxSeconds * 1000) {
      return { sample: readRss(pid), waitedSeconds: elapsed / 1000, stable: false };
    }
    const quietFor = Date.now() - quietSince();
    if (quietFor < options.minSeconds * 1000) {
      await sleep(Math.min(1000, options.minSeconds * 1000 - quietFor));
      previous = null;
      continue;
    }
    const sample = readRss(pid);
    if (pid === null) return { sample, waitedSeconds: elapsed / 1000, stable: false };
    if (previous && Math.abs(sample.rssMb - previous.rssMb) <= tolerance * previous.rssMb) {
      return { sample, waitedSeconds: (Date.now() - started) / 1000, stable: true };
    }
    previous = sample;
    await sleep(every);
  }
}
