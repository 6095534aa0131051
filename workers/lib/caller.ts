import type { Context } from "hono";
import { findUserInLiveSession } from "../db/queries/refresh-tokens";
import type { AppEnv } from "../factory";

/**
 * Whether the caller is an administrator now, for public routes that show admins more
 * (deactivated products) or let them do more (moderation). Like requireAdmin, the stored
 * role in a still-live session decides, not the token's claim; the lookup only happens for
 * admin tokens.
 */
export async function callerIsAdmin(c: Context<AppEnv>): Promise<boolean> {
  const auth = c.var.auth;
  if (auth?.role !== "admin") return false;
  return (await findUserInLiveSession(c.var.db, auth.userId, auth.sessionId))?.role === "admin";
}
