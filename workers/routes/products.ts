import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { categories, productVariants, products } from "../db/schema";
import { auditEntry } from "../db/queries/audit";
import { findProductView, listProducts, refreshProductFromVariants } from "../db/queries/catalog";
import { uniqueViolation } from "../db/raw";
import { IMAGE_TYPES, inspectImage, isImageType, MAX_IMAGE_SIDE, mediaTypeOf, sniffImageType } from "../domain/image-type";
import {
  createProductBody,
  imageUploadResponse,
  langQueryField,
  MAX_IMAGES,
  productListQuery,
  productListSchema,
  productSchema,
  skuField,
  updateProductBody,
  updateVariantBody,
  variantInput,
  type ProductView,
} from "../domain/schemas/catalog";
import { idParam, problems } from "../domain/schemas/common";
import { bulkResultSchema, productBulkBody } from "../domain/schemas/bulk";
import { fieldChanges } from "../domain/audit";
import type { ProductBulkAction } from "../domain/bulk-actions";
import { runBulk } from "../lib/bulk";
import { slugify } from "../domain/slug";
import { defaultVariantTitle, productTotals } from "../domain/variants";
import { createRouter, type AppEnv } from "../factory";
import { callerIsAdmin } from "../lib/caller";
import { bumpCacheVersion, edgeCache } from "../lib/edge-cache";
import { newId, randomToken } from "../lib/ids";
import { ApiError, type FieldError } from "../lib/problem";
import { setInitialStock } from "../lib/stock";
import { authOf, requireAdmin } from "../middleware/auth";
import { catalogMarket } from "../middleware/market";
import { requestLanguage } from "../middleware/language";
import { IMAGE_BODY_LIMIT, limitBody } from "../middleware/body";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const bearer = [{ bearerAuth: [] }];

const idOrSlugParam = z.object({ idOrSlug: z.string().min(1).max(120) });
const variantParam = z.object({ id: z.string().min(1).max(64), sku: skuField });

function conflict(errors: FieldError[]): ApiError {
  return new ApiError("conflict", errors.map((error) => error.message).join(" "), { errors });
}

/** A UNIQUE failure that a pre-check could not see (two admins racing) is still a 409. */
function rethrowUniqueConflict(error: unknown): never {
  const column = uniqueViolation(error);
  if (column === "products.slug") throw conflict([{ path: "slug", message: "Another product already uses this slug." }]);
  if (column === "product_variants.sku") throw conflict([{ path: "sku", message: "This SKU is already in use." }]);
  throw error;
}

async function productViewOr404(c: Context<AppEnv>, id: string): Promise<ProductView> {
  const view = await findProductView(c.var.db, id, { includeInactive: true });
  if (!view) throw new ApiError("not_found", "No such product.");
  return view;
}

/**
 * Gives new SKUs their first stock in the Inventory objects (the authority) once D1 holds
 * them. If that fails the product exists without stock: say so plainly rather than 201.
 */
async function initialiseStock(c: Context<AppEnv>, productId: string, items: { sku: string; onHand: number }[]) {
  try {
    await setInitialStock(c.env, items);
  } catch (error) {
    console.error(JSON.stringify({ level: "error", msg: "initial_stock_failed", requestId: c.var.requestId, productId, error: String(error) }));
    throw new ApiError(
      "unavailable",
      `Product ${productId} was saved, but its initial stock could not be recorded. Set it with PUT /inventory/{sku}.`,
    );
  }
}

async function assertCategoryExists(c: Context<AppEnv>, categoryId: string) {
  const row = await c.var.db.select({ id: categories.id }).from(categories).where(eq(categories.id, categoryId)).get();
  if (!row) {
    throw new ApiError("validation_failed", "No such category.", { errors: [{ path: "categoryId", message: "No such category." }] });
  }
}

/** Product fields whose old and new values the audit entry keeps (not the long texts). */
const AUDITED_PRODUCT_FIELDS = ["name", "slug", "categoryId", "brand", "currency", "isFeatured", "isActive"] as const;
const AUDITED_VARIANT_FIELDS = ["title", "options", "priceCents", "position", "isActive"] as const;

/**
 * Deactivates or reactivates one product, as PATCH isActive does: one batch with its audit
 * entry, guarded by the state it was in, so a product already in that state is left alone.
 */
async function setProductActive(c: Context<AppEnv>, actorId: string, id: string, action: ProductBulkAction) {
  const db = c.var.db;
  const isActive = action === "reactivate";
  const current = await db.select({ isActive: products.isActive }).from(products).where(eq(products.id, id)).get();
  if (!current) throw new ApiError("not_found", "No such product.");
  if (current.isActive === isActive) return;
  await db.batch([
    db.update(products).set({ isActive, updatedAt: new Date().toISOString() }).where(and(eq(products.id, id), eq(products.isActive, !isActive))),
    bumpCacheVersion(db),
    auditEntry(db, {
      actorId,
      action: isActive ? "product.reactivated" : "product.deactivated",
      entityType: "product",
      entityId: id,
      details: { fields: ["isActive"], changes: { isActive: { from: !isActive, to: isActive } }, bulk: true },
      requestId: c.var.requestId,
    }),
  ]);
}

export const productRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["Catalog"],
      summary: "List products",
      description:
        "Filters, sorts, paging and facets. With `q`, a full-text search (see GET /search). Only active products, unless an admin asks for `includeInactive`. Cached at the edge for anonymous callers.",
      middleware: [edgeCache()] as const,
      request: { query: productListQuery },
      responses: { 200: { description: "A page of products with facets", ...json(productListSchema) }, ...problems(400, 401, 403) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const includeInactive = query.includeInactive === true;
      if (includeInactive) await requireAdmin(c, async () => {});
      const language = requestLanguage(c);
      const market = await catalogMarket(c, includeInactive || (await callerIsAdmin(c)));
      const result = await listProducts(c.var.db, { ...query, sort: query.sort ?? "relevance", includeInactive, language, ...(market ? { market } : {}) });
      c.header("content-language", language);
      return c.json({ ...result, page: query.page, limit: query.limit }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{idOrSlug}",
      tags: ["Catalog"],
      summary: "One product by id or slug",
      description:
        "A deactivated product is 404 except to admins, who also see deactivated variants. Name, description and category name in the language of `lang` or Accept-Language, falling back to English field by field.",
      middleware: [edgeCache()] as const,
      request: { params: idOrSlugParam, query: z.object({ lang: langQueryField }) },
      responses: { 200: { description: "The product", ...json(productSchema) }, ...problems(404) },
    }),
    async (c) => {
      const { idOrSlug } = c.req.valid("param");
      const language = requestLanguage(c);
      const isAdmin = await callerIsAdmin(c);
      const market = await catalogMarket(c, isAdmin);
      const view = await findProductView(c.var.db, idOrSlug, { includeInactive: isAdmin, language, ...(market ? { market } : {}) });
      if (!view) throw new ApiError("not_found", "No such product.");
      c.header("content-language", language);
      return c.json(view, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags: ["Catalog"],
      summary: "Create a product with its variants (admin)",
      description:
        "An unknown categoryId is a 400 (the body is wrong, not the URL). A slug or SKU already in use is a 409. Variants' initialStock goes to the Inventory objects once the product is saved.",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { body: { ...json(createProductBody), required: true } },
      responses: { 201: { description: "Created", ...json(productSchema) }, ...problems(400, 401, 403, 409, 413, 415) },
    }),
    async (c) => {
      const actor = authOf(c);
      const body = c.req.valid("json");
      const db = c.var.db;
      const slug = body.slug ?? slugify(body.name);
      if (!slug) {
        throw new ApiError("validation_failed", "This name gives no usable slug; send one.", {
          errors: [{ path: "slug", message: "Send a slug (lower-case letters, digits and hyphens)." }],
        });
      }
      const skus = body.variants.map((variant) => variant.sku);
      const [[category], [slugOwner], takenSkus] = await db.batch([
        db.select({ id: categories.id }).from(categories).where(eq(categories.id, body.categoryId)),
        db.select({ id: products.id }).from(products).where(eq(products.slug, slug)),
        db.select({ sku: productVariants.sku }).from(productVariants).where(inArray(productVariants.sku, skus)),
      ]);
      if (!category) {
        throw new ApiError("validation_failed", "No such category.", { errors: [{ path: "categoryId", message: "No such category." }] });
      }
      const conflicts: FieldError[] = [];
      if (slugOwner) conflicts.push({ path: "slug", message: "Another product already uses this slug." });
      const taken = new Set(takenSkus.map((row) => row.sku));
      skus.forEach((sku, index) => {
        if (taken.has(sku)) conflicts.push({ path: `variants.${index}.sku`, message: `SKU ${sku} is already in use.` });
      });
      if (conflicts.length) throw conflict(conflicts);

      const id = newId("prd");
      const variants = body.variants.map((variant, index) => ({
        sku: variant.sku,
        productId: id,
        title: variant.title ?? defaultVariantTitle(variant.options),
        options: variant.options ?? {},
        priceCents: variant.priceCents,
        available: variant.initialStock ?? 0,
        position: variant.position ?? index,
      }));
      const totals = productTotals(variants);
      await db
        .batch([
          db.insert(products).values({
            id,
            slug,
            name: body.name,
            description: body.description,
            categoryId: body.categoryId,
            brand: body.brand ?? null,
            specifications: body.specifications ?? {},
            currency: body.currency ?? "USD",
            isFeatured: body.isFeatured ?? false,
            priceCents: totals.priceCents ?? 0,
            available: totals.available,
          }),
          // One statement per variant keeps each under D1's 100 bound parameters.
          ...variants.map((variant) => db.insert(productVariants).values(variant)),
          bumpCacheVersion(db),
          auditEntry(db, { actorId: actor.userId, action: "product.created", entityType: "product", entityId: id, details: { slug, skus }, requestId: c.var.requestId }),
        ])
        .catch(rethrowUniqueConflict);
      await initialiseStock(c, id, variants.map((variant) => ({ sku: variant.sku, onHand: variant.available })));
      return c.json(await productViewOr404(c, id), 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/bulk",
      tags: ["Catalog"],
      summary: "Deactivate or reactivate many products (admin)",
      description:
        "Each id gets the same change as PATCH isActive, with its own audit entry; a product already in that state is left as it is (ok). An unknown id is refused for that id alone (`problem`), the rest still change. A bad body is a 400 and changes nothing.",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { body: { ...json(productBulkBody), required: true } },
      responses: { 200: { description: "One result per id, in the order sent", ...json(bulkResultSchema) }, ...problems(400, 401, 403, 413, 415) },
    }),
    async (c) => {
      const actor = authOf(c);
      const { ids, action } = c.req.valid("json");
      return c.json(await runBulk(ids, (id) => setProductActive(c, actor.userId, id, action), c.var.requestId), 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags: ["Catalog"],
      summary: "Update a product (admin)",
      description: "Partial update. `isActive: false` deactivates, `true` reactivates. `images` may only reorder or drop URLs the product has.",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: idParam, body: { ...json(updateProductBody), required: true } },
      responses: { 200: { description: "Updated", ...json(productSchema) }, ...problems(400, 401, 403, 404, 409, 413, 415) },
    }),
    async (c) => {
      const actor = authOf(c);
      const { id } = c.req.valid("param");
      const patch = c.req.valid("json");
      const db = c.var.db;
      const current = await db.select().from(products).where(eq(products.id, id)).get();
      if (!current) throw new ApiError("not_found", "No such product.");
      if (patch.categoryId !== undefined) await assertCategoryExists(c, patch.categoryId);
      if (patch.slug !== undefined && patch.slug !== current.slug) {
        const owner = await db.select({ id: products.id }).from(products).where(and(eq(products.slug, patch.slug), ne(products.id, id))).get();
        if (owner) throw conflict([{ path: "slug", message: "Another product already uses this slug." }]);
      }
      if (patch.images !== undefined) {
        const unknown = patch.images.findIndex((url, index) => !current.images.includes(url) || patch.images!.indexOf(url) !== index);
        if (unknown !== -1) {
          throw new ApiError("validation_failed", "Images can only be reordered or removed here; upload new ones.", {
            errors: [{ path: `images.${unknown}`, message: "Not one of this product's images, or listed twice." }],
          });
        }
      }
      const action = patch.isActive === false ? "product.deactivated" : patch.isActive === true ? "product.reactivated" : "product.updated";
      await db
        .batch([
          db.update(products).set({ ...patch, updatedAt: new Date().toISOString() }).where(eq(products.id, id)),
          bumpCacheVersion(db),
          auditEntry(db, {
            actorId: actor.userId,
            action,
            entityType: "product",
            entityId: id,
            details: { fields: Object.keys(patch), changes: fieldChanges(current, patch, AUDITED_PRODUCT_FIELDS) },
            requestId: c.var.requestId,
          }),
        ])
        .catch(rethrowUniqueConflict);
      return c.json(await productViewOr404(c, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags: ["Catalog"],
      summary: "Deactivate a product (admin)",
      description: "The product leaves the listings and its page answers 404; past orders keep their lines. PATCH isActive: true brings it back.",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: idParam },
      responses: { 204: { description: "Deactivated" }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      const actor = authOf(c);
      const { id } = c.req.valid("param");
      const db = c.var.db;
      const current = await db.select({ isActive: products.isActive }).from(products).where(eq(products.id, id)).get();
      if (!current) throw new ApiError("not_found", "No such product.");
      if (current.isActive) {
        await db.batch([
          db.update(products).set({ isActive: false, updatedAt: new Date().toISOString() }).where(eq(products.id, id)),
          bumpCacheVersion(db),
          auditEntry(db, { actorId: actor.userId, action: "product.deactivated", entityType: "product", entityId: id, requestId: c.var.requestId }),
        ]);
      }
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/variants",
      tags: ["Catalog"],
      summary: "Add a variant (admin)",
      description: "Answers with the whole product, whose price and availability the new variant may change.",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: idParam, body: { ...json(variantInput), required: true } },
      responses: { 201: { description: "Added", ...json(productSchema) }, ...problems(400, 401, 403, 404, 409, 413, 415) },
    }),
    async (c) => {
      const actor = authOf(c);
      const { id } = c.req.valid("param");
      const input = c.req.valid("json");
      const db = c.var.db;
      const [[product], [taken], [last]] = await db.batch([
        db.select({ id: products.id }).from(products).where(eq(products.id, id)),
        db.select({ sku: productVariants.sku }).from(productVariants).where(eq(productVariants.sku, input.sku)),
        db.select({ position: sql<number>`coalesce(max(${productVariants.position}), -1)` }).from(productVariants).where(eq(productVariants.productId, id)),
      ]);
      if (!product) throw new ApiError("not_found", "No such product.");
      if (taken) throw conflict([{ path: "sku", message: `SKU ${input.sku} is already in use.` }]);
      const variant = {
        sku: input.sku,
        productId: id,
        title: input.title ?? defaultVariantTitle(input.options),
        options: input.options ?? {},
        priceCents: input.priceCents,
        available: input.initialStock ?? 0,
        position: input.position ?? (last?.position ?? -1) + 1,
      };
      await db
        .batch([
          db.insert(productVariants).values(variant),
          refreshProductFromVariants(db, id),
          bumpCacheVersion(db),
          auditEntry(db, { actorId: actor.userId, action: "product.variant_added", entityType: "product", entityId: id, details: { sku: variant.sku }, requestId: c.var.requestId }),
        ])
        .catch(rethrowUniqueConflict);
      await initialiseStock(c, id, [{ sku: variant.sku, onHand: variant.available }]);
      return c.json(await productViewOr404(c, id), 201);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}/variants/{sku}",
      tags: ["Catalog"],
      summary: "Update a variant (admin)",
      description: "Title, options, price, position, or isActive. The last active variant cannot be deactivated (409). Stock is set through /inventory.",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { params: variantParam, body: { ...json(updateVariantBody), required: true } },
      responses: { 200: { description: "The product", ...json(productSchema) }, ...problems(400, 401, 403, 404, 409, 413, 415) },
    }),
    async (c) => {
      const actor = authOf(c);
      const { id, sku } = c.req.valid("param");
      const patch = c.req.valid("json");
      const db = c.var.db;
      const [siblings, [owner]] = await db.batch([
        db.select().from(productVariants).where(eq(productVariants.productId, id)),
        db.select({ currency: products.currency }).from(products).where(eq(products.id, id)),
      ]);
      const variant = siblings.find((row) => row.sku === sku);
      if (!variant) throw new ApiError("not_found", "No such variant on this product.");
      const lastActive = () =>
        new ApiError("conflict", "A product needs at least one active variant; deactivate the product instead.", {
          errors: [{ path: "isActive", message: "This is the product's last active variant." }],
        });
      if (patch.isActive === false && !siblings.some((variant) => variant.isActive && variant.sku !== sku)) throw lastActive();
      // Deactivating only while another active variant remains, checked inside the write so
      // two admins deactivating the last two variants at once cannot both succeed.
      const keepsOneActive =
        patch.isActive === false
          ? sql`EXISTS (SELECT 1 FROM product_variants o WHERE o.product_id = ${id} AND o.is_active = 1 AND o.sku <> ${sku})`
          : undefined;
      const [updated] = await db.batch([
        db
          .update(productVariants)
          .set({ ...patch, updatedAt: new Date().toISOString() })
          .where(and(eq(productVariants.sku, sku), keepsOneActive))
          .returning({ sku: productVariants.sku }),
        refreshProductFromVariants(db, id),
        bumpCacheVersion(db),
        auditEntry(db, {
          actorId: actor.userId,
          action: "product.variant_updated",
          entityType: "product",
          entityId: id,
          // The currency travels with the change, so the log shows the price as it was charged.
          details: { sku, variantTitle: variant.title, currency: owner?.currency ?? "USD", fields: Object.keys(patch), changes: fieldChanges(variant, patch, AUDITED_VARIANT_FIELDS) },
          requestId: c.var.requestId,
        }),
      ]);
      if (updated.length === 0) throw lastActive();
      return c.json(await productViewOr404(c, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/images",
      tags: ["Catalog"],
      summary: "Upload a product image (admin)",
      description:
        `The raw image as the body (not JSON), at most 5 MiB, declared as image/png, image/jpeg or image/webp. The bytes must be one whole image of the declared type with readable dimensions, at most ${MAX_IMAGE_SIDE} pixels a side: anything else, a truncated file included, gets 415. Appended to the product's images and served from the returned /images/ URL.`,
      security: bearer,
      middleware: [requireAdmin, limitBody(IMAGE_BODY_LIMIT)] as const,
      request: {
        params: idParam,
        body: {
          required: true,
          content: Object.fromEntries(
            Object.keys(IMAGE_TYPES).map((type) => [type, { schema: z.string().openapi({ type: "string", format: "binary" }) }]),
          ),
        },
      },
      responses: { 201: { description: "Stored", ...json(imageUploadResponse) }, ...problems(400, 401, 403, 404, 409, 413, 415) },
    }),
    async (c) => {
      const actor = authOf(c);
      const { id } = c.req.valid("param");
      const declared = mediaTypeOf(c.req.header("content-type"));
      if (!isImageType(declared)) {
        throw new ApiError("unsupported_media_type", `Send the image as ${Object.keys(IMAGE_TYPES).join(", ")}.`);
      }
      const db = c.var.db;
      const product = await db.select({ images: products.images }).from(products).where(eq(products.id, id)).get();
      if (!product) throw new ApiError("not_found", "No such product.");
      if (product.images.length >= MAX_IMAGES) throw new ApiError("conflict", `A product has at most ${MAX_IMAGES} images.`);
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.length === 0) {
        throw new ApiError("validation_failed", "The body is empty; send the image bytes.", { errors: [{ path: "(body)", message: "Empty image." }] });
      }
      const actual = sniffImageType(bytes);
      if (actual !== declared) {
        throw new ApiError("unsupported_media_type", actual ? `The bytes are ${actual}, not ${declared}.` : `The bytes are not ${declared}.`);
      }
      // A signature alone is not an image: a cut-off upload would show broken in the shop.
      const image = inspectImage(bytes);
      if (!image.ok) throw new ApiError("unsupported_media_type", image.reason);
      const key = `products/${id}/${randomToken(16)}.${IMAGE_TYPES[declared]}`;
      const url = `/images/${key}`;
      await c.env.IMAGES.put(key, bytes, {
        httpMetadata: { contentType: declared },
        customMetadata: { width: String(image.width), height: String(image.height) },
      });
      try {
        const [appended] = await db.batch([
          db
            .update(products)
            .set({ images: sql`json_insert(${products.images}, '$[#]', ${url})`, updatedAt: new Date().toISOString() })
            .where(and(eq(products.id, id), sql`json_array_length(${products.images}) < ${MAX_IMAGES}`))
            .returning({ id: products.id }),
          bumpCacheVersion(db),
          auditEntry(db, { actorId: actor.userId, action: "product.image_added", entityType: "product", entityId: id, details: { key }, requestId: c.var.requestId }),
        ]);
        if (appended.length === 0) throw new ApiError("conflict", `A product has at most ${MAX_IMAGES} images.`);
      } catch (error) {
        // Nothing points at the object: remove it rather than leave an orphan.
        await c.env.IMAGES.delete(key);
        throw error;
      }
      return c.json({ url }, 201);
    },
  );
