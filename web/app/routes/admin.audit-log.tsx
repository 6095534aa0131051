import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { actionPhrase, AUDIT_ACTIONS, changeLines } from "../../../workers/domain/audit";
import { auditEntrySchema } from "../../../workers/domain/schemas/admin";
import { pageOf } from "../../../workers/domain/schemas/common";
import { LocalTime } from "~/components/local-time";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { DataTable, FilterBar, PagedResults, PageHeader, Select, Td, TextInput, Th, withAnyOption } from "~/components/admin/ui";
import { adminGet, adminHeaders, apiPath, pageParam, PAGE_SIZE, requireAdmin, textParam } from "~/lib/admin.server";
import { pageTitle } from "~/lib/navigation";

export const meta: MetaFunction = () => [{ title: pageTitle("Audit log · Admin") }, { name: "robots", content: "noindex, nofollow" }];

/** The entity types the API records (workers/routes/*: auditEntry calls). */
const ENTITY_TYPES = ["product", "category", "sku", "order", "payment", "return", "review", "user", "promotion", "market", "shipping_zone", "failed_job"] as const;

const ENTITY_LABELS: Record<string, string> = { sku: "SKU", shipping_zone: "shipping zone", failed_job: "failed job" };
const entityLabel = (type: string) => ENTITY_LABELS[type] ?? type;

const text = (value: unknown) => (typeof value === "string" ? value : undefined);

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const url = new URL(request.url);
  const page = pageParam(url);
  const action = textParam(url, "action", 60);
  const entityType = textParam(url, "entityType", 40);
  const entityId = textParam(url, "entityId", 64);
  const actorId = textParam(url, "actorId", 64);
  const list = await adminGet(request, context, apiPath("/admin/audit-log", { action, entityType, entityId, actorId, page, limit: PAGE_SIZE }), pageOf(auditEntrySchema));
  const entries = list.items.map((entry) => {
    const details = entry.details;
    const sku = text(details?.sku);
    const variant = text(details?.variantTitle);
    return {
      id: entry.id,
      createdAt: entry.createdAt,
      actorId: entry.actorId,
      actor: entry.actorName ?? entry.actorEmail ?? entry.actorId,
      actorEmail: entry.actorName ? entry.actorEmail : null,
      phrase: actionPhrase(entry.action),
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      entityName: entry.entityName,
      // A variant's entry is on its product: say which variant.
      context: sku && entry.entityType === "product" ? `variant ${variant ? `${variant}, ` : ""}SKU ${sku}` : null,
      changes: changeLines(entry.action, details, text(details?.currency) ?? "USD"),
      raw: JSON.stringify({ id: entry.id, action: entry.action, entityType: entry.entityType, entityId: entry.entityId, actorId: entry.actorId, details, requestId: entry.requestId }, null, 2),
    };
  });
  return data(
    { entries, total: list.total, page, limit: PAGE_SIZE, action: action ?? "", entityType: entityType ?? "", entityId: entityId ?? "", actorId: actorId ?? "", actions: AUDIT_ACTIONS },
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
  const { entries, total, page, limit, action, entityType, entityId, actorId, actions } = useLoaderData<typeof loader>();
  const types: string[] = [...ENTITY_TYPES];
  if (entityType && !types.includes(entityType)) types.push(entityType);
  const actionOptions = [...actions];
  if (action && !actionOptions.includes(action)) actionOptions.push(action);
  return (
    <div>
      <PageHeader title="Audit log" description="Every administrator action, newest first: who did what to which record, and what changed. The raw entry, with its request id, is under each one." />
      <FilterBar label="Filter the audit log" resetHref="/admin/audit-log">
        <Select label="Action" name="action" defaultValue={action} options={withAnyOption("Any action", actionOptions, (value) => `${value.split(".")[0]!.replaceAll("_", " ")}: ${actionPhrase(value)}`)} />
        <Select label="Record type" name="entityType" defaultValue={entityType} options={withAnyOption("Any type", types, entityLabel)} />
        <TextInput label="Record id" name="entityId" defaultValue={entityId} maxLength={64} className="min-w-40" />
        {actorId ? <input type="hidden" name="actorId" value={actorId} /> : null}
      </FilterBar>
      {actorId ? (
        <p className="mt-3 text-sm text-stone-700">
          Only one administrator's actions.{" "}
          <Link to="/admin/audit-log" className="font-medium text-brand-700 underline">
            Show everyone's
          </Link>
        </p>
      ) : null}
      <PagedResults
        itemCount={entries.length}
        empty={action || entityType || entityId || actorId ? "No entries match these filters." : "No administrator actions recorded yet."}
        page={page}
        limit={limit}
        total={total}
      >
        <DataTable caption="Audit log entries" stacked>
          <thead>
            <tr>
              <Th>When</Th>
              <Th>Who</Th>
              <Th>What</Th>
              <Th>Changes</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {entries.map((entry) => {
              const href = entityHref(entry.entityType, entry.entityId);
              const name = entry.entityName ?? `${entityLabel(entry.entityType)} ${entry.entityId}`;
              return (
                <tr key={entry.id}>
                  <Td label="When" className="whitespace-nowrap">
                    <LocalTime iso={entry.createdAt} />
                  </Td>
                  <Td label="Who">
                    {entry.actorId ? (
                      <Link to={`?actorId=${encodeURIComponent(entry.actorId)}`} className="font-medium hover:underline" title="Only this administrator's actions">
                        {entry.actor}
                      </Link>
                    ) : (
                      "The system"
                    )}
                    {entry.actorEmail ? <span className="block text-xs text-stone-500">{entry.actorEmail}</span> : null}
                  </Td>
                  <Td label="What">
                    <p>
                      {entry.phrase}{" "}
                      {href ? (
                        <Link to={href} className="font-medium text-brand-700 underline">
                          {name}
                        </Link>
                      ) : (
                        <span className="font-medium">{name}</span>
                      )}
                      {entry.context ? <span className="text-stone-600"> ({entry.context})</span> : null}
                    </p>
                    <details className="mt-1 text-xs text-stone-600">
                      <summary className="cursor-pointer">Raw entry</summary>
                      <pre className="mt-1 max-w-md overflow-x-auto rounded bg-stone-50 p-2 text-xs whitespace-pre-wrap break-all text-stone-800">{entry.raw}</pre>
                    </details>
                  </Td>
                  <Td label="Changes">
                    {entry.changes.length ? (
                      <ul className="space-y-0.5 text-sm">
                        {entry.changes.map((change) => (
                          <li key={change.field}>
                            <span className="text-stone-600">{change.field}:</span> {change.from} <span aria-hidden="true">→</span>
                            <span className="sr-only"> changed to </span> {change.to}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="text-stone-500">—</span>
                    )}
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
