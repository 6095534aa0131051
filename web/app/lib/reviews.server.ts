import type { AppLoadContext } from "@remix-run/cloudflare";
import { z } from "zod";
import { ownReviewSchema, type ReviewView } from "../../../workers/domain/schemas/catalog";
import { readJson, readProblem, type Problem } from "./api.server";
import { apiAsUser, getSessionTokens } from "./session.server";

/**
 * A shopper's own review, through the API: GET /products/:id/reviews/mine finds it, PATCH and
 * DELETE /reviews/:id change it (the API decides whose it is; another user's is its 404).
 */

export type ReviewOutcome = { ok: true; headers: Headers } | { ok: false; problem: Problem; headers: Headers };

/** The review id a form names: only its shape is checked here, ownership by the API. */
export const reviewIdField = z.string().trim().min(1).max(120);

/**
 * The signed-in visitor's review of the product, or null (signed out, not written yet, or the
 * API could not say: the page then offers the form, whose 409 still explains).
 */
export async function findOwnReview(request: Request, context: AppLoadContext, productId: string): Promise<{ review: ReviewView | null; headers: Headers }> {
  if (!(await getSessionTokens(request, context))) return { review: null, headers: new Headers() };
  const { response, headers } = await apiAsUser(request, context, `/products/${encodeURIComponent(productId)}/reviews/mine`);
  if (!response.ok) {
    if (response.status !== 401 && response.status !== 404) {
      console.warn(JSON.stringify({ level: "warn", msg: "own_review_unavailable", status: response.status, requestId: context.requestId }));
    }
    return { review: null, headers };
  }
  return { review: (await readJson(response, ownReviewSchema, "GET /products/:id/reviews/mine")).review, headers };
}

export async function updateOwnReview(
  request: Request,
  context: AppLoadContext,
  id: string,
  patch: { rating: number; title: string | null; body: string },
): Promise<ReviewOutcome> {
  const { response, headers } = await apiAsUser(request, context, `/reviews/${encodeURIComponent(id)}`, { method: "PATCH", json: patch });
  return response.ok ? { ok: true, headers } : { ok: false, problem: await readProblem(response), headers };
}

export async function deleteOwnReview(request: Request, context: AppLoadContext, id: string): Promise<ReviewOutcome> {
  const { response, headers } = await apiAsUser(request, context, `/reviews/${encodeURIComponent(id)}`, { method: "DELETE" });
  return response.ok ? { ok: true, headers } : { ok: false, problem: await readProblem(response), headers };
}
