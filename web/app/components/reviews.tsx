import { INTL_LOCALES, useLanguage, useLocalePath } from "~/lib/i18n";
import { Trans, useTranslation } from "react-i18next";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useId } from "react";
import { Field, TextAreaField } from "~/components/field";
import { LocalTime } from "~/components/local-time";
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

export function RatingBreakdown({ reviews }: { reviews: ReviewsData }) {
  const { t } = useTranslation();
  const locale = INTL_LOCALES[useLanguage()];
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
                <span className="sr-only">{t("reviews.ratedOutOf5", { rating: formatRating(ratingAverage) })} </span>
                {t("reviews.count", { count: ratingCount, formatted: ratingCount.toLocaleString(locale) })}
              </>
            ) : (
              t("rating.none")
            )}
          </p>
        </div>
      </div>
      <ul className="mt-4 space-y-1.5" aria-label={t("reviews.distribution")}>
        {(["5", "4", "3", "2", "1"] as const).map((stars) => {
          const count = distribution[stars] ?? 0;
          const share = ratingCount > 0 ? Math.round((count / ratingCount) * 100) : 0;
          return (
            <li key={stars} className="flex items-center gap-2 text-sm">
              <span className="w-14 shrink-0 text-stone-700">
                {t("reviews.stars", { count: Number(stars) })}
              </span>
              {/* The bar's length is an SVG attribute: the site's CSP allows no inline styles. */}
              <svg aria-hidden="true" className="h-2.5 min-w-0 flex-1">
                <rect width="100%" height="100%" rx="5" className="fill-stone-200" />
                {share > 0 ? <rect width={`${share}%`} height="100%" rx="5" className="fill-amber-500" /> : null}
              </svg>
              <span className="w-16 shrink-0 text-right text-stone-600">
                {count.toLocaleString(locale)}
                <span className="sr-only"> {t("reviews.share", { count, share })}</span>
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** Titles and bodies are shopper-written plain text: rendered as text (React escapes), never markup. */
export function ReviewList({
  reviews,
  pageHref,
  ownId = null,
}: {
  reviews: ReviewsData;
  pageHref: (page: number) => string;
  /** The signed-in shopper's own review, marked as theirs. */
  ownId?: string | null;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (reviews.items.length === 0) return null;
  const pageCount = Math.max(1, Math.ceil(reviews.total / reviews.limit));
  return (
    <div>
      <ol className="divide-y divide-stone-200">
        {reviews.items.map((review) => (
          <li key={review.id} className="min-w-0 py-5">
            <article aria-label={review.id === ownId ? t("reviews.yours") : t("reviews.by", { name: review.author.name })}>
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <StarRating average={review.rating} />
                <span className="sr-only">{t("reviews.outOf5", { rating: review.rating })}</span>
                {review.title ? <h3 className="min-w-0 font-semibold break-words text-stone-900">{review.title}</h3> : null}
                {review.id === ownId ? (
                  <a href="#your-review" className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-800 hover:underline">
                    {t("reviews.yours")}
                  </a>
                ) : null}
              </div>
              <p className="mt-1 text-sm break-words text-stone-600">
                <span className="font-medium text-stone-800">{review.author.name}</span>
                {review.createdAt ? <> · <LocalTime iso={review.createdAt} locale={INTL_LOCALES[lang]} dateOnly /></> : null}
                {review.verifiedPurchase ? (
                  <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800">
                    {t("reviews.verified")}
                  </span>
                ) : null}
              </p>
              <p className="mt-2 whitespace-pre-line break-words text-stone-800">{review.body}</p>
            </article>
          </li>
        ))}
      </ol>
      <Pagination page={reviews.page} pageCount={pageCount} href={pageHref} label={t("reviews.pages")} preventScrollReset />
    </div>
  );
}

export interface ReviewFailure {
  fieldErrors: Partial<Record<"rating" | "title" | "body", string>>;
  formError?: string;
  values: Partial<Record<"rating" | "title" | "body", string>>;
}

type ReviewValues = Partial<Record<"rating" | "title" | "body", string>>;

/**
 * The review form: a new review (intent "review"), or the shopper's own one being edited
 * (intent "edit-review", with its id and current words as the starting values).
 */
export function ReviewForm({
  failure,
  formKey,
  edit,
}: {
  failure: ReviewFailure | undefined;
  formKey: string;
  edit?: { id: string; values: ReviewValues };
}) {
  const { t } = useTranslation();
  const ratingErrorId = useId();
  const ratingError = failure?.fieldErrors.rating;
  const intent = edit ? "edit-review" : "review";
  const values: ReviewValues = failure ? failure.values : (edit?.values ?? {});
  return (
    <Form method="post" preventScrollReset key={formKey} className="space-y-5" id={edit ? "edit-review" : "write-review"}>
      <input type="hidden" name="intent" value={intent} />
      {edit ? <input type="hidden" name="reviewId" value={edit.id} /> : null}
      <FormAlert tone="error">{failure?.formError}</FormAlert>
      <fieldset aria-describedby={ratingError ? ratingErrorId : undefined}>
        <legend className="text-sm font-medium text-stone-800">{t("reviews.yourRating")}</legend>
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
                defaultChecked={values.rating === String(value)}
                aria-invalid={ratingError ? true : undefined}
                className="sr-only"
              />
              <span aria-hidden="true" className="text-amber-500">
                {"★".repeat(value)}
              </span>
              <span>{t("reviews.stars", { count: value })}</span>
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
        label={t("reviews.title")}
        name="title"
        maxLength={120}
        defaultValue={values.title}
        error={failure?.fieldErrors.title}
      />
      <TextAreaField
        label={t("reviews.body")}
        name="body"
        rows={5}
        required
        maxLength={5000}
        defaultValue={values.body}
        error={failure?.fieldErrors.body}
        hint={t("reviews.bodyHint")}
      />
      <SubmitButton pendingLabel={edit ? t("reviews.saving") : t("reviews.posting")} intent={intent}>
        {edit ? t("reviews.save") : t("reviews.post")}
      </SubmitButton>
    </Form>
  );
}

export interface OwnReviewData {
  id: string;
  rating: number;
  title: string | null;
  body: string;
  isHidden: boolean;
  createdAt: string;
}

/**
 * The signed-in shopper's own review, in place of the form for a new one (which the API would
 * refuse with 409): their words, with Edit and Delete. Both are disclosures, so they work
 * without JavaScript; Delete asks first, and its one button posts `confirm=delete-review`
 * (the action refuses a delete without it).
 */
export function OwnReview({
  review,
  editFailure,
  deleteError,
  formKey,
}: {
  review: OwnReviewData;
  editFailure: ReviewFailure | undefined;
  deleteError: string | undefined;
  formKey: string;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const navigation = useNavigation();
  const deleting = navigation.state === "submitting" && navigation.formData?.get("intent") === "delete-review";
  const dangerButton =
    "inline-flex items-center rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-semibold text-red-800 hover:bg-red-50 aria-disabled:opacity-70";
  const plainButton =
    "inline-flex items-center rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-semibold text-stone-800 hover:bg-stone-50";
  return (
    <div id="your-review" className="min-w-0 scroll-mt-6 space-y-4">
      <article aria-label={t("reviews.yours")} className="rounded-lg border border-stone-200 p-4">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <StarRating average={review.rating} />
          <span className="sr-only">{t("reviews.outOf5", { rating: review.rating })}</span>
          {review.title ? <p className="min-w-0 font-semibold break-words text-stone-900">{review.title}</p> : null}
        </div>
        {review.createdAt ? (
          <p className="mt-1 text-sm text-stone-600">
            <LocalTime iso={review.createdAt} locale={INTL_LOCALES[lang]} dateOnly />
          </p>
        ) : null}
        <p className="mt-2 whitespace-pre-line break-words text-stone-800">{review.body}</p>
        {review.isHidden ? <p className="mt-3 text-sm text-amber-800">{t("reviews.hiddenNotice")}</p> : null}
      </article>

      <details open={editFailure ? true : undefined}>
        <summary className={`${plainButton} cursor-pointer list-none [&::-webkit-details-marker]:hidden`}>{t("reviews.edit")}</summary>
        <div className="mt-4">
          <ReviewForm
            failure={editFailure}
            formKey={`edit-${formKey}`}
            edit={{ id: review.id, values: { rating: String(review.rating), title: review.title ?? "", body: review.body } }}
          />
        </div>
      </details>

      <Form method="post" preventScrollReset>
        <input type="hidden" name="intent" value="delete-review" />
        <input type="hidden" name="reviewId" value={review.id} />
        <details open={deleteError ? true : undefined}>
          <summary className={`${dangerButton} cursor-pointer list-none [&::-webkit-details-marker]:hidden`}>{t("reviews.delete")}</summary>
          <div role="group" aria-label={t("reviews.confirmGroup")} className="mt-2 rounded-md border border-red-200 bg-red-50 p-3">
            <FormAlert tone="error">{deleteError}</FormAlert>
            <p className="text-sm text-red-900">{t("reviews.deleteQuestion")}</p>
            <button
              type="submit"
              name="confirm"
              value="delete-review"
              aria-disabled={deleting || undefined}
              className={`${dangerButton} mt-3`}
              onClick={(event) => {
                if (deleting) event.preventDefault();
              }}
            >
              {deleting ? t("reviews.deleting") : t("reviews.deleteConfirm")}
            </button>
          </div>
        </details>
      </Form>
    </div>
  );
}

export function SignInToReview({ returnTo }: { returnTo: string }) {
  const lp = useLocalePath();
  const { t } = useTranslation();
  return (
    <p className="text-stone-700">
      <Trans
        t={t}
        i18nKey="reviews.signInToWrite"
        components={{
          link: <Link to={lp(`/login?${new URLSearchParams({ redirectTo: returnTo })}`)} className="font-medium text-brand-700 underline hover:text-brand-800" />,
        }}
      />
    </p>
  );
}
