import { useTranslation } from "react-i18next";
import { INTL_LOCALES, useLanguage } from "~/lib/i18n";
const STAR_PATH =
  "M10 1.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8L10 14.9l-5.2 2.7 1-5.8L1.5 7.7l5.9-.9L10 1.5z";

/** Five stars side by side, 20 units each. */
const STARS = [0, 1, 2, 3, 4].map((i) => <path key={i} d={STAR_PATH} transform={`translate(${i * 20} 0)`} />);

/**
 * Five stars filled to `average` (0..5), with the rating spelled out for screen readers. The
 * filled share is the width of a nested SVG, an attribute rather than a `style`: the site's
 * CSP allows no inline styles (decision 009).
 */
export function StarRating({ average, className = "text-base" }: { average: number; className?: string }) {
  const clamped = Math.min(5, Math.max(0, average));
  return (
    <span className={`inline-flex align-middle ${className}`}>
      <svg viewBox="0 0 100 20" className="h-[1em] w-[5em] shrink-0" fill="currentColor" aria-hidden="true">
        <g className="text-stone-300">{STARS}</g>
        <svg width={Math.round(clamped * 2000) / 100} height="20" overflow="hidden" className="text-amber-500">
          {STARS}
        </svg>
      </svg>
    </span>
  );
}

export function formatRating(average: number): string {
  return (Math.round(average * 10) / 10).toFixed(1);
}

/** Stars plus "(12)", or "No reviews yet". */
export function RatingSummary({ average, count, className = "" }: { average: number; count: number; className?: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (count === 0) return <p className={`text-sm text-stone-500 ${className}`}>{t("rating.none")}</p>;
  return (
    <p className={`flex items-center gap-1.5 text-sm text-stone-600 ${className}`}>
      <StarRating average={average} />
      <span className="sr-only">
        {t("rating.rated", { rating: formatRating(average), count })}
      </span>
      <span aria-hidden="true">
        {formatRating(average)} ({count.toLocaleString(INTL_LOCALES[lang])})
      </span>
    </p>
  );
}
