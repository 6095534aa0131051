import { createRoute, z } from "@hono/zod-openapi";
import { and, count, desc, eq, isNull } from "drizzle-orm";
import { notifications } from "../db/schema";
import { idParam, problems } from "../domain/schemas/common";
import { notificationQuery, notificationSchema } from "../domain/schemas/orders";
import { createRouter } from "../factory";
import { ApiError } from "../lib/problem";
import { authOf, requireUser } from "../middleware/auth";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const bearer = [{ bearerAuth: [] }];

type NotificationRow = typeof notifications.$inferSelect;
const view = (row: NotificationRow) => ({
  id: row.id,
  type: row.type,
  message: row.message,
  orderId: row.orderId,
  read: row.readAt !== null,
  createdAt: row.createdAt,
});

export const notificationRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["Notifications"],
      summary: "Your notifications, newest first, with the unread count",
      security: bearer,
      middleware: [requireUser] as const,
      request: { query: notificationQuery },
      responses: {
        200: { description: "Notifications", ...json(z.object({ items: z.array(notificationSchema), unreadCount: z.number().int() })) },
        ...problems(400, 401),
      },
    }),
    async (c) => {
      const { userId } = authOf(c);
      const query = c.req.valid("query");
      const db = c.var.db;
      const mine = eq(notifications.userId, userId);
      const unread = and(mine, isNull(notifications.readAt));
      const [items, totals] = await db.batch([
        db
          .select()
          .from(notifications)
          .where(query.unread === "true" ? unread : mine)
          .orderBy(desc(notifications.createdAt), desc(notifications.id))
          .limit(query.limit),
        db.select({ unread: count() }).from(notifications).where(unread),
      ]);
      return c.json({ items: items.map(view), unreadCount: totals[0]?.unread ?? 0 }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/{id}/read",
      tags: ["Notifications"],
      summary: "Mark a notification read",
      security: bearer,
      middleware: [requireUser] as const,
      request: { params: idParam },
      responses: { 200: { description: "The notification", ...json(notificationSchema) }, ...problems(401, 404) },
    }),
    async (c) => {
      const { userId } = authOf(c);
      const db = c.var.db;
      const id = c.req.valid("param").id;
      const row = await db.query.notifications.findFirst({ where: and(eq(notifications.id, id), eq(notifications.userId, userId)) });
      if (!row) throw new ApiError("not_found", "No such notification.");
      if (row.readAt) return c.json(view(row), 200);
      const [updated] = await db
        .update(notifications)
        .set({ readAt: new Date().toISOString() })
        .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
        .returning();
      return c.json(view(updated ?? row), 200);
    },
  );
