import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { siteOrigin } from "~/lib/catalog.server";
import { LANGUAGES } from "~/lib/i18n";
import { sitemapPath } from "~/sitemaps/language-sitemap";

/** GET /sitemap.xml: a sitemap index naming one sitemap per language (decision 014). */
export function loader({ context }: LoaderFunctionArgs) {
  const origin = siteOrigin(context);
  const entries = LANGUAGES.map((lang) => `  <sitemap><loc>${origin}${sitemapPath(lang)}</loc></sitemap>`);
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join("\n")}\n</sitemapindex>\n`;
  return new Response(body, {
    headers: {
      "Content-Type": "application/xml; charset=utf-8",
      "Cache-Control": "public, max-age=3600, s-maxage=3600",
    },
  });
}
