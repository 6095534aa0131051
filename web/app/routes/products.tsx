import { useTranslation } from "react-i18next";
import { fixedT, languageFromPath, localizePath, requestLanguage, useLocalePath } from "~/lib/i18n";
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { useLoaderData } from "@remix-run/react";
import { ListingView } from "~/components/listing";
import { catalogCacheHeaders, catalogHeaders } from "~/lib/cache.server";
import { siteOrigin } from "~/lib/catalog.server";
import { loadListing } from "~/lib/listing.server";
import { seoMeta } from "~/lib/seo";

export const headers = catalogHeaders;

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, location }) => {
  const t = fixedT(languageFromPath(location.pathname));
  const page = loaderData?.listing.filters.page ?? 1;
  return seoMeta({
    title: page > 1 ? t("listing.titlePage", { title: t("nav.allProducts"), page }) : t("nav.allProducts"),
    description: t("products.description"),
    canonical: loaderData?.canonical,
  });
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // A category chosen in the filter form has its own page: keep one URL per category.
  const category = url.searchParams.get("category");
  if (category) {
    const rest = new URLSearchParams(url.searchParams);
    rest.delete("category");
    rest.delete("page");
    const query = rest.toString();
    throw redirect(localizePath(`/c/${encodeURIComponent(category.trim().toLowerCase())}${query ? `?${query}` : ""}`, requestLanguage(request)));
  }
  const listing = await loadListing(request, context, { kind: "all" });
  const page = listing.filters.page;
  const canonical = `${siteOrigin(context)}${localizePath("/products", requestLanguage(request))}${page > 1 ? `?page=${page}` : ""}`;
  return data({ listing, canonical }, { headers: await catalogCacheHeaders(request, context) });
}

export default function Products() {
  const { listing } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lp = useLocalePath();
  return <ListingView data={listing} heading={t("nav.allProducts")} clearHref={lp("/products")} />;
}
