import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import { z } from "zod";
import { assertSameOrigin } from "~/lib/csrf.server";
import { readFormData } from "~/lib/forms.server";
import { languageFromPath, localizePath, requestLanguage, stripLanguage } from "~/lib/i18n";
import { languageForMarket, listMarketsSafely, marketCookie } from "~/lib/markets.server";
import { safeRedirect } from "~/lib/redirect";

const marketForm = z.object({ market: z.string().min(1).max(32), returnTo: z.string().optional() });

// The header's country selector posts here; a GET (a prefetch, a typed address) goes home.
export function loader({ request }: LoaderFunctionArgs) {
  return redirect(localizePath("/", requestLanguage(request)));
}

/** POST /market: remembers the chosen market for a year and goes back to the page it came from. */
export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const parsed = marketForm.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) throw new Response("Choose a country from the list.", { status: 400 });
  const market = (await listMarketsSafely(context)).find((candidate) => candidate.id === parsed.data.market);
  if (!market) throw new Response("That country is not one we sell to.", { status: 400 });

  const back = safeRedirect(parsed.data.returnTo, localizePath("/", requestLanguage(request)));
  const url = new URL(back, "http://x.invalid");
  // An English page is the default nobody chose; a prefixed one is a language the shopper picked.
  const current = languageFromPath(url.pathname);
  const lang = current === "en" ? languageForMarket(market, current) : current;
  const target = `${localizePath(stripLanguage(url.pathname), lang)}${url.search}`;
  return redirect(target, { headers: { "Set-Cookie": marketCookie(request, market.id) } });
}

// Never rendered (the loader and action always redirect or throw); its presence makes this a page
// route, so a refused form renders the 4xx error page inside the layout instead of a bare body.
export default function Market() {
  return null;
}
