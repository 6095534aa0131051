import { localizePath, requestLanguage } from "~/lib/i18n";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import { assertSameOrigin } from "~/lib/csrf.server";
import { endUserSession } from "~/lib/session.server";

// Signing out changes state, so it is POST only; a GET (a link, a prefetch, an <img> on
// another site) just goes home.
export function loader({ request }: LoaderFunctionArgs) {
  return redirect(localizePath("/", requestLanguage(request)));
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const cookie = await endUserSession(request, context);
  return redirect(localizePath("/", requestLanguage(request)), { headers: { "Set-Cookie": cookie } });
}
