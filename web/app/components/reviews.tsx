import { INTL_LOCALES, useLanguage, useLocalePath, type Language } from "~/lib/i18n";
import { Trans, useTranslation } from "react-i18next";
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

function formatDate(iso: string, lang: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat(INTL_LOCALES[lang], { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(date);
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
              <svg aria-hidden="true" className="h-2.5 flex-1">
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
export function ReviewList({ reviews, pageHref }: { reviews: ReviewsData; pageHref: (page: number) => string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (reviews.items.length === 0) return null;
  const pageCount = Math.max(1, Math.ceil(reviews.total / reviews.limit));
  return (
    <div>
      <ol className="divide-y divide-stone-200">
        {reviews.items.map((review) => (
          <li key={review.id} className="py-5">
            <article aria-label={t("reviews.by", { name: review.author.name })}>
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <StarRating average={review.rating} />
                <span className="sr-only">{t("reviews.outOf5", { rating: review.rating })}</span>
                {review.title ? <h3 className="font-semibold text-stone-900">{review.title}</h3> : null}
              </div>
              <p className="mt-1 text-sm text-stone-600">
                <span className="font-medium text-stone-800">{review.author.name}</span>
                {review.createdAt ? <> · <time dateTime={review.createdAt}>{formatDate(review.createdAt, lang)}</time></> : null}
                {review.verifiedPurchase ? (
                  <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800">
                    {t("reviews.verified")}
                  </span>
                ) : null}
              </p>
              <p className="mt-2 whitespace-pre-line text-stone-800">{review.body}</p>
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

export function ReviewForm({ failure, formKey }: { failure: ReviewFailure | undefined; formKey: string }) {
  const { t } = useTranslation();
  const ratingErrorId = useId();
  const ratingError = failure?.fieldErrors.rating;
  return (
    <Form method="post" preventScrollReset key={formKey} className="space-y-5" id="write-review">
      <input type="hidden" name="intent" value="review" />
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
                defaultChecked={failure?.values.rating === String(value)}
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
        defaultValue={failure?.values.title}
        error={failure?.fieldErrors.title}
      />
      <TextAreaField
        label={t("reviews.body")}
        name="body"
        rows={5}
        required
        maxLength={5000}
        defaultValue={failure?.values.body}
        error={failure?.fieldErrors.body}
        hint={t("reviews.bodyHint")}
      />
      <SubmitButton pendingLabel={t("reviews.posting")} intent="review">
        {t("reviews.post")}
      </SubmitButton>
    </Form>
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
