import { createRoute, z } from "@hono/zod-openapi";
import { and, count, eq } from "drizzle-orm";
import { categories, products } from "../db/schema";
import { auditEntry } from "../db/queries/audit";
import { findCategoryView, listCategories } from "../db/queries/catalog";
import { uniqueViolation } from "../db/raw";
import { categoryListSchema, categorySchema, createCategoryBody, langQueryField, updateCategoryBody } from "../domain/schemas/catalog";
import { idParam, problems } from "../domain/schemas/common";
import { slugify } from "../domain/slug";
import { createRouter } from "../factory";
import { bumpCacheVersion, edgeCache } from "../lib/edge-cache";
import { newId } from "../lib/ids";
import { ApiError } from "../lib/problem";
import { authOf, requireAdmin } from "../middleware/auth";
import { requestLanguage } from "../middleware/language";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const bearer = [{ bearerAuth: [] }];

const slugTaken = () =>
  new ApiError("conflict", "Another category already uses this slug.", {
    errors: [{ path: "slug", message: "Another category already uses this slug." }],
  });

function rethrowSlugConflict(error: unknown): never {
  if (uniqueViolation(error) === "categories.slug") throw slugTaken();
  throw error;
}

export const categoryRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["Catalog"],
      summary: "List categories",
      description:
        "Every category with its number of active products, named in the language of `lang` or Accept-Language (English where untranslated). Cached at the edge for anonymous callers.",
      middleware: [edgeCache()] as const,
      request: { query: z.object({ lang: langQueryField }) },
      responses: { 200: { description: "The categories", ...json(categoryListSchema) } },
    }),
    async (c) => {
      const language = requestLanguage(c);
      const items = await listCategories(c.var.db, { language });
      c.header("content-language", language);
      return c.json({ items }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["Catalog"],
      summary: "Create a category (admin)",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { body: { ...json(createCategoryBody), required: true } },
      responses: { 201: { description: "Created", ...json(categorySchema) }, ...problems(400, 401, 403, 409, 413, 415) },
    }),
    async (c) => {
      const actor = authOf(c);
      const body = c.req.valid("json");
      const slug = body.slug ?? slugify(body.name);
      if (!slug) {
        throw new ApiError("validation_failed", "This name gives no usable slug; send one.", {
          errors: [{ path: "slug", message: "Send a slug (lower-case letters, digits and hyphens)." }],
        });
      }
      const id = newId("cat");
      const db = c.var.db;
      await db
        .batch([
          db.insert(categories).values({
            id,
            slug,
            name: body.name,
            description: body.description ?? "",
            sortOrder: body.sortOrder ?? 0,
          }),
          bumpCacheVersion(db),
          auditEntry(db, { actorId: actor.userId, action: "category.created", entityType: "category", entityId: id, details: { slug }, requestId: c.var.requestId }),
        ])
        .catch(rethrowSlugConflict);
      const created = await findCategoryView(db, id);
      if (!created) throw new ApiError("internal", "The category vanished after it was created.");
      return c.json(created, 201);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags: ["Catalog"],
      summary: "Update a category (admin)",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: idParam, body: { ...json(updateCategoryBody), required: true } },
      responses: { 200: { description: "Updated", ...json(categorySchema) }, ...problems(400, 401, 403, 404, 409, 413, 415) },
    }),
    async (c) => {
      const actor = authOf(c);
      const { id } = c.req.valid("param");
      const patch = c.req.valid("json");
      const db = c.var.db;
      if (!(await findCategoryView(db, id))) throw new ApiError("not_found", "No such category.");
      await db
        .batch([
          db.update(categories).set({ ...patch, updatedAt: new Date().toISOString() }).where(eq(categories.id, id)),
          bumpCacheVersion(db),
          auditEntry(db, { actorId: actor.userId, action: "category.updated", entityType: "category", entityId: id, details: patch, requestId: c.var.requestId }),
        ])
        .catch(rethrowSlugConflict);
      const view = await findCategoryView(db, id);
      if (!view) throw new ApiError("not_found", "No such category.");
      return c.json(view, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags: ["Catalog"],
      summary: "Delete a category (admin)",
      description:
        "Refused with 409 while products reference it: active ones by the contract, and deactivated ones too, since they keep their category for reactivation (move them first).",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: idParam },
      responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404, 409) },
    }),
    async (c) => {
      const actor = authOf(c);
      const { id } = c.req.valid("param");
      const db = c.var.db;
      const [[category], [active], [inactive]] = await db.batch([
        db.select({ id: categories.id, slug: categories.slug }).from(categories).where(eq(categories.id, id)),
        db.select({ n: count() }).from(products).where(and(eq(products.categoryId, id), eq(products.isActive, true))),
        db.select({ n: count() }).from(products).where(and(eq(products.categoryId, id), eq(products.isActive, false))),
      ]);
      if (!category) throw new ApiError("not_found", "No such category.");
      const activeCount = active?.n ?? 0;
      const inactiveCount = inactive?.n ?? 0;
      if (activeCount > 0 || inactiveCount > 0) {
        throw new ApiError(
          "conflict",
          activeCount > 0
            ? `${activeCount} active product(s) are in this category; move or deactivate them first.`
            : `${inactiveCount} deactivated product(s) still belong to this category; move them first.`,
        );
      }
      try {
        await db.batch([
          db.delete(categories).where(eq(categories.id, id)),
          bumpCacheVersion(db),
          auditEntry(db, { actorId: actor.userId, action: "category.deleted", entityType: "category", entityId: id, details: { slug: category.slug }, requestId: c.var.requestId }),
        ]);
      } catch (error) {
        // A product added between the check and the delete: the foreign key refuses it.
        if (error instanceof Error && /FOREIGN KEY constraint failed/.test(`${error.message} ${String(error.cause)}`)) {
          throw new ApiError("conflict", "Products were added to this category meanwhile.");
        }
        throw error;
      }
      return c.body(null, 204);
    },
  );
