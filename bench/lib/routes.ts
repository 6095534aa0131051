/**
 * Per-route latency and round trips: a handful of sequential requests per route on an
 * otherwise idle storefront, each response's Server-Timing header read for the Worker's own
 * count of sequential D1, Durable Object and queue round trips on its critical path.
 */
import { percentile } from "./harness.ts";
import { parseServerTiming, tripsOf } from "./server-timing.ts";

/** One timed request. */
export interface Sample {
  ms: number;
  status: number;
  serverTiming: string | null;
}

/** The simulated latencies of a WAN run (null: a local run, nothing added). */
export interface WanDelays {
  d1Ms: number;
  doMs: number;
  queueMs: number;
}

/** The routes the WAN targets name. */
export type RouteId = "api-cached" | "page-cached" | "page-uncached" | "page-signed-in" | "cart-add" | "cart-page" | "checkout" | "sign-in";

export interface RouteProbe {
  id: RouteId;
  route: string;
  /** The request, as method and path (and what makes it what it is: cookie, bearer…). */
  request: string;
  samples: number;
  statuses: number[];
  p50: number;
  /** Median over the samples; null when the responses carried no Server-Timing header. */
  d1Trips: number | null;
  doTrips: number | null;
  queueTrips: number | null;
  /** Lowest and highest trips seen (d1/do), when they varied between samples. */
  d1TripsRange: [number, number] | null;
  doTripsRange: [number, number] | null;
  /** WAN runs: p50 minus what the counted trips explain (trips × latency), i.e. waits the header does not show. */
  unexplainedMs: number | null;
  /** One response's header as sent, for the record. */
  serverTiming: string | null;
}

/** Times one fetch from the first byte sent to the last byte of the body read. */
export async function timedFetch(url: string, init: RequestInit = {}): Promise<Sample & { response: Response; body: string }> {
  const started = performance.now();
  const response = await fetch(url, init);
  const body = await response.text();
  return { ms: performance.now() - started, status: response.status, serverTiming: response.headers.get("server-timing"), response, body };
}

function medianOrNull(values: (number | null)[]): number | null {
  if (values.length === 0 || values.some((value) => value === null)) return null;
  return percentile(values as number[], 50);
}

function rangeOf(values: (number | null)[]): [number, number] | null {
  const known = values.filter((value): value is number => value !== null);
  if (known.length === 0) return null;
  const low = Math.min(...known);
  const high = Math.max(...known);
  return low === high ? null : [low, high];
}

/**
 * Runs `warmup` untimed requests (filling caches), then `samples` timed ones one after the
 * other. `run(i)` makes the request (and any untimed set-up it needs, such as a cart line
 * before a checkout) and returns the timed part.
 */
export async function probeRoute(
  spec: { id: RouteId; route: string; request: string; warmup: number; samples: number; run: (i: number) => Promise<Sample> },
  wan: WanDelays | null,
): Promise<RouteProbe> {
  for (let i = 0; i < spec.warmup; i++) await spec.run(-1 - i);
  const samples: Sample[] = [];
  for (let i = 0; i < spec.samples; i++) samples.push(await spec.run(i));
  const timings = samples.map((sample) => parseServerTiming(sample.serverTiming));
  const d1 = timings.map((timing) => tripsOf(timing, "d1"));
  const dObj = timings.map((timing) => tripsOf(timing, "do"));
  const queue = timings.map((timing) => tripsOf(timing, "queue"));
  const p50 = percentile(samples.map((sample) => sample.ms), 50);
  const d1Trips = medianOrNull(d1);
  const doTrips = medianOrNull(dObj);
  const queueTrips = medianOrNull(queue);
  const unexplainedMs =
    wan && d1Trips !== null && doTrips !== null && queueTrips !== null ? p50 - d1Trips * wan.d1Ms - doTrips * wan.doMs - queueTrips * wan.queueMs : null;
  return {
    id: spec.id,
    route: spec.route,
    request: spec.request,
    samples: samples.length,
    statuses: [...new Set(samples.map((sample) => sample.status))],
    p50,
    d1Trips,
    doTrips,
    queueTrips,
    d1TripsRange: rangeOf(d1),
    doTripsRange: rangeOf(dObj),
    unexplainedMs,
    serverTiming: samples.find((sample) => sample.serverTiming !== null)?.serverTiming ?? null,
  };
}
