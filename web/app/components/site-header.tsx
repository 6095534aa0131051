import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { CartLink } from "~/components/cart-link";
import { MarketSelector, type MarketChoice } from "~/components/market-selector";
import { SearchBox } from "~/components/search-box";
import { stripLanguage, useLocalePath } from "~/lib/i18n";
import { accountNav, categoryNav, mainNav, notificationsLabel, STORE_NAME, type HeaderUser } from "~/lib/navigation";

const navLinkClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-2 py-1.5 text-sm font-medium hover:bg-stone-100 hover:text-stone-900 ${
    isActive ? "text-brand-800 underline decoration-2 underline-offset-8" : "text-stone-700"
  }`;

export function SiteHeader({
  user,
  cartCount,
  categories,
  notificationCount = 0,
  markets = [],
  market = null,
}: {
  user: HeaderUser | null;
  cartCount: number;
  categories: readonly { slug: string; name: string }[];
  /** Unread notifications for the bell's badge (signed-in visitors only). */
  notificationCount?: number;
  /** The markets the country selector offers, and the visitor's. */
  markets?: readonly MarketChoice[];
  market?: string | null;
}) {
  const { t } = useTranslation();
  const lp = useLocalePath();
  const location = useLocation();
  const page = stripLanguage(location.pathname);
  const onAuthPage = page === "/login" || page === "/register";
  const returnTo = onAuthPage ? "" : `${location.pathname}${location.search}`;
  const mainLinks = [...mainNav(t), ...categoryNav(categories)];

  return (
    <header className="border-b border-stone-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 gap-y-3 px-4 py-3 sm:gap-x-6 sm:px-6">
        <Link to={lp("/")} className="text-xl font-bold tracking-tight text-brand-800 sm:text-2xl">
          {STORE_NAME}
          <span className="sr-only"> {t("site.home")}</span>
        </Link>

        <SearchBox />

        <nav aria-label={t("header.account")} className="ml-auto">
          <ul className="flex flex-wrap items-center gap-x-1 gap-y-1">
            {user ? (
              <li className="hidden max-w-[12rem] truncate px-2 text-sm text-stone-600 md:block" title={user.name}>
                <Trans t={t} i18nKey="header.hi" values={{ name: user.name }} components={{ 1: <span className="font-medium text-stone-900" /> }} />
              </li>
            ) : null}
            {accountNav(t, user, returnTo).map((item) => (
              <li key={item.to}>
                <NavLink to={item.unlocalized ? item.to : lp(item.to)} className={navLinkClass} end={item.end}>
                  {item.label}
                </NavLink>
              </li>
            ))}
            {user ? (
              <li>
                <Form method="post" action={lp("/logout")}>
                  <button
                    type="submit"
                    className="rounded-md px-2 py-1.5 text-sm font-medium text-stone-700 hover:bg-stone-100 hover:text-stone-900"
                  >
                    {t("header.signOut")}
                  </button>
                </Form>
              </li>
            ) : null}
            {user ? (
              <li>
                <NavLink
                  to={lp("/notifications")}
                  aria-label={notificationsLabel(t, notificationCount)}
                  className={({ isActive }) => `${navLinkClass({ isActive })} inline-flex items-center gap-1`}
                >
                  <svg aria-hidden="true" viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.8">
                    <path strokeLinecap="round" strokeLinejoin="round" d="M6 9a6 6 0 1 1 12 0c0 4.5 1.5 6.5 2.5 7.5h-17C4.5 15.5 6 13.5 6 9Z" />
                    <path strokeLinecap="round" d="M10 19.5a2 2 0 0 0 4 0" />
                  </svg>
                  {notificationCount > 0 ? (
                    <span
                      aria-hidden="true"
                      data-testid="notification-badge"
                      className="min-w-5 rounded-full bg-red-700 px-1.5 py-0.5 text-center text-xs leading-none font-semibold text-white"
                    >
                      {notificationCount > 99 ? "99+" : notificationCount}
                    </span>
                  ) : null}
                </NavLink>
              </li>
            ) : null}
            <li>
              <CartLink cartCount={cartCount} className={navLinkClass} />
            </li>
          </ul>
        </nav>
        {markets.length > 0 ? <MarketSelector markets={markets} current={market} /> : null}
      </div>

      <nav aria-label={t("header.main")} className="border-t border-stone-100">
        <ul className="mx-auto flex max-w-6xl gap-x-2 overflow-x-auto px-2 py-1 sm:px-4">
          {mainLinks.map((item) => (
            <li key={item.to} className="shrink-0">
              <NavLink to={lp(item.to)} end={item.end} className={navLinkClass} prefetch="intent">
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
