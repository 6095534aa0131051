import { NavLink, useLocation } from "@remix-run/react";
import { SignOutButton } from "~/components/sign-out-button";
import { useTranslation } from "react-i18next";
import { MarketSelector, type MarketChoice } from "~/components/market-selector";
import { stripLanguage, useLocalePath } from "~/lib/i18n";
import { accountNav, notificationsLabel, returnToFor, shopNav, type HeaderUser, type NavCategory } from "~/lib/navigation";

const itemClass = ({ isActive }: { isActive: boolean }) =>
  `block rounded-md px-3 py-2.5 text-base font-medium hover:bg-stone-100 ${isActive ? "bg-brand-50 text-brand-800" : "text-stone-800"}`;

/**
 * Everything the phone header leaves out, as lists of plain links and forms: the shop's
 * categories, the account links and signing out, and the country selector. The phone drawer
 * shows it, and so does the /menu page the menu button leads to without JavaScript.
 */
export function SiteMenu({
  user,
  categories,
  notificationCount,
  markets,
  market,
  headingLevel,
}: {
  user: HeaderUser | null;
  categories: readonly NavCategory[];
  notificationCount: number;
  markets: readonly MarketChoice[];
  market: string | null;
  /** 3 inside the drawer (its title is the h2), 2 on the menu page. */
  headingLevel: 2 | 3;
}) {
  const { t } = useTranslation();
  const lp = useLocalePath();
  const location = useLocation();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const returnTo = returnToFor(stripLanguage(location.pathname), location.pathname, location.search);
  const headingClass = "px-3 text-xs font-semibold tracking-wide text-stone-500 uppercase";

  return (
    <div className="flex flex-col gap-6">
      <nav aria-label={t("menu.shop")}>
        <Heading className={headingClass}>{t("menu.shop")}</Heading>
        <ul className="mt-2">
          {shopNav(t, categories).map((item) => (
            <li key={item.to}>
              <NavLink to={lp(item.to)} end={item.end} className={itemClass} prefetch="intent">
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>

      <nav aria-label={t("menu.account")}>
        <Heading className={headingClass}>{t("menu.account")}</Heading>
        {user ? <p className="mt-2 truncate px-3 text-sm text-stone-600">{t("menu.signedInAs", { name: user.name })}</p> : null}
        <ul className="mt-2">
          {accountNav(t, user, returnTo).map((item) => (
            <li key={item.to}>
              <NavLink to={item.unlocalized ? item.to : lp(item.to)} end={item.end} className={itemClass}>
                {item.label}
              </NavLink>
            </li>
          ))}
          {user ? (
            <li>
              <NavLink to={lp("/notifications")} className={itemClass}>
                {notificationsLabel(t, notificationCount)}
              </NavLink>
            </li>
          ) : null}
          <li>
            <NavLink to={lp("/orders/lookup")} className={itemClass}>
              {t("footer.findOrder")}
            </NavLink>
          </li>
          {user ? (
            <li>
              <SignOutButton className="block w-full rounded-md px-3 py-2.5 text-left text-base font-medium text-stone-800 hover:bg-stone-100" />
            </li>
          ) : null}
        </ul>
      </nav>

      {markets.length > 0 ? (
        <div className="px-3">
          <Heading className="text-xs font-semibold tracking-wide text-stone-500 uppercase">{t("header.market")}</Heading>
          <div className="mt-2">
            <MarketSelector markets={markets} current={market} />
          </div>
        </div>
      ) : null}
    </div>
  );
}
