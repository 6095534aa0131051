/**
 * Review aggregates. Products carry ratingSum, ratingCount and ratingAverageX100 so that
 * listings never aggregate reviews; every review write applies the delta computed here in
 * the same batch, with SQL arithmetic (see workers/db/queries/reviews.ts).
 */

export const RATINGS = [1, 2, 3, 4, 5] as const;
export type Rating = (typeof RATINGS)[number];

/** A review as far as the aggregate is concerned; hidden reviews do not count. */
export interface RatedReview {
  rating: number;
  hidden: boolean;
}

export interface RatingDelta {
  sum: number;
  count: number;
}

const contribution = (review: RatedReview | null): RatingDelta =>
  review && !review.hidden ? { sum: review.rating, count: 1 } : { sum: 0, count: 0 };

/** What a change from `before` to `after` (null: absent) does to the aggregate. */
export function ratingDelta(before: RatedReview | null, after: RatedReview | null): RatingDelta {
  const from = contribution(before);
  const to = contribution(after);
  return { sum: to.sum - from.sum, count: to.count - from.count };
}

/**
 * The average times 100, rounded half up; 0 without reviews. Must agree with the SQL in
 * `applyRatingDelta`, which computes (sum * 200 + count) / (2 * count) in integers.
 */
export function averageX100(sum: number, count: number): number {
  if (count <= 0) return 0;
  return Math.floor((sum * 200 + count) / (2 * count));
}

/** 433 → 4.33: the number the API shows. */
export function ratingAverage(x100: number): number {
  return x100 / 100;
}

export type RatingDistribution = Record<"1" | "2" | "3" | "4" | "5", number>;

/** Counts per star, every star present (0 when nobody gave it). */
export function distributionOf(rows: readonly { rating: number; count: number }[]): RatingDistribution {
  const distribution: RatingDistribution = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 };
  for (const row of rows) {
    const key = String(row.rating);
    if (key === "1" || key === "2" || key === "3" || key === "4" || key === "5") distribution[key] += row.count;
  }
  return distribution;
}
