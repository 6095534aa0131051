import { flatRoutes } from "@remix-run/fs-routes";
import { route, type RouteConfig, type RouteConfigEntry } from "@remix-run/route-config";

// File-system routes under web/app/routes (Remix flat-routes naming). Helpers live in
// web/app/lib and web/app/components, never in routes/, since every file there is a route.
//
// The storefront is mounted once per language: English at "/…", the others under a fixed
// prefix ("/de/…", "/fr/…", "/ja/…") with the same route files (decision 014). Fixed prefixes
// rather than an optional "($lang)" segment mean a bogus prefix matches no page at all (so no
// loader or action runs under it) and falls through to the 404 splat.
const LANGUAGE_PREFIXES = ["de", "fr", "ja"] as const;

/** Routes that stay English and unprefixed: the admin, and files crawlers fetch by name. */
function isStorefront(entry: RouteConfigEntry): boolean {
  const path = entry.path ?? "";
  return !/^(admin|sitemap|robots|en)\b/.test(path);
}

function underLanguage(entry: RouteConfigEntry, lang: string): RouteConfigEntry {
  return {
    ...entry,
    id: `${lang}/${entry.id ?? entry.file}`,
    ...(entry.children ? { children: entry.children.map((child) => underLanguage(child, lang)) } : {}),
  };
}

export default (async () => {
  const routes = await flatRoutes();
  const storefront = routes.filter(isStorefront);
  return [
    ...routes,
    // One sitemap per language, named by the index at /sitemap.xml.
    ...["en", ...LANGUAGE_PREFIXES].map((lang) => route(`sitemap-${lang}.xml`, "sitemaps/language-sitemap.tsx", { id: `sitemap-${lang}` })),
    ...LANGUAGE_PREFIXES.map((lang) =>
      route(lang, "language-layout.tsx", { id: `language-${lang}` }, storefront.map((entry) => underLanguage(entry, lang))),
    ),
  ];
})() satisfies Promise<RouteConfig>;
