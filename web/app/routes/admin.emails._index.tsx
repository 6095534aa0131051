import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { emailSummarySchema } from "../../../workers/domain/schemas/admin";
import { pageOf } from "../../../workers/domain/schemas/common";
import { EMAIL_STATUSES } from "../../../workers/domain/statuses";
import { LocalTime } from "~/components/local-time";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { EMAIL_STATUS_TONES } from "~/components/admin/format";
import { Badge, DataTable, FilterBar, PagedResults, PageHeader, Select, Td, TextInput, Th, withAnyOption } from "~/components/admin/ui";
import { adminGet, adminHeaders, apiPath, enumParam, pageParam, PAGE_SIZE, requireAdmin, textParam } from "~/lib/admin.server";
import { pageTitle } from "~/lib/navigation";

export const meta: MetaFunction = () => [{ title: pageTitle("Emails · Admin") }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const url = new URL(request.url);
  const page = pageParam(url);
  const status = enumParam(url, "status", EMAIL_STATUSES);
  const to = textParam(url, "to", 254);
  const list = await adminGet(request, context, apiPath("/admin/emails", { status, to, page, limit: PAGE_SIZE }), pageOf(emailSummarySchema));
  return data({ emails: list.items, total: list.total, page, limit: PAGE_SIZE, status: status ?? "", to: to ?? "" }, { headers: adminHeaders(context) });
}

export default function AdminEmails() {
  const { emails, total, page, limit, status, to } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader title="Emails" description="The outbox: every email the store sent or is sending, newest first. Locally this is the mail catcher." />
      <FilterBar label="Filter emails" resetHref="/admin/emails">
        <Select label="Status" name="status" defaultValue={status} options={withAnyOption("Any status", EMAIL_STATUSES)} />
        <TextInput label="Recipient" name="to" type="email" defaultValue={to} maxLength={254} className="min-w-56 flex-1" hint="The exact address." />
      </FilterBar>
      <PagedResults itemCount={emails.length} empty={status || to ? "No emails match these filters." : "No emails yet."} page={page} limit={limit} total={total}>
        <DataTable caption="Emails in the outbox" stacked>
          <thead>
            <tr>
              <Th>To</Th>
              <Th>Subject</Th>
              <Th priority="low">Template</Th>
              <Th>Status</Th>
              <Th numeric priority="low">Attempts</Th>
              <Th priority="medium">Created</Th>
              <Th priority="low">Sent</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {emails.map((email) => (
              <tr key={email.id}>
                {/* Dates may wrap (day, then time) so that every column fits beside the sidebar. */}
                <Td label="To" truncate title={email.to}>
                  {email.to}
                </Td>
                <Td label="Subject" truncate title={email.subject}>
                  <Link to={`/admin/emails/${email.id}`} className="font-medium text-brand-700 underline">
                    {email.subject}
                  </Link>
                </Td>
                <Td label="Template" priority="low" className="font-mono text-xs">
                  {email.template}
                </Td>
                <Td label="Status">
                  <Badge tone={EMAIL_STATUS_TONES[email.status] ?? "grey"}>{email.status}</Badge>
                  {email.attempts > 1 ? <span className="ml-1 text-xs text-stone-600 xl:hidden">after {email.attempts} attempts</span> : null}
                  {email.lastError ? (
                    <span className="mt-1 block max-w-56 truncate text-xs text-red-700" title={email.lastError}>
                      {email.lastError}
                    </span>
                  ) : null}
                </Td>
                <Td label="Attempts" numeric priority="low">
                  {email.attempts}
                </Td>
                <Td label="Created" priority="medium" className="min-w-28">
                  <LocalTime iso={email.createdAt} />
                </Td>
                <Td label="Sent" priority="low" className="min-w-28">
                  <LocalTime iso={email.sentAt} />
                </Td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </PagedResults>
    </div>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
