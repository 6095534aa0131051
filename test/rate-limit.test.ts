import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { api, freshIp, problemOf, registerUser, uniqueEmail } from "./helpers";

describe("rate limits on sign-in and registration", () => {
  it("limits failed sign-ins per account across client addresses, with Retry-After", async () => {
    const session = await registerUser();
    const limit = Number(env.LOGIN_ATTEMPTS_PER_ACCOUNT);
    for (let i = 0; i < limit; i++) {
      const response = await api("/auth/login", { method: "POST", ip: freshIp(), json: { email: session.user.email, password: `wrong ${i}` } });
      expect(response.status).toBe(401);
    }
    const blocked = await api("/auth/login", { method: "POST", ip: freshIp(), json: { email: session.user.email, password: session.password } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await problemOf(blocked)).code).toBe("rate_limited");
  });

  it("limits attempts per client address across accounts", async () => {
    const ip = freshIp();
    const limit = Number(env.AUTH_ATTEMPTS_PER_CLIENT);
    const statuses: number[] = [];
    for (let i = 0; i <= limit; i++) {
      const response = await api("/auth/login", { method: "POST", ip, json: { email: uniqueEmail("nobody"), password: "whatever" } });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, limit).every((status) => status === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it("limits registrations per client address, creating no account past the limit", async () => {
    const ip = freshIp();
    const limit = Number(env.REGISTRATIONS_PER_CLIENT);
    for (let i = 0; i < limit; i++) {
      const response = await api("/auth/register", { method: "POST", ip, json: { email: uniqueEmail(), password: "long enough password", name: "N" } });
      expect(response.status).toBe(201);
    }
    const email = uniqueEmail();
    const blocked = await api("/auth/register", { method: "POST", ip, json: { email, password: "long enough password", name: "N" } });
    expect(blocked.status).toBe(429);
    expect(await env.DB.prepare("SELECT id FROM users WHERE email = ?").bind(email).first()).toBeNull();
  });
});
