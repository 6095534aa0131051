import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { siteOrigin } from "~/lib/catalog.server";

/** Private pages crawlers have no business in (they would only see a sign-in page or an empty cart). */
const DISALLOW = ["/account", "/cart", "/checkout", "/admin"];

/** GET /robots.txt, with the sitemap's absolute URL. */
export function loader({ context }: LoaderFunctionArgs) {
  const body = [
    "User-agent: *",
    "Allow: /",
    ...DISALLOW.map((path) => `Disallow: ${path}`),
    "",
    `Sitemap: ${siteOrigin(context)}/sitemap.xml`,
    "",
  ].join("\n");
  return new Response(body, {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
