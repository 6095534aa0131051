import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { SiteFooter } from "~/components/site-footer";
import { SiteHeader } from "~/components/site-header";
import { pageTitle } from "~/lib/navigation";
import { useNonce } from "~/lib/nonce";
import { cartHeaders, getCartCount } from "~/lib/cart.server";
import { listCategoriesSafely } from "~/lib/catalog.server";
import { useOptionalUser, useRootData } from "~/lib/user";
import { getUser } from "~/lib/session.server";
import { getUnreadNotificationCount } from "~/lib/orders.server";
import stylesheet from "~/tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ error }) => {
  if (error) {
    const status = isRouteErrorResponse(error) ? error.status : 500;
    return [{ title: pageTitle(status === 404 ? "Page not found" : "Something went wrong") }];
  }
  return [
    { title: pageTitle() },
    { name: "description", content: "Edgeware, an online store that is fast wherever you are." },
  ];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [{ user }, cartCount, categories, notificationCount] = await Promise.all([
    getUser(request, context),
    getCartCount(request, context),
    listCategoriesSafely(context),
    getUnreadNotificationCount(request, context),
  ]);
  // Only what the layout shows travels to the browser.
  return data(
    {
      user: user ? { name: user.name, role: user.role } : null,
      cartCount,
      notificationCount: user ? notificationCount : 0,
      categories: categories.filter((category) => category.productCount > 0).map(({ slug, name }) => ({ slug, name })),
    },
    { headers: cartHeaders(context) },
  );
}

/** The document and site chrome, shared by every page and by the error page. */
export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const user = useOptionalUser();
  const { cartCount, categories, notificationCount } = useRootData();
  return (
    <html lang="en" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0f5e52" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-full flex-col bg-white font-sans text-stone-900 antialiased">
        <a
          href="#main"
          className="sr-only z-50 rounded-md bg-brand-800 px-4 py-2 font-semibold text-white focus:not-sr-only focus:absolute focus:top-2 focus:left-2"
        >
          Skip to content
        </a>
        <SiteHeader user={user} cartCount={cartCount} categories={categories} notificationCount={notificationCount} />
        <main id="main" tabIndex={-1} className="flex-1">
          {children}
        </main>
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;

  const copy: Record<number, { heading: string; body: string }> = {
    400: { heading: "We couldn't read that form", body: "What was sent could not be read as one of our forms. Go back to the page and send it again." },
    415: { heading: "We couldn't read that form", body: "This address only accepts forms sent from our pages. Go back to the page and send it again." },
    403: { heading: "You can't do that here", body: "That request was refused. If you followed a link from another site, start again from our home page." },
    404: { heading: "We couldn't find that page", body: "The page may have moved, or the address may be mistyped. Try searching, or head back to the home page." },
    429: { heading: "Slow down a little", body: "There have been too many requests from you in a short time. Please wait a moment and try again." },
    503: { heading: "We're having trouble right now", body: "Part of the store is unavailable for a moment. Please try again shortly." },
  };
  const { heading, body } = copy[status] ?? {
    heading: "Something went wrong",
    body: "An unexpected error happened on our side. Please try again; if it keeps happening, come back a little later.",
  };

  return (
    <div className="mx-auto max-w-2xl px-4 py-16 text-center sm:px-6 sm:py-24">
      <p className="text-sm font-semibold tracking-wide text-brand-700">Error {status}</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight sm:text-4xl">{heading}</h1>
      <p className="mt-4 text-lg text-stone-600">{body}</p>
      <div className="mt-8 flex justify-center">
        <Link
          to="/"
          className="rounded-md bg-brand-700 px-5 py-2.5 font-semibold text-white hover:bg-brand-800"
        >
          Go to the home page
        </Link>
      </div>
    </div>
  );
}
