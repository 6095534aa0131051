import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useNavigation,
  useRouteError,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { CheckoutFooter, CheckoutHeader } from "~/components/checkout-frame";
import { NavigationProgress } from "~/components/navigation-progress";
import { SiteFooter } from "~/components/site-footer";
import { SiteHeader } from "~/components/site-header";
import { useChrome } from "~/lib/chrome";
import { pageTitle } from "~/lib/navigation";
import { useNonce } from "~/lib/nonce";
import { cartHeaders, getCartCount } from "~/lib/cart.server";
import { listCategoriesSafely, siteOrigin } from "~/lib/catalog.server";
import { fixedT, languageFromPath, useLanguage, useLocalePath } from "~/lib/i18n";
import { listMarketsSafely, visitorMarket } from "~/lib/markets.server";
import { Alternates } from "~/components/alternates";
import { useOptionalUser, useRootData } from "~/lib/user";
import { getUser } from "~/lib/session.server";
import { getUnreadNotificationCount } from "~/lib/orders.server";
import stylesheet from "~/tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ error, location }) => {
  const t = fixedT(languageFromPath(location.pathname));
  if (error) {
    const status = isRouteErrorResponse(error) ? error.status : 500;
    return [{ title: pageTitle(t(status === 404 ? "errors.notFoundTitle" : "errors.errorTitle")) }];
  }
  return [{ title: pageTitle() }, { name: "description", content: t("site.description") }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [{ user }, cartCount, categories, notificationCount, markets] = await Promise.all([
    getUser(request, context),
    getCartCount(request, context),
    listCategoriesSafely(context),
    getUnreadNotificationCount(request, context),
    listMarketsSafely(context),
  ]);
  const market = visitorMarket(request, markets, context);
  // Only what the layout shows travels to the browser.
  return data(
    {
      user: user ? { name: user.name, role: user.role } : null,
      cartCount,
      notificationCount: user ? notificationCount : 0,
      categories: categories.filter((category) => category.productCount > 0).map(({ slug, name }) => ({ slug, name })),
      origin: siteOrigin(context),
      markets: markets.map(({ id, name, currency }) => ({ id, name, currency })),
      market: market ? { id: market.id, taxInclusive: market.taxInclusive } : null,
    },
    { headers: cartHeaders(context) },
  );
}

/** The document and site chrome, shared by every page and by the error page. */
export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const user = useOptionalUser();
  const { cartCount, categories, notificationCount, origin, markets, market } = useRootData();
  const lang = useLanguage();
  const { t } = useTranslation();
  const chrome = useChrome();
  const loading = useNavigation().state !== "idle";
  // Client navigations between languages switch the instance the server rendered with.
  useChangeLanguage(lang);
  return (
    <html lang={lang} className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0f5e52" />
        <Meta />
        <Links />
        {origin ? <Alternates origin={origin} /> : null}
      </head>
      <body className="flex min-h-full flex-col bg-white font-sans text-stone-900 antialiased">
        {chrome === "admin" ? (
          // The admin shell draws its own skip link, frame and <main>.
          <>
            <NavigationProgress />
            {children}
          </>
        ) : (
          <>
            <a
              href="#main"
              className="sr-only z-50 rounded-md bg-brand-800 px-4 py-2 font-semibold text-white focus:not-sr-only focus:absolute focus:top-2 focus:left-2"
            >
              {t("site.skipToContent")}
            </a>
            <NavigationProgress />
            {chrome === "store" ? (
              <SiteHeader
                user={user}
                cartCount={cartCount}
                categories={categories}
                notificationCount={notificationCount}
                markets={markets}
                market={market?.id ?? null}
              />
            ) : (
              <CheckoutHeader />
            )}
            <main id="main" tabIndex={-1} aria-busy={loading || undefined} className="flex-1">
              {children}
            </main>
            {chrome === "store" ? <SiteFooter /> : <CheckoutFooter />}
          </>
        )}
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
  const { t } = useTranslation();
  const lp = useLocalePath();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = [400, 403, 404, 415, 429, 503].includes(status) ? String(status) : "other";

  return (
    <div className="mx-auto max-w-2xl px-4 py-16 text-center sm:px-6 sm:py-24">
      <p className="text-sm font-semibold tracking-wide text-brand-700">{t("errors.status", { status })}</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight sm:text-4xl">{t(`errors.${known}.heading`)}</h1>
      <p className="mt-4 text-lg text-stone-600">{t(`errors.${known}.body`)}</p>
      <div className="mt-8 flex justify-center">
        <Link
          to={lp("/")}
          className="rounded-md bg-brand-700 px-5 py-2.5 font-semibold text-white hover:bg-brand-800"
        >
          {t("errors.home")}
        </Link>
      </div>
    </div>
  );
}
