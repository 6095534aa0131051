import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { signInPolicy } from "../workers/domain/account-throttle";
import type { RateLimiter } from "../durable-objects/rate-limiter";
import { api, freshIp, problemOf, registerUser, uniqueEmail } from "./helpers";

describe("rate limits on sign-in and registration", () => {
  const perClient = Number(env.LOGIN_FAILURES_PER_CLIENT);
  const login = (email: string, password: string, ip: string) => api("/auth/login", { method: "POST", ip, json: { email, password } });

  it("still signs the owner in from a client that has not failed while others fail from many addresses", async () => {
    const owner = await registerUser();
    // More failures than one client may make, spread over addresses, two of them to their limit.
    const attackers = [freshIp(), freshIp()];
    for (const ip of attackers) {
      for (let i = 0; i < perClient; i++) expect((await login(owner.user.email, `wrong ${i}`, ip)).status).toBe(401);
    }
    for (let i = 0; i < perClient; i++) expect((await login(owner.user.email, `wrong ${i}`, freshIp())).status).toBe(401);
    expect((await login(owner.user.email, owner.password, freshIp())).status).toBe(200);
    // The attackers stay throttled, even when they guess right.
    const blocked = await login(owner.user.email, owner.password, attackers[0]!);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await problemOf(blocked)).code).toBe("rate_limited");
  });

  it("counts an IPv6 client by its /64, so rotating addresses within it does not help", async () => {
    const owner = await registerUser();
    const prefix = `2001:db8:${(Date.now() % 0xffff).toString(16)}:${Math.floor(Math.random() * 0xffff).toString(16)}`;
    for (let i = 1; i <= perClient; i++) expect((await login(owner.user.email, "wrong guess", `${prefix}::${i.toString(16)}`)).status).toBe(401);
    expect((await login(owner.user.email, owner.password, `${prefix}::ffff`)).status).toBe(429);
    expect((await login(owner.user.email, owner.password, freshIp())).status).toBe(200);
  });

  it("counts concurrent guesses from one client as they start, so none slip past the limit", async () => {
    const owner = await registerUser();
    const ip = freshIp();
    const statuses = await Promise.all(Array.from({ length: perClient + 5 }, (_, i) => login(owner.user.email, `guess ${i}`, ip).then((r) => r.status)));
    expect(statuses.filter((status) => status === 401)).toHaveLength(perClient);
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
  });

  it("lets a client that signs in correctly start its count afresh", async () => {
    const owner = await registerUser();
    const ip = freshIp();
    for (let i = 0; i < perClient - 1; i++) expect((await login(owner.user.email, "typo", ip)).status).toBe(401);
    expect((await login(owner.user.email, owner.password, ip)).status).toBe(200);
    for (let i = 0; i < perClient - 1; i++) expect((await login(owner.user.email, "typo", ip)).status).toBe(401);
    expect((await login(owner.user.email, owner.password, ip)).status).toBe(200);
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

describe("a guess spread over many addresses", () => {
  it("is throttled past the account's limit: clients that failed are refused, a clean client still gets in", async () => {
    const policy = signInPolicy({ perClient: 10, perAccount: 20 });
    const throttle = env.RATE_LIMITER.getByName(`login:throttle:${uniqueEmail("spread")}`);
    const attempt = async (client: string, outcome: "succeeded" | "failed") => {
      const admitted = await throttle.admit(client, policy);
      if (admitted.allowed) await throttle.settle(client, outcome, policy);
      return admitted.allowed;
    };
    for (let i = 0; i < 20; i++) expect(await attempt(`bot-${i}`, "failed")).toBe(true);
    // Each bot failed once, far under its own limit of 10, but the account has had 20 failures.
    expect(await attempt("bot-0", "failed")).toBe(false);
    expect(await attempt("bot-new", "failed")).toBe(true);
    expect(await attempt("bot-new", "failed")).toBe(false);
    expect(await attempt("owner", "succeeded")).toBe(true);
    expect(await attempt("owner", "succeeded")).toBe(true);
    // Nothing is kept once every window has lapsed.
    const alarm = await runInDurableObject(throttle, (_instance: RateLimiter, state) => state.storage.getAlarm());
    expect(alarm).toBeGreaterThan(Date.now() + 60 * 60_000);
    expect(await runDurableObjectAlarm(throttle)).toBe(true);
    expect(await runInDurableObject(throttle, (_instance: RateLimiter, state) => [...state.storage.kv.list()])).toEqual([]);
  });
});

describe("rate limits on password reset requests", () => {
  const forgot = (email: string, ip: string) => api("/auth/forgot-password", { method: "POST", ip, json: { email } });
  const resetEmails = async (email: string) =>
    (await env.DB.prepare("SELECT count(*) AS n FROM email_outbox WHERE to_address = ? AND template = 'password_reset'").bind(email).first<{ n: number }>())!.n;

  it("cannot be used by others to stop the owner's reset", async () => {
    const owner = await registerUser();
    for (let i = 0; i < 10; i++) expect((await forgot(owner.user.email, freshIp())).status).toBe(202);
    const before = await resetEmails(owner.user.email);
    expect((await forgot(owner.user.email, freshIp())).status).toBe(202);
    expect(await resetEmails(owner.user.email)).toBe(before + 1);
  });

  it("limits one client's requests for one account, with Retry-After", async () => {
    const owner = await registerUser();
    const ip = freshIp();
    for (let i = 0; i < 5; i++) expect((await forgot(owner.user.email, ip)).status).toBe(202);
    const blocked = await forgot(owner.user.email, ip);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await resetEmails(owner.user.email)).toBe(5);
  });
});
