import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { ORDER_STATUS_NAMES } from "~/components/admin/format";
import { adminDownload, apiPath, enumParam, requireAdmin, textParam } from "~/lib/admin.server";

/** The orders list's CSV: the same filters as /admin/orders, streamed from the API. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const url = new URL(request.url);
  return adminDownload(
    request,
    context,
    apiPath("/admin/orders.csv", {
      status: enumParam(url, "status", ORDER_STATUS_NAMES),
      userId: textParam(url, "userId", 64),
      q: textParam(url, "q", 100),
    }),
  );
}
