import { redirect, type ActionFunctionArgs } from "@remix-run/cloudflare";
import { assertSameOrigin } from "~/lib/csrf.server";
import { endUserSession } from "~/lib/session.server";

// Signing out changes state, so it is POST only; a GET (a link, a prefetch, an <img> on
// another site) just goes home.
export function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const cookie = await endUserSession(request, context);
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}
