import * as Dialog from "@radix-ui/react-dialog";
import { Form, isRouteErrorResponse, Link, NavLink, useLocation, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { useHydrated } from "~/lib/hydrated";
import { STORE_NAME } from "~/lib/navigation";
import { useOptionalUser } from "~/lib/user";

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

/** The id of the shell's <main>, the skip link's target. */
const MAIN_ID = "main";

function NavList({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <ul className="space-y-0.5">
      {ADMIN_NAV.map((item) => (
        <li key={item.to}>
          <NavLink to={item.to} end={item.end} className={linkClass} prefetch="intent" onClick={onNavigate}>
            {item.label}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

function SignOut({ className = "" }: { className?: string }) {
  return (
    <Form method="post" action="/logout" className={className}>
      <button type="submit" className="rounded-md px-2 py-1.5 text-sm font-medium text-stone-700 hover:bg-stone-100 hover:text-stone-900">
        Sign out
      </button>
    </Form>
  );
}

const viewStoreClass = "rounded-md px-2 py-1.5 text-sm font-medium text-brand-700 underline-offset-4 hover:bg-stone-100 hover:underline";

/**
 * The phone's menu: a drawer (a modal dialog) once scripts run, closing when a link is
 * followed; before that, and without JavaScript, a disclosure holding the same links.
 */
function PhoneMenu({ adminName }: { adminName: string }) {
  const hydrated = useHydrated();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  // A navigation the drawer did not start (back, a form's redirect) closes it too.
  useEffect(() => setOpen(false), [location.pathname]);
  const buttonClass =
    "inline-flex items-center gap-2 rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-semibold text-stone-800 hover:bg-stone-50";
  if (!hydrated) {
    return (
      <details className="group/menu">
        <summary className={`${buttonClass} cursor-pointer list-none [&::-webkit-details-marker]:hidden`}>
          <MenuIcon />
          Menu
        </summary>
        <nav aria-label="Admin" className="absolute inset-x-0 z-30 mt-2 border-b border-stone-200 bg-white px-4 pt-2 pb-4 shadow-lg">
          <NavList />
          <p className="mt-3 border-t border-stone-200 pt-3 text-sm text-stone-600">Signed in as {adminName}</p>
        </nav>
      </details>
    );
  }
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className={buttonClass}>
        <MenuIcon />
        Menu
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-stone-950/50" />
        <Dialog.Content className="fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col overflow-y-auto bg-white p-4 shadow-xl focus:outline-none">
          <div className="flex items-center justify-between gap-2">
            <Dialog.Title className="text-base font-semibold text-stone-900">Admin menu</Dialog.Title>
            <Dialog.Close className="rounded-md px-2 py-1.5 text-sm font-medium text-stone-700 hover:bg-stone-100">Close</Dialog.Close>
          </div>
          <Dialog.Description className="mt-1 text-sm text-stone-600">Signed in as {adminName}</Dialog.Description>
          <nav aria-label="Admin" className="mt-4">
            <NavList onNavigate={() => setOpen(false)} />
          </nav>
          <div className="mt-4 border-t border-stone-200 pt-3">
            <Link to="/" className={viewStoreClass}>
              View store
            </Link>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function MenuIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="currentColor">
      <path d="M3 5h14v2H3zM3 9h14v2H3zM3 13h14v2H3z" />
    </svg>
  );
}

/**
 * The admin section's own frame, in place of the store's header and footer (its route's
 * handle says `chrome: "admin"`): a skip link, a top bar with the store's name, a link back
 * to the store, who is signed in and Sign out; the section's navigation as a sidebar from
 * 1024px up and in a menu on smaller screens; then the page. Without `adminName` (a visitor
 * the section refused) it draws the top bar alone.
 */
export function AdminShell({ adminName, children }: { adminName?: string | undefined; children: ReactNode }) {
  const signedIn = useOptionalUser() !== null;
  return (
    <div className="flex min-h-full flex-1 flex-col bg-white">
      <a
        href={`#${MAIN_ID}`}
        className="sr-only z-50 rounded-md bg-brand-800 px-4 py-2 font-semibold text-white focus:not-sr-only focus:absolute focus:top-2 focus:left-2"
      >
        Skip to main content
      </a>
      <header className="relative border-b border-stone-200 bg-stone-50">
        <div className="flex items-center gap-3 px-4 py-2.5 sm:px-6">
          {adminName !== undefined ? (
            <div className="lg:hidden">
              <PhoneMenu adminName={adminName} />
            </div>
          ) : null}
          <Link to={adminName !== undefined ? "/admin" : "/"} className="min-w-0 truncate text-lg font-bold tracking-tight text-brand-800">
            {STORE_NAME} <span className="font-semibold text-stone-600">Admin</span>
          </Link>
          <div className="ml-auto flex items-center gap-1 sm:gap-3">
            <Link to="/" className={`${viewStoreClass} hidden sm:inline-block`}>
              View store
            </Link>
            {adminName !== undefined ? (
              <p className="hidden max-w-48 truncate text-sm text-stone-600 md:block" title={adminName}>
                <span className="sr-only">Signed in as </span>
                {adminName}
              </p>
            ) : null}
            {signedIn ? <SignOut /> : null}
          </div>
        </div>
      </header>
      <div className="flex-1 lg:grid lg:grid-cols-[14rem_minmax(0,1fr)]">
        {adminName !== undefined ? (
          <aside className="hidden border-r border-stone-200 lg:block">
            <nav aria-label="Admin" className="sticky top-0 max-h-screen overflow-y-auto px-3 py-6">
              <NavList />
            </nav>
          </aside>
        ) : null}
        <main id={MAIN_ID} tabIndex={-1} className={`min-w-0 px-4 py-6 focus:outline-none sm:px-6 lg:px-8 lg:py-8 ${adminName === undefined ? "lg:col-span-2" : ""}`}>
          <div className="mx-auto max-w-6xl">{children}</div>
        </main>
      </div>
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
    <div className="mx-auto max-w-2xl py-10 text-center sm:py-16">
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

/**
 * The admin layout's own boundary (its loader refused, as for a customer's 403): the same
 * message inside the admin frame, with the navigation when the layout's data did load.
 */
export function AdminLayoutErrorBoundary() {
  const layout = useRouteLoaderData<{ adminName?: unknown }>("routes/admin");
  const adminName = typeof layout?.adminName === "string" ? layout.adminName : undefined;
  return (
    <AdminShell adminName={adminName}>
      <AdminErrorBoundary />
    </AdminShell>
  );
}
