import { redirect, type LoaderFunctionArgs } from "@remix-run/cloudflare";

// English has no prefix: "/en/…" is the same page at its one address.
function unprefixed(request: Request): Response {
  const url = new URL(request.url);
  const rest = url.pathname.replace(/^\/en(?=\/|$)/, "") || "/";
  return redirect(`${rest}${url.search}`, 301);
}

export function loader({ request }: LoaderFunctionArgs) {
  return unprefixed(request);
}

export function action({ request }: LoaderFunctionArgs) {
  return unprefixed(request);
}
