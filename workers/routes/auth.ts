import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { eq } from "drizzle-orm";
import { users, type User } from "../db/schema";
import {
  findRefreshToken,
  findUserInLiveSession,
  issueRefreshToken,
  revokeFamily,
  rotateRefreshToken,
} from "../db/queries/refresh-tokens";
import { findUserByEmail, findUserById, normaliseEmail, toUserView } from "../db/queries/users";
import {
  authResponse,
  forgotPasswordBody,
  loginBody,
  refreshBody,
  registerBody,
  resetPasswordBody,
  resetTokenCheckBody,
  resetTokenCheckResponse,
  userSchema,
} from "../domain/schemas/auth";
import { passwordResetTokens } from "../db/schema";
import { revokeUserSessions } from "../db/queries/refresh-tokens";
import { enqueueEmails, queueEmail } from "../lib/email/outbox";
import { randomToken, sha256Hex } from "../lib/ids";
import { problems } from "../domain/schemas/common";
import { createRouter, type AppEnv } from "../factory";
import { signAccessToken } from "../lib/access-tokens";
import { successorCandidates } from "../lib/refresh-successor";
import { newId } from "../lib/ids";
import { and, gt, isNull } from "drizzle-orm";
import { assertStrongPassword, hashPassword, needsRehash, verifyAgainstDecoy, verifyPassword } from "../lib/passwords";
import { ApiError } from "../lib/problem";
import { admitAccountAttempt, countAccountRequest, enforceRateLimit, signInThrottle } from "../lib/rate-limit";
import { RESET_REQUEST_POLICY } from "../domain/account-throttle";
import { clientKey } from "../domain/client-key";
import { authOf, requireUser } from "../middleware/auth";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });

/** Starts a session: a new refresh-token family and an access token for it. */
async function issueSession(c: Context<AppEnv>, user: User) {
  const refresh = await issueRefreshToken(c.var.db, {
    userId: user.id,
    ttlSeconds: c.var.config.REFRESH_TOKEN_TTL_SECONDS,
    userAgent: c.req.header("user-agent"),
  });
  return sessionResponse(c, user, refresh);
}

/** The register/login/refresh answer for a session's current refresh token. */
async function sessionResponse(c: Context<AppEnv>, user: User, refresh: { token: string; familyId: string }) {
  const access = await signAccessToken(c.var.config, {
    userId: user.id,
    role: user.role,
    sessionId: refresh.familyId,
  });
  return {
    user: toUserView(user),
    accessToken: access.token,
    refreshToken: refresh.token,
    tokenType: "Bearer" as const,
    expiresIn: access.expiresIn,
  };
}

const RESET_TOKEN_TTL_MINUTES = 30;

/** How long a rotated refresh token may be presented again by a client racing itself. */
const REFRESH_REUSE_GRACE_MS = 30_000;

const invalidCredentials = () =>
  new ApiError("invalid_credentials", "The email or password is incorrect.");

/** The one answer for a reset token that is forged, expired or spent: it says nothing more. */
const invalidResetToken = () =>
  new ApiError("invalid_token", "This reset link is invalid, expired or already used. Ask for a new one.", {
    errors: [{ path: "token", message: "This reset link is invalid, expired or already used." }],
  });

/** A reset token that can still be spent: unused and unexpired. */
const liveResetToken = (tokenHash: string, now: string) =>
  and(eq(passwordResetTokens.tokenHash, tokenHash), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now));

export const authRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/register",
      tags: ["Auth"],
      summary: "Create a customer account",
      request: { body: { ...json(registerBody), required: true } },
      responses: { 201: { description: "Account created and signed in", ...json(authResponse) }, ...problems(400, 409, 413, 415, 429) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      await enforceRateLimit(c.env, `register:client:${clientKey(c.var.clientIp)}`, {
        limit: c.var.config.REGISTRATIONS_PER_CLIENT,
        windowSeconds: 3600,
      });
      const email = normaliseEmail(body.email);
      assertStrongPassword(body.password, "password", [email, body.name]);
      if (await findUserByEmail(c.var.db, email)) {
        throw new ApiError("conflict", "An account with this email already exists.", {
          errors: [{ path: "email", message: "An account with this email already exists." }],
        });
      }
      const passwordHash = await hashPassword(body.password);
      const inserted = await c.var.db
        .insert(users)
        .values({ id: newId("usr"), email, name: body.name, passwordHash, role: "customer" })
        .onConflictDoNothing({ target: users.email })
        .returning();
      const user = inserted[0];
      // Two registrations racing for one email: the unique index lets exactly one win.
      if (!user) throw new ApiError("conflict", "An account with this email already exists.");
      return c.json(await issueSession(c, user), 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/login",
      tags: ["Auth"],
      summary: "Sign in with email and password",
      request: { body: { ...json(loginBody), required: true } },
      responses: { 200: { description: "Signed in", ...json(authResponse) }, ...problems(400, 401, 429) },
    }),
    async (c) => {
      const { email, password } = c.req.valid("json");
      const normalised = normaliseEmail(email);
      const client = clientKey(c.var.clientIp);
      // The account is read while the limits are asked (a read decides nothing); the password is
      // checked only once they let the attempt through.
      const reading = findUserByEmail(c.var.db, normalised);
      reading.catch(() => undefined);
      await enforceRateLimit(c.env, `auth:client:${client}`, {
        limit: c.var.config.AUTH_ATTEMPTS_PER_CLIENT,
        windowSeconds: 60,
      });
      // Unknown emails are throttled alike, so a 429 says nothing about whether one exists.
      const attempt = await admitAccountAttempt(c.env, `login:throttle:${normalised}`, client, signInThrottle(c.var.config));
      const user = await reading;
      const valid = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDecoy(password);
      if (!user || !valid) {
        await attempt.failed();
        throw invalidCredentials();
      }
      const [session] = await Promise.all([
        issueSession(c, user),
        attempt.succeeded(),
        needsRehash(user.passwordHash)
          ? hashPassword(password).then((passwordHash) => c.var.db.update(users).set({ passwordHash }).where(eq(users.id, user.id)))
          : null,
      ]);
      return c.json(session, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/refresh",
      tags: ["Auth"],
      summary: "Exchange a refresh token for a new pair (rotation)",
      description:
        "Each refresh token works once. Presenting one again more than 30 seconds after it was rotated is treated as theft and revokes every token of its session; within those 30 seconds (a client racing itself, e.g. two tabs) it gets the same successor refresh token again, with a fresh access token.",
      request: { body: { ...json(refreshBody), required: true } },
      responses: { 200: { description: "New token pair", ...json(authResponse) }, ...problems(400, 401) },
    }),
    async (c) => {
      const { refreshToken } = c.req.valid("json");
      const db = c.var.db;
      const stored = await findRefreshToken(db, refreshToken);
      const refused = () => new ApiError("unauthenticated", "The refresh token is not valid.");
      if (!stored) throw refused();
      if (stored.revokedAt) throw refused();
      if (stored.expiresAt <= new Date().toISOString()) throw refused();
      // Presented again long after its rotation: the token leaked. End the whole session.
      if (stored.rotatedAt && Date.now() > Date.parse(stored.rotatedAt) + REFRESH_REUSE_GRACE_MS) {
        await revokeFamily(db, stored.familyId, "reuse_detected");
        console.warn(JSON.stringify({ level: "warn", msg: "refresh_token_reuse", requestId: c.var.requestId, userId: stored.userId, familyId: stored.familyId }));
        throw refused();
      }
      // First use, or a client racing itself within the grace period (two tabs refreshing at
      // once): either way the answer is the token's one successor, derived from it.
      // The user is read beside the rotation (one round trip): it is only answered if the rotation stands.
      const [rotated, user] = await Promise.all([
        successorCandidates(c.var.config, refreshToken).then((candidates) =>
          rotateRefreshToken(db, {
            presented: stored,
            candidates,
            ttlSeconds: c.var.config.REFRESH_TOKEN_TTL_SECONDS,
            userAgent: c.req.header("user-agent"),
          }),
        ),
        findUserById(db, stored.userId),
      ]);
      if (!rotated || !user) throw refused();
      return c.json(await sessionResponse(c, user, rotated), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/logout",
      tags: ["Auth"],
      summary: "Revoke a refresh token",
      request: { body: { ...json(refreshBody), required: true } },
      responses: { 204: { description: "Signed out" }, ...problems(400) },
    }),
    async (c) => {
      const { refreshToken } = c.req.valid("json");
      const stored = await findRefreshToken(c.var.db, refreshToken);
      // Answer alike whether or not the token existed.
      if (stored) await revokeFamily(c.var.db, stored.familyId, "logout");
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me",
      tags: ["Auth"],
      summary: "The signed-in user",
      description: "Answers 401 once the token's session has ended (signed out, password changed elsewhere or reset), even before the token expires.",
      security: [{ bearerAuth: [] }],
      middleware: [requireUser] as const,
      responses: { 200: { description: "The user", ...json(userSchema) }, ...problems(401) },
    }),
    async (c) => {
      const auth = authOf(c);
      // It reads the user anyway, so checking the session too costs nothing: the site asks
      // this on every page, and a session revoked elsewhere is signed out at its next one.
      const user = await findUserInLiveSession(c.var.db, auth.userId, auth.sessionId);
      if (!user) throw new ApiError("unauthenticated", "This session has ended; sign in again.");
      return c.json(toUserView(user), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/forgot-password",
      tags: ["Auth"],
      summary: "Email a password reset link",
      description: "Answers 202 whether or not the account exists. The link works once, for 30 minutes.",
      request: { body: { ...json(forgotPasswordBody), required: true } },
      responses: { 202: { description: "If the account exists, an email is on its way" }, ...problems(400, 429) },
    }),
    async (c) => {
      const email = normaliseEmail(c.req.valid("json").email);
      const client = clientKey(c.var.clientIp);
      await enforceRateLimit(c.env, `reset:client:${client}`, { limit: c.var.config.AUTH_ATTEMPTS_PER_CLIENT, windowSeconds: 60 });
      await countAccountRequest(c.env, `reset:throttle:${email}`, client, RESET_REQUEST_POLICY);
      const user = await findUserByEmail(c.var.db, email);
      if (user) {
        const token = randomToken();
        const id = newId("prt");
        const db = c.var.db;
        const message = queueEmail(db, {
          dedupeKey: `password_reset:${id}`,
          to: user.email,
          data: {
            template: "password_reset",
            reset: {
              customerName: user.name,
              resetUrl: `${c.var.config.APP_ORIGIN}/reset-password?token=${encodeURIComponent(token)}`,
              expiresInMinutes: RESET_TOKEN_TTL_MINUTES,
            },
          },
        });
        await db.batch([
          db.insert(passwordResetTokens).values({
            id,
            userId: user.id,
            tokenHash: await sha256Hex(token),
            expiresAt: new Date(Date.now() + RESET_TOKEN_TTL_MINUTES * 60_000).toISOString(),
          }),
          message.statement,
        ]);
        await enqueueEmails(c.env, [message.job], c.var.requestId);
      }
      return c.body(null, 202);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/reset-password/check",
      tags: ["Auth"],
      summary: "Check a reset token without spending it",
      description:
        "Lets a client say at once, when the link is opened, that it has expired or was already used, instead of after a new password has been typed. 200 with the link's expiry while it can still be spent; otherwise the same 400 `invalid_token` as the reset itself. Nothing about the account is answered, and the token stays usable. Rate limited per client with the other reset requests.",
      request: { body: { ...json(resetTokenCheckBody), required: true } },
      responses: { 200: { description: "The link is live", ...json(resetTokenCheckResponse) }, ...problems(400, 415, 429) },
    }),
    async (c) => {
      const { token } = c.req.valid("json");
      await enforceRateLimit(c.env, `reset:client:${clientKey(c.var.clientIp)}`, { limit: c.var.config.AUTH_ATTEMPTS_PER_CLIENT, windowSeconds: 60 });
      const live = await c.var.db
        .select({ expiresAt: passwordResetTokens.expiresAt })
        .from(passwordResetTokens)
        .where(liveResetToken(await sha256Hex(token), new Date().toISOString()))
        .get();
      if (!live) throw invalidResetToken();
      return c.json({ expiresAt: live.expiresAt }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/reset-password",
      tags: ["Auth"],
      summary: "Choose a new password with a reset token",
      description: "The token is spent and every session of the account is signed out.",
      request: { body: { ...json(resetPasswordBody), required: true } },
      responses: { 204: { description: "Password changed" }, ...problems(400, 429) },
    }),
    async (c) => {
      const { token, newPassword } = c.req.valid("json");
      await enforceRateLimit(c.env, `reset:client:${clientKey(c.var.clientIp)}`, { limit: c.var.config.AUTH_ATTEMPTS_PER_CLIENT, windowSeconds: 60 });
      const db = c.var.db;
      const now = new Date().toISOString();
      const invalid = invalidResetToken;
      const live = liveResetToken(await sha256Hex(token), now);
      // Judged before the token is spent, so a refused password leaves the link usable; and
      // only for a live link, so the check's CPU is not there for anyone to burn.
      const holder = await db
        .select({ email: users.email, name: users.name })
        .from(passwordResetTokens)
        .innerJoin(users, eq(users.id, passwordResetTokens.userId))
        .where(live)
        .get();
      if (!holder) throw invalid();
      assertStrongPassword(newPassword, "newPassword", [holder.email, holder.name]);
      // Spending the token is the conditional update itself, so two resets with one token
      // cannot both succeed.
      const [spent] = await db
        .update(passwordResetTokens)
        .set({ usedAt: now })
        .where(live)
        .returning({ userId: passwordResetTokens.userId });
      if (!spent) throw invalid();
      await db.batch([
        db.update(users).set({ passwordHash: await hashPassword(newPassword), passwordChangedAt: now, updatedAt: now }).where(eq(users.id, spent.userId)),
        revokeUserSessions(db, spent.userId, "password_reset"),
        // Any other outstanding reset links for the account die with this one.
        db.update(passwordResetTokens).set({ usedAt: now }).where(and(eq(passwordResetTokens.userId, spent.userId), isNull(passwordResetTokens.usedAt))),
      ]);
      return c.body(null, 204);
    },
  );
