import { Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LANGUAGES, localizePath, stripLanguage, useLanguage, useLocalePath } from "~/lib/i18n";
import { STORE_NAME } from "~/lib/navigation";

/** Each language's name in itself, as a shopper looking for theirs would read it. */
const LANGUAGE_NAMES = { en: "English", de: "Deutsch", fr: "Français", ja: "日本語" } as const;

export function SiteFooter() {
  const { t } = useTranslation();
  const lp = useLocalePath();
  const lang = useLanguage();
  const location = useLocation();
  const page = stripLanguage(location.pathname);
  return (
    <footer className="mt-16 border-t border-stone-200 bg-stone-50">
      <div className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-8 text-sm text-stone-600 sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <p>
          © {new Date().getFullYear()} {STORE_NAME}
        </p>
        <nav aria-label={t("footer.language")}>
          <ul className="flex flex-wrap gap-x-4 gap-y-2">
            {LANGUAGES.map((code) => (
              <li key={code}>
                <Link
                  to={`${localizePath(page, code)}${location.search}`}
                  hrefLang={code}
                  lang={code}
                  aria-current={code === lang ? "true" : undefined}
                  className={`hover:text-stone-900 hover:underline ${code === lang ? "font-semibold text-stone-900" : ""}`}
                >
                  {LANGUAGE_NAMES[code]}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <nav aria-label={t("footer.label")}>
          <ul className="flex flex-wrap gap-x-6 gap-y-2">
            <li>
              <Link to={lp("/account")} className="hover:text-stone-900 hover:underline">
                {t("footer.account")}
              </Link>
            </li>
            <li>
              <Link to={lp("/orders/lookup")} className="hover:text-stone-900 hover:underline">
                {t("footer.findOrder")}
              </Link>
            </li>
            <li>
              <a href="/api/docs" className="hover:text-stone-900 hover:underline">
                {t("footer.api")}
              </a>
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}
