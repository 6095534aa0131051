import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { auditEntrySchema } from "../../../workers/domain/schemas/admin";
import { pageOf } from "../../../workers/domain/schemas/common";
import { LocalTime } from "~/components/local-time";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { DataTable, FilterBar, PagedResults, PageHeader, Select, Td, TextInput, Th, withAnyOption } from "~/components/admin/ui";
import { adminGet, adminHeaders, apiPath, pageParam, PAGE_SIZE, requireAdmin, textParam } from "~/lib/admin.server";
import { pageTitle } from "~/lib/navigation";

export const meta: MetaFunction = () => [{ title: pageTitle("Audit log · Admin") }, { name: "robots", content: "noindex, nofollow" }];

/** The entity types the API records (workers/routes/*: auditEntry calls). */
const ENTITY_TYPES = ["product", "category", "sku", "order", "payment", "review", "user", "failed_job"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const url = new URL(request.url);
  const page = pageParam(url);
  const entityType = textParam(url, "entityType", 40);
  const entityId = textParam(url, "entityId", 64);
  const actorId = textParam(url, "actorId", 64);
  const list = await adminGet(request, context, apiPath("/admin/audit-log", { entityType, entityId, actorId, page, limit: PAGE_SIZE }), pageOf(auditEntrySchema));
  const entries = list.items.map((entry) => ({ ...entry, details: entry.details ? JSON.stringify(entry.details) : null }));
  return data(
    { entries, total: list.total, page, limit: PAGE_SIZE, entityType: entityType ?? "", entityId: entityId ?? "", actorId: actorId ?? "" },
    { headers: adminHeaders(context) },
  );
}

/** Where an audited record can be seen in the admin section. */
function entityHref(type: string, id: string): string | null {
  switch (type) {
    case "product":
      return `/admin/products/${encodeURIComponent(id)}`;
    case "order":
      return `/admin/orders/${encodeURIComponent(id)}`;
    case "sku":
      return `/admin/stock?sku=${encodeURIComponent(id)}`;
    case "category":
      return "/admin/categories";
    case "user":
      return `/admin/orders?userId=${encodeURIComponent(id)}`;
    default:
      return null;
  }
}

export default function AdminAuditLog() {
  const { entries, total, page, limit, entityType, entityId, actorId } = useLoaderData<typeof loader>();
  const types: string[] = [...ENTITY_TYPES];
  if (entityType && !types.includes(entityType)) types.push(entityType);
  return (
    <div>
      <PageHeader title="Audit log" description="Every administrator action, newest first: who did what to which record, with the request id to find it in the logs." />
      <FilterBar label="Filter the audit log" resetHref="/admin/audit-log">
        <Select label="Record type" name="entityType" defaultValue={entityType} options={withAnyOption("Any type", types)} />
        <TextInput label="Record id" name="entityId" defaultValue={entityId} maxLength={64} className="min-w-40" />
        <TextInput label="Actor id" name="actorId" defaultValue={actorId} maxLength={64} className="min-w-40" />
      </FilterBar>
      <PagedResults
        itemCount={entries.length}
        empty={entityType || entityId || actorId ? "No entries match these filters." : "No administrator actions recorded yet."}
        page={page}
        limit={limit}
        total={total}
      >
        <DataTable caption="Audit log entries">
          <thead>
            <tr>
              <Th>When</Th>
              <Th>Actor</Th>
              <Th>Action</Th>
              <Th>Record</Th>
              <Th>Details</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {entries.map((entry) => {
              const href = entityHref(entry.entityType, entry.entityId);
              return (
                <tr key={entry.id}>
                  <Td className="whitespace-nowrap"><LocalTime iso={entry.createdAt} /></Td>
                  <Td>
                    {entry.actorId ? (
                      <Link to={`?actorId=${encodeURIComponent(entry.actorId)}`} className="hover:underline" title="Only this actor's entries">
                        {entry.actorEmail ?? entry.actorId}
                      </Link>
                    ) : (
                      "system"
                    )}
                  </Td>
                  <Td className="font-mono text-xs">{entry.action}</Td>
                  <Td>
                    <span className="text-xs text-stone-500">{entry.entityType} </span>
                    {href ? (
                      <Link to={href} className="font-mono text-xs text-brand-700 underline">
                        {entry.entityId}
                      </Link>
                    ) : (
                      <span className="font-mono text-xs">{entry.entityId}</span>
                    )}
                  </Td>
                  <Td>
                    {entry.details ? <code className="block max-w-md text-xs break-all text-stone-700">{entry.details}</code> : null}
                    {entry.requestId ? <span className="block text-xs text-stone-500">request {entry.requestId}</span> : null}
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </DataTable>
      </PagedResults>
    </div>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
