import { createRoute, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { users } from "../db/schema";
import { auditEntry } from "../db/queries/audit";
import { revokeUserSessions } from "../db/queries/refresh-tokens";
import { findUserById, listUsers, toUserView } from "../db/queries/users";
import { changePasswordBody, roleChangeBody, updateProfileBody, userSchema } from "../domain/schemas/auth";
import { idParam, pageOf, pagingQuery, problems } from "../domain/schemas/common";
import { createRouter } from "../factory";
import { clientKey } from "../domain/client-key";
import { assertStrongPassword, hashPassword, verifyPassword } from "../lib/passwords";
import { ApiError } from "../lib/problem";
import { admitAccountAttempt, signInThrottle } from "../lib/rate-limit";
import { authOf, requireAdmin, requireUser } from "../middleware/auth";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const bearer = [{ bearerAuth: [] }];

const userListQuery = pagingQuery.extend({ q: z.string().trim().max(100).optional() });

export const userRoutes = createRouter()
  .openapi(
    createRoute({
      method: "patch",
      path: "/me",
      tags: ["Users"],
      summary: "Update your profile",
      security: bearer,
      middleware: [requireUser] as const,
      request: { body: { ...json(updateProfileBody), required: true } },
      responses: { 200: { description: "The updated user", ...json(userSchema) }, ...problems(400, 401, 415) },
    }),
    async (c) => {
      const { userId } = authOf(c);
      const patch = c.req.valid("json");
      const changes: { name?: string; phone?: string | null; updatedAt: string } = {
        updatedAt: new Date().toISOString(),
      };
      if (patch.name !== undefined) changes.name = patch.name;
      if (patch.phone !== undefined) changes.phone = patch.phone;
      const [updated] = await c.var.db.update(users).set(changes).where(eq(users.id, userId)).returning();
      if (!updated) throw new ApiError("unauthenticated", "The account no longer exists.");
      return c.json(toUserView(updated), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/me/password",
      tags: ["Users"],
      summary: "Change your password",
      description: "Signs out every other session of the account.",
      security: bearer,
      middleware: [requireUser] as const,
      request: { body: { ...json(changePasswordBody), required: true } },
      responses: { 204: { description: "Changed" }, ...problems(400, 401, 429) },
    }),
    async (c) => {
      const auth = authOf(c);
      const { currentPassword, newPassword } = c.req.valid("json");
      const client = clientKey(c.var.clientIp);
      const attempt = await admitAccountAttempt(c.env, `password:throttle:${auth.userId}`, client, signInThrottle(c.var.config));
      const user = await findUserById(c.var.db, auth.userId);
      if (!user) throw new ApiError("unauthenticated", "The account no longer exists.");
      if (!(await verifyPassword(user.passwordHash, currentPassword))) {
        await attempt.failed();
        throw new ApiError("validation_failed", "The current password is incorrect.", {
          errors: [{ path: "currentPassword", message: "The current password is incorrect." }],
        });
      }
      await attempt.succeeded();
      assertStrongPassword(newPassword, "newPassword", [user.email, user.name]);
      const now = new Date().toISOString();
      await c.var.db.batch([
        c.var.db
          .update(users)
          .set({ passwordHash: await hashPassword(newPassword), passwordChangedAt: now, updatedAt: now })
          .where(eq(users.id, user.id)),
        revokeUserSessions(c.var.db, user.id, "password_changed", auth.sessionId),
      ]);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["Users"],
      summary: "List users (admin)",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { query: userListQuery },
      responses: { 200: { description: "A page of users", ...json(pageOf(userSchema)) }, ...problems(400, 401, 403) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const { items, total } = await listUsers(c.var.db, query);
      return c.json({ items: items.map(toUserView), page: query.page, limit: query.limit, total }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags: ["Users"],
      summary: "Change a user's role (admin)",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: idParam, body: { ...json(roleChangeBody), required: true } },
      responses: { 200: { description: "The updated user", ...json(userSchema) }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const actor = authOf(c);
      const { id } = c.req.valid("param");
      const { role } = c.req.valid("json");
      const target = await findUserById(c.var.db, id);
      if (!target) throw new ApiError("not_found", "No such user.");
      if (target.id === actor.userId && role !== "admin") {
        throw new ApiError("conflict", "You cannot remove your own administrator role.");
      }
      const db = c.var.db;
      const [updated] = await db.batch([
        db.update(users).set({ role, updatedAt: new Date().toISOString() }).where(eq(users.id, id)).returning(),
        auditEntry(db, {
          actorId: actor.userId,
          action: "user.role_changed",
          entityType: "user",
          entityId: id,
          details: { from: target.role, to: role },
          requestId: c.var.requestId,
        }),
      ]);
      const user = updated[0];
      if (!user) throw new ApiError("not_found", "No such user.");
      return c.json(toUserView(user), 200);
    },
  );
