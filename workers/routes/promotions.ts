import { createRoute } from "@hono/zod-openapi";
import { count, desc, eq } from "drizzle-orm";
import { promotions } from "../db/schema";
import { auditEntry } from "../db/queries/audit";
import { committedCounts, listRedemptions } from "../db/queries/promotions";
import { uniqueViolation } from "../db/raw";
import { idParam, pageOf, pagingQuery, problems } from "../domain/schemas/common";
import { createPromotionBody, promotionDetailSchema, promotionIssues, promotionSchema, updatePromotionBody } from "../domain/schemas/promotions";
import { createRouter } from "../factory";
import { newId } from "../lib/ids";
import { ApiError } from "../lib/problem";
import { authOf, requireAdmin } from "../middleware/auth";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const bearer = [{ bearerAuth: [] }];

type PromotionRow = typeof promotions.$inferSelect;

function view(row: PromotionRow, usedCount: number) {
  return { ...row, appliesTo: row.appliesTo ?? null, usedCount };
}

function rethrowCodeTaken(error: unknown): never {
  if (uniqueViolation(error) === "promotions.code") {
    throw new ApiError("conflict", "Another promotion already uses this code.", { errors: [{ path: "code", message: "Another promotion already uses this code." }] });
  }
  throw error;
}

async function detail(db: Parameters<typeof listRedemptions>[0], row: PromotionRow) {
  const redemptions = await listRedemptions(db, row.id);
  return { ...view(row, redemptions.filter((entry) => entry.status === "committed").length), redemptions };
}

/** Promotions for admins: `/admin/promotions`. Deleting deactivates, so past orders keep naming them. */
export const promotionRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["Admin"],
      summary: "List promotions (admin)",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { query: pagingQuery },
      responses: { 200: { description: "A page of promotions, newest first", ...json(pageOf(promotionSchema)) }, ...problems(400, 401, 403) },
    }),
    async (c) => {
      const { page, limit } = c.req.valid("query");
      const db = c.var.db;
      const [rows, totals] = await db.batch([
        db.select().from(promotions).orderBy(desc(promotions.createdAt), desc(promotions.id)).limit(limit).offset((page - 1) * limit),
        db.select({ n: count() }).from(promotions),
      ]);
      const used = await committedCounts(db, rows.map((row) => row.id));
      return c.json({ items: rows.map((row) => view(row, used.get(row.id) ?? 0)), page, limit, total: totals[0]?.n ?? 0 }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["Admin"],
      summary: "Create a promotion (admin)",
      description: "Without `code` the promotion applies automatically to every cart that qualifies. Codes are case-insensitive and unique.",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { body: { ...json(createPromotionBody), required: true } },
      responses: { 201: { description: "Created", ...json(promotionDetailSchema) }, ...problems(400, 401, 403, 409, 413, 415) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const id = newId("pro");
      const db = c.var.db;
      await db
        .batch([
          db.insert(promotions).values({
            id,
            name: body.name,
            code: body.code ?? null,
            kind: body.kind,
            value: body.value ?? null,
            appliesTo: body.appliesTo ?? null,
            minSubtotalCents: body.minSubtotalCents ?? null,
            startsAt: body.startsAt ?? null,
            endsAt: body.endsAt ?? null,
            usageLimit: body.usageLimit ?? null,
            perCustomerLimit: body.perCustomerLimit ?? null,
            exclusive: body.exclusive ?? false,
            active: body.active ?? true,
            buyQuantity: body.buyQuantity ?? null,
            getQuantity: body.getQuantity ?? null,
            maxApplications: body.maxApplications ?? null,
            customerEmail: body.customerEmail ?? null,
          }),
          auditEntry(db, { actorId: authOf(c).userId, action: "promotion.created", entityType: "promotion", entityId: id, details: { code: body.code ?? null }, requestId: c.var.requestId }),
        ])
        .catch(rethrowCodeTaken);
      const row = await db.select().from(promotions).where(eq(promotions.id, id)).get();
      if (!row) throw new ApiError("internal", "The promotion vanished after it was created.");
      return c.json(await detail(db, row), 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags: ["Admin"],
      summary: "A promotion with its redemptions (admin)",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: idParam },
      responses: { 200: { description: "The promotion", ...json(promotionDetailSchema) }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      const row = await c.var.db.select().from(promotions).where(eq(promotions.id, c.req.valid("param").id)).get();
      if (!row) throw new ApiError("not_found", "No such promotion.");
      return c.json(await detail(c.var.db, row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags: ["Admin"],
      summary: "Edit a promotion (admin)",
      description: "Its kind is fixed once created. The edited promotion must still be whole (a percent needs its value, and so on).",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: idParam, body: { ...json(updatePromotionBody), required: true } },
      responses: { 200: { description: "The promotion", ...json(promotionDetailSchema) }, ...problems(400, 401, 403, 404, 409, 413, 415) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const db = c.var.db;
      const row = await db.select().from(promotions).where(eq(promotions.id, id)).get();
      if (!row) throw new ApiError("not_found", "No such promotion.");
      const issues = promotionIssues({ ...row, ...body });
      if (issues.length) throw new ApiError("validation_failed", "This edit leaves the promotion incomplete.", { errors: issues });
      await db
        .batch([
          db.update(promotions).set({ ...body, updatedAt: new Date().toISOString() }).where(eq(promotions.id, id)),
          auditEntry(db, { actorId: authOf(c).userId, action: "promotion.updated", entityType: "promotion", entityId: id, details: { fields: Object.keys(body) }, requestId: c.var.requestId }),
        ])
        .catch(rethrowCodeTaken);
      const updated = await db.select().from(promotions).where(eq(promotions.id, id)).get();
      return c.json(await detail(db, updated ?? row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags: ["Admin"],
      summary: "Deactivate a promotion (admin)",
      description: "The promotion stops applying at once; orders that used it keep naming it. PATCH `active: true` brings it back.",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: idParam },
      responses: { 204: { description: "Deactivated" }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const db = c.var.db;
      const [changed] = await db.batch([
        db.update(promotions).set({ active: false, updatedAt: new Date().toISOString() }).where(eq(promotions.id, id)).returning({ id: promotions.id }),
        auditEntry(db, { actorId: authOf(c).userId, action: "promotion.deactivated", entityType: "promotion", entityId: id, requestId: c.var.requestId }),
      ]);
      if (changed.length === 0) throw new ApiError("not_found", "No such promotion.");
      return c.body(null, 204);
    },
  );
