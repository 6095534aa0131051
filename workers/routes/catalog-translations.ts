import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { eq } from "drizzle-orm";
import { auditEntry } from "../db/queries/audit";
import {
  deleteCategoryTranslation,
  deleteProductTranslation,
  listCategoryTranslations,
  listProductTranslations,
  putCategoryTranslation,
  putProductTranslation,
} from "../db/queries/translations";
import { categories, products } from "../db/schema";
import { problems } from "../domain/schemas/common";
import {
  categoryTranslationBody,
  productTranslationBody,
  translationListSchema,
  translationParams,
  translationSchema,
} from "../domain/schemas/translations";
import { idParam } from "../domain/schemas/common";
import { createRouter, type AppEnv } from "../factory";
import { bumpCacheVersion } from "../lib/edge-cache";
import { ApiError } from "../lib/problem";
import { authOf, requireAdmin } from "../middleware/auth";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const bearer = [{ bearerAuth: [] }];

async function productOr404(c: Context<AppEnv>, id: string) {
  const row = await c.var.db.select({ id: products.id }).from(products).where(eq(products.id, id)).get();
  if (!row) throw new ApiError("not_found", "No such product.");
}

async function categoryOr404(c: Context<AppEnv>, id: string) {
  const row = await c.var.db.select({ id: categories.id }).from(categories).where(eq(categories.id, id)).get();
  if (!row) throw new ApiError("not_found", "No such category.");
}

const noTranslation = () => new ApiError("not_found", "No translation in this language; the English text shows.");

/**
 * Product and category names and descriptions in de, fr and ja (English is the item's own
 * fields). Every write purges the catalog's edge cache and is audit-logged, like other catalog
 * writes. Mounted under /admin.
 */
export const catalogTranslationRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/products/{id}/translations",
      tags: ["Catalog"],
      summary: "A product's translations (admin)",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: idParam },
      responses: { 200: { description: "Its translations", ...json(translationListSchema) }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await productOr404(c, id);
      return c.json({ items: await listProductTranslations(c.var.db, id) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/products/{id}/translations/{lang}",
      tags: ["Catalog"],
      summary: "A product's translation into one language (admin)",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: translationParams },
      responses: { 200: { description: "The translation", ...json(translationSchema) }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id, lang } = c.req.valid("param");
      await productOr404(c, id);
      const found = (await listProductTranslations(c.var.db, id)).find((item) => item.language === lang);
      if (!found) throw noTranslation();
      return c.json(found, 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/products/{id}/translations/{lang}",
      tags: ["Catalog"],
      summary: "Set a product's translation into one language (admin)",
      description: "Creates or replaces it. The search index takes the new words at once; the catalog's edge cache is purged.",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: translationParams, body: { ...json(productTranslationBody), required: true } },
      responses: { 200: { description: "Saved", ...json(translationSchema) }, ...problems(400, 401, 403, 404, 413, 415) },
    }),
    async (c) => {
      const actor = authOf(c);
      const { id, lang } = c.req.valid("param");
      const body = c.req.valid("json");
      const db = c.var.db;
      await productOr404(c, id);
      await db.batch([
        putProductTranslation(db, id, lang, body),
        bumpCacheVersion(db),
        auditEntry(db, { actorId: actor.userId, action: "product.translation_set", entityType: "product", entityId: id, details: { language: lang }, requestId: c.var.requestId }),
      ]);
      const saved = (await listProductTranslations(db, id)).find((item) => item.language === lang);
      if (!saved) throw new ApiError("internal", "The translation vanished after it was saved.");
      return c.json(saved, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/products/{id}/translations/{lang}",
      tags: ["Catalog"],
      summary: "Remove a product's translation into one language (admin)",
      description: "Shoppers in that language see the English text again.",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: translationParams },
      responses: { 204: { description: "Removed" }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const actor = authOf(c);
      const { id, lang } = c.req.valid("param");
      const db = c.var.db;
      await productOr404(c, id);
      if (!(await listProductTranslations(db, id)).some((item) => item.language === lang)) throw noTranslation();
      const [deleted] = await db.batch([
        deleteProductTranslation(db, id, lang),
        bumpCacheVersion(db),
        auditEntry(db, { actorId: actor.userId, action: "product.translation_deleted", entityType: "product", entityId: id, details: { language: lang }, requestId: c.var.requestId }),
      ]);
      // Removed meanwhile by another admin: the audit entry stands for the attempt.
      if (deleted.length === 0) throw noTranslation();
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/categories/{id}/translations",
      tags: ["Catalog"],
      summary: "A category's translations (admin)",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: idParam },
      responses: { 200: { description: "Its translations", ...json(translationListSchema) }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await categoryOr404(c, id);
      return c.json({ items: await listCategoryTranslations(c.var.db, id) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/categories/{id}/translations/{lang}",
      tags: ["Catalog"],
      summary: "Set a category's translation into one language (admin)",
      description: "Creates or replaces it; the catalog's edge cache is purged.",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: translationParams, body: { ...json(categoryTranslationBody), required: true } },
      responses: { 200: { description: "Saved", ...json(translationSchema) }, ...problems(400, 401, 403, 404, 413, 415) },
    }),
    async (c) => {
      const actor = authOf(c);
      const { id, lang } = c.req.valid("param");
      const body = c.req.valid("json");
      const db = c.var.db;
      await categoryOr404(c, id);
      await db.batch([
        putCategoryTranslation(db, id, lang, body),
        bumpCacheVersion(db),
        auditEntry(db, { actorId: actor.userId, action: "category.translation_set", entityType: "category", entityId: id, details: { language: lang }, requestId: c.var.requestId }),
      ]);
      const saved = (await listCategoryTranslations(db, id)).find((item) => item.language === lang);
      if (!saved) throw new ApiError("internal", "The translation vanished after it was saved.");
      return c.json(saved, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/categories/{id}/translations/{lang}",
      tags: ["Catalog"],
      summary: "Remove a category's translation into one language (admin)",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: translationParams },
      responses: { 204: { description: "Removed" }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const actor = authOf(c);
      const { id, lang } = c.req.valid("param");
      const db = c.var.db;
      await categoryOr404(c, id);
      if (!(await listCategoryTranslations(db, id)).some((item) => item.language === lang)) throw noTranslation();
      const [deleted] = await db.batch([
        deleteCategoryTranslation(db, id, lang),
        bumpCacheVersion(db),
        auditEntry(db, { actorId: actor.userId, action: "category.translation_deleted", entityType: "category", entityId: id, details: { language: lang }, requestId: c.var.requestId }),
      ]);
      // Removed meanwhile by another admin: the audit entry stands for the attempt.
      if (deleted.length === 0) throw noTranslation();
      return c.body(null, 204);
    },
  );
