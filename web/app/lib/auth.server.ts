import type { AppLoadContext } from "@remix-run/cloudflare";
import { userSchema } from "../../../workers/domain/schemas/auth";
import { callApi, readJson, readProblem, type Problem } from "./api.server";
import { mergeGuestCart } from "./cart.server";
import { claimRememberedOrders } from "./guest-orders.server";
import {
  apiAsUser,
  getSessionTokens,
  readAuthResponse,
  startUserSession,
  type ApiUser,
} from "./session.server";

/**
 * The site's account operations. Each goes through the API (one owner for validation,
 * rate limits and token rules) and reports either success, with the Set-Cookie headers to
 * send, or the API's problem for the form to show.
 */
export type Outcome<T = undefined> =
  | { ok: true; value: T; headers: Headers }
  | { ok: false; problem: Problem; headers: Headers };

function cookieHeaders(...cookies: string[]): Headers {
  const headers = new Headers();
  for (const cookie of cookies) headers.append("Set-Cookie", cookie);
  return headers;
}

/**
 * Stores the new session after a successful register or login, and moves this browser's
 * guest cart into the account (clearing the guest cookie), so both ways of signing in keep
 * what the shopper added before; guest orders follow when the browser holds an emailed link.
 */
async function signedIn(request: Request, context: AppLoadContext, response: Response): Promise<Outcome<ApiUser>> {
  const auth = await readAuthResponse(response);
  const cookie = await startUserSession(request, context, auth);
  const guestCookies = await mergeGuestCart(request, context, auth.accessToken);
  // Guest orders whose emailed link this browser followed join the account (decision 012).
  const claimCookies = await claimRememberedOrders(request, context, auth.accessToken);
  return { ok: true, value: auth.user, headers: cookieHeaders(cookie, ...guestCookies, ...claimCookies) };
}

export async function logIn(
  request: Request,
  context: AppLoadContext,
  credentials: { email: string; password: string },
): Promise<Outcome<ApiUser>> {
  const response = await callApi(context, "/auth/login", { method: "POST", json: credentials });
  if (!response.ok) return { ok: false, problem: await readProblem(response), headers: new Headers() };
  return signedIn(request, context, response);
}

export async function registerAccount(
  request: Request,
  context: AppLoadContext,
  input: { name: string; email: string; password: string },
): Promise<Outcome<ApiUser>> {
  const response = await callApi(context, "/auth/register", { method: "POST", json: input });
  if (!response.ok) return { ok: false, problem: await readProblem(response), headers: new Headers() };
  return signedIn(request, context, response);
}

export async function updateProfile(
  request: Request,
  context: AppLoadContext,
  patch: { name: string; phone: string | null },
): Promise<Outcome<ApiUser>> {
  const { response, headers } = await apiAsUser(request, context, "/users/me", { method: "PATCH", json: patch });
  if (!response.ok) return { ok: false, problem: await readProblem(response), headers };
  return { ok: true, value: await readJson(response, userSchema, "PATCH /users/me"), headers };
}

/**
 * Changes the password, then signs in again with the new one and keeps those tokens, so
 * this browser holds a session born after the change whatever the API revoked. The
 * session the tokens replace is revoked too, so no pre-change session survives. Should the
 * new sign-in fail (rate limited), the current session is kept: the API leaves the
 * caller's own session valid after a change.
 */
export async function changePassword(
  request: Request,
  context: AppLoadContext,
  user: ApiUser,
  input: { currentPassword: string; newPassword: string },
): Promise<Outcome> {
  const changed = await apiAsUser(request, context, "/users/me/password", { method: "POST", json: input });
  if (!changed.response.ok) {
    return { ok: false, problem: await readProblem(changed.response), headers: changed.headers };
  }
  // The tokens in use after the change (a refresh may have rotated them on the way).
  const previous = await getSessionTokens(request, context);
  const relogin = await logIn(request, context, { email: user.email, password: input.newPassword });
  if (!relogin.ok) {
    console.warn(JSON.stringify({ level: "warn", msg: "relogin_after_password_change_failed", status: relogin.problem.status, requestId: context.requestId }));
    return { ok: true, value: undefined, headers: changed.headers };
  }
  if (previous) {
    await callApi(context, "/auth/logout", { method: "POST", json: { refreshToken: previous.refreshToken } }).catch(
      () => undefined,
    );
  }
  return { ok: true, value: undefined, headers: relogin.headers };
}
