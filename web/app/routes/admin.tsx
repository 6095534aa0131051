import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Outlet, useLoaderData } from "@remix-run/react";
import { AdminLayoutErrorBoundary, AdminShell } from "~/components/admin/admin-shell";
import { TimeZoneProvider } from "~/components/local-time";
import { requireAdmin } from "~/lib/admin.server";
import type { ChromeHandle } from "~/lib/chrome";
import { requestTimeZone } from "~/lib/time-zone";
import { pageTitle } from "~/lib/navigation";

/** The admin draws its own frame (AdminShell): no store header, footer or search. */
export const handle: ChromeHandle = { chrome: "admin" };

export const meta: MetaFunction = () => [{ title: pageTitle("Admin") }, { name: "robots", content: "noindex, nofollow" }];

/**
 * The admin layout. Its check only decides what the layout shows: each child loader and
 * action runs its own requireAdmin, since Remix runs loaders in parallel.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, headers } = await requireAdmin(request, context);
  return data({ adminName: user.name, timeZone: requestTimeZone(request) }, { headers });
}

/** Admin pages hold private data: never stored by a browser or a cache. */
export function headers() {
  return { "Cache-Control": "private, no-store" };
}

export default function AdminLayout() {
  const { adminName, timeZone } = useLoaderData<typeof loader>();
  return (
    <TimeZoneProvider value={timeZone}>
      <AdminShell adminName={adminName}>
        <Outlet />
      </AdminShell>
    </TimeZoneProvider>
  );
}

export const ErrorBoundary = AdminLayoutErrorBoundary;
