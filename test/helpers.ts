import { expect } from "vitest";
import { env, exports } from "cloudflare:workers";

export const ORIGIN = "http://localhost:8787";

export interface ApiRequestInit extends Omit<RequestInit, "body"> {
  json?: unknown;
  body?: BodyInit | null;
  token?: string;
  ip?: string;
}

let ipCounter = 0;
/** A fresh client address per call, so rate limits of one test never touch another. */
export function freshIp(): string {
  ipCounter += 1;
  return `198.51.${Math.floor(ipCounter / 250) % 250}.${(ipCounter % 250) + 1}`;
}

export async function api(path: string, init: ApiRequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  headers.set("cf-connecting-ip", init.ip ?? freshIp());
  const body = init.json !== undefined ? JSON.stringify(init.json) : (init.body ?? null);
  return exports.default.fetch(
    new Request(`${ORIGIN}/api/v1${path}`, { ...init, headers, body }),
  );
}

export async function site(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, { redirect: "manual", ...init }));
}

let userCounter = 0;
export function uniqueEmail(prefix = "user"): string {
  userCounter += 1;
  return `${prefix}.${Date.now().toString(36)}.${userCounter}@example.test`;
}

export interface TestSession {
  user: { id: string; email: string; name: string; role: "customer" | "admin" };
  accessToken: string;
  refreshToken: string;
  password: string;
}

/** Registers a customer through the API, the way a shopper would. */
export async function registerUser(
  overrides: Partial<{ email: string; password: string; name: string }> = {},
): Promise<TestSession> {
  const password = overrides.password ?? "correct horse battery";
  const response = await api("/auth/register", {
    method: "POST",
    json: { email: overrides.email ?? uniqueEmail(), password, name: overrides.name ?? "Test Shopper" },
  });
  if (response.status !== 201) throw new Error(`register failed: ${response.status} ${await response.text()}`);
  return { ...((await response.json()) as Omit<TestSession, "password">), password };
}

/** A customer promoted to admin directly in D1, then signed in again for an admin token. */
export async function createAdmin(): Promise<TestSession> {
  const registered = await registerUser({ name: "Test Admin" });
  await env.DB.prepare("UPDATE users SET role = 'admin' WHERE id = ?").bind(registered.user.id).run();
  const response = await api("/auth/login", {
    method: "POST",
    json: { email: registered.user.email, password: registered.password },
  });
  return { ...((await response.json()) as Omit<TestSession, "password">), password: registered.password };
}

/** The same session with a fresh token pair (POST /auth/refresh), for sessions a test keeps past the access token's 30 s. */
export async function refreshSession(session: TestSession): Promise<TestSession> {
  const response = await api("/auth/refresh", { method: "POST", json: { refreshToken: session.refreshToken } });
  if (response.status !== 200) throw new Error(`refresh failed: ${response.status} ${await response.text()}`);
  return { ...((await response.json()) as Omit<TestSession, "password">), password: session.password };
}

export async function problemOf(response: Response) {
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  return (await response.json()) as {
    type: string;
    title: string;
    status: number;
    detail: string;
    code: string;
    errors?: { path: string; message: string }[];
    requestId: string;
  };
}

/** One metric of a response's Server-Timing header (workers/lib/server-timing.ts). */
export interface TimingMetric {
  dur: number;
  calls: number;
  trips: number;
}

/**
 * A response's Server-Timing metrics by name (`d1`, `do`, `queue`, `render`, `total`); a kind
 * with no entry made no call.
 */
export function serverTimingOf(response: Response): Record<string, TimingMetric> {
  const header = response.headers.get("server-timing");
  if (!header) throw new Error("no Server-Timing header (is SERVER_TIMING on?)");
  const metrics: Record<string, TimingMetric> = {};
  for (const entry of header.split(",")) {
    const [name = "", ...params] = entry.trim().split(";");
    const values = Object.fromEntries(params.map((param) => param.split("=")).map(([key = "", value = ""]) => [key, Number(value)]));
    metrics[name] = { dur: values.dur ?? NaN, calls: values.calls ?? 0, trips: values.trips ?? 0 };
  }
  return metrics;
}

/** Sequential D1 and Durable Object round trips a response reports. */
export function tripsOf(response: Response): { d1: number; do: number; queue: number } {
  const metrics = serverTimingOf(response);
  return { d1: metrics.d1?.trips ?? 0, do: metrics.do?.trips ?? 0, queue: metrics.queue?.trips ?? 0 };
}
