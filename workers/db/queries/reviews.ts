import { and, count, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../factory";
import { orderLines, orders, products, reviews, users } from "../schema";
import { distributionOf, ratingAverage, type RatedReview, type RatingDelta, type RatingDistribution } from "../../domain/ratings";
import type { ReviewView } from "../../domain/schemas/catalog";

/** Orders in these states count as a purchase for the "verified purchase" badge. */
const PURCHASED = ["paid", "processing", "shipped", "delivered"] as const;

const reviewColumns = {
  id: reviews.id,
  productId: reviews.productId,
  userId: reviews.userId,
  rating: reviews.rating,
  title: reviews.title,
  body: reviews.body,
  verifiedPurchase: reviews.verifiedPurchase,
  isHidden: reviews.isHidden,
  createdAt: reviews.createdAt,
  updatedAt: reviews.updatedAt,
  authorName: users.name,
};

export type ReviewRow = {
  id: string;
  productId: string;
  userId: string;
  rating: number;
  title: string | null;
  body: string;
  verifiedPurchase: boolean;
  isHidden: boolean;
  createdAt: string;
  updatedAt: string;
  authorName: string;
};

/** The API's review shape: the author appears by name only. */
export function toReviewView(row: ReviewRow): ReviewView {
  return {
    id: row.id,
    productId: row.productId,
    rating: row.rating,
    title: row.title,
    body: row.body,
    author: { name: row.authorName },
    verifiedPurchase: row.verifiedPurchase,
    isHidden: row.isHidden,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A review with its author's name, hidden or not. */
export async function findReview(db: Db, id: string): Promise<ReviewRow | undefined> {
  return db.select(reviewColumns).from(reviews).innerJoin(users, eq(users.id, reviews.userId)).where(eq(reviews.id, id)).get();
}

/** An active product's id and rating figures by id or slug. */
export async function findActiveProduct(db: Db, idOrSlug: string) {
  return db
    .select({ id: products.id, ratingAverageX100: products.ratingAverageX100, ratingCount: products.ratingCount })
    .from(products)
    .where(and(or(eq(products.id, idOrSlug), eq(products.slug, idOrSlug)), eq(products.isActive, true)))
    .get();
}

export interface ReviewPage {
  items: ReviewView[];
  total: number;
  ratingAverage: number;
  ratingCount: number;
  distribution: RatingDistribution;
}

/** Visible reviews of a product, newest first, with its aggregate and star distribution, in one batch. */
export async function listProductReviews(
  db: Db,
  product: { id: string; ratingAverageX100: number; ratingCount: number },
  paging: { page: number; limit: number },
): Promise<ReviewPage> {
  const visible = and(eq(reviews.productId, product.id), eq(reviews.isHidden, false));
  const [items, [totals], stars] = await db.batch([
    db
      .select(reviewColumns)
      .from(reviews)
      .innerJoin(users, eq(users.id, reviews.userId))
      .where(visible)
      .orderBy(desc(reviews.createdAt), desc(reviews.id))
      .limit(paging.limit)
      .offset((paging.page - 1) * paging.limit),
    db.select({ total: count() }).from(reviews).where(visible),
    db.select({ rating: reviews.rating, count: count() }).from(reviews).where(visible).groupBy(reviews.rating),
  ]);
  return {
    items: items.map(toReviewView),
    total: totals?.total ?? 0,
    ratingAverage: ratingAverage(product.ratingAverageX100),
    ratingCount: product.ratingCount,
    distribution: distributionOf(stars),
  };
}

/**
 * An active product (by id or slug) and `userId`'s review of it, hidden or not, in one batch.
 * `product` is undefined for no such active product.
 */
export async function findOwnReview(db: Db, idOrSlug: string, userId: string) {
  const product = and(or(eq(products.id, idOrSlug), eq(products.slug, idOrSlug)), eq(products.isActive, true));
  const [[found], [review]] = await db.batch([
    db.select({ id: products.id }).from(products).where(product),
    db
      .select(reviewColumns)
      .from(reviews)
      .innerJoin(users, eq(users.id, reviews.userId))
      .innerJoin(products, eq(products.id, reviews.productId))
      .where(and(product, eq(reviews.userId, userId))),
  ]);
  return { product: found, review };
}

/** Every review, hidden ones included, for moderation. */
export async function listReviewsForModeration(
  db: Db,
  options: { productId?: string; product?: string; hidden?: boolean; page: number; limit: number },
): Promise<{ items: ReviewView[]; total: number }> {
  const where = and(
    options.productId !== undefined ? eq(reviews.productId, options.productId) : undefined,
    // Part of the product's (catalog) name, in any case. instr, not LIKE: no wildcards to
    // escape, and D1 refuses LIKE patterns longer than 50 bytes.
    options.product ? sql`${reviews.productId} IN (SELECT ${products.id} FROM ${products} WHERE instr(lower(${products.name}), lower(${options.product})) > 0)` : undefined,
    options.hidden !== undefined ? eq(reviews.isHidden, options.hidden) : undefined,
  );
  const [items, [totals]] = await db.batch([
    db
      .select(reviewColumns)
      .from(reviews)
      .innerJoin(users, eq(users.id, reviews.userId))
      .where(where)
      .orderBy(desc(reviews.createdAt), desc(reviews.id))
      .limit(options.limit)
      .offset((options.page - 1) * options.limit),
    db.select({ total: count() }).from(reviews).where(where),
  ]);
  return { items: items.map(toReviewView), total: totals?.total ?? 0 };
}

/** The query telling whether `userId` has bought `productId` (an order past payment with it). */
export function purchaseOf(db: Db, userId: string, productId: string) {
  return db
    .select({ orderId: orders.id })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(and(eq(orders.userId, userId), eq(orderLines.productId, productId), inArray(orders.status, PURCHASED)))
    .limit(1);
}

/**
 * True while the review still has the rating and visibility a write was computed from. The
 * aggregate update and the review write both carry it and run in one batch, aggregate
 * first: both see the same state, so either both apply or neither does, and a concurrent
 * change can never be counted twice.
 */
export function reviewUnchanged(id: string, before: RatedReview): SQL {
  return sql`EXISTS (SELECT 1 FROM reviews r WHERE r.id = ${id} AND r.rating = ${before.rating} AND r.is_hidden = ${before.hidden ? 1 : 0})`;
}

/**
 * Adds a delta to the product's rating sum and count with SQL arithmetic and recomputes the
 * average from the new figures (rounded half up, as domain/ratings.ts averageX100).
 */
export function applyRatingDelta(db: Db, productId: string, delta: RatingDelta, guard?: SQL) {
  // D1 binds JS numbers as REAL; cast so that the division below is integer division.
  const newCount = sql`(rating_count + CAST(${delta.count} AS INTEGER))`;
  const newSum = sql`(rating_sum + CAST(${delta.sum} AS INTEGER))`;
  return db
    .update(products)
    .set({
      ratingSum: sql`${newSum}`,
      ratingCount: sql`${newCount}`,
      ratingAverageX100: sql`CASE WHEN ${newCount} > 0 THEN (${newSum} * 200 + ${newCount}) / (2 * ${newCount}) ELSE 0 END`,
    })
    .where(and(eq(products.id, productId), guard));
}
