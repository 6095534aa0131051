import { useTranslation } from "react-i18next";
import { fixedT, languageFromPath, localizePath, requestLanguage } from "~/lib/i18n";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
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
  const listing = await loadListing(request, context, { kind: "all" });
  const page = listing.filters.page;
  const canonical = `${siteOrigin(context)}${localizePath("/products", requestLanguage(request))}${page > 1 ? `?page=${page}` : ""}`;
  return data({ listing, canonical }, { headers: await catalogCacheHeaders(request, context) });
}

export default function Products() {
  const { listing } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return <ListingView data={listing} heading={t("nav.allProducts")} />;
}
