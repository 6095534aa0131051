/** A link in the site header. Lists here are data so later features only add entries. */
export interface NavItem {
  to: string;
  label: string;
  /** Match the path exactly (for "/"), rather than as a prefix. */
  end?: boolean;
}

/**
 * Main navigation, left to right. The catalog issue adds "Shop" / categories here and the
 * cart issue adds the cart; nothing else in the layout needs to change.
 */
export const mainNav: readonly NavItem[] = [{ to: "/", label: "Home", end: true }];

export interface HeaderUser {
  name: string;
  role: "customer" | "admin";
}

/** Account links for the header; signing out is a POST form rendered next to these. */
export function accountNav(user: HeaderUser | null, returnTo: string): NavItem[] {
  if (!user) {
    const query = returnTo && returnTo !== "/" ? `?redirectTo=${encodeURIComponent(returnTo)}` : "";
    return [
      { to: `/login${query}`, label: "Sign in" },
      { to: `/register${query}`, label: "Register" },
    ];
  }
  const links: NavItem[] = [{ to: "/account", label: "Account" }];
  if (user.role === "admin") links.push({ to: "/admin", label: "Admin" });
  return links;
}

export const STORE_NAME = "Edgeware";

/** "Page — Edgeware", the one title format for every page. */
export function pageTitle(page?: string): string {
  return page ? `${page} — ${STORE_NAME}` : STORE_NAME;
}
