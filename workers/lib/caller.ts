import type { Context } from "hono";
import { findUserById } from "../db/queries/users";
import type { AppEnv } from "../factory";

/**
 * Whether the caller is an administrator now, for public routes that show admins more
 * (deactivated products) or let them do more (moderation). Like requireAdmin, the stored
 * role decides, not the token's claim; the lookup only happens for admin tokens.
 */
export async function callerIsAdmin(c: Context<AppEnv>): Promise<boolean> {
  const auth = c.var.auth;
  if (auth?.role !== "admin") return false;
  const user = await findUserById(c.var.db, auth.userId);
  return user?.role === "admin";
}
