import { fixedT, languageFromPath, localizePath, requestLanguage } from "~/lib/i18n";
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { useLoaderData } from "@remix-run/react";
import { ListingView } from "~/components/listing";
import { catalogCacheHeaders, catalogHeaders } from "~/lib/cache.server";
import { listCategories, siteOrigin } from "~/lib/catalog.server";
import { loadListing } from "~/lib/listing.server";
import { excerpt, seoMeta } from "~/lib/seo";

export const headers = catalogHeaders;

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, location }) => {
  const t = fixedT(languageFromPath(location.pathname));
  if (!loaderData) return seoMeta({ title: t("category.notFoundTitle"), description: t("category.notFoundBody") });
  const { category, listing } = loaderData;
  const page = listing.filters.page;
  return seoMeta({
    title: page > 1 ? t("listing.titlePage", { title: category.name, page }) : category.name,
    description: category.description
      ? excerpt(category.description)
      : t("category.description", { name: category.name, count: category.productCount }),
    canonical: loaderData.canonical,
  });
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  const url = new URL(request.url);
  const lang = requestLanguage(request);
  // A category page offers no other category as a filter. An older link that names some
  // (the form once did) means "these categories": all products filtered to them.
  if (url.searchParams.has("category")) {
    const rest = new URLSearchParams(url.searchParams);
    rest.delete("page");
    throw redirect(localizePath(`/products?${rest}`, lang));
  }

  const categories = await listCategories(context);
  const category = categories.find((entry) => entry.slug === slug);
  if (!category) throw new Response("Not found", { status: 404 });

  const listing = await loadListing(request, context, { kind: "category", category: slug });
  const page = listing.filters.page;
  const canonical = `${siteOrigin(context)}${localizePath(`/c/${slug}`, lang)}${page > 1 ? `?page=${page}` : ""}`;
  return data(
    { category: { slug: category.slug, name: category.name, description: category.description, productCount: category.productCount }, listing, canonical },
    { headers: await catalogCacheHeaders(request, context) },
  );
}

export default function CategoryPage() {
  const { category, listing } = useLoaderData<typeof loader>();
  return (
    <ListingView
      data={listing}
      heading={category.name}
      intro={category.description ? <p>{category.description}</p> : undefined}
    />
  );
}
