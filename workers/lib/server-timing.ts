/**
 * The Worker's fetch inside one request scope: bindings instrumented once per isolate, the
 * request's calls counted (workers/lib/request-scope.ts) and reported in a Server-Timing
 * header while SERVER_TIMING is on, and its D1 session started and its bookmark handed back
 * (workers/db/d1-session.ts). See docs/decisions/017-d1-sessions-and-server-timing.md.
 */
import { carryD1Bookmark, d1SessionStart, instrumentD1, startD1Session } from "../db/d1-session";
import { appConfig } from "../env";
import {
  instrumentNamespace,
  instrumentQueue,
  openRequestScope,
  requestCounts,
  runInRequestScope,
  type CallCounts,
  type RequestCounts,
  type RequestScope,
} from "./request-scope";

/** Every D1, Durable Object and queue binding: each is listed below, or this does not compile. */
type InstrumentedBindings = {
  [K in keyof Env]: Env[K] extends D1Database
    ? K
    : Env[K] extends DurableObjectNamespace<infer _T>
      ? K
      : Env[K] extends Queue<infer _B>
        ? K
        : never;
}[keyof Env];

const instrumentedEnvs = new WeakMap<Env, Env>();
const instrumented = new WeakSet<Env>();

/** The env with D1, Durable Object and queue bindings instrumented, built once per isolate. */
function instrumentEnv(env: Env): Env {
  if (instrumented.has(env)) return env;
  let scoped = instrumentedEnvs.get(env);
  if (!scoped) {
    const bindings = {
      DB: instrumentD1(env.DB),
      CART: instrumentNamespace(env.CART),
      INVENTORY: instrumentNamespace(env.INVENTORY),
      PROMOTION_USAGE: instrumentNamespace(env.PROMOTION_USAGE),
      RATE_LIMITER: instrumentNamespace(env.RATE_LIMITER),
      SIMULATED_GATEWAY: instrumentNamespace(env.SIMULATED_GATEWAY),
      PAYMENTS_QUEUE: instrumentQueue(env.PAYMENTS_QUEUE),
      EMAILS_QUEUE: instrumentQueue(env.EMAILS_QUEUE),
    } satisfies { [K in InstrumentedBindings]: Env[K] };
    scoped = { ...env, ...bindings };
    instrumentedEnvs.set(env, scoped);
    instrumented.add(scoped);
  }
  return scoped;
}

function ms(value: number): string {
  return value.toFixed(1);
}

function callMetric(name: string, counts: CallCounts): string {
  return `${name};dur=${ms(counts.durationMs)};calls=${counts.calls};trips=${counts.trips}`;
}

/**
 * `d1;dur=…;calls=…;trips=…, do;…, queue;…, render;dur=…, total;dur=…`: d1 and do always,
 * queue only when the request sent something, render only for site pages.
 */
export function formatServerTiming(counts: RequestCounts): string {
  const metrics = [callMetric("d1", counts.d1), callMetric("do", counts.do)];
  if (counts.queue.calls > 0) metrics.push(callMetric("queue", counts.queue));
  if (counts.renderMs !== undefined) metrics.push(`render;dur=${ms(counts.renderMs)}`);
  metrics.push(`total;dur=${ms(counts.totalMs)}`);
  return metrics.join(", ");
}

function serverTimingOn(env: Env): boolean {
  try {
    return appConfig(env).SERVER_TIMING === "on";
  } catch {
    // A bad environment is reported by the request itself (a 503); no header then.
    return false;
  }
}

/** Responses from fetch() or caches have immutable headers; those are copied before editing. */
function editHeaders(response: Response, edit: (headers: Headers) => void): Response {
  try {
    edit(response.headers);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    edit(copy.headers);
    return copy;
  }
}

function finish(request: Request, env: Env, scope: RequestScope, response: Response): Response {
  const counts = serverTimingOn(env) ? requestCounts(scope) : undefined;
  const bookmark = carryD1Bookmark(request, scope);
  if (!counts && !bookmark) return response;
  return editHeaders(response, (headers) => {
    if (counts) headers.set("server-timing", formatServerTiming(counts));
    bookmark?.(headers);
  });
}

type FetchHandler = ExportedHandlerFetchHandler<Env, unknown>;

/**
 * The Worker's handler with its fetch run in a request scope. The scope is opened here once;
 * the site's in-process API calls (apiClient in workers/index.ts) run inside the page's scope,
 * so a page's counts include theirs, and they share its D1 session: chosen from the outer
 * request (workers/db/d1-session.ts), its newest bookmark handed back on the response.
 */
export function instrumentWorker<H extends ExportedHandler<Env, unknown> & { fetch: FetchHandler }>(handler: H) {
  const fetch: FetchHandler = async (request, rawEnv, ctx) => {
    const env = instrumentEnv(rawEnv);
    const scope = openRequestScope();
    startD1Session(scope, d1SessionStart(request));
    const response = await runInRequestScope(scope, () => handler.fetch(request, env, ctx));
    return finish(request, env, scope, response);
  };
  return { ...handler, fetch };
}
