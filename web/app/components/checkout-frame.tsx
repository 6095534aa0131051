import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocalePath } from "~/lib/i18n";
import { STORE_NAME } from "~/lib/navigation";

/**
 * Checkout's reduced header: the store name (home), a reassurance that the page is secure and
 * the way back to the cart; no categories and no search to lead a shopper away mid-purchase.
 */
export function CheckoutHeader() {
  const { t } = useTranslation();
  const lp = useLocalePath();
  return (
    <header className="sticky top-0 z-40 border-b border-stone-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-2 px-3 py-3 sm:gap-3 sm:px-6">
        <Link to={lp("/")} className="shrink-0 text-lg font-bold tracking-tight text-brand-800 sm:text-2xl">
          {STORE_NAME}
          <span className="sr-only"> {t("site.home")}</span>
        </Link>
        <p className="flex items-center gap-1 text-xs font-medium whitespace-nowrap text-stone-700 sm:gap-1.5 sm:text-sm">
          <svg aria-hidden="true" viewBox="0 0 24 24" className="size-4 shrink-0 text-brand-700 sm:size-5" fill="none" stroke="currentColor" strokeWidth="1.8">
            <rect x="5" y="10.5" width="14" height="9.5" rx="2" />
            <path strokeLinecap="round" d="M8.5 10.5V8a3.5 3.5 0 0 1 7 0v2.5" />
          </svg>
          {t("header.secureCheckout")}
        </p>
        {/* On phones the words are "← Cart", so the row fits in every language; the name stays whole. */}
        <Link
          to={lp("/cart")}
          aria-label={t("header.backToCart")}
          className="text-sm font-medium whitespace-nowrap text-brand-700 hover:text-brand-800 hover:underline"
        >
          <span aria-hidden="true">← </span>
          <span className="sm:hidden">{t("header.cart")}</span>
          <span className="hidden sm:inline">{t("header.backToCart")}</span>
        </Link>
      </div>
    </header>
  );
}

/** Checkout's footer: one line, no links away. */
export function CheckoutFooter() {
  return (
    <footer className="mt-16 border-t border-stone-200 bg-stone-50">
      <p className="mx-auto max-w-6xl px-4 py-6 text-sm text-stone-600 sm:px-6">
        © {new Date().getFullYear()} {STORE_NAME}
      </p>
    </footer>
  );
}
