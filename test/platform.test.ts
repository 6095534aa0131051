import { describe, expect, it, vi } from "vitest";
import { api, site } from "./helpers";
import type { OpenApiDocument } from "./openapi-document";

describe("platform conventions", () => {
  it("GET /health reports D1 and the version", async () => {
    const response = await api("/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", checks: { d1: "ok" }, version: expect.any(String) });
  });

  it("serves an OpenAPI 3.1 document generated from the route schemas", async () => {
    const response = await api("/openapi.json");
    expect(response.status).toBe(200);
    const doc = (await response.json()) as OpenApiDocument;
    expect(doc.openapi).toBe("3.1.0");
    for (const path of ["/auth/register", "/auth/login", "/auth/refresh", "/auth/logout", "/auth/me", "/users/me", "/users/me/password", "/users", "/users/{id}", "/health"]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    expect(doc.paths["/auth/register"]?.post?.requestBody?.content["application/json"]?.schema).toBeDefined();
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("serves the interactive reference at /api/docs", async () => {
    const response = await site("/api/docs");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('data-url="/api/v1/openapi.json"');
  });

  it("echoes a client's x-request-id and generates one otherwise", async () => {
    const echoed = await api("/health", { headers: { "x-request-id": "trace-abc.123" } });
    expect(echoed.headers.get("x-request-id")).toBe("trace-abc.123");
    const generated = await api("/health");
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const problem = await api("/nope");
    const body = (await problem.json()) as { requestId: string };
    expect(body.requestId).toBe(problem.headers.get("x-request-id"));
  });

  it("writes one structured JSON log line per API request, but none for a healthy health probe", async () => {
    const log = vi.spyOn(console, "log");
    await api("/missing", { headers: { "x-request-id": "log-check-1" } });
    await api("/health", { headers: { "x-request-id": "log-check-2" } });
    const lines = (requestId: string) =>
      log.mock.calls
        .map(([line]) => (typeof line === "string" && line.startsWith("{") ? JSON.parse(line) : null))
        .filter((entry) => entry?.requestId === requestId);
    const [logged, probe] = [lines("log-check-1"), lines("log-check-2")];
    log.mockRestore();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ msg: "request", method: "GET", path: "/api/v1/missing", status: 404 });
    expect(logged[0].durationMs).toEqual(expect.any(Number));
    expect(probe).toHaveLength(0);
  });

  it.each(["/api/v1/health", "/api/v1/missing", "/", "/login", "/no-such-page"])(
    "sets security headers on %s",
    async (path) => {
      const response = await site(path);
      expect(response.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
      expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    },
  );
});

describe("the site", () => {
  it("renders the home page with a per-request CSP nonce on its scripts", async () => {
    const response = await site("/");
    expect(response.status).toBe(200);
    const html = await response.text();
    const csp = response.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(html).toContain(`nonce="${nonce}"`);
    const again = await site("/");
    expect(again.headers.get("content-security-policy")).not.toBe(csp);
  });

  it("answers an unknown page with a 404 page inside the layout", async () => {
    const response = await site("/definitely-not-a-page");
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/<header/);
  });
});

describe("cross-site form posts", () => {
  it("refuses a site POST from another origin with 403 before any action runs", async () => {
    const response = await site("/login", {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: "email=a%40b.c&password=x",
    });
    expect(response.status).toBe(403);
  });

  it("lets a same-origin POST through to the action", async () => {
    const response = await site("/login", {
      method: "POST",
      headers: { origin: "http://localhost:8787", "content-type": "application/x-www-form-urlencoded" },
      body: "email=&password=",
    });
    expect(response.status).toBe(400);
  });
});
