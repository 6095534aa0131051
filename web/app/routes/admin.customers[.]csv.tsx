import type { LoaderFunctionArgs } from "@remix-run/cloudflare";
import { adminDownload, apiPath, requireAdmin, textParam } from "~/lib/admin.server";

/** The customers list's CSV: the same search as /admin/customers, streamed from the API. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  return adminDownload(request, context, apiPath("/admin/customers.csv", { q: textParam(new URL(request.url), "q", 100) }));
}
