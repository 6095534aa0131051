import type { TFunction } from "i18next";

/** A link in the site header. Lists here are data so later features only add entries. */
export interface NavItem {
  to: string;
  label: string;
  /** Match the path exactly (for "/"), rather than as a prefix. */
  end?: boolean;
  /** A path outside the storefront (the admin), kept as it is in every language. */
  unlocalized?: boolean;
}

/** A category as the header and menus list it (from the root loader's data). */
export interface NavCategory {
  slug: string;
  name: string;
}

/**
 * What the "Shop" menus list: every product first, then a link per category. The desktop
 * mega-menu, the phone drawer and the menu page all show this one list. Paths are unprefixed;
 * the components localize them.
 */
export function shopNav(t: TFunction, categories: readonly NavCategory[]): NavItem[] {
  return [{ to: "/products", label: t("nav.allProducts"), end: true }, ...categoryNav(categories)];
}

/** A category's link in the shop menus. */
export function categoryNav(categories: readonly NavCategory[]): NavItem[] {
  return categories.map((category) => ({ to: `/c/${category.slug}`, label: category.name }));
}

/**
 * The page signing in should come back to: this one, except from the sign-in pages and the
 * menu page, which are only ways to somewhere else.
 */
export function returnToFor(page: string, pathname: string, search: string): string {
  return page === "/login" || page === "/register" || page === "/menu" ? "" : `${pathname}${search}`;
}

/** The cart link's accessible name, with the count the badge shows. */
export function cartLabel(t: TFunction, count: number): string {
  return count === 0 ? t("nav.cartEmpty") : t("nav.cartItems", { count });
}

/** The notification bell's accessible name, with the count its badge shows. */
export function notificationsLabel(t: TFunction, unread: number): string {
  return unread === 0 ? t("nav.notificationsNone") : t("nav.notificationsUnread", { count: unread });
}

export interface HeaderUser {
  name: string;
  role: "customer" | "admin";
}

/** Account links for the header; signing out is a POST form rendered next to these. */
export function accountNav(t: TFunction, user: HeaderUser | null, returnTo: string): NavItem[] {
  if (!user) {
    const query = returnTo && returnTo !== "/" ? `?redirectTo=${encodeURIComponent(returnTo)}` : "";
    return [
      { to: `/login${query}`, label: t("nav.signIn") },
      { to: `/register${query}`, label: t("nav.register") },
    ];
  }
  const links: NavItem[] = [
    { to: "/orders", label: t("nav.orders") },
    { to: "/account", label: t("nav.account") },
  ];
  // The admin is English and unprefixed (decision 014): the header never localizes this one.
  if (user.role === "admin") links.push({ to: "/admin", label: t("nav.admin"), unlocalized: true });
  return links;
}

export const STORE_NAME = "Edgeware";

/** "Page — Edgeware", the one title format for every page. */
export function pageTitle(page?: string): string {
  return page ? `${page} — ${STORE_NAME}` : STORE_NAME;
}
