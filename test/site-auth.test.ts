/**
 * Sessions and passwords on the site, the way a browser without JavaScript uses them: access
 * tokens live 30 s, so the site refreshes them without the shopper noticing, and a session
 * revoked elsewhere is signed out here; passwords the API refuses are explained on each form.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { appConfig } from "../workers/env";
import { api, registerUser, type TestSession } from "./helpers";
import { Browser, decode, mainOf } from "./site-helpers";

const ttlMs = appConfig(env).ACCESS_TOKEN_TTL_SECONDS * 1000;

afterEach(() => {
  vi.useRealTimers();
});

/** Moves the clock on (the Worker under test shares it). */
function later(ms: number) {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + ms });
}

async function html(response: Response): Promise<string> {
  return decode((await response.text()).replaceAll("<!-- -->", ""));
}

function fieldError(page: string, name: string): string | null {
  const input = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(page)?.[0];
  if (!input || !/aria-invalid="true"/.test(input)) return null;
  const errorId = (/aria-describedby="([^"]+)"/.exec(input)?.[1] ?? "").split(" ").find((id) => id.endsWith("-error"));
  return errorId ? (new RegExp(`id="${errorId}"[^>]*>([^<]*)<`).exec(page)?.[1] ?? null) : null;
}

async function signedInBrowser(session: TestSession): Promise<Browser> {
  const browser = new Browser();
  await browser.signIn(session, "/account");
  return browser;
}

async function expectAccountPage(browser: Browser, session: TestSession) {
  const response = await browser.get("/account");
  expect(response.status, `GET /account: ${response.status}`).toBe(200);
  expect(mainOf(await html(response))).toContain(`Signed in as <span class="font-medium text-stone-900">${session.user.email}</span>`);
  return response;
}

async function expectSignedOut(browser: Browser) {
  const response = await browser.get("/account");
  expect(response.status).toBe(302);
  expect(response.headers.get("location")).toBe("/login?redirectTo=%2Faccount");
  expect(browser.has("sf_session")).toBe(false);
}

async function resetLink(email: string): Promise<string> {
  const row = await env.DB.prepare("SELECT text FROM email_outbox WHERE to_address = ? AND template = 'password_reset' ORDER BY created_at DESC LIMIT 1")
    .bind(email)
    .first<{ text: string }>();
  const url = new URL(/https?:\/\/[^\s]+\/reset-password\?token=[A-Za-z0-9_%-]+/.exec(row!.text)![0]);
  return `${url.pathname}${url.search}`;
}

describe("short-lived access tokens on the site", () => {
  it("are refreshed without the shopper noticing, page after page", async () => {
    const session = await registerUser();
    const browser = await signedInBrowser(session);
    const cookie = browser.cookieHeader();
    for (let step = 1; step <= 3; step++) {
      later(step * (ttlMs + 5_000));
      const response = await expectAccountPage(browser, session);
      expect(response.headers.getSetCookie().some((line) => line.startsWith("sf_session="))).toBe(true);
    }
    expect(browser.cookieHeader()).not.toBe(cookie);
  });

  it("survive two requests refreshing the same expired token at once (two tabs)", async () => {
    const session = await registerUser();
    const browser = await signedInBrowser(session);
    later(ttlMs + 5_000);
    const pages = await Promise.all([browser.get("/account"), browser.get("/account")]);
    expect(pages.map((page) => page.status)).toEqual([200, 200]);
    // Both refreshes handed out the same successor, so whichever cookie the browser keeps works.
    later(2 * (ttlMs + 5_000));
    await expectAccountPage(browser, session);
    // Every session of the account has one live refresh token: no branch was minted.
    const live = await env.DB.prepare(
      "SELECT family_id, count(*) AS n FROM refresh_tokens WHERE user_id = ? AND revoked_at IS NULL AND rotated_at IS NULL GROUP BY family_id",
    )
      .bind(session.user.id)
      .all<{ family_id: string; n: number }>();
    expect(live.results.map((row) => row.n)).toEqual([1, 1]);
  });
});

describe("a session revoked elsewhere", () => {
  it("is signed out at /account after a password reset signs out everywhere", async () => {
    const session = await registerUser();
    const browser = await signedInBrowser(session);
    await expectAccountPage(browser, session);

    expect((await api("/auth/forgot-password", { method: "POST", json: { email: session.user.email } })).status).toBe(202);
    const elsewhere = new Browser();
    const link = await resetLink(session.user.email);
    const reset = await elsewhere.post(link, { token: new URLSearchParams(link.split("?")[1]).get("token")!, newPassword: "a fresh new passphrase", confirmPassword: "a fresh new passphrase" });
    expect(reset.status).toBe(303);

    await expectSignedOut(browser);
  });

  it("is signed out at /account after the password is changed on another device", async () => {
    const session = await registerUser();
    const browser = await signedInBrowser(session);
    await expectAccountPage(browser, session);

    const otherDevice = await signedInBrowser(session);
    const changed = await otherDevice.post("/account", {
      intent: "password",
      currentPassword: session.password,
      newPassword: "a brand new passphrase",
      confirmPassword: "a brand new passphrase",
    });
    expect(changed.status).toBe(302);
    expect(changed.headers.get("location")).toBe("/account?updated=password");

    await expectSignedOut(browser);
    // The device that made the change stays signed in, past its access token's lifetime too.
    later(ttlMs + 5_000);
    await expectAccountPage(otherDevice, session);
  });

  it("is signed out at /account after signing out on another device with the same session", async () => {
    const session = await registerUser();
    const browser = await signedInBrowser(session);
    const copy = new Browser();
    for (const [name, value] of browser.cookies) copy.cookies.set(name, value);
    const out = await copy.post("/logout", {});
    expect([302, 303]).toContain(out.status);
    await expectSignedOut(browser);
  });
});

describe("passwords that are too easy to guess", () => {
  const refusal = /^This password is too easy to guess: .+\. Try a few unrelated words/;

  it("are explained next to the field on the registration form, and no account is made", async () => {
    const email = `weak.${Date.now()}@example.test`;
    const response = await new Browser().post("/register", { name: "Weak Password", email, password: "password123", redirectTo: "/" });
    expect(response.status).toBe(400);
    expect(fieldError(await html(response), "password")).toMatch(refusal);
    expect(await env.DB.prepare("SELECT id FROM users WHERE email = ?").bind(email).first()).toBeNull();
  });

  it("are explained next to the field when changing the password, which stays as it was", async () => {
    const session = await registerUser();
    const browser = await signedInBrowser(session);
    const response = await browser.post("/account", {
      intent: "password",
      currentPassword: session.password,
      newPassword: "Password123!",
      confirmPassword: "Password123!",
    });
    expect(response.status).toBe(400);
    expect(fieldError(await html(response), "newPassword")).toMatch(refusal);
    expect((await api("/auth/login", { method: "POST", json: { email: session.user.email, password: session.password } })).status).toBe(200);
  });

  it("are explained next to the field on the reset form, and the link still works", async () => {
    const session = await registerUser();
    expect((await api("/auth/forgot-password", { method: "POST", json: { email: session.user.email } })).status).toBe(202);
    const link = await resetLink(session.user.email);
    const token = new URLSearchParams(link.split("?")[1]).get("token")!;
    const browser = new Browser();
    const weak = await browser.post(link, { token, newPassword: "qwertyuiop123", confirmPassword: "qwertyuiop123" });
    expect(weak.status).toBe(400);
    expect(fieldError(await html(weak), "newPassword")).toMatch(refusal);
    const strong = await browser.post(link, { token, newPassword: "a fresh new passphrase", confirmPassword: "a fresh new passphrase" });
    expect(strong.status).toBe(303);
  });
});

describe("a reset link", () => {
  async function freshLink(session: TestSession): Promise<{ link: string; token: string }> {
    expect((await api("/auth/forgot-password", { method: "POST", json: { email: session.user.email } })).status).toBe(202);
    const link = await resetLink(session.user.email);
    return { link, token: new URLSearchParams(link.split("?")[1]).get("token")! };
  }

  it("is checked when opened: a live one shows the form, and opening it spends nothing", async () => {
    const session = await registerUser();
    const { link, token } = await freshLink(session);
    const browser = new Browser();
    for (let i = 0; i < 2; i++) {
      const page = await browser.get(link);
      expect(page.status).toBe(200);
      const main = mainOf(await html(page));
      expect(main).toContain('name="newPassword"');
      expect(main).not.toContain("This link has expired or was already used");
    }
    const reset = await browser.post(link, { token, newPassword: "a fresh new passphrase", confirmPassword: "a fresh new passphrase" });
    expect(reset.status).toBe(303);
  });

  it("that was already used says so at once, with a way to ask for a new one, instead of the form", async () => {
    const session = await registerUser();
    const { link, token } = await freshLink(session);
    expect((await api("/auth/reset-password", { method: "POST", json: { token, newPassword: "a fresh new passphrase" } })).status).toBe(204);
    const page = await new Browser().get(link);
    expect(page.status).toBe(400);
    expect(page.headers.get("cache-control")).toBe("private, no-store");
    const main = mainOf(await html(page));
    expect(main).toContain("This link has expired or was already used");
    expect(main).toContain("This reset link is invalid, expired or already used.");
    expect(main).toContain('href="/forgot-password"');
    expect(main).not.toContain('name="newPassword"');
    expect(main).not.toContain(token);
  });

  it("that has expired, or was forged, gets the same page; the password is unchanged", async () => {
    const session = await registerUser();
    const { link } = await freshLink(session);
    await env.DB.prepare("UPDATE password_reset_tokens SET expires_at = '2000-01-01T00:00:00.000Z' WHERE user_id = ?").bind(session.user.id).run();
    const browser = new Browser();
    for (const path of [link, "/reset-password?token=forged-token", `/de/reset-password?token=forged-token`]) {
      const page = await browser.get(path);
      expect(page.status, path).toBe(400);
      const main = mainOf(await html(page));
      expect(main).not.toContain('name="newPassword"');
      expect(main).toMatch(/href="(\/de)?\/forgot-password"/);
    }
    expect(mainOf(await html(await browser.get("/de/reset-password?token=forged-token")))).toContain("Dieser Link ist abgelaufen oder wurde bereits verwendet");
    expect((await api("/auth/login", { method: "POST", json: { email: session.user.email, password: session.password } })).status).toBe(200);
  });
});
