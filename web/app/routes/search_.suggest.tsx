import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { suggest } from "~/lib/catalog.server";
import { INTL_LOCALES, requestLanguage } from "~/lib/i18n";
import { formatMoney } from "../../../workers/domain/money";

/**
 * GET /search/suggest?q= — the header search box's suggestions, as JSON: a thin proxy of the
 * API's /search/suggest (past searches, categories and products, in the page's language, all
 * by the starts of their words), priced in the visitor's market. Browsers may reuse it for a minute.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim();
  const locale = INTL_LOCALES[requestLanguage(request)];
  const found = q.length >= 1 && q.length <= 200 ? await suggest(context, q) : { items: [], categories: [], queries: [] };
  return Response.json(
    {
      queries: found.queries.map((entry) => entry.query),
      categories: found.categories.map((category) => ({ slug: category.slug, name: category.name })),
      items: found.items.slice(0, 8).map((item) => ({
        slug: item.slug,
        name: item.name,
        image: item.image,
        // In the suggestion's own currency (the market's), written the page's way.
        price: formatMoney(item.priceCents, item.currency, locale),
      })),
    },
    // Priced in the visitor's market: a browser may keep it (one visitor, one market), a
    // shared cache may not (decision 013), and a chosen market travels in the cookie.
    { headers: { "Cache-Control": "private, max-age=60", Vary: "Cookie" } },
  );
}
