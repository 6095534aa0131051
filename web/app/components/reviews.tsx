import { useLocalePath } from "~/lib/i18n";
import { Form, Link } from "@remix-run/react";
import { useId } from "react";
import { Field, TextAreaField } from "~/components/field";
import { FormAlert } from "~/components/form-alert";
import { Pagination } from "~/components/pagination";
import { formatRating, StarRating } from "~/components/rating-stars";
import { SubmitButton } from "~/components/submit-button";

export interface ReviewItem {
  id: string;
  rating: number;
  title: string | null;
  body: string;
  author: { name: string };
  verifiedPurchase: boolean;
  createdAt: string;
}

export interface ReviewsData {
  items: ReviewItem[];
  page: number;
  limit: number;
  total: number;
  ratingAverage: number;
  ratingCount: number;
  distribution: Record<"1" | "2" | "3" | "4" | "5", number>;
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat("en", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(date);
}

export function RatingBreakdown({ reviews }: { reviews: ReviewsData }) {
  const { ratingAverage, ratingCount, distribution } = reviews;
  return (
    <div>
      <div className="flex items-center gap-3">
        <p className="text-4xl font-bold text-stone-900">{ratingCount > 0 ? formatRating(ratingAverage) : "–"}</p>
        <div>
          <StarRating average={ratingAverage} className="text-xl" />
          <p className="text-sm text-stone-600">
            {ratingCount > 0 ? (
              <>
                <span className="sr-only">Rated {formatRating(ratingAverage)} out of 5, </span>
                {ratingCount.toLocaleString("en-US")} {ratingCount === 1 ? "review" : "reviews"}
              </>
            ) : (
              "No reviews yet"
            )}
          </p>
        </div>
      </div>
      <ul className="mt-4 space-y-1.5" aria-label="Rating distribution">
        {(["5", "4", "3", "2", "1"] as const).map((stars) => {
          const count = distribution[stars] ?? 0;
          const share = ratingCount > 0 ? Math.round((count / ratingCount) * 100) : 0;
          return (
            <li key={stars} className="flex items-center gap-2 text-sm">
              <span className="w-14 shrink-0 text-stone-700">
                {stars} {stars === "1" ? "star" : "stars"}
              </span>
              {/* The bar's length is an SVG attribute: the site's CSP allows no inline styles. */}
              <svg aria-hidden="true" className="h-2.5 flex-1">
                <rect width="100%" height="100%" rx="5" className="fill-stone-200" />
                {share > 0 ? <rect width={`${share}%`} height="100%" rx="5" className="fill-amber-500" /> : null}
              </svg>
              <span className="w-16 shrink-0 text-right text-stone-600">
                {count.toLocaleString("en-US")}
                <span className="sr-only"> {count === 1 ? "review" : "reviews"}, {share}%</span>
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** Titles and bodies are shopper-written plain text: rendered as text (React escapes), never markup. */
export function ReviewList({ reviews, pageHref }: { reviews: ReviewsData; pageHref: (page: number) => string }) {
  if (reviews.items.length === 0) return null;
  const pageCount = Math.max(1, Math.ceil(reviews.total / reviews.limit));
  return (
    <div>
      <ol className="divide-y divide-stone-200">
        {reviews.items.map((review) => (
          <li key={review.id} className="py-5">
            <article aria-label={`Review by ${review.author.name}`}>
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <StarRating average={review.rating} />
                <span className="sr-only">{review.rating} out of 5 stars</span>
                {review.title ? <h3 className="font-semibold text-stone-900">{review.title}</h3> : null}
              </div>
              <p className="mt-1 text-sm text-stone-600">
                <span className="font-medium text-stone-800">{review.author.name}</span>
                {review.createdAt ? <> · <time dateTime={review.createdAt}>{formatDate(review.createdAt)}</time></> : null}
                {review.verifiedPurchase ? (
                  <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800">
                    Verified purchase
                  </span>
                ) : null}
              </p>
              <p className="mt-2 whitespace-pre-line text-stone-800">{review.body}</p>
            </article>
          </li>
        ))}
      </ol>
      <Pagination page={reviews.page} pageCount={pageCount} href={pageHref} label="Review pages" preventScrollReset />
    </div>
  );
}

export interface ReviewFailure {
  fieldErrors: Partial<Record<"rating" | "title" | "body", string>>;
  formError?: string;
  values: Partial<Record<"rating" | "title" | "body", string>>;
}

export function ReviewForm({ failure, formKey }: { failure: ReviewFailure | undefined; formKey: string }) {
  const ratingErrorId = useId();
  const ratingError = failure?.fieldErrors.rating;
  return (
    <Form method="post" preventScrollReset key={formKey} className="space-y-5" id="write-review">
      <input type="hidden" name="intent" value="review" />
      <FormAlert tone="error">{failure?.formError}</FormAlert>
      <fieldset aria-describedby={ratingError ? ratingErrorId : undefined}>
        <legend className="text-sm font-medium text-stone-800">Your rating</legend>
        <div className="mt-2 flex flex-wrap gap-2">
          {[1, 2, 3, 4, 5].map((value) => (
            <label
              key={value}
              className="flex cursor-pointer items-center gap-1.5 rounded-md border border-stone-300 px-3 py-2 text-sm has-checked:border-brand-700 has-checked:bg-brand-50 has-focus-visible:outline-3 has-focus-visible:outline-brand-600"
            >
              <input
                type="radio"
                name="rating"
                value={value}
                required
                defaultChecked={failure?.values.rating === String(value)}
                aria-invalid={ratingError ? true : undefined}
                className="sr-only"
              />
              <span aria-hidden="true" className="text-amber-500">
                {"★".repeat(value)}
              </span>
              <span>
                {value} {value === 1 ? "star" : "stars"}
              </span>
            </label>
          ))}
        </div>
        {ratingError ? (
          <p id={ratingErrorId} className="mt-1 text-sm font-medium text-red-700">
            {ratingError}
          </p>
        ) : null}
      </fieldset>
      <Field
        label="Title (optional)"
        name="title"
        maxLength={120}
        defaultValue={failure?.values.title}
        error={failure?.fieldErrors.title}
      />
      <TextAreaField
        label="Your review"
        name="body"
        rows={5}
        required
        maxLength={5000}
        defaultValue={failure?.values.body}
        error={failure?.fieldErrors.body}
        hint="What did you like or dislike? Plain text, up to 5,000 characters."
      />
      <SubmitButton pendingLabel="Posting your review…" intent="review">
        Post review
      </SubmitButton>
    </Form>
  );
}

export function SignInToReview({ returnTo }: { returnTo: string }) {
  const lp = useLocalePath();
  return (
    <p className="text-stone-700">
      <Link
        to={lp(`/login?${new URLSearchParams({ redirectTo: returnTo })}`)}
        className="font-medium text-brand-700 underline hover:text-brand-800"
      >
        Sign in
      </Link>{" "}
      to write a review.
    </p>
  );
}
