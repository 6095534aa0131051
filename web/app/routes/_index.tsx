import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { ProductGrid } from "~/components/product-card";
import { catalogCacheHeaders, catalogHeaders } from "~/lib/cache.server";
import { listCategoriesSafely, listProducts, siteOrigin } from "~/lib/catalog.server";
import { plural } from "../../../workers/domain/money";
import { seoMeta } from "~/lib/seo";
import { useOptionalUser } from "~/lib/user";

export const headers = catalogHeaders;

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) =>
  seoMeta({
    title: "Shopping that keeps up with you",
    description:
      "Edgeware is an online store built to be fast wherever you are, with live stock, secure checkout and order tracking from payment to your door.",
    canonical: loaderData?.canonical,
  });

const FEATURED_COUNT = 8;

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Without a query the API lists featured products first, then the newest: exactly a
  // "featured" shelf that never runs empty.
  const featuredQuery = new URLSearchParams({ limit: String(FEATURED_COUNT), page: "1" });
  // The home page must not fail with the catalog: its shelves are left out instead.
  const [featured, categories] = await Promise.all([
    listProducts(context, featuredQuery).catch(() => null),
    listCategoriesSafely(context),
  ]);
  return data(
    {
      featured: featured?.ok ? featured.value.items : [],
      categories: categories
        .filter((category) => category.productCount > 0)
        .map(({ slug, name, description, productCount }) => ({ slug, name, description, productCount })),
      canonical: `${siteOrigin(context)}/`,
    },
    { headers: await catalogCacheHeaders(request, context) },
  );
}

const valueProps = [
  {
    title: "Fast, wherever you are",
    body: "Pages are served from the network edge close to you, so browsing and checkout stay quick on any connection.",
  },
  {
    title: "Stock you can trust",
    body: "Availability is live, and what you order is held for you the moment you check out, so it can't sell out under you.",
  },
  {
    title: "Secure checkout",
    body: "Card payments go straight to our payment provider; your card number never touches our servers.",
  },
  {
    title: "Follow every order",
    body: "From payment to dispatch to delivery, you get an update at every step, with tracking once it ships.",
  },
] as const;

export default function Home() {
  const user = useOptionalUser();
  const { featured, categories } = useLoaderData<typeof loader>();

  return (
    <>
      <section aria-labelledby="hero-heading" className="bg-gradient-to-b from-brand-50 to-white">
        <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6 sm:py-24">
          <p className="text-sm font-semibold tracking-wide text-brand-700 uppercase">Welcome to Edgeware</p>
          <h1 id="hero-heading" className="mt-3 max-w-3xl text-4xl font-bold tracking-tight text-stone-900 sm:text-5xl">
            Shopping that keeps up with you.
          </h1>
          <p className="mt-5 max-w-2xl text-lg text-stone-700">
            A store built to be quick and dependable: live stock, a checkout that holds your items while you pay, and
            updates from the moment you order until it reaches your door.
          </p>
          <div className="mt-8 flex flex-col gap-3 sm:flex-row">
            {user ? (
              <Link
                to="/account"
                className="rounded-md bg-brand-700 px-5 py-3 text-center font-semibold text-white hover:bg-brand-800"
              >
                Go to your account
              </Link>
            ) : (
              <>
                <Link
                  to="/register"
                  className="rounded-md bg-brand-700 px-5 py-3 text-center font-semibold text-white hover:bg-brand-800"
                >
                  Create an account
                </Link>
                <Link
                  to="/login"
                  className="rounded-md border border-stone-300 bg-white px-5 py-3 text-center font-semibold text-stone-800 hover:bg-stone-50"
                >
                  Sign in
                </Link>
              </>
            )}
          </div>
        </div>
      </section>


      {featured.length > 0 ? (
        <section aria-labelledby="featured-heading" className="mx-auto max-w-6xl px-4 py-10 sm:px-6">
          <div className="flex items-end justify-between gap-4">
            <h2 id="featured-heading" className="text-2xl font-bold tracking-tight">
              Featured products
            </h2>
            <Link to="/products" className="text-sm font-semibold text-brand-700 hover:text-brand-800 hover:underline">
              Shop all products <span aria-hidden="true">→</span>
            </Link>
          </div>
          <div className="mt-6">
            <ProductGrid products={featured} />
          </div>
        </section>
      ) : null}

      {categories.length > 0 ? (
        <section aria-labelledby="categories-heading" className="mx-auto max-w-6xl px-4 py-10 sm:px-6">
          <h2 id="categories-heading" className="text-2xl font-bold tracking-tight">
            Shop by category
          </h2>
          <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {categories.map((category) => (
              <li key={category.slug}>
                <Link
                  to={`/c/${category.slug}`}
                  prefetch="intent"
                  className="flex h-full flex-col rounded-lg border border-stone-200 bg-gradient-to-br from-brand-50 to-white p-5 hover:border-brand-600 hover:shadow-sm"
                >
                  <span className="text-lg font-semibold text-stone-900">{category.name}</span>
                  {category.description ? (
                    <span className="mt-1 line-clamp-2 text-sm text-stone-600">{category.description}</span>
                  ) : null}
                  <span className="mt-auto pt-3 text-sm font-medium text-brand-700">
                    {plural(category.productCount, "product")} <span aria-hidden="true">→</span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="why-heading" className="mx-auto max-w-6xl px-4 py-14 sm:px-6">
        <h2 id="why-heading" className="text-2xl font-bold tracking-tight">
          Why shop with us
        </h2>
        <ul className="mt-8 grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
          {valueProps.map((prop) => (
            <li key={prop.title} className="rounded-lg border border-stone-200 p-5">
              <h3 className="font-semibold text-stone-900">{prop.title}</h3>
              <p className="mt-2 text-sm text-stone-600">{prop.body}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
