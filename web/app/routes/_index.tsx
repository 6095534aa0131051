import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProductGrid } from "~/components/product-card";
import { catalogCacheHeaders, catalogHeaders } from "~/lib/cache.server";
import { listCategoriesSafely, listProducts, siteOrigin } from "~/lib/catalog.server";
import { freeShippingOffer, type FreeShippingOffer } from "~/lib/free-shipping.server";
import { fixedT, INTL_LOCALES, languageFromPath, localizePath, requestLanguage, useLanguage, useLocalePath } from "~/lib/i18n";
import { listMarketsSafely, visitorMarket } from "~/lib/markets.server";
import { seoMeta } from "~/lib/seo";
import { formatMoney } from "../../../workers/domain/money";

export const headers = catalogHeaders;

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, location }) => {
  const t = fixedT(languageFromPath(location.pathname));
  return seoMeta({ title: t("home.title"), description: t("home.description"), canonical: loaderData?.canonical });
};

const FEATURED_COUNT = 8;

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Without a query the API lists featured products first, then the newest: exactly a
  // "featured" shelf that never runs empty.
  const featuredQuery = new URLSearchParams({ limit: String(FEATURED_COUNT), page: "1" });
  // The home page must not fail with the catalog: its shelves are left out instead.
  const [featured, categories, markets] = await Promise.all([
    listProducts(context, featuredQuery).catch(() => null),
    listCategoriesSafely(context),
    listMarketsSafely(context),
  ]);
  // The market decides the page as it decides the page cache's key (catalogCacheHeaders), so a
  // kept page never shows another market's threshold.
  const freeShipping = freeShippingOffer(visitorMarket(request, markets, context));
  return data(
    {
      featured: featured?.ok ? featured.value.items : [],
      categories: categories
        .filter((category) => category.productCount > 0)
        .map(({ slug, name, description, productCount }) => ({ slug, name, description, productCount })),
      freeShipping,
      canonical: `${siteOrigin(context)}${localizePath("/", requestLanguage(request))}`,
    },
    { headers: await catalogCacheHeaders(request, context) },
  );
}

const valueProps = ["fast", "stock", "secure", "follow"] as const;

/** The market's free-shipping promise, in its currency and the page's language; nothing without one. */
function FreeShippingNote({ offer }: { offer: FreeShippingOffer | null }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (!offer) return null;
  return (
    <p data-testid="free-shipping" className="inline-flex items-center gap-2 rounded-full bg-white/80 px-3 py-1.5 text-sm font-medium text-brand-900 ring-1 ring-brand-100">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="size-5 shrink-0 text-brand-700" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round">
        <path d="M2.5 6.5h11v9h-11zM13.5 9.5h4l3 3v3h-7z" />
        <circle cx="6.5" cy="17.5" r="1.6" />
        <circle cx="17" cy="17.5" r="1.6" />
      </svg>
      {offer.overCents === 0
        ? t("home.freeShippingAlways")
        : t("home.freeShippingOver", { amount: formatMoney(offer.overCents, offer.currency, INTL_LOCALES[lang]) })}
    </p>
  );
}

export default function Home() {
  const { featured, categories, freeShipping } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lp = useLocalePath();

  return (
    <>
      <section aria-labelledby="hero-heading" className="bg-gradient-to-b from-brand-50 to-white">
        <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-12">
          <h1 id="hero-heading" className="max-w-3xl text-3xl font-bold tracking-tight text-stone-900 sm:text-4xl">
            {t("home.heading")}
          </h1>
          <p className="mt-3 max-w-2xl text-base text-stone-700 sm:text-lg">{t("home.intro")}</p>
          <div className="mt-5 flex flex-wrap items-center gap-3">
            <Link to={lp("/products")} className="rounded-md bg-brand-700 px-5 py-2.5 text-center font-semibold text-white hover:bg-brand-800">
              {t("home.shopNow")}
            </Link>
            {categories.length > 0 ? (
              <a href="#categories-heading" className="rounded-md border border-stone-300 bg-white px-5 py-2.5 text-center font-semibold text-stone-800 hover:bg-stone-50">
                {t("home.browseCategories")}
              </a>
            ) : null}
          </div>
          <div className="mt-5">
            <FreeShippingNote offer={freeShipping} />
          </div>
        </div>
      </section>

      {featured.length > 0 ? (
        <section aria-labelledby="featured-heading" className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
          <div className="flex items-end justify-between gap-4">
            <h2 id="featured-heading" className="text-2xl font-bold tracking-tight">
              {t("home.featured")}
            </h2>
            <Link to={lp("/products")} className="text-sm font-semibold text-brand-700 hover:text-brand-800 hover:underline">
              {t("home.shopAll")} <span aria-hidden="true">→</span>
            </Link>
          </div>
          <div className="mt-6">
            <ProductGrid products={featured} />
          </div>
        </section>
      ) : null}

      {categories.length > 0 ? (
        <section aria-labelledby="categories-heading" className="mx-auto max-w-6xl px-4 py-10 sm:px-6">
          <h2 id="categories-heading" className="scroll-mt-28 text-2xl font-bold tracking-tight">
            {t("home.byCategory")}
          </h2>
          <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {categories.map((category) => (
              <li key={category.slug}>
                <Link
                  to={lp(`/c/${category.slug}`)}
                  prefetch="intent"
                  className="flex h-full flex-col rounded-lg border border-stone-200 bg-gradient-to-br from-brand-50 to-white p-5 hover:border-brand-600 hover:shadow-sm"
                >
                  <span className="text-lg font-semibold text-stone-900">{category.name}</span>
                  {category.description ? (
                    <span className="mt-1 line-clamp-2 text-sm text-stone-600">{category.description}</span>
                  ) : null}
                  <span className="mt-auto pt-3 text-sm font-medium text-brand-700">
                    {t("home.products", { count: category.productCount })} <span aria-hidden="true">→</span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="why-heading" className="mx-auto max-w-6xl px-4 py-14 sm:px-6">
        <h2 id="why-heading" className="text-2xl font-bold tracking-tight">
          {t("home.why")}
        </h2>
        <ul className="mt-8 grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
          {valueProps.map((prop) => (
            <li key={prop} className="rounded-lg border border-stone-200 p-5">
              <h3 className="font-semibold text-stone-900">{t(`home.props.${prop}.title`)}</h3>
              <p className="mt-2 text-sm text-stone-600">{t(`home.props.${prop}.body`)}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
