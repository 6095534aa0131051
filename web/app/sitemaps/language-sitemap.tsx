import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { listCategories, listProducts, siteOrigin, type ProductListItem } from "~/lib/catalog.server";
import { DEFAULT_LANGUAGE, LANGUAGES, languageFromPath, localizePath, type Language } from "~/lib/i18n";

/** The sitemap protocol allows 50,000 URLs per file. */
const MAX_URLS = 50_000;
const PAGE_LIMIT = 100;
/** Pages fetched at once after the first, to bound the burst on the API. */
const CONCURRENCY = 6;

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[char] ?? char);
}

async function productPage(context: LoaderFunctionArgs["context"], page: number) {
  // "newest" is a total order that does not depend on ratings changing mid-walk.
  const query = new URLSearchParams({ page: String(page), limit: String(PAGE_LIMIT), sort: "newest" });
  const result = await listProducts(context, query);
  if (!result.ok) throw new Response("The catalog is unavailable", { status: 503 });
  return result.value;
}

/** Every active product, walking the API's pages (the first says how many there are). */
async function allProducts(context: LoaderFunctionArgs["context"], budget: number): Promise<ProductListItem[]> {
  const first = await productPage(context, 1);
  const pages = Math.min(Math.ceil(first.total / PAGE_LIMIT), Math.ceil(budget / PAGE_LIMIT));
  const items = [...first.items];
  for (let start = 2; start <= pages; start += CONCURRENCY) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, pages - start + 1) }, (_, i) => productPage(context, start + i)),
    );
    for (const page of batch) items.push(...page.items);
  }
  const seen = new Set<string>();
  return items.filter((item) => item.isActive && !seen.has(item.slug) && seen.add(item.slug)).slice(0, budget);
}

/** The sitemap of one language's pages: mounted at /sitemap-<lang>.xml by routes.ts. */
export function sitemapPath(lang: Language): string {
  return `/sitemap-${lang}.xml`;
}

/** The language a sitemap URL is for: "/sitemap-de.xml" → "de". */
function sitemapLanguage(request: Request): Language {
  const match = /^\/sitemap-([a-z]{2})\.xml$/.exec(new URL(request.url).pathname);
  return languageFromPath(match ? `/${match[1]}` : "/");
}

/**
 * GET /sitemap-<lang>.xml: the home page, the listings, every category and every active product
 * in one language, each with its alternates in every language (and x-default, the English page).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const lang = sitemapLanguage(request);
  const origin = siteOrigin(context);
  const categories = await listCategories(context);
  const fixed = ["/", "/products", ...categories.map((category) => `/c/${category.slug}`)];
  const products = await allProducts(context, MAX_URLS - fixed.length);

  const entry = (path: string) => {
    const href = (code: Language) => escapeXml(origin + localizePath(path, code));
    const alternates = LANGUAGES.map((code) => `<xhtml:link rel="alternate" hreflang="${code}" href="${href(code)}"/>`);
    alternates.push(`<xhtml:link rel="alternate" hreflang="x-default" href="${href(DEFAULT_LANGUAGE)}"/>`);
    return `  <url><loc>${href(lang)}</loc>${alternates.join("")}</url>`;
  };
  const urls = [...fixed, ...products.map((product) => `/p/${product.slug}`)].map(entry);
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${urls.join("\n")}\n</urlset>\n`;
  return new Response(body, {
    headers: {
      "Content-Type": "application/xml; charset=utf-8",
      "Cache-Control": "public, max-age=3600, s-maxage=3600",
    },
  });
}
