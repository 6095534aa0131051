/** A link in the site header. Lists here are data so later features only add entries. */
export interface NavItem {
  to: string;
  label: string;
  /** Match the path exactly (for "/"), rather than as a prefix. */
  end?: boolean;
}

/**
 * Main navigation, left to right. The header follows these with a link per category (from
 * the catalog, in the root loader's data).
 */
export const mainNav: readonly NavItem[] = [
  { to: "/", label: "Home", end: true },
  { to: "/products", label: "All products", end: true },
];

/** A category's link in the main navigation. */
export function categoryNav(categories: readonly { slug: string; name: string }[]): NavItem[] {
  return categories.map((category) => ({ to: `/c/${category.slug}`, label: category.name }));
}

/** The cart link's accessible name, with the count the badge shows. */
export function cartLabel(count: number): string {
  if (count === 0) return "Cart, empty";
  return `Cart, ${count} ${count === 1 ? "item" : "items"}`;
}

/** The notification bell's accessible name, with the count its badge shows. */
export function notificationsLabel(unread: number): string {
  if (unread === 0) return "Notifications, none unread";
  return `Notifications, ${unread} unread`;
}

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
  const links: NavItem[] = [
    { to: "/orders", label: "Orders" },
    { to: "/account", label: "Account" },
  ];
  if (user.role === "admin") links.push({ to: "/admin", label: "Admin" });
  return links;
}

export const STORE_NAME = "Edgeware";

/** "Page — Edgeware", the one title format for every page. */
export function pageTitle(page?: string): string {
  return page ? `${page} — ${STORE_NAME}` : STORE_NAME;
}
