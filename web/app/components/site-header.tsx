import { Link, NavLink, useLocation } from "@remix-run/react";
import { SignOutButton } from "~/components/sign-out-button";
import { useEffect, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { CartLink } from "~/components/cart-link";
import { CategoryMegaMenu } from "~/components/category-mega-menu";
import { MarketSelector, type MarketChoice } from "~/components/market-selector";
import { MenuDrawer } from "~/components/menu-drawer";
import { SearchBox } from "~/components/search-box";
import { useHydrated } from "~/lib/hydrated";
import { stripLanguage, useLocalePath } from "~/lib/i18n";
import { accountNav, notificationsLabel, returnToFor, STORE_NAME, type HeaderUser, type NavCategory } from "~/lib/navigation";

const navLinkClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-2 py-1.5 text-sm font-medium hover:bg-stone-100 hover:text-stone-900 ${
    isActive ? "text-brand-800 underline decoration-2 underline-offset-8" : "text-stone-700"
  }`;

const utilityLinkClass = ({ isActive }: { isActive: boolean }) =>
  `rounded px-1.5 py-1 text-sm hover:bg-stone-100 hover:text-stone-900 ${isActive ? "font-semibold text-brand-800" : "text-stone-600"}`;

const iconButtonClass = "inline-flex size-10 shrink-0 items-center justify-center rounded-md text-stone-800 hover:bg-stone-100 lg:hidden";

/** The id of the search box's wrapper, the phone search button's target. */
const SEARCH_ID = "site-search";

function SearchIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
      <circle cx="11" cy="11" r="6.5" />
      <path d="m16 16 4.5 4.5" />
    </svg>
  );
}

/**
 * The store's sticky header. From `lg` up: a slim bar with the country selector and the account
 * links, then the store name, the "Shop" mega-menu, the search box, the bell and the cart. On
 * phones it is one row: the menu button (a drawer with everything else), the store name, a
 * search button that adds the search box as a second row (always there on the search page),
 * the bell and the cart.
 */
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
  categories: readonly NavCategory[];
  /** Unread notifications for the bell's badge (signed-in visitors only). */
  notificationCount?: number;
  /** The markets the country selector offers, and the visitor's. */
  markets?: readonly MarketChoice[];
  market?: string | null;
}) {
  const { t } = useTranslation();
  const lp = useLocalePath();
  const location = useLocation();
  const hydrated = useHydrated();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [searchOpen, setSearchOpen] = useState(false);
  const page = stripLanguage(location.pathname);
  const returnTo = returnToFor(page, location.pathname, location.search);
  // The search page keeps its box in view on phones too: it is what the page is for.
  const showSearch = searchOpen || page === "/search";

  // Every navigation closes the drawer and the phone search row.
  useEffect(() => {
    setDrawerOpen(false);
    setSearchOpen(false);
  }, [location.key]);

  useEffect(() => {
    if (searchOpen) document.querySelector<HTMLInputElement>(`#${SEARCH_ID} input[name="q"]`)?.focus();
  }, [searchOpen]);

  // The selector has a fixed id: only one may be on the page, so the header's steps aside while
  // the drawer's (or the menu page's) is shown.
  const showHeaderMarkets = markets.length > 0 && !drawerOpen && page !== "/menu";

  return (
    <header className="sticky top-0 z-40 border-b border-stone-200 bg-white">
      <div className="hidden border-b border-stone-100 bg-stone-50 lg:block">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-6 px-6 py-1">
          {showHeaderMarkets ? <MarketSelector markets={markets} current={market} /> : <span />}
          <nav aria-label={t("header.account")}>
            <ul className="flex items-center gap-x-1">
              {user ? (
                <li className="max-w-[12rem] truncate px-1.5 text-sm text-stone-600" title={user.name}>
                  <Trans t={t} i18nKey="header.hi" values={{ name: user.name }} components={{ 1: <span className="font-medium text-stone-900" /> }} />
                </li>
              ) : null}
              {accountNav(t, user, returnTo).map((item) => (
                <li key={item.to}>
                  <NavLink to={item.unlocalized ? item.to : lp(item.to)} className={utilityLinkClass} end={item.end}>
                    {item.label}
                  </NavLink>
                </li>
              ))}
              {user ? (
                <li>
                  <SignOutButton className="rounded px-1.5 py-1 text-sm text-stone-600 hover:bg-stone-100 hover:text-stone-900" />
                </li>
              ) : null}
            </ul>
          </nav>
        </div>
      </div>

      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-1 px-3 py-2 sm:px-6 lg:flex-nowrap lg:gap-6 lg:py-3">
        <MenuDrawer
          hydrated={hydrated}
          open={drawerOpen}
          onOpenChange={setDrawerOpen}
          user={user}
          categories={categories}
          notificationCount={notificationCount}
          markets={markets}
          market={market}
        />
        <Link to={lp("/")} className="mr-auto shrink-0 text-xl font-bold tracking-tight text-brand-800 lg:mr-0 lg:text-2xl">
          {STORE_NAME}
          <span className="sr-only"> {t("site.home")}</span>
        </Link>

        <div className="hidden lg:block">
          <CategoryMegaMenu categories={categories} hydrated={hydrated} />
        </div>

        <div
          id={SEARCH_ID}
          className={`${showSearch ? "flex" : "hidden"} order-last basis-full pt-1 pb-1 target:flex lg:order-none lg:flex lg:basis-auto lg:flex-1 lg:p-0`}
        >
          <SearchBox />
        </div>

        {hydrated ? (
          <button
            type="button"
            className={iconButtonClass}
            aria-expanded={showSearch}
            aria-controls={SEARCH_ID}
            onClick={() => setSearchOpen(!showSearch)}
          >
            <SearchIcon />
            <span className="sr-only">{t("header.search")}</span>
          </button>
        ) : (
          // Without scripts, the fragment shows the search box through :target.
          <a href={`#${SEARCH_ID}`} className={iconButtonClass}>
            <SearchIcon />
            <span className="sr-only">{t("header.search")}</span>
          </a>
        )}

        {user ? (
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
        ) : null}
        <CartLink cartCount={cartCount} className={navLinkClass} />
      </div>
    </header>
  );
}
