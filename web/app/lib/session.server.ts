import { localizePath, requestLanguage } from "./i18n";
import {
  createCookieSessionStorage,
  data,
  redirect,
  type AppLoadContext,
  type SessionStorage,
} from "@remix-run/cloudflare";
import { z } from "zod";
import { authResponse, userSchema } from "../../../workers/domain/schemas/auth";
import { appConfig } from "../../../workers/env";
import type { ApiCallInit } from "../../../workers/load-context";
import { callApi, readJson } from "./api.server";
import { safeRedirect } from "./redirect";

export { safeRedirect } from "./redirect";

export type ApiUser = z.infer<typeof userSchema>;
export type AuthResponse = z.infer<typeof authResponse>;

/** What the session cookie holds: the API's token pair, nothing else. */
const sessionTokens = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  /** Epoch milliseconds. */
  accessExpiresAt: z.number(),
});
export type SessionTokens = z.infer<typeof sessionTokens>;

/**
 * Refresh a little before the access token expires, so it does not lapse in flight. Access
 * tokens live 30 s (the bound on a revoked session, see docs/decisions/003-access-tokens.md),
 * so the margin is a few seconds: a longer one would refresh on every request.
 */
const EXPIRY_SKEW_MS = 5_000;

/** The session cookie's name: __Host- binds it to this exact origin, which browsers only allow over https. */
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Host-sf_session" : "sf_session";
}

function sessionStorage(request: Request, context: AppLoadContext): SessionStorage<SessionTokens> {
  // appConfig fails closed on a missing or short SESSION_SECRET (and caches per env).
  const config = appConfig(context.cloudflare.env);
  const secure = new URL(request.url).protocol === "https:";
  return createCookieSessionStorage<SessionTokens>({
    cookie: {
      name: sessionCookieName(secure),
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
      secrets: [config.SESSION_SECRET],
      // The cookie lives as long as the refresh token inside it.
      maxAge: config.REFRESH_TOKEN_TTL_SECONDS,
    },
  });
}

/**
 * Per-request auth state, shared by the action and every loader of one request (they get
 * the same load context). It makes a refresh happen at most once per request: the API
 * treats a second use of a rotated refresh token as theft and revokes the whole session,
 * which parallel loaders each refreshing would trigger.
 */
interface AuthState {
  /** undefined: not read yet; null: signed out. */
  tokens?: SessionTokens | null;
  /** The Set-Cookie this request must send, once tokens changed. */
  setCookie?: string;
  refreshing?: Promise<SessionTokens | null>;
  user?: Promise<UserLookup>;
}

const states = new WeakMap<AppLoadContext, AuthState>();

function stateOf(context: AppLoadContext): AuthState {
  let state = states.get(context);
  if (!state) {
    state = {};
    states.set(context, state);
  }
  return state;
}

/** The session's tokens (as updated earlier in this request), or null when signed out. */
export async function getSessionTokens(request: Request, context: AppLoadContext): Promise<SessionTokens | null> {
  const state = stateOf(context);
  if (state.tokens === undefined) {
    const session = await sessionStorage(request, context).getSession(request.headers.get("Cookie"));
    const parsed = sessionTokens.safeParse({
      accessToken: session.get("accessToken"),
      refreshToken: session.get("refreshToken"),
      accessExpiresAt: session.get("accessExpiresAt"),
    });
    state.tokens ??= parsed.success ? parsed.data : null;
  }
  return state.tokens;
}

/** Headers carrying the Set-Cookie this request has to send, if the session changed. */
export function sessionHeaders(context: AppLoadContext): Headers {
  const headers = new Headers();
  const cookie = stateOf(context).setCookie;
  if (cookie) headers.append("Set-Cookie", cookie);
  return headers;
}

async function commitTokens(
  request: Request,
  context: AppLoadContext,
  tokens: SessionTokens | null,
  { sameUser = false }: { sameUser?: boolean } = {},
): Promise<string> {
  const storage = sessionStorage(request, context);
  const session = await storage.getSession();
  let cookie: string;
  if (tokens) {
    session.set("accessToken", tokens.accessToken);
    session.set("refreshToken", tokens.refreshToken);
    session.set("accessExpiresAt", tokens.accessExpiresAt);
    cookie = await storage.commitSession(session);
  } else {
    cookie = await storage.destroySession(session);
  }
  const state = stateOf(context);
  state.tokens = tokens;
  state.setCookie = cookie;
  // A refresh keeps the user; signing in or out changes who it is.
  if (!sameUser) state.user = undefined;
  return cookie;
}

function tokensFrom(auth: AuthResponse): SessionTokens {
  return {
    accessToken: auth.accessToken,
    refreshToken: auth.refreshToken,
    accessExpiresAt: Date.now() + auth.expiresIn * 1000,
  };
}

/** Parses a register/login/refresh answer. */
export function readAuthResponse(response: Response): Promise<AuthResponse> {
  return readJson(response, authResponse, "a sign-in");
}

/** Stores a fresh token pair (after register or login); returns the Set-Cookie to send. */
export function startUserSession(request: Request, context: AppLoadContext, auth: AuthResponse): Promise<string> {
  return commitTokens(request, context, tokensFrom(auth));
}

/**
 * Signs out: revokes the refresh token's session at the API (best effort: the cookie goes
 * regardless) and returns the Set-Cookie that clears the session.
 */
export async function endUserSession(request: Request, context: AppLoadContext): Promise<string> {
  const tokens = await getSessionTokens(request, context);
  if (tokens) {
    try {
      const response = await callApi(context, "/auth/logout", {
        method: "POST",
        json: { refreshToken: tokens.refreshToken },
      });
      if (!response.ok) console.warn(JSON.stringify({ level: "warn", msg: "logout_failed", status: response.status, requestId: context.requestId }));
    } catch (error) {
      console.warn(JSON.stringify({ level: "warn", msg: "logout_failed", error: String(error), requestId: context.requestId }));
    }
  }
  return commitTokens(request, context, null);
}

/**
 * Exchanges the refresh token once per request. 400/401 mean the session is over (expired,
 * revoked, or reuse detected) and the cookie is cleared; anything else (429, 5xx) is
 * transient: the cookie stays and this request continues signed out.
 */
function refreshOnce(request: Request, context: AppLoadContext, stale: SessionTokens): Promise<SessionTokens | null> {
  const state = stateOf(context);
  state.refreshing ??= (async () => {
    const response = await callApi(context, "/auth/refresh", {
      method: "POST",
      json: { refreshToken: stale.refreshToken },
    });
    if (response.ok) {
      const tokens = tokensFrom(await readAuthResponse(response));
      await commitTokens(request, context, tokens, { sameUser: true });
      return tokens;
    }
    if (response.status === 400 || response.status === 401) {
      await commitTokens(request, context, null);
      return null;
    }
    console.warn(JSON.stringify({ level: "warn", msg: "refresh_unavailable", status: response.status, requestId: context.requestId }));
    return null;
  })();
  return state.refreshing;
}

function isReplayable(init: ApiCallInit): boolean {
  return init.body === undefined || init.body === null || typeof init.body === "string";
}

/** A 401 that is about a password the user typed, not about the access token. */
async function isCredentialProblem(response: Response): Promise<boolean> {
  try {
    const body: unknown = await response.clone().json();
    const parsed = z.object({ code: z.string() }).safeParse(body);
    return parsed.success && parsed.data.code === "invalid_credentials";
  } catch {
    return false;
  }
}

export interface ApiAsUserResult {
  response: Response;
  /** Set-Cookie to send with whatever the caller returns (a refresh may have rotated tokens). */
  headers: Headers;
}

/**
 * Calls the API as the signed-in visitor. An access token that has expired (or is refused
 * with 401) is refreshed once through POST /auth/refresh and the call retried; the new
 * tokens are committed through the returned `headers`. Anonymous visitors call without a
 * token and get the API's 401 back.
 */
export async function apiAsUser(
  request: Request,
  context: AppLoadContext,
  path: string,
  init: Omit<ApiCallInit, "accessToken"> = {},
): Promise<ApiAsUserResult> {
  let tokens = await getSessionTokens(request, context);
  if (tokens && tokens.accessExpiresAt - EXPIRY_SKEW_MS <= Date.now()) {
    tokens = await refreshOnce(request, context, tokens);
  }
  const call = (current: SessionTokens | null) =>
    callApi(context, path, { ...init, accessToken: current?.accessToken ?? null });

  let response = await call(tokens);
  if (response.status === 401 && tokens && isReplayable(init) && !(await isCredentialProblem(response))) {
    const fresh = await refreshOnce(request, context, tokens);
    // Retry only with a token this request has not already tried.
    if (fresh && fresh.accessToken !== tokens.accessToken) response = await call(fresh);
  }
  const method = (init.method ?? "GET").toUpperCase();
  if (method !== "GET" && method !== "HEAD") stateOf(context).user = undefined;
  return { response, headers: sessionHeaders(context) };
}

type UserLookup =
  | { status: "signed-in"; user: ApiUser }
  | { status: "anonymous" }
  /** The API could not say (429, 5xx): not the same as signed out. */
  | { status: "unavailable" };

function lookUpUser(request: Request, context: AppLoadContext): Promise<UserLookup> {
  const state = stateOf(context);
  state.user ??= (async (): Promise<UserLookup> => {
    if (!(await getSessionTokens(request, context))) return { status: "anonymous" };
    const { response } = await apiAsUser(request, context, "/auth/me");
    if (response.ok) return { status: "signed-in", user: await readJson(response, userSchema, "GET /auth/me") };
    if (response.status === 401) return { status: "anonymous" };
    console.warn(JSON.stringify({ level: "warn", msg: "auth_me_unavailable", status: response.status, requestId: context.requestId }));
    return { status: "unavailable" };
  })();
  return state.user;
}

/** The signed-in user (from GET /auth/me) or null, plus any Set-Cookie to send. */
export async function getUser(
  request: Request,
  context: AppLoadContext,
): Promise<{ user: ApiUser | null; headers: Headers }> {
  const lookup = await lookUpUser(request, context);
  return { user: lookup.status === "signed-in" ? lookup.user : null, headers: sessionHeaders(context) };
}

/** Where a sign-in should return to: the current page, as a same-site path. */
function returnPath(request: Request): string {
  const url = new URL(request.url);
  return safeRedirect(`${url.pathname}${url.search}`);
}

/**
 * The signed-in user, or a redirect to /login?redirectTo=<this page>. Call it at the top of
 * every loader and action that needs one: loaders run in parallel, so a parent's check
 * protects nothing.
 */
export async function requireUser(
  request: Request,
  context: AppLoadContext,
): Promise<{ user: ApiUser; headers: Headers }> {
  const lookup = await lookUpUser(request, context);
  const headers = sessionHeaders(context);
  if (lookup.status === "signed-in") return { user: lookup.user, headers };
  if (lookup.status === "unavailable") {
    throw data({ message: "We could not check your sign-in just now. Please try again." }, { status: 503, headers });
  }
  const target = returnPath(request);
  const query = target === "/" ? "" : `?${new URLSearchParams({ redirectTo: target })}`;
  throw redirect(localizePath(`/login${query}`, requestLanguage(request)), { headers });
}

/** requireUser, and 403 unless the user is an administrator. */
export async function requireAdmin(
  request: Request,
  context: AppLoadContext,
): Promise<{ user: ApiUser; headers: Headers }> {
  const result = await requireUser(request, context);
  if (result.user.role !== "admin") {
    throw data({ message: "This page is for administrators." }, { status: 403, headers: result.headers });
  }
  return result;
}
