import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { and, eq } from "drizzle-orm";
import { reviews, users } from "../db/schema";
import { auditEntry } from "../db/queries/audit";
import {
  applyRatingDelta,
  findActiveProduct,
  findOwnReview,
  findReview,
  listProductReviews,
  listReviewsForModeration,
  purchaseOf,
  reviewUnchanged,
  toReviewView,
  type ReviewRow,
} from "../db/queries/reviews";
import { uniqueViolation } from "../db/raw";
import { ratingDelta, type RatedReview } from "../domain/ratings";
import {
  adminReviewListSchema,
  createReviewBody,
  ownReviewSchema,
  reviewListSchema,
  reviewModerationQuery,
  reviewSchema,
  updateReviewBody,
} from "../domain/schemas/catalog";
import { idParam, pagingQuery, problems } from "../domain/schemas/common";
import { bulkResultSchema, reviewBulkBody } from "../domain/schemas/bulk";
import type { ReviewBulkAction } from "../domain/bulk-actions";
import { runBulk } from "../lib/bulk";
import { createRouter, type AppEnv } from "../factory";
import { callerIsAdmin } from "../lib/caller";
import { bumpCacheVersion, edgeCache } from "../lib/edge-cache";
import { newId } from "../lib/ids";
import { ApiError } from "../lib/problem";
import { authOf, requireAdmin, requireUser } from "../middleware/auth";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const bearer = [{ bearerAuth: [] }];

const productParam = z.object({ id: z.string().min(1).max(120).openapi({ description: "Product id or slug" }) });

const alreadyReviewed = () =>
  new ApiError("conflict", "You have already reviewed this product; edit that review instead.");

/** A guarded review write lost a race this many times in a row: report it rather than loop. */
const WRITE_ATTEMPTS = 3;

/**
 * Runs a review change whose aggregate delta depends on the review's current state: read,
 * write guarded by that state, and re-read if another request changed it in between.
 * `attempt` returns null when its guard did not hold.
 */
async function withFreshReview<T>(
  c: Context<AppEnv>,
  id: string,
  attempt: (review: ReviewRow) => Promise<T | null>,
): Promise<T> {
  for (let i = 0; i < WRITE_ATTEMPTS; i++) {
    const review = await findReview(c.var.db, id);
    if (!review) throw new ApiError("not_found", "No such review.");
    const result = await attempt(review);
    if (result !== null) return result;
  }
  throw new ApiError("conflict", "The review kept changing while this request ran; try again.");
}

type ReviewPatch = z.infer<typeof updateReviewBody>;

/**
 * A review's change by its author (the words) or an admin (`isHidden`, audited): the one path
 * PATCH /reviews/{id} and the bulk moderation take.
 */
async function updateReview(c: Context<AppEnv>, input: { actorId: string; isAdmin: boolean; id: string; patch: ReviewPatch }) {
  const { id, patch, isAdmin } = input;
  const db = c.var.db;
  const editsContent = patch.rating !== undefined || patch.title !== undefined || patch.body !== undefined;

  const updated = await withFreshReview(c, id, async (review) => {
    const isOwner = review.userId === input.actorId;
    if (!isOwner && !isAdmin) throw new ApiError("not_found", "No such review.");
    if (editsContent && !isOwner) throw new ApiError("forbidden", "Only the author can change a review's words; admins may hide it.");
    if (patch.isHidden !== undefined && !isAdmin) throw new ApiError("forbidden", "Only admins can hide or unhide reviews.");

    const before: RatedReview = { rating: review.rating, hidden: review.isHidden };
    const after: RatedReview = { rating: patch.rating ?? review.rating, hidden: patch.isHidden ?? review.isHidden };
    const delta = ratingDelta(before, after);
    const unchanged = reviewUnchanged(id, before);
    const moderated = patch.isHidden !== undefined && patch.isHidden !== review.isHidden;
    // The aggregate first: its guard must see the review as it was (see reviewUnchanged).
    const results = await db.batch([
      applyRatingDelta(db, review.productId, delta, unchanged),
      db
        .update(reviews)
        .set({
          rating: patch.rating,
          title: patch.title,
          body: patch.body,
          isHidden: patch.isHidden,
          // Moderation is not an edit by the author.
          updatedAt: editsContent ? new Date().toISOString() : undefined,
        })
        .where(and(eq(reviews.id, id), unchanged))
        .returning({ id: reviews.id }),
      bumpCacheVersion(db),
      ...(moderated
        ? [
            auditEntry(db, {
              actorId: input.actorId,
              action: patch.isHidden ? "review.hidden" : "review.unhidden",
              entityType: "review",
              entityId: id,
              details: { productId: review.productId },
              requestId: c.var.requestId,
            }),
          ]
        : []),
    ]);
    return results[1].length ? results[1] : null;
  });
  if (!updated.length) throw new ApiError("not_found", "No such review.");
}

/** Deletes a review, by its author or an admin (audited): DELETE /reviews/{id} and the bulk moderation. */
async function deleteReview(c: Context<AppEnv>, input: { actorId: string; isAdmin: boolean; id: string }) {
  const { id, isAdmin } = input;
  const db = c.var.db;
  await withFreshReview(c, id, async (review) => {
    const isOwner = review.userId === input.actorId;
    if (!isOwner && !isAdmin) throw new ApiError("not_found", "No such review.");
    const before: RatedReview = { rating: review.rating, hidden: review.isHidden };
    const delta = ratingDelta(before, null);
    const unchanged = reviewUnchanged(id, before);
    const results = await db.batch([
      applyRatingDelta(db, review.productId, delta, unchanged),
      db.delete(reviews).where(and(eq(reviews.id, id), unchanged)).returning({ id: reviews.id }),
      bumpCacheVersion(db),
      ...(isOwner
        ? []
        : [
            auditEntry(db, {
              actorId: input.actorId,
              action: "review.deleted",
              entityType: "review",
              entityId: id,
              details: { productId: review.productId, authorId: review.userId, rating: review.rating },
              requestId: c.var.requestId,
            }),
          ]),
    ]);
    return results[1].length ? results[1] : null;
  });
}

async function moderateReview(c: Context<AppEnv>, actorId: string, id: string, action: ReviewBulkAction) {
  if (action === "delete") return deleteReview(c, { actorId, isAdmin: true, id });
  // A review already in the state asked for is left as it is, with no audit entry (updateReview).
  return updateReview(c, { actorId, isAdmin: true, id, patch: { isHidden: action === "hide" } });
}

/** GET and POST /products/:id/reviews, mounted beside the product routes. */
export const productReviewRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/reviews",
      tags: ["Reviews"],
      summary: "A product's reviews",
      description: "Visible reviews, newest first, with the product's rating and star distribution. 404 for a deactivated product. Cached at the edge for anonymous callers.",
      middleware: [edgeCache()] as const,
      request: { params: productParam, query: pagingQuery },
      responses: { 200: { description: "A page of reviews", ...json(reviewListSchema) }, ...problems(400, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const paging = c.req.valid("query");
      const product = await findActiveProduct(c.var.db, id);
      if (!product) throw new ApiError("not_found", "No such product.");
      const page = await listProductReviews(c.var.db, product, paging);
      return c.json({ ...page, page: paging.page, limit: paging.limit }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/reviews/mine",
      tags: ["Reviews"],
      summary: "Your review of a product",
      description:
        "The caller's own review of the product (hidden ones included, with `isHidden`), or `review: null` when they have not written one, so a client can offer to edit it instead of a form that would answer 409. 404 for a deactivated product. Never cached.",
      security: bearer,
      middleware: [requireUser] as const,
      request: { params: productParam },
      responses: { 200: { description: "The caller's review, or null", ...json(ownReviewSchema) }, ...problems(400, 401, 404) },
    }),
    async (c) => {
      const { userId } = authOf(c);
      const { id } = c.req.valid("param");
      const { product, review } = await findOwnReview(c.var.db, id, userId);
      if (!product) throw new ApiError("not_found", "No such product.");
      c.header("cache-control", "private, no-store");
      return c.json({ review: review ? toReviewView(review) : null }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/reviews",
      tags: ["Reviews"],
      summary: "Review a product",
      description:
        "One review per user and product (409 for a second). `verifiedPurchase` is set when the user has a paid, processing, shipped or delivered order containing the product. The body is plain text, returned as written.",
      security: bearer,
      middleware: [requireUser] as const,
      request: { params: productParam, body: { ...json(createReviewBody), required: true } },
      responses: { 201: { description: "Created", ...json(reviewSchema) }, ...problems(400, 401, 404, 409, 413, 415) },
    }),
    async (c) => {
      const { userId } = authOf(c);
      const { id: idOrSlug } = c.req.valid("param");
      const body = c.req.valid("json");
      const db = c.var.db;
      const product = await findActiveProduct(db, idOrSlug);
      if (!product) throw new ApiError("not_found", "No such product.");
      const [[existing], [purchase], [author]] = await db.batch([
        db.select({ id: reviews.id }).from(reviews).where(and(eq(reviews.productId, product.id), eq(reviews.userId, userId))),
        purchaseOf(db, userId, product.id),
        db.select({ name: users.name }).from(users).where(eq(users.id, userId)),
      ]);
      if (existing) throw alreadyReviewed();
      if (!author) throw new ApiError("unauthenticated", "The account no longer exists.");
      const id = newId("rev");
      const [[created]] = await db
        .batch([
          db
            .insert(reviews)
            .values({ id, productId: product.id, userId, rating: body.rating, title: body.title ?? null, body: body.body, verifiedPurchase: purchase !== undefined })
            .returning(),
          // If the insert fails (a second review racing in), the batch rolls this back too.
          applyRatingDelta(db, product.id, ratingDelta(null, { rating: body.rating, hidden: false })),
          bumpCacheVersion(db),
        ])
        .catch((error: unknown) => {
          if (uniqueViolation(error)?.startsWith("reviews.")) throw alreadyReviewed();
          throw error;
        });
      if (!created) throw new ApiError("internal", "The review was not stored.");
      return c.json(toReviewView({ ...created, authorName: author.name }), 201);
    },
  );

/** /reviews/:id for owners and moderators, and the moderation list. */
export const reviewRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["Reviews"],
      summary: "All reviews, hidden ones included (admin)",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { query: reviewModerationQuery },
      responses: { 200: { description: "A page of reviews", ...json(adminReviewListSchema) }, ...problems(400, 401, 403) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const { items, total } = await listReviewsForModeration(c.var.db, query);
      return c.json({ items, total, page: query.page, limit: query.limit }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/bulk",
      tags: ["Reviews"],
      summary: "Hide, unhide or delete many reviews (admin)",
      description:
        "Each id gets the same change as PATCH isHidden or DELETE, with its own audit entry and rating update. An unknown id is refused for that id alone (`problem`); the rest still change. A bad body is a 400 and changes nothing.",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { body: { ...json(reviewBulkBody), required: true } },
      responses: { 200: { description: "One result per id, in the order sent", ...json(bulkResultSchema) }, ...problems(400, 401, 403, 413, 415) },
    }),
    async (c) => {
      const actor = authOf(c);
      const { ids, action } = c.req.valid("json");
      return c.json(await runBulk(ids, (id) => moderateReview(c, actor.userId, id, action), c.var.requestId), 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags: ["Reviews"],
      summary: "Edit your review, or hide/unhide one (admin)",
      description:
        "The author may change rating, title and body. An admin may set `isHidden` on any review (audited); hidden reviews leave the product's rating and unhiding adds them back. Another user's review is 404.",
      security: bearer,
      middleware: [requireUser] as const,
      request: { params: idParam, body: { ...json(updateReviewBody), required: true } },
      responses: { 200: { description: "Updated", ...json(reviewSchema) }, ...problems(400, 401, 403, 404, 409, 413, 415) },
    }),
    async (c) => {
      const actor = authOf(c);
      const { id } = c.req.valid("param");
      const patch = c.req.valid("json");
      const db = c.var.db;
      const isAdmin = await callerIsAdmin(c);
      await updateReview(c, { actorId: actor.userId, isAdmin, id, patch });
      const view = await findReview(db, id);
      if (!view) throw new ApiError("not_found", "No such review.");
      return c.json(toReviewView(view), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags: ["Reviews"],
      summary: "Delete a review (its author, or an admin)",
      description: "Another user's review is 404 to customers. An admin's deletion is audited.",
      security: bearer,
      middleware: [requireUser] as const,
      request: { params: idParam },
      responses: { 204: { description: "Deleted" }, ...problems(401, 404, 409) },
    }),
    async (c) => {
      const actor = authOf(c);
      const { id } = c.req.valid("param");
      const isAdmin = await callerIsAdmin(c);
      await deleteReview(c, { actorId: actor.userId, isAdmin, id });
      return c.body(null, 204);
    },
  );
