import { useTranslation } from "react-i18next";
import { Link } from "@remix-run/react";

/** Page numbers to show: the first, the last, and a window around the current page. */
export function pageWindow(current: number, last: number, radius = 1): (number | "gap")[] {
  const pages = new Set<number>([1, last]);
  for (let page = current - radius; page <= current + radius; page++) if (page >= 1 && page <= last) pages.add(page);
  const sorted = [...pages].sort((a, b) => a - b);
  const out: (number | "gap")[] = [];
  sorted.forEach((page, index) => {
    const previous = sorted[index - 1];
    if (previous !== undefined && page - previous > 1) out.push("gap");
    out.push(page);
  });
  return out;
}

const linkClass =
  "inline-flex min-w-10 items-center justify-center rounded-md border border-stone-300 px-3 py-2 text-sm font-medium text-stone-800 hover:bg-stone-50";

/** Previous / numbered / next links; `href(page)` builds each page's URL. */
export function Pagination({
  page,
  pageCount,
  href,
  label,
  preventScrollReset = false,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
  label?: string;
  preventScrollReset?: boolean;
}) {
  const { t } = useTranslation();
  if (pageCount <= 1) return null;
  return (
    <nav aria-label={label ?? t("pagination.label")} className="mt-8">
      <ul className="flex flex-wrap items-center justify-center gap-2">
        <li>
          {page > 1 ? (
            <Link to={href(page - 1)} rel="prev" className={linkClass} preventScrollReset={preventScrollReset}>
              <span aria-hidden="true">←</span> {t("pagination.previous")}
            </Link>
          ) : null}
        </li>
        {pageWindow(page, pageCount).map((entry, index) =>
          entry === "gap" ? (
            <li key={`gap-${index}`} aria-hidden="true" className="px-1 text-stone-500">
              …
            </li>
          ) : (
            <li key={entry}>
              {entry === page ? (
                <span aria-current="page" className={`${linkClass} border-brand-700 bg-brand-700 text-white hover:bg-brand-700`}>
                  <span className="sr-only">{t("pagination.page")}</span>
                  {entry}
                </span>
              ) : (
                <Link to={href(entry)} className={linkClass} preventScrollReset={preventScrollReset}>
                  <span className="sr-only">{t("pagination.page")}</span>
                  {entry}
                </Link>
              )}
            </li>
          ),
        )}
        <li>
          {page < pageCount ? (
            <Link to={href(page + 1)} rel="next" className={linkClass} preventScrollReset={preventScrollReset}>
              {t("pagination.next")} <span aria-hidden="true">→</span>
            </Link>
          ) : null}
        </li>
      </ul>
    </nav>
  );
}
