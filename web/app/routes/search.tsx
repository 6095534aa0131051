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
  const q = loaderData?.listing.filters.q ?? "";
  return seoMeta({
    title: q ? t("search.resultsTitle", { q }) : t("search.title"),
    description: q ? t("search.resultsDescription", { q }) : t("search.description"),
    canonical: loaderData?.canonical,
    // Result pages are endless variations of the catalog: let crawlers follow, not index.
    noindex: true,
  });
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const listing = await loadListing(request, context, { kind: "search" });
  const q = listing.filters.q;
  const canonical = `${siteOrigin(context)}${localizePath("/search", requestLanguage(request))}${q ? `?${new URLSearchParams({ q })}` : ""}`;
  return data({ listing, canonical }, { headers: await catalogCacheHeaders(request, context) });
}

export default function Search() {
  const { listing } = useLoaderData<typeof loader>();
  const q = listing.filters.q;
  const { t } = useTranslation();
  return (
    <ListingView
      data={listing}
      heading={q ? t("search.resultsHeading", { q }) : t("search.title")}
    />
  );
}
