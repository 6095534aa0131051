import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { appConfig } from "../workers/env";
import { api, createAdmin, registerUser, type TestSession } from "./helpers";

/**
 * A revoked session's access token must stop working within 30 s everywhere: at once on admin
 * routes and GET /auth/me (they read D1 anyway), within the token's lifetime on the rest.
 * Time is moved with a fake clock, which the Worker under test shares.
 */
const ttlSeconds = appConfig(env).ACCESS_TOKEN_TTL_SECONDS;

afterEach(() => {
  vi.useRealTimers();
});

/** Moves the clock past the access token's lifetime. */
function outliveAccessTokens() {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + (ttlSeconds + 1) * 1000 });
}

async function signInAgain(session: TestSession): Promise<TestSession> {
  const response = await api("/auth/login", { method: "POST", json: { email: session.user.email, password: session.password } });
  expect(response.status).toBe(200);
  return { ...((await response.json()) as Omit<TestSession, "password">), password: session.password };
}

async function resetPassword(session: TestSession, newPassword: string) {
  expect((await api("/auth/forgot-password", { method: "POST", json: { email: session.user.email } })).status).toBe(202);
  const row = await env.DB.prepare("SELECT text FROM email_outbox WHERE to_address = ? AND template = 'password_reset' ORDER BY created_at DESC LIMIT 1")
    .bind(session.user.email)
    .first<{ text: string }>();
  const token = decodeURIComponent(/token=([A-Za-z0-9_%-]+)/.exec(row!.text)![1]!);
  expect((await api("/auth/reset-password", { method: "POST", json: { token, newPassword } })).status).toBe(204);
}

/** Ends `victim`'s session in one of the ways a session ends; `survivor` is a session that must not. */
type Revocation = (victim: TestSession) => Promise<{ survivor?: TestSession }>;

const revocations: [string, Revocation][] = [
  [
    "logout",
    async (victim) => {
      expect((await api("/auth/logout", { method: "POST", json: { refreshToken: victim.refreshToken } })).status).toBe(204);
      return {};
    },
  ],
  [
    "a password change on another device",
    async (victim) => {
      const other = await signInAgain(victim);
      const changed = await api("/users/me/password", {
        method: "POST",
        token: other.accessToken,
        json: { currentPassword: victim.password, newPassword: "a brand new passphrase" },
      });
      expect(changed.status).toBe(204);
      return { survivor: other };
    },
  ],
  [
    "a password reset",
    async (victim) => {
      await resetPassword(victim, "a fresh new passphrase");
      return {};
    },
  ],
  [
    "refresh-token reuse",
    async (victim) => {
      // An attacker replays the session's first refresh token after it was rotated.
      const stolen = victim.refreshToken;
      expect((await api("/auth/refresh", { method: "POST", json: { refreshToken: stolen } })).status).toBe(200);
      await env.DB.prepare("UPDATE refresh_tokens SET rotated_at = ? WHERE user_id = ? AND rotated_at IS NOT NULL")
        .bind(new Date(Date.now() - 31_000).toISOString(), victim.user.id)
        .run();
      expect((await api("/auth/refresh", { method: "POST", json: { refreshToken: stolen } })).status).toBe(401);
      return {};
    },
  ],
];

describe("access tokens of a revoked session", () => {
  it("live at most 30 s", () => {
    expect(ttlSeconds).toBeLessThanOrEqual(30);
  });

  describe.each(revocations)("after %s", (_label, revoke) => {
    it("stop working on customer routes within the access token's lifetime, and /auth/me refuses them at once", async () => {
      const victim = await registerUser();
      expect((await api("/notifications", { token: victim.accessToken })).status).toBe(200);
      const { survivor } = await revoke(victim);

      expect((await api("/auth/me", { token: victim.accessToken })).status).toBe(401);
      outliveAccessTokens();
      const late = await api("/notifications", { token: victim.accessToken });
      expect(late.status).toBe(401);
      expect(late.headers.get("www-authenticate")).toContain('error="invalid_token"');
      expect((await api("/auth/refresh", { method: "POST", json: { refreshToken: victim.refreshToken } })).status).toBe(401);

      if (survivor) {
        // The session that changed the password goes on, through its refresh token.
        const refreshed = await api("/auth/refresh", { method: "POST", json: { refreshToken: survivor.refreshToken } });
        expect(refreshed.status).toBe(200);
        const { accessToken } = (await refreshed.json()) as { accessToken: string };
        expect((await api("/auth/me", { token: accessToken })).status).toBe(200);
      }
    });

    it("stop working on admin routes at once", async () => {
      const admin = await createAdmin();
      expect((await api("/users", { token: admin.accessToken })).status).toBe(200);
      await revoke(admin);
      expect((await api("/users", { token: admin.accessToken })).status).toBe(401);
    });
  });

  it("keep working until they expire when nothing was revoked", async () => {
    const session = await registerUser();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + (ttlSeconds - 2) * 1000 });
    expect((await api("/notifications", { token: session.accessToken })).status).toBe(200);
    expect((await api("/auth/me", { token: session.accessToken })).status).toBe(200);
  });
});
