import { isRouteErrorResponse, Link, NavLink, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";

export interface AdminNavItem {
  to: string;
  label: string;
  end?: boolean;
}

/** The admin section's pages, in the order the navigation lists them. */
export const ADMIN_NAV: readonly AdminNavItem[] = [
  { to: "/admin", label: "Dashboard", end: true },
  { to: "/admin/orders", label: "Orders" },
  { to: "/admin/returns", label: "Returns" },
  { to: "/admin/products", label: "Products" },
  { to: "/admin/categories", label: "Categories" },
  { to: "/admin/stock", label: "Stock" },
  { to: "/admin/promotions", label: "Promotions" },
  { to: "/admin/markets", label: "Markets" },
  { to: "/admin/shipping", label: "Shipping" },
  { to: "/admin/reviews", label: "Reviews" },
  { to: "/admin/customers", label: "Customers" },
  { to: "/admin/emails", label: "Emails" },
  { to: "/admin/failed-jobs", label: "Failed jobs" },
  { to: "/admin/audit-log", label: "Audit log" },
];

const linkClass = ({ isActive }: { isActive: boolean }) =>
  `block rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap ${
    isActive ? "bg-brand-700 text-white" : "text-stone-700 hover:bg-stone-100 hover:text-stone-900"
  }`;

/**
 * Phones and tablets (below 1024px) get the links as a wrapping bar above the page, so none
 * hides behind a menu button or a sideways scroll; wider screens get a sidebar.
 */
export function AdminShell({ adminName, children }: { adminName: string; children: ReactNode }) {
  return (
    <div className="mx-auto w-full max-w-7xl px-4 py-6 sm:px-6 lg:grid lg:grid-cols-[12rem_minmax(0,1fr)] lg:gap-8 lg:py-10">
      <div className="lg:sticky lg:top-4 lg:self-start">
        <p className="text-xs font-semibold tracking-wide text-stone-500 uppercase">
          Admin <span className="sr-only">section, signed in as </span>
          <span className="font-normal normal-case" aria-hidden="true">
            · {adminName}
          </span>
          <span className="sr-only">{adminName}</span>
        </p>
        <nav aria-label="Admin" className="mt-2 border-b border-stone-200 pb-3 lg:border-b-0 lg:pb-0">
          <ul className="flex flex-wrap gap-1 lg:flex-col">
            {ADMIN_NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end} className={linkClass} prefetch="intent">
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      <div className="mt-6 min-w-0 lg:mt-0">{children}</div>
    </div>
  );
}

function messageOf(data: unknown): string | null {
  if (typeof data === "object" && data !== null && typeof (data as { message?: unknown }).message === "string") {
    return (data as { message: string }).message;
  }
  return typeof data === "string" && data.length < 300 ? data : null;
}

/**
 * Errors inside the admin section: 403 for a signed-in customer, 404 for a record that is not
 * there, and the API's message for anything else it refused.
 */
export function AdminErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const detail = isRouteErrorResponse(error) ? messageOf(error.data) : null;
  const copy: Record<number, { heading: string; body: string }> = {
    403: {
      heading: "Administrators only",
      body: "Your account does not have access to the admin section. If you think it should, ask an administrator to change your role.",
    },
    404: { heading: "Not found", body: detail ?? "That record does not exist, or it was removed." },
    400: { heading: "That request was not valid", body: detail ?? "Check the address and try again." },
    415: { heading: "That request was not valid", body: detail ?? "Send the form from its page and try again." },
    429: { heading: "Too many requests", body: detail ?? "Please wait a moment and try again." },
    503: { heading: "Temporarily unavailable", body: detail ?? "Part of the store did not answer. Please try again shortly." },
  };
  const { heading, body } = copy[status] ?? {
    heading: "Something went wrong",
    body: "An unexpected error happened on our side. It has been logged; please try again.",
  };
  return (
    <div className="mx-auto max-w-2xl px-4 py-16 text-center sm:px-6">
      <p className="text-sm font-semibold tracking-wide text-brand-700">Error {status}</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">{heading}</h1>
      <p className="mt-4 text-stone-600">{body}</p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        {status === 403 ? (
          <Link to="/" className="rounded-md bg-brand-700 px-5 py-2.5 font-semibold text-white hover:bg-brand-800">
            Go to the store
          </Link>
        ) : (
          <Link to="/admin" className="rounded-md bg-brand-700 px-5 py-2.5 font-semibold text-white hover:bg-brand-800">
            Back to the dashboard
          </Link>
        )}
      </div>
    </div>
  );
}
