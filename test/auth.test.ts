import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import type { authResponse } from "../workers/domain/schemas/auth";
import { api, problemOf, registerUser, uniqueEmail } from "./helpers";

type AuthBody = z.infer<typeof authResponse>;

describe("POST /auth/register", () => {
  it("creates a customer, stores an Argon2id hash with its parameters, and signs in", async () => {
    const email = uniqueEmail("New.Shopper");
    const response = await api("/auth/register", {
      method: "POST",
      json: { email, password: "a long enough password", name: "  Ada Lovelace " },
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as AuthBody;
    expect(body.user).toMatchObject({ email: email.toLowerCase(), name: "Ada Lovelace", role: "customer", phone: null });
    expect(body.tokenType).toBe("Bearer");
    expect(body.expiresIn).toBe(Number(env.ACCESS_TOKEN_TTL_SECONDS));
    expect(body.expiresIn).toBeLessThanOrEqual(30);
    expect(body.accessToken.split(".")).toHaveLength(3);
    expect(body.refreshToken.length).toBeGreaterThanOrEqual(43);

    const row = await env.DB.prepare("SELECT email, role, password_hash FROM users WHERE id = ?")
      .bind(body.user.id)
      .first<{ email: string; role: string; password_hash: string }>();
    expect(row?.email).toBe(email.toLowerCase());
    expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const stored = await env.DB.prepare("SELECT token_hash FROM refresh_tokens WHERE user_id = ?")
      .bind(body.user.id)
      .first<{ token_hash: string }>();
    expect(stored?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.token_hash).not.toContain(body.refreshToken);
  });

  it("refuses a duplicate email, whatever its case, and changes nothing", async () => {
    const first = await registerUser();
    const response = await api("/auth/register", {
      method: "POST",
      json: { email: first.user.email.toUpperCase(), password: "another password!", name: "Copy" },
    });
    expect(response.status).toBe(409);
    const problem = await problemOf(response);
    expect(problem.errors?.[0]?.path).toBe("email");
    const { n } = (await env.DB.prepare("SELECT count(*) AS n FROM users WHERE email = ?")
      .bind(first.user.email)
      .first<{ n: number }>())!;
    expect(n).toBe(1);
  });

  it("refuses a customer who sends a role, and creates no account", async () => {
    const email = uniqueEmail();
    const response = await api("/auth/register", {
      method: "POST",
      json: { email, password: "a long enough password", name: "Mallory", role: "admin" },
    });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.code).toBe("validation_failed");
    const row = await env.DB.prepare("SELECT id FROM users WHERE email = ?").bind(email).first();
    expect(row).toBeNull();
  });

  it.each(["password123", "Password123!", "qwertyuiop", "1234567890", "iloveyou12", "aaaaaaaaaaaa"])(
    "refuses the common, breached password %s with a field error, and creates no account",
    async (password) => {
      const email = uniqueEmail();
      const response = await api("/auth/register", { method: "POST", json: { email, password, name: "Weak" } });
      expect(response.status).toBe(400);
      const problem = await problemOf(response);
      expect(problem.code).toBe("validation_failed");
      expect(problem.errors).toEqual([{ path: "password", message: expect.stringMatching(/^This password is too easy to guess/) }]);
      expect(await env.DB.prepare("SELECT id FROM users WHERE email = ?").bind(email).first()).toBeNull();
    },
  );

  it("refuses a password built from the account's own email or name", async () => {
    const response = await api("/auth/register", {
      method: "POST",
      json: { email: uniqueEmail("babbage"), password: "babbage1791!", name: "Charles Babbage" },
    });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.[0]?.message).toMatch(/your name, your email address/);
  });

  it.each([
    ["a short password", { email: "x@example.test", password: "short", name: "X" }, "password"],
    ["an invalid email", { email: "not-an-email", password: "long enough password", name: "X" }, "email"],
    ["a missing name", { email: "y@example.test", password: "long enough password" }, "name"],
    ["a numeric name", { email: "z@example.test", password: "long enough password", name: 42 }, "name"],
  ])("rejects %s with a field error", async (_label, json, path) => {
    const response = await api("/auth/register", { method: "POST", json });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.errors?.map((error) => error.path)).toContain(path);
  });
});

describe("POST /auth/login", () => {
  it("signs in with the right password", async () => {
    const session = await registerUser();
    const response = await api("/auth/login", {
      method: "POST",
      json: { email: session.user.email.toUpperCase(), password: session.password },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as AuthBody;
    expect(body.user.id).toBe(session.user.id);
    const me = await api("/auth/me", { token: body.accessToken });
    expect(me.status).toBe(200);
  });

  it("answers an unknown email exactly like a wrong password", async () => {
    const session = await registerUser();
    const wrong = await api("/auth/login", { method: "POST", json: { email: session.user.email, password: "nope nope nope" } });
    const unknown = await api("/auth/login", { method: "POST", json: { email: uniqueEmail("ghost"), password: "nope nope nope" } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const { requestId: _a, ...wrongBody } = await problemOf(wrong);
    const { requestId: _b, ...unknownBody } = await problemOf(unknown);
    expect(wrongBody).toEqual(unknownBody);
  });

  it("re-hashes a password stored with weaker parameters at the next sign-in", async () => {
    const session = await registerUser();
    const Argon2 = (await import("@phi-ag/argon2")).default;
    const wasm = (await import("@phi-ag/argon2/argon2.wasm")).default;
    const hasher = new Argon2(await WebAssembly.instantiate(wasm));
    const weakHash = hasher.hash(session.password, { memoryCost: 19456, timeCost: 1, parallelism: 1, hashLength: 32 }).encoded;
    expect(weakHash).toContain("m=19456,t=1,p=1");
    await env.DB.prepare("UPDATE users SET password_hash = ? WHERE id = ?").bind(weakHash, session.user.id).run();
    const response = await api("/auth/login", { method: "POST", json: { email: session.user.email, password: session.password } });
    expect(response.status).toBe(200);
    const row = await env.DB.prepare("SELECT password_hash FROM users WHERE id = ?").bind(session.user.id).first<{ password_hash: string }>();
    expect(row?.password_hash).toMatch(/m=19456,t=2,p=1/);
  });
});

describe("POST /auth/refresh", () => {
  it("rotates: the new pair works and the old refresh token is spent", async () => {
    const session = await registerUser();
    const response = await api("/auth/refresh", { method: "POST", json: { refreshToken: session.refreshToken } });
    expect(response.status).toBe(200);
    const next = (await response.json()) as AuthBody;
    expect(next.refreshToken).not.toBe(session.refreshToken);
    expect((await api("/auth/me", { token: next.accessToken })).status).toBe(200);
    const again = await api("/auth/refresh", { method: "POST", json: { refreshToken: next.refreshToken } });
    expect(again.status).toBe(200);
  });

  it("detects reuse of a rotated token after the grace period and revokes the whole family", async () => {
    const session = await registerUser();
    const rotated = (await (await api("/auth/refresh", { method: "POST", json: { refreshToken: session.refreshToken } })).json()) as AuthBody;
    await env.DB.prepare("UPDATE refresh_tokens SET rotated_at = ? WHERE rotated_at IS NOT NULL AND user_id = ?")
      .bind(new Date(Date.now() - 31_000).toISOString(), session.user.id)
      .run();
    const reuse = await api("/auth/refresh", { method: "POST", json: { refreshToken: session.refreshToken } });
    expect(reuse.status).toBe(401);
    // The legitimate successor is revoked too: the attacker and the victim both lose the session.
    const successor = await api("/auth/refresh", { method: "POST", json: { refreshToken: rotated.refreshToken } });
    expect(successor.status).toBe(401);
    const { n } = (await env.DB.prepare("SELECT count(*) AS n FROM refresh_tokens WHERE user_id = ? AND revoked_at IS NULL")
      .bind(session.user.id)
      .first<{ n: number }>())!;
    expect(n).toBe(0);
  });

  it("gives a client racing itself the one successor: 10 concurrent refreshes, one live refresh token", async () => {
    const session = await registerUser();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => api("/auth/refresh", { method: "POST", json: { refreshToken: session.refreshToken } })),
    );
    expect(results.map((response) => response.status)).toEqual(Array(10).fill(200));
    const pairs = (await Promise.all(results.map((response) => response.json()))) as AuthBody[];
    const successors = new Set(pairs.map((pair) => pair.refreshToken));
    expect(successors.size).toBe(1);
    const [successor] = [...successors] as string[];
    expect(successor).not.toBe(session.refreshToken);
    for (const pair of pairs) expect((await api("/auth/me", { token: pair.accessToken })).status).toBe(200);
    // Stored: the presented token (rotated) and its one successor, in one session, none revoked.
    const rows = await env.DB.prepare("SELECT family_id, rotated_at, revoked_at FROM refresh_tokens WHERE user_id = ?")
      .bind(session.user.id)
      .all<{ family_id: string; rotated_at: string | null; revoked_at: string | null }>();
    expect(rows.results).toHaveLength(2);
    expect(new Set(rows.results.map((row) => row.family_id)).size).toBe(1);
    expect(rows.results.filter((row) => row.rotated_at === null)).toHaveLength(1);
    expect(rows.results.every((row) => row.revoked_at === null)).toBe(true);
    // The successor works, and presenting the old token again within the grace still names it.
    const next = await api("/auth/refresh", { method: "POST", json: { refreshToken: successor } });
    expect(next.status).toBe(200);
    const again = (await (await api("/auth/refresh", { method: "POST", json: { refreshToken: session.refreshToken } })).json()) as AuthBody;
    expect(again.refreshToken).toBe(successor);
  });

  it("revokes the family when a raced token is presented after the grace, successor included", async () => {
    const session = await registerUser();
    const raced = (await Promise.all(
      [1, 2, 3].map(async () => (await api("/auth/refresh", { method: "POST", json: { refreshToken: session.refreshToken } })).json()),
    )) as AuthBody[];
    await env.DB.prepare("UPDATE refresh_tokens SET rotated_at = ? WHERE rotated_at IS NOT NULL AND user_id = ?")
      .bind(new Date(Date.now() - 31_000).toISOString(), session.user.id)
      .run();
    expect((await api("/auth/refresh", { method: "POST", json: { refreshToken: session.refreshToken } })).status).toBe(401);
    expect((await api("/auth/refresh", { method: "POST", json: { refreshToken: raced[0]!.refreshToken } })).status).toBe(401);
    const { n } = (await env.DB.prepare("SELECT count(*) AS n FROM refresh_tokens WHERE user_id = ? AND revoked_at IS NULL")
      .bind(session.user.id)
      .first<{ n: number }>())!;
    expect(n).toBe(0);
  });

  it("refuses an unknown and an expired refresh token", async () => {
    expect((await api("/auth/refresh", { method: "POST", json: { refreshToken: "not-a-real-token" } })).status).toBe(401);
    const session = await registerUser();
    await env.DB.prepare("UPDATE refresh_tokens SET expires_at = '2000-01-01T00:00:00.000Z' WHERE user_id = ?").bind(session.user.id).run();
    expect((await api("/auth/refresh", { method: "POST", json: { refreshToken: session.refreshToken } })).status).toBe(401);
  });
});

describe("POST /auth/logout", () => {
  it("revokes the refresh token and answers 204 even for an unknown one", async () => {
    const session = await registerUser();
    expect((await api("/auth/logout", { method: "POST", json: { refreshToken: session.refreshToken } })).status).toBe(204);
    expect((await api("/auth/refresh", { method: "POST", json: { refreshToken: session.refreshToken } })).status).toBe(401);
    expect((await api("/auth/logout", { method: "POST", json: { refreshToken: "unknown" } })).status).toBe(204);
  });
});

describe("GET /auth/me", () => {
  it("returns the contract's user shape", async () => {
    const session = await registerUser({ name: "Grace Hopper" });
    const response = await api("/auth/me", { token: session.accessToken });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["createdAt", "email", "id", "name", "phone", "role"]);
    expect(body.name).toBe("Grace Hopper");
  });

  it("needs a token", async () => {
    const response = await api("/auth/me");
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe("Bearer");
  });
});
