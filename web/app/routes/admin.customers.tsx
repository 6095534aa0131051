import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { userSchema } from "../../../workers/domain/schemas/auth";
import { pageOf } from "../../../workers/domain/schemas/common";
import { LocalTime } from "~/components/local-time";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { Badge, buttonClass, ConfirmAction, DataTable, ErrorText, FilterBar, Notice, PagedResults, PageHeader, Select, Td, TextInput, Th, useFailure } from "~/components/admin/ui";
import { parseRoleChange } from "~/lib/admin-forms.server";
import {
  adminGet,
  adminHeaders,
  adminSend,
  apiPath,
  fail,
  failureFromProblem,
  noticeOf,
  pageParam,
  PAGE_SIZE,
  redirectWithNotice,
  requireAdmin,
  textParam,
  unconfirmed,
} from "~/lib/admin.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { readFormData } from "~/lib/forms.server";
import { pageTitle } from "~/lib/navigation";

const NOTICES = { role: "The role was changed and the change was recorded in the audit log." } as const;

export const meta: MetaFunction = () => [{ title: pageTitle("Customers · Admin") }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireAdmin(request, context);
  const url = new URL(request.url);
  const q = textParam(url, "q", 100);
  const page = pageParam(url);
  const list = await adminGet(request, context, apiPath("/users", { q, page, limit: PAGE_SIZE }), pageOf(userSchema));
  return data(
    { users: list.items, total: list.total, page, limit: PAGE_SIZE, q: q ?? "", selfId: user.id, notice: noticeOf(url, NOTICES) },
    { headers: adminHeaders(context) },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireAdmin(request, context);
  const formData = await readFormData(request);
  const notConfirmed = unconfirmed(formData, "role", String(formData.get("id") ?? ""));
  if (notConfirmed) return fail(context, notConfirmed);
  const parsed = parseRoleChange(formData);
  if (!parsed.ok) return fail(context, parsed.failure);
  const id = parsed.values.id ?? "";
  const sent = await adminSend(request, context, `/users/${encodeURIComponent(id)}`, { method: "PATCH", json: parsed.body });
  // Demoting yourself is refused (409), so the store never loses its last way in by accident.
  if (!sent.ok) return fail(context, failureFromProblem("role", sent.problem, parsed.values, { target: id }), sent.problem.status);
  return redirectWithNotice(request, context, "role");
}

type Customer = ReturnType<typeof useLoaderData<typeof loader>>["users"][number];

function RoleForm({ user, self }: { user: Customer; self: boolean }) {
  const failure = useFailure("role", user.id);
  return (
    <div key={`${user.id}-${user.role}`}>
      <ConfirmAction
        intent="role"
        target={user.id}
        hidden={{ id: user.id }}
        className="flex flex-wrap items-start gap-2"
        label={
          <>
            Change role…<span className="sr-only"> of {user.email}</span>
          </>
        }
        title="Change this account's role?"
        question={`${user.email} gets the role chosen beside the button. An administrator can change orders, products and other accounts; a customer loses the admin section.`}
        confirmLabel="Yes, change the role"
        pendingLabel="Saving…"
      >
        <Select
          label={`Role of ${user.email}`}
          hideLabel
          name="role"
          defaultValue={failure?.values.role ?? user.role}
          options={[
            { value: "customer", label: "Customer" },
            { value: "admin", label: "Administrator" },
          ]}
        />
      </ConfirmAction>
      {self ? <p className="mt-1 text-xs text-stone-500">This is you.</p> : null}
      {failure?.formError ? <ErrorText>{failure.formError}</ErrorText> : null}
    </div>
  );
}

export default function AdminCustomers() {
  const { users, total, page, limit, q, selfId, notice } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader
        title="Customers"
        description="Every account, newest first. Administrators can use this section; you cannot remove your own administrator role."
        actions={
          // A plain link: the download is a document request, not a page the router renders.
          <a href={`/admin/customers.csv${q ? `?${new URLSearchParams({ q })}` : ""}`} download className={buttonClass.secondary}>
            Export CSV<span className="sr-only"> of the accounts shown by this search</span>
          </a>
        }
      />
      <Notice>{notice}</Notice>
      <FilterBar label="Search customers" resetHref="/admin/customers">
        <TextInput label="Email or name" name="q" type="search" defaultValue={q} maxLength={100} className="min-w-56 flex-1" />
      </FilterBar>
      <PagedResults itemCount={users.length} empty={q ? `No account matches “${q}”.` : "No accounts yet."} page={page} limit={limit} total={total}>
        <DataTable caption="Accounts" stacked>
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Email</Th>
              <Th priority="medium">Joined</Th>
              <Th priority="medium">Role</Th>
              <Th>Change role</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {users.map((user) => (
              <tr key={user.id}>
                <Td label="Name">
                  {user.name}
                  <Link to={`/admin/orders?userId=${encodeURIComponent(user.id)}`} className="block text-xs text-brand-700 underline">
                    Orders<span className="sr-only"> of {user.email}</span>
                  </Link>
                </Td>
                <Td label="Email" truncate title={user.email}>
                  {user.email}
                </Td>
                <Td label="Joined" priority="medium" className="whitespace-nowrap">
                  <LocalTime iso={user.createdAt} />
                </Td>
                <Td label="Role" priority="medium">
                  {user.role === "admin" ? <Badge tone="blue">Administrator</Badge> : <Badge tone="grey">Customer</Badge>}
                </Td>
                <Td label="Change role">
                  <RoleForm user={user} self={user.id === selfId} />
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
