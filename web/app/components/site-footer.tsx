import { Link } from "@remix-run/react";
import { STORE_NAME } from "~/lib/navigation";

export function SiteFooter() {
  return (
    <footer className="mt-16 border-t border-stone-200 bg-stone-50">
      <div className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-8 text-sm text-stone-600 sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <p>
          © {new Date().getFullYear()} {STORE_NAME}
        </p>
        <nav aria-label="Footer">
          <ul className="flex flex-wrap gap-x-6 gap-y-2">
            <li>
              <Link to="/account" className="hover:text-stone-900 hover:underline">
                Your account
              </Link>
            </li>
            <li>
              <Link to="/orders/lookup" className="hover:text-stone-900 hover:underline">
                Find an order
              </Link>
            </li>
            <li>
              <a href="/api/docs" className="hover:text-stone-900 hover:underline">
                API
              </a>
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}
