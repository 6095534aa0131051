/**
 * One scope per incoming request (AsyncLocalStorage), opened once by the Worker's fetch
 * (workers/lib/server-timing.ts): it counts the request's D1, Durable Object and queue calls
 * for the Server-Timing header, and the site's in-process API calls land in the page's scope.
 * Without a scope (queue consumers, cron, Durable Objects, tests calling code directly)
 * every instrumented call passes straight through. See
 * docs/decisions/017-d1-sessions-and-server-timing.md.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export type CallKind = "d1" | "do" | "queue";

interface Tally {
  calls: number;
  trips: number;
  /** Time with at least one call of this kind in flight (overlapping calls count once). */
  busyMs: number;
  inFlight: number;
  busySince: number;
}

export interface RequestScope {
  readonly startedAt: number;
  readonly tallies: Record<CallKind, Tally>;
  /** Wall time in the Remix handler; undefined for API and image responses. */
  renderMs: number | undefined;
}

/** What one kind of call cost a request so far. */
export interface CallCounts {
  calls: number;
  /** Sequential round trips: a call that starts while none of its kind is in flight. */
  trips: number;
  durationMs: number;
}

export interface RequestCounts {
  d1: CallCounts;
  do: CallCounts;
  queue: CallCounts;
  renderMs: number | undefined;
  totalMs: number;
}

const storage = new AsyncLocalStorage<RequestScope>();

function tally(): Tally {
  return { calls: 0, trips: 0, busyMs: 0, inFlight: 0, busySince: 0 };
}

/** A fresh scope; run the request inside it with `runInRequestScope`. */
export function openRequestScope(): RequestScope {
  return { startedAt: performance.now(), tallies: { d1: tally(), do: tally(), queue: tally() }, renderMs: undefined };
}

export function runInRequestScope<T>(scope: RequestScope, run: () => T): T {
  return storage.run(scope, run);
}

/** The scope of the request this code runs for, if any. */
export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}

function countsOf(entry: Tally, now: number): CallCounts {
  const open = entry.inFlight > 0 ? now - entry.busySince : 0;
  return { calls: entry.calls, trips: entry.trips, durationMs: entry.busyMs + open };
}

/**
 * The calls the current request (or the given scope) has made so far; undefined outside a
 * request. Calls still in flight count with the time they have taken until now.
 */
export function requestCounts(scope: RequestScope | undefined = currentRequestScope()): RequestCounts | undefined {
  if (!scope) return undefined;
  const now = performance.now();
  return {
    d1: countsOf(scope.tallies.d1, now),
    do: countsOf(scope.tallies.do, now),
    queue: countsOf(scope.tallies.queue, now),
    renderMs: scope.renderMs,
    totalMs: now - scope.startedAt,
  };
}

/**
 * Counts one call into the current request's scope and returns what `start` returned,
 * untouched (a Durable Object's RpcPromise keeps its pipelining). A trip starts when a call
 * starts while no other call of its kind is in flight.
 */
export function trackCall<T>(kind: CallKind, start: () => T): T {
  const scope = storage.getStore();
  if (!scope) return start();
  const entry = scope.tallies[kind];
  entry.calls += 1;
  if (entry.inFlight === 0) {
    entry.trips += 1;
    entry.busySince = performance.now();
  }
  entry.inFlight += 1;
  let settled = false;
  const settle = () => {
    if (settled) return;
    settled = true;
    entry.inFlight -= 1;
    if (entry.inFlight === 0) entry.busyMs += performance.now() - entry.busySince;
  };
  let result: T;
  try {
    result = start();
  } catch (error) {
    settle();
    throw error;
  }
  // Observes settlement only; the caller still sees the original value or rejection.
  Promise.resolve(result).then(settle, settle);
  return result;
}

/** Wraps the Remix request handler so its wall time is the page's `render` metric. */
export function timeRender<A extends unknown[], R>(handler: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    const scope = storage.getStore();
    const started = performance.now();
    try {
      return await handler(...args);
    } finally {
      if (scope) scope.renderMs = (scope.renderMs ?? 0) + (performance.now() - started);
    }
  };
}

/** Native binding methods check their receiver, so anything passed through is bound to the target. */
function passThrough(target: object, prop: string | symbol): unknown {
  const value: unknown = Reflect.get(target, prop);
  return typeof value === "function" ? value.bind(target) : value;
}

/**
 * A stub whose method calls and fetch() are counted as "do" calls. Stubs are Proxies in
 * workerd (any property name is a remote method), so this intercepts reads of function-valued
 * properties rather than listing methods.
 */
function instrumentStub<S extends object>(stub: S): S {
  return new Proxy(stub, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (typeof prop === "symbol" || prop === "then" || typeof value !== "function") return value;
      return (...args: unknown[]): unknown => trackCall("do", () => Reflect.apply(value, target, args));
    },
  });
}

/**
 * A Durable Object namespace whose stubs are instrumented. Stubs taken outside a request
 * scope (alarms, consumers) are the runtime's own.
 */
export function instrumentNamespace<T extends Rpc.DurableObjectBranded | undefined>(
  namespace: DurableObjectNamespace<T>,
): DurableObjectNamespace<T> {
  const instrument = (stub: DurableObjectStub<T>) => (storage.getStore() ? instrumentStub(stub) : stub);
  const get: DurableObjectNamespace<T>["get"] = (id, options) => instrument(namespace.get(id, options));
  const getByName: DurableObjectNamespace<T>["getByName"] = (name, options) => instrument(namespace.getByName(name, options));
  const jurisdiction: DurableObjectNamespace<T>["jurisdiction"] = (where) => instrumentNamespace(namespace.jurisdiction(where));
  return new Proxy(namespace, {
    get(target, prop) {
      if (prop === "get") return get;
      if (prop === "getByName") return getByName;
      if (prop === "jurisdiction") return jurisdiction;
      return passThrough(target, prop);
    },
  });
}

/** A queue producer whose send() and sendBatch() are counted as "queue" calls. */
export function instrumentQueue<Body>(queue: Queue<Body>): Queue<Body> {
  return new Proxy(queue, {
    get(target, prop) {
      if (prop === "send" || prop === "sendBatch") {
        const method = Reflect.get(target, prop);
        if (typeof method !== "function") return method;
        return (...args: unknown[]): unknown => trackCall("queue", () => Reflect.apply(method, target, args));
      }
      return passThrough(target, prop);
    },
  });
}
