import { useLocation, useRouteError } from "@remix-run/react";
import { DEFAULT_LANGUAGE, LANGUAGES, localizePath, stripLanguage } from "~/lib/i18n";

/** Query parameters that make a different page (everything else is a view of the same one). */
function canonicalSearch(search: string): string {
  const from = new URLSearchParams(search);
  const kept = new URLSearchParams();
  const q = from.get("q");
  if (q) kept.set("q", q);
  const page = Number(from.get("page"));
  if (Number.isInteger(page) && page > 1) kept.set("page", String(page));
  const text = kept.toString();
  return text ? `?${text}` : "";
}

/**
 * The page's canonical URL in its own language and its alternates in every language (plus
 * x-default, the English page), for every storefront page. The admin is English only and
 * error pages are not pages to index, so neither gets them.
 */
export function Alternates({ origin }: { origin: string }) {
  const location = useLocation();
  const error = useRouteError();
  const page = stripLanguage(location.pathname);
  if (error || page === "/admin" || page.startsWith("/admin/")) return null;
  const search = canonicalSearch(location.search);
  const href = (lang: (typeof LANGUAGES)[number]) => `${origin}${localizePath(page, lang)}${search}`;
  return (
    <>
      <link rel="canonical" href={`${origin}${location.pathname}${search}`} />
      {LANGUAGES.map((lang) => (
        <link key={lang} rel="alternate" hrefLang={lang} href={href(lang)} />
      ))}
      <link rel="alternate" hrefLang="x-default" href={href(DEFAULT_LANGUAGE)} />
    </>
  );
}
