import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { PRIVATE_NO_STORE } from "~/lib/cache.server";
import { apiAsUser } from "~/lib/session.server";
import { readJson } from "~/lib/api.server";
import { orderStatusView } from "~/lib/orders.server";
import { orderTokenOf } from "~/lib/guest-orders.server";

/**
 * GET /orders/:id/status → { status, paymentStatus }: what the order page polls while a
 * payment is processing. A resource route (no component), so a poll costs one API call
 * rather than every loader of the page. Signed out → 401, another user's order → 404.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const headers = new Headers({ "Cache-Control": PRIVATE_NO_STORE });
  const path = `/orders/${encodeURIComponent(params.id ?? "")}`;
  // A guest's page polls with its order token; everyone else with their session.
  const orderToken = orderTokenOf(request);
  const { response, headers: sessionHeaders } = orderToken
    ? { response: await context.api(path, { headers: { "x-order-token": orderToken } }), headers: new Headers() }
    : await apiAsUser(request, context, path);
  for (const cookie of sessionHeaders.getSetCookie()) headers.append("Set-Cookie", cookie);
  if (!response.ok) {
    const status = response.status === 401 || response.status === 404 ? response.status : response.status === 400 ? 404 : 503;
    return Response.json({ error: status === 404 ? "not_found" : status === 401 ? "unauthenticated" : "unavailable" }, { status, headers });
  }
  const order = await readJson(response, orderStatusView, "GET /orders/:id");
  return Response.json({ status: order.status, paymentStatus: order.paymentStatus }, { headers });
}
