import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { useLoaderData } from "@remix-run/react";
import { ListingView } from "~/components/listing";
import { catalogCacheHeaders, catalogHeaders } from "~/lib/cache.server";
import { siteOrigin } from "~/lib/catalog.server";
import { listingHref } from "~/lib/listing";
import { loadListing } from "~/lib/listing.server";
import { seoMeta } from "~/lib/seo";

export const headers = catalogHeaders;

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => {
  const q = loaderData?.listing.filters.q ?? "";
  return seoMeta({
    title: q ? `Search results for “${q}”` : "Search",
    description: q ? `Products matching “${q}” at Edgeware.` : "Search the Edgeware catalog.",
    canonical: loaderData?.canonical,
    // Result pages are endless variations of the catalog: let crawlers follow, not index.
    noindex: true,
  });
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const listing = await loadListing(request, context, { kind: "search" });
  const q = listing.filters.q;
  const canonical = `${siteOrigin(context)}/search${q ? `?${new URLSearchParams({ q })}` : ""}`;
  return data({ listing, canonical }, { headers: await catalogCacheHeaders(request, context) });
}

export default function Search() {
  const { listing } = useLoaderData<typeof loader>();
  const q = listing.filters.q;
  return (
    <ListingView
      data={listing}
      heading={q ? <>Results for “{q}”</> : "Search"}
      clearHref={listingHref("/search", { ...listing.filters, category: null, brand: null, min: "", max: "", inStock: false })}
    />
  );
}
