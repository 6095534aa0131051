import { createMiddleware } from "hono/factory";
import { findUserInLiveSession } from "../db/queries/refresh-tokens";
import type { Context } from "hono";
import type { AppEnv, AuthContext } from "../factory";
import { verifyAccessToken } from "../lib/access-tokens";
import { ApiError } from "../lib/problem";

const bearer = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/**
 * Reads a bearer token when one is sent. Public routes ignore a bad token; protected routes
 * (requireUser, requireAdmin) answer 401 and say why.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  c.set("authFailure", undefined);
  const header = c.req.header("authorization");
  if (header) {
    const match = bearer.exec(header);
    const result = match?.[1]
      ? await verifyAccessToken(c.var.config, match[1])
      : ({ ok: false, reason: "invalid" } as const);
    if (result.ok) c.set("auth", result.auth);
    else c.set("authFailure", result.reason);
  }
  await next();
});

function unauthenticated(reason: "expired" | "invalid" | undefined): ApiError {
  const detail =
    reason === "expired"
      ? "The access token has expired; refresh it."
      : reason === "invalid"
        ? "The access token is not valid."
        : "Sign in to continue.";
  const challenge = reason ? `Bearer error="invalid_token", error_description="${detail}"` : "Bearer";
  return new ApiError("unauthenticated", detail, { headers: { "www-authenticate": challenge } });
}

export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.auth) throw unauthenticated(c.var.authFailure);
  await next();
});

/**
 * Admin routes check the role stored now and that the token's session is still live, not
 * the token's claims, so a demotion, a sign-out or a password reset takes effect at once
 * rather than when the token expires.
 */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const auth = c.var.auth;
  if (!auth) throw unauthenticated(c.var.authFailure);
  const user = await findUserInLiveSession(c.var.db, auth.userId, auth.sessionId);
  if (!user) throw unauthenticated("invalid");
  if (user.role !== "admin") throw new ApiError("forbidden", "This needs an administrator.");
  c.set("auth", { ...auth, role: "admin" });
  await next();
});

/** The verified caller on a route behind requireUser or requireAdmin. */
export function authOf(c: Context<AppEnv>): AuthContext {
  const auth = c.var.auth;
  if (!auth) throw unauthenticated(c.var.authFailure);
  return auth;
}
