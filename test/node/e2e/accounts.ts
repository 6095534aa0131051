/**
 * The seeded dev accounts, signing in through the site's form, and the API as one of them, for
 * journeys that check what a page changed by reading it back.
 */
import type { Page } from "playwright-core";

export const ADMIN = { email: "admin@example.com", password: "admin-dev-password" };
export const SHOPPER = { email: "shopper@example.com", password: "shopper-dev-password" };

export async function signIn(page: Page, account: { email: string; password: string }, redirectTo = "/"): Promise<void> {
  await page.goto(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === redirectTo.split("?")[0]);
}

export type ApiCall = (path: string, init?: { method?: string; json?: unknown }) => Promise<Response>;

/**
 * Signs in through the API once and calls it with that account's access token. Access tokens
 * live 30 seconds, so a call answered 401 refreshes the session once and is sent again.
 */
export async function apiAs(origin: string, account: { email: string; password: string }): Promise<ApiCall> {
  // Its own client address, so the sign-in rate limit of the journeys' browsers is untouched.
  const client = { "cf-connecting-ip": "192.0.2.20" };
  const post = (path: string, json: unknown) =>
    fetch(`${origin}/api/v1${path}`, { method: "POST", headers: { "content-type": "application/json", ...client }, body: JSON.stringify(json) });
  const login = await post("/auth/login", account);
  if (!login.ok) throw new Error(`signing in as ${account.email} answered ${login.status}`);
  let tokens = (await login.json()) as { accessToken: string; refreshToken: string };
  const send = (path: string, init: { method?: string; json?: unknown }) =>
    fetch(`${origin}/api/v1${path}`, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${tokens.accessToken}`, ...client, ...(init.json === undefined ? {} : { "content-type": "application/json" }) },
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
  return async (path, init = {}) => {
    const response = await send(path, init);
    if (response.status !== 401) return response;
    const refreshed = await post("/auth/refresh", { refreshToken: tokens.refreshToken });
    if (!refreshed.ok) return response;
    tokens = (await refreshed.json()) as typeof tokens;
    return send(path, init);
  };
}
