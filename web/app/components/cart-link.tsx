import { NavLink, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CartDrawer } from "~/components/cart-drawer";
import { openCartDrawer, useCartDrawer } from "~/lib/cart-drawer-store";
import { useHydrated } from "~/lib/hydrated";
import { stripLanguage, useLocalePath } from "~/lib/i18n";
import { cartLabel } from "~/lib/navigation";

/**
 * The header's way to the cart: its count as a badge, and the count in its accessible name.
 * A link to the cart page, always (without JavaScript, in a new tab, on the cart page itself);
 * a plain click with JavaScript opens the cart drawer instead, which this link also mounts.
 */
export function CartLink({ cartCount, className }: { cartCount: number; className: (state: { isActive: boolean }) => string }) {
  const { t } = useTranslation();
  const lp = useLocalePath();
  const hydrated = useHydrated();
  const { open } = useCartDrawer();
  const location = useLocation();
  const opensDrawer = hydrated && stripLanguage(location.pathname) !== "/cart";
  return (
    <>
      <NavLink
        to={lp("/cart")}
        aria-label={cartLabel(t, cartCount)}
        aria-haspopup={opensDrawer ? "dialog" : undefined}
        aria-expanded={opensDrawer ? open : undefined}
        data-cart-link=""
        onClick={(event) => {
          // Modified and other-button clicks keep the link's own meaning (a new tab or window).
          if (!opensDrawer || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
          event.preventDefault();
          openCartDrawer({ returnFocus: event.currentTarget });
        }}
        className={({ isActive }) => `${className({ isActive })} inline-flex items-center gap-1.5`}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.8">
          <path strokeLinecap="round" strokeLinejoin="round" d="M3 4h2l2.4 11.2a1.5 1.5 0 0 0 1.5 1.2h8.7a1.5 1.5 0 0 0 1.5-1.1L21 8H6.2" />
          <circle cx="9.5" cy="20" r="1.3" />
          <circle cx="17.5" cy="20" r="1.3" />
        </svg>
        <span aria-hidden="true">{t("header.cart")}</span>
        {cartCount > 0 ? (
          <span
            aria-hidden="true"
            className="min-w-5 rounded-full bg-brand-700 px-1.5 py-0.5 text-center text-xs leading-none font-semibold text-white"
          >
            {cartCount > 99 ? "99+" : cartCount}
          </span>
        ) : null}
      </NavLink>
      <CartDrawer />
    </>
  );
}
