/**
 * The storefront Worker behind simulated WAN latency, for `npm run bench -- --wan` only.
 *
 * It re-exports workers/index.ts (the same fetch, queue and scheduled handlers and the same
 * Durable Object classes), handing each of them an env whose D1 database, Durable Object
 * namespaces and queue producers wait before and after every call: half the configured
 * round trip on the way out, half on the way back, as a distant D1 primary, an object in
 * another colo and the queue service would. The Durable Object classes are subclassed so
 * that their own env is wrapped too: an object's D1 write (Inventory's copy of `available`)
 * or another object's RPC costs its trip like the Worker's do.
 *
 * The bench turns it on with the var BENCH_WAN (JSON: the delays and the binding names, read
 * from wrangler.toml); without it every handler sees the env unchanged. Wrappers are made
 * once per underlying binding (WeakMaps), because the Worker memoizes its drizzle instance
 * and its parsed config per binding and env object.
 */
import storefront, {
  Cart as StorefrontCart,
  Inventory as StorefrontInventory,
  PromotionUsage as StorefrontPromotionUsage,
  RateLimiter as StorefrontRateLimiter,
  SimulatedGateway as StorefrontSimulatedGateway,
} from "../workers/index.ts";

// Anything else the Worker exports (a Durable Object class added later) is served unwrapped.
export * from "../workers/index.ts";

/** What the bench passes in BENCH_WAN. */
export interface WanSettings {
  d1Ms: number;
  doMs: number;
  queueMs: number;
  /** Binding names by kind, from wrangler.toml. */
  d1: string[];
  durableObjects: string[];
  queues: string[];
}

type AnyFunction = (...args: unknown[]) => unknown;
type Bag = Record<PropertyKey, unknown>;

const wait = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/** One simulated round trip around `call`: half the latency out, half back (also on failure). */
async function roundTrip<T>(ms: number, call: () => T | Promise<T>): Promise<T> {
  await wait(ms / 2);
  try {
    return await call();
  } finally {
    await wait(ms / 2);
  }
}

/** A property of the wrapped object, methods bound to it (D1's classes keep private state). */
function forward(target: object, prop: PropertyKey): unknown {
  const value: unknown = Reflect.get(target, prop, target);
  return typeof value === "function" && prop !== "constructor" ? (value as AnyFunction).bind(target) : value;
}

// ── D1 ────────────────────────────────────────────────────────────────────

/** Wrapped statement → the runtime's own, so batch() gets back what it knows. */
const rawStatements = new WeakMap<object, object>();
const STATEMENT_CALLS = new Set<PropertyKey>(["first", "all", "run", "raw"]);

function wrapStatement(raw: object, ms: number): object {
  const wrapper = new Proxy(raw, {
    get(target, prop) {
      if (prop === "bind") return (...args: unknown[]) => wrapStatement(Reflect.apply(Reflect.get(target, prop) as AnyFunction, target, args) as object, ms);
      if (STATEMENT_CALLS.has(prop)) return (...args: unknown[]) => roundTrip(ms, () => Reflect.apply(Reflect.get(target, prop) as AnyFunction, target, args));
      return forward(target, prop);
    },
  });
  rawStatements.set(wrapper, raw);
  return wrapper;
}

const unwrapStatements = (statements: unknown) => (Array.isArray(statements) ? statements.map((s: object) => rawStatements.get(s) ?? s) : statements);

/** A D1 database or a D1 session (withSession): prepare, batch, exec and dump each cost a trip. */
function wrapD1(raw: object, ms: number): object {
  return new Proxy(raw, {
    get(target, prop) {
      const method = Reflect.get(target, prop) as AnyFunction;
      switch (prop) {
        case "prepare":
          return (...args: unknown[]) => wrapStatement(Reflect.apply(method, target, args) as object, ms);
        case "batch":
          return (statements: unknown, ...rest: unknown[]) => roundTrip(ms, () => Reflect.apply(method, target, [unwrapStatements(statements), ...rest]));
        case "exec":
        case "dump":
          return (...args: unknown[]) => roundTrip(ms, () => Reflect.apply(method, target, args));
        case "withSession":
          return (...args: unknown[]) => wrapD1(Reflect.apply(method, target, args) as object, ms);
        default:
          return forward(target, prop);
      }
    },
  });
}

// ── Durable Objects ───────────────────────────────────────────────────────

/**
 * A stub: every method call (RPC) and fetch costs a trip. Stubs are proxies in workerd (any
 * name is a callable RPC property), so function-valued properties are intercepted by name;
 * symbols, `id`, `name` and `then` pass through untouched. Calls go through Reflect.apply:
 * `.apply` or `.call` on an RPC property would itself be taken for a remote method.
 */
function wrapStub(raw: object, ms: number): object {
  return new Proxy(raw, {
    get(target, prop) {
      if (typeof prop === "symbol" || prop === "id" || prop === "name" || prop === "then") return Reflect.get(target, prop);
      const value: unknown = Reflect.get(target, prop);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => roundTrip(ms, () => Reflect.apply(Reflect.get(target, prop) as AnyFunction, target, args));
    },
  });
}

function wrapNamespace(raw: object, ms: number): object {
  return new Proxy(raw, {
    get(target, prop) {
      const method = Reflect.get(target, prop) as AnyFunction;
      if (prop === "get" || prop === "getByName") return (...args: unknown[]) => wrapStub(Reflect.apply(method, target, args) as object, ms);
      if (prop === "jurisdiction") return (...args: unknown[]) => wrapNamespace(Reflect.apply(method, target, args) as object, ms);
      return forward(target, prop);
    },
  });
}

// ── Queues ────────────────────────────────────────────────────────────────

function wrapQueue(raw: object, ms: number): object {
  return new Proxy(raw, {
    get(target, prop) {
      if (prop === "send" || prop === "sendBatch") {
        return (...args: unknown[]) => roundTrip(ms, () => Reflect.apply(Reflect.get(target, prop) as AnyFunction, target, args));
      }
      return forward(target, prop);
    },
  });
}

// ── The env ───────────────────────────────────────────────────────────────

const wrappedBindings = new WeakMap<object, object>();
const wrappedEnvs = new WeakMap<object, object>();

function once(raw: unknown, wrap: (raw: object) => object): unknown {
  if (typeof raw !== "object" || raw === null) return raw;
  let wrapped = wrappedBindings.get(raw);
  if (!wrapped) {
    wrapped = wrap(raw);
    wrappedBindings.set(raw, wrapped);
  }
  return wrapped;
}

function settingsOf(env: Bag): WanSettings | null {
  const text = env.BENCH_WAN;
  if (typeof text !== "string" || text === "") return null;
  return JSON.parse(text) as WanSettings;
}

/** The env with its D1, Durable Object and queue bindings behind the configured latency. */
export function wanEnv<E extends object>(env: E): E {
  const cached = wrappedEnvs.get(env);
  if (cached) return cached as E;
  const settings = settingsOf(env as Bag);
  if (!settings) return env;
  const wrapped: Bag = { ...(env as Bag) };
  for (const name of settings.d1) wrapped[name] = once(wrapped[name], (raw) => wrapD1(raw, settings.d1Ms));
  for (const name of settings.durableObjects) wrapped[name] = once(wrapped[name], (raw) => wrapNamespace(raw, settings.doMs));
  for (const name of settings.queues) wrapped[name] = once(wrapped[name], (raw) => wrapQueue(raw, settings.queueMs));
  wrappedEnvs.set(env, wrapped);
  return wrapped as E;
}

export default {
  fetch(request, env, ctx) {
    return storefront.fetch(request, wanEnv(env), ctx);
  },
  queue(batch, env, ctx) {
    return storefront.queue(batch, wanEnv(env), ctx);
  },
  scheduled(controller, env, ctx) {
    return storefront.scheduled(controller, wanEnv(env), ctx);
  },
} satisfies ExportedHandler<Env, unknown>;

export class Cart extends StorefrontCart {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, wanEnv(env));
  }
}

export class Inventory extends StorefrontInventory {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, wanEnv(env));
  }
}

export class PromotionUsage extends StorefrontPromotionUsage {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, wanEnv(env));
  }
}

export class RateLimiter extends StorefrontRateLimiter {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, wanEnv(env));
  }
}

export class SimulatedGateway extends StorefrontSimulatedGateway {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, wanEnv(env));
  }
}
