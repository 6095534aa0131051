import { createRoute, z } from "@hono/zod-openapi";
import { inArray } from "drizzle-orm";
import { toUserView } from "../db/queries/users";
import { users } from "../db/schema";
import { userSchema } from "../domain/schemas/auth";
import { problems } from "../domain/schemas/common";
import { createRouter } from "../factory";
import { requireAdmin } from "../middleware/auth";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const bearer = [{ bearerAuth: [] }];

/** At most one page of orders' worth of customers per call. */
export const MAX_USER_IDS = 100;

const userIdsQuery = z.object({
  ids: z
    .string()
    .max(MAX_USER_IDS * 65)
    .transform((value) => [...new Set(value.split(",").map((id) => id.trim()).filter(Boolean))])
    .pipe(z.array(z.string().min(1).max(64)).min(1, "Send at least one id.").max(MAX_USER_IDS, `Send at most ${MAX_USER_IDS} ids.`))
    .openapi({ type: "string", example: "usr_1,usr_2", description: "Comma-separated user ids" }),
});

/**
 * GET /admin/users?ids=: the accounts behind a page of orders, reviews or audit entries, which
 * carry only user ids. One query for the page instead of one lookup per row.
 */
export const adminUserRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Admin"],
    summary: "Users by id (admin)",
    description: "Unknown ids are left out of the answer rather than failing it.",
    security: bearer,
    middleware: [requireAdmin] as const,
    request: { query: userIdsQuery },
    responses: { 200: { description: "The users found", ...json(z.object({ items: z.array(userSchema) })) }, ...problems(400, 401, 403) },
  }),
  async (c) => {
    const { ids } = c.req.valid("query");
    const rows = await c.var.db.select().from(users).where(inArray(users.id, ids));
    return c.json({ items: rows.map(toUserView) }, 200);
  },
);
