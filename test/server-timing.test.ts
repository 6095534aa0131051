import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../workers/factory";
import {
  currentRequestScope,
  instrumentNamespace,
  instrumentQueue,
  openRequestScope,
  requestCounts,
  runInRequestScope,
  trackCall,
} from "../workers/lib/request-scope";
import { formatServerTiming, instrumentWorker } from "../workers/lib/server-timing";
import { api, registerUser, site } from "./helpers";
import { createProduct } from "./factories/catalog";

/** The header's exact grammar (a benchmark parses it): d1 and do always, queue and render when present. */
const SERVER_TIMING =
  /^d1;dur=\d+\.\d;calls=\d+;trips=\d+, do;dur=\d+\.\d;calls=\d+;trips=\d+(?:, queue;dur=\d+\.\d;calls=\d+;trips=\d+)?(?:, render;dur=\d+\.\d)?, total;dur=\d+\.\d$/;

interface Metric {
  dur: number;
  calls?: number;
  trips?: number;
}

function parseServerTiming(header: string | null): Record<string, Metric> {
  expect(header).toMatch(SERVER_TIMING);
  const metrics: Record<string, Metric> = {};
  for (const entry of (header ?? "").split(", ")) {
    const [name = "", ...params] = entry.split(";");
    const values = Object.fromEntries(params.map((param) => param.split("=")).map(([key = "", value = ""]) => [key, Number(value)]));
    metrics[name] = { dur: values.dur ?? NaN, calls: values.calls, trips: values.trips };
  }
  return metrics;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("request scope counting", () => {
  it("counts calls, and counts overlapping calls of a kind as one trip", async () => {
    const counts = await runInRequestScope(openRequestScope(), async () => {
      await Promise.all([trackCall("d1", () => wait(5)), trackCall("d1", () => wait(5)), trackCall("do", () => wait(1))]);
      await trackCall("d1", () => wait(1));
      return requestCounts();
    });
    expect(counts?.d1).toMatchObject({ calls: 3, trips: 2 });
    expect(counts?.do).toMatchObject({ calls: 1, trips: 1 });
    expect(counts?.queue).toMatchObject({ calls: 0, trips: 0, durationMs: 0 });
  });

  it("counts a call that fails, and hands its error back", async () => {
    const scope = openRequestScope();
    const failing = runInRequestScope(scope, () => trackCall("d1", () => Promise.reject(new Error("boom"))));
    await expect(failing).rejects.toThrow("boom");
    expect(requestCounts(scope)?.d1).toMatchObject({ calls: 1, trips: 1 });
    expect(requestCounts(scope)).toBeDefined();
  });

  it("passes calls through outside a request", async () => {
    expect(currentRequestScope()).toBeUndefined();
    expect(requestCounts()).toBeUndefined();
    await expect(trackCall("d1", () => Promise.resolve(7))).resolves.toBe(7);
    // The per-isolate drizzle instance works outside a request too (queue consumers, cron).
    const row = await createDb(env.DB).$client.prepare("SELECT 1 AS one").first<{ one: number }>();
    expect(row?.one).toBe(1);
  });

  it("keeps one drizzle instance per binding: the raw binding and its wrapper give the same one", () => {
    const db = createDb(env.DB);
    expect(createDb(env.DB)).toBe(db);
    expect(createDb(db.$client)).toBe(db);
  });

  it("counts D1 statements and batches through the wrapped binding", async () => {
    const d1 = createDb(env.DB).$client;
    const counts = await runInRequestScope(openRequestScope(), async () => {
      await d1.prepare("SELECT ?1 AS n").bind(1).first();
      await Promise.all([d1.prepare("SELECT 2").all(), d1.prepare("SELECT 3").raw()]);
      await d1.batch([d1.prepare("SELECT 4"), d1.prepare("SELECT ?1").bind(5)]);
      return requestCounts();
    });
    expect(counts?.d1).toMatchObject({ calls: 4, trips: 3 });
  });

  it("counts Durable Object RPC calls on stubs from an instrumented namespace", async () => {
    const carts = instrumentNamespace(env.CART);
    const name = `user:timing-${crypto.randomUUID()}`;
    const counts = await runInRequestScope(openRequestScope(), async () => {
      const stub = carts.getByName(name);
      const snapshot = await stub.get();
      expect(snapshot.lines).toEqual([]);
      await Promise.all([stub.get(), carts.get(carts.idFromName(name)).get()]);
      return requestCounts();
    });
    expect(counts?.do).toMatchObject({ calls: 3, trips: 2 });
    // Outside a request the runtime's own stub is handed out.
    expect((await carts.getByName(name).get()).lines).toEqual([]);
  });

  it("counts queue sends", async () => {
    const sent: unknown[] = [];
    const fake: Queue<string> = {
      send: async (message) => {
        sent.push(message);
        return { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } };
      },
      sendBatch: async (messages) => {
        for (const message of messages) sent.push(message.body);
        return { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } };
      },
      metrics: async () => ({ backlogCount: 0, backlogBytes: 0 }),
    };
    const queue = instrumentQueue(fake);
    const counts = await runInRequestScope(openRequestScope(), async () => {
      await queue.send("a");
      await queue.sendBatch([{ body: "b" }, { body: "c" }]);
      return requestCounts();
    });
    expect(sent).toEqual(["a", "b", "c"]);
    expect(counts?.queue).toMatchObject({ calls: 2, trips: 2 });
  });
});

describe("the Server-Timing header", () => {
  it("formats metrics with one decimal and leaves out a queue that was not used", () => {
    const header = formatServerTiming({
      d1: { calls: 3, trips: 2, durationMs: 12.345 },
      do: { calls: 0, trips: 0, durationMs: 0 },
      queue: { calls: 0, trips: 0, durationMs: 0 },
      renderMs: undefined,
      totalMs: 20,
    });
    expect(header).toBe("d1;dur=12.3;calls=3;trips=2, do;dur=0.0;calls=0;trips=0, total;dur=20.0");
    expect(
      formatServerTiming({
        d1: { calls: 1, trips: 1, durationMs: 1 },
        do: { calls: 2, trips: 1, durationMs: 2 },
        queue: { calls: 1, trips: 1, durationMs: 0.04 },
        renderMs: 7.25,
        totalMs: 9.96,
      }),
    ).toBe("d1;dur=1.0;calls=1;trips=1, do;dur=2.0;calls=2;trips=1, queue;dur=0.0;calls=1;trips=1, render;dur=7.3, total;dur=10.0");
  });

  it("is on API responses, counting the request's D1 reads", async () => {
    const product = await createProduct();
    const response = await api(`/products/${product.id}?timing=${crypto.randomUUID()}`);
    expect(response.status).toBe(200);
    const metrics = parseServerTiming(response.headers.get("server-timing"));
    expect(metrics.d1?.calls).toBeGreaterThan(0);
    expect(metrics.d1?.trips).toBeGreaterThan(0);
    expect(metrics.d1?.trips).toBeLessThanOrEqual(metrics.d1?.calls ?? 0);
    expect(metrics.render).toBeUndefined();
    expect(metrics.total?.dur).toBeGreaterThanOrEqual(metrics.d1?.dur ?? 0);
  });

  it("counts a signed-in cart read's Durable Object call", async () => {
    const shopper = await registerUser();
    const response = await api("/cart", { token: shopper.accessToken });
    expect(response.status).toBe(200);
    expect(parseServerTiming(response.headers.get("server-timing")).do?.calls).toBeGreaterThan(0);
  });

  it("is on site pages with render, and includes the API calls the page's loaders made in-process", async () => {
    const product = await createProduct();
    const response = await site(`/p/${product.slug}`);
    expect(response.status).toBe(200);
    await response.text();
    const metrics = parseServerTiming(response.headers.get("server-timing"));
    expect(metrics.render).toBeDefined();
    // The product page reads nothing from D1 itself: these are its loaders' API calls.
    expect(metrics.d1?.calls).toBeGreaterThan(0);
    expect(metrics.total?.dur).toBeGreaterThanOrEqual(metrics.render?.dur ?? 0);
  });

  it("is left out while SERVER_TIMING is off, and the scope still counts", async () => {
    let seen: ReturnType<typeof requestCounts>;
    const worker = instrumentWorker({
      async fetch(_request, scopedEnv) {
        await scopedEnv.DB.prepare("SELECT 1").first();
        seen = requestCounts();
        return new Response("ok");
      },
    });
    // The runtime fills in request.cf for incoming requests; a test's own Request has none.
    const request = () => new Request("http://localhost:8787/api/v1/health") as Request<unknown, IncomingRequestCfProperties>;
    const ctx = createExecutionContext();
    const off = await worker.fetch(request(), { ...env, SERVER_TIMING: "off" }, ctx);
    expect(off.headers.has("server-timing")).toBe(false);
    expect(seen?.d1.calls).toBe(1);
    const on = await worker.fetch(request(), { ...env, SERVER_TIMING: "on" }, ctx);
    expect(parseServerTiming(on.headers.get("server-timing")).d1).toMatchObject({ calls: 1, trips: 1 });
    await waitOnExecutionContext(ctx);
  });
});
