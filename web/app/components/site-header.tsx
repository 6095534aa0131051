import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { accountNav, mainNav, STORE_NAME, type HeaderUser } from "~/lib/navigation";

const navLinkClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-2 py-1.5 text-sm font-medium hover:bg-stone-100 hover:text-stone-900 ${
    isActive ? "text-brand-800 underline decoration-2 underline-offset-8" : "text-stone-700"
  }`;

export function SiteHeader({ user }: { user: HeaderUser | null }) {
  const location = useLocation();
  const onSearch = location.pathname === "/search";
  const query = onSearch ? (new URLSearchParams(location.search).get("q") ?? "") : "";
  const onAuthPage = location.pathname === "/login" || location.pathname === "/register";
  const returnTo = onAuthPage ? "" : `${location.pathname}${location.search}`;

  return (
    <header className="border-b border-stone-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3 sm:px-6">
        <Link to="/" className="text-xl font-bold tracking-tight text-brand-800 sm:text-2xl">
          {STORE_NAME}
          <span className="sr-only"> home</span>
        </Link>

        <Form
          method="get"
          action="/search"
          role="search"
          className="order-last flex w-full sm:order-none sm:w-auto sm:max-w-md sm:flex-1"
        >
          <label htmlFor="site-search" className="sr-only">
            Search products
          </label>
          <input
            key={query}
            id="site-search"
            name="q"
            type="search"
            defaultValue={query}
            placeholder="Search products"
            maxLength={200}
            className="min-w-0 flex-1 rounded-l-md border border-stone-300 bg-white px-3 py-2 text-base text-stone-900 placeholder:text-stone-500"
          />
          <button
            type="submit"
            className="rounded-r-md border border-l-0 border-brand-700 bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-800"
          >
            Search
          </button>
        </Form>

        <nav aria-label="Account" className="ml-auto">
          <ul className="flex flex-wrap items-center gap-x-1 gap-y-1">
            {user ? (
              <li className="hidden max-w-[12rem] truncate px-2 text-sm text-stone-600 md:block" title={user.name}>
                Hi, <span className="font-medium text-stone-900">{user.name}</span>
              </li>
            ) : null}
            {accountNav(user, returnTo).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} className={navLinkClass} end={item.end}>
                  {item.label}
                </NavLink>
              </li>
            ))}
            {user ? (
              <li>
                <Form method="post" action="/logout">
                  <button
                    type="submit"
                    className="rounded-md px-2 py-1.5 text-sm font-medium text-stone-700 hover:bg-stone-100 hover:text-stone-900"
                  >
                    Sign out
                  </button>
                </Form>
              </li>
            ) : null}
          </ul>
        </nav>
      </div>

      {mainNav.length > 0 ? (
        <nav aria-label="Main" className="border-t border-stone-100">
          <ul className="mx-auto flex max-w-6xl gap-x-2 overflow-x-auto px-2 py-1 sm:px-4">
            {mainNav.map((item) => (
              <li key={item.to} className="shrink-0">
                <NavLink to={item.to} end={item.end} className={navLinkClass}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </header>
  );
}
