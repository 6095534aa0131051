import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { userSchema } from "../../../workers/domain/schemas/auth";
import { pageOf } from "../../../workers/domain/schemas/common";
import { orderSummarySchema } from "../../../workers/domain/schemas/orders";
import { LocalTime } from "~/components/local-time";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { ORDER_STATUS_LABELS, ORDER_STATUS_NAMES, ORDER_STATUS_TONES, PAYMENT_STATUS_TONES } from "~/components/admin/format";
import { Badge, buttonClass, DataTable, EmptyState, FilterBar, PagedResults, PageHeader, Select, Td, TextInput, Th, withAnyOption } from "~/components/admin/ui";
import { adminGet, adminHeaders, apiPath, enumParam, pageParam, PAGE_SIZE, requireAdmin, textParam, unknownIntent } from "~/lib/admin.server";
import { BulkBar, BulkCheckbox, type BulkActionSpec } from "~/components/admin/bulk-actions";
import { runBulkIntent } from "~/lib/bulk.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { readFormData } from "~/lib/forms.server";
import { isDestructiveBulkAction, ORDER_BULK_ACTIONS, type OrderBulkAction } from "../../../workers/domain/bulk-actions";
import { formatMoney } from "../../../workers/domain/money";
import { pageTitle } from "~/lib/navigation";

export const meta: MetaFunction = () => [{ title: pageTitle("Orders · Admin") }, { name: "robots", content: "noindex, nofollow" }];

const userPage = pageOf(userSchema);
const userList = z.object({ items: z.array(userSchema) });

const BULK_LABELS: Record<OrderBulkAction, { label: string; done: string }> = {
  processing: { label: "Mark as processing", done: "marked as processing" },
  delivered: { label: "Mark as delivered", done: "marked as delivered" },
  cancel: { label: "Cancel", done: "cancelled (paid ones refunded, stock returned)" },
};

const BULK_FORM = "bulk-orders";

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireAdmin(request, context);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const bulkAction = ORDER_BULK_ACTIONS.find((candidate) => `bulk-${candidate}` === intent);
  if (!bulkAction) return unknownIntent();
  return runBulkIntent(request, context, { formData, intent, path: "/orders/bulk", action: bulkAction, destructive: isDestructiveBulkAction(bulkAction), noun: "order" });
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const url = new URL(request.url);
  const page = pageParam(url);
  const status = enumParam(url, "status", ORDER_STATUS_NAMES);
  const customer = textParam(url, "customer", 100);
  const q = textParam(url, "q", 100);
  // A whole order number goes straight to that order: what an admin with a number in hand wants.
  if (q && /^ORD-[0-9A-Z]{1,16}$/i.test(q)) {
    const found = await adminGet(request, context, apiPath("/orders", { number: q, limit: 1 }), pageOf(orderSummarySchema));
    if (found.items.length === 1) throw redirect(`/admin/orders/${encodeURIComponent(found.items[0]!.id)}`, { headers: adminHeaders(context) });
  }
  // A name or email typed in starts a new customer search, replacing a chosen customer.
  let userId = customer ? undefined : textParam(url, "userId", 64);

  // A customer typed by email or name: one match filters by it, several ask which one.
  let matches: z.infer<typeof userSchema>[] = [];
  if (customer && !userId) {
    const found = await adminGet(request, context, apiPath("/users", { q: customer, limit: 10 }), userPage);
    matches = found.items;
    if (found.items.length === 1) userId = found.items[0]!.id;
  }
  const unresolved = Boolean(customer && !userId);
  const orders = unresolved
    ? { items: [], total: 0, page, limit: PAGE_SIZE }
    : await adminGet(request, context, apiPath("/orders", { status, userId, q, page, limit: PAGE_SIZE }), pageOf(orderSummarySchema));

  // Orders carry user ids; one lookup names the customers on this page.
  const ids = [...new Set(orders.items.flatMap((order) => (order.userId ? [order.userId] : [])).concat(userId ? [userId] : []))];
  const customers = ids.length ? (await adminGet(request, context, apiPath("/admin/users", { ids: ids.join(",") }), userList)).items : [];
  const emails = Object.fromEntries(customers.map((user) => [user.id, user.email]));

  return data(
    {
      orders: orders.items.map((order) => ({ ...order, customerEmail: order.userId ? (emails[order.userId] ?? null) : null })),
      total: orders.total,
      page,
      limit: PAGE_SIZE,
      status: status ?? "",
      customer: customer ?? "",
      q: q ?? "",
      userId: userId ?? "",
      filteredCustomer: userId ? (customers.find((user) => user.id === userId) ?? null) : null,
      matches: unresolved ? matches.map(({ id, email, name }) => ({ id, email, name })) : [],
      unresolved,
      // Which moves an order may make is the lifecycle's rule: the API refuses the others per order.
      bulkActions: ORDER_BULK_ACTIONS.map((name): BulkActionSpec => ({ intent: `bulk-${name}`, ...BULK_LABELS[name], destructive: isDestructiveBulkAction(name) })),
    },
    { headers: adminHeaders(context) },
  );
}

export default function AdminOrders() {
  const { orders, total, page, limit, status, customer, q, userId, filteredCustomer, matches, unresolved, bulkActions } = useLoaderData<typeof loader>();
  const numbers = new Map(orders.map((order) => [order.id, order.number]));
  const exportQuery = new URLSearchParams(Object.entries({ status, userId, q }).filter(([, value]) => value !== "")).toString();
  const withUser = (id: string) => {
    const params = new URLSearchParams({ userId: id });
    if (status) params.set("status", status);
    return `/admin/orders?${params}`;
  };
  return (
    <div>
      <PageHeader
        title="Orders"
        description="Newest first. Open an order to move it through fulfilment, cancel it or refund it."
        actions={
          // A plain link: the download is a document request, not a page the router renders.
          <a href={`/admin/orders.csv${exportQuery ? `?${exportQuery}` : ""}`} download className={buttonClass.secondary}>
            Export CSV<span className="sr-only"> of the orders shown by these filters</span>
          </a>
        }
      />
      <FilterBar label="Filter orders" resetHref="/admin/orders">
        <Select
          label="Status"
          name="status"
          defaultValue={status}
          options={withAnyOption("Any status", ORDER_STATUS_NAMES, (value) => ORDER_STATUS_LABELS[value])}
        />
        {userId ? <input type="hidden" name="userId" value={userId} /> : null}
        <TextInput label="Order number or email" name="q" type="search" defaultValue={q} maxLength={100} placeholder="ORD-7K3F9Q" className="min-w-48" />
        <TextInput
          label="Customer email or name"
          name="customer"
          type="search"
          defaultValue={userId ? "" : customer}
          maxLength={100}
          placeholder={filteredCustomer ? filteredCustomer.email : "ada@example.com"}
          className="min-w-56 flex-1"
        />
      </FilterBar>

      {filteredCustomer ? (
        <p className="mt-3 text-sm text-stone-700">
          Orders of <span className="font-medium">{filteredCustomer.name}</span> ({filteredCustomer.email}).{" "}
          <Link to={status ? `/admin/orders?status=${status}` : "/admin/orders"} className={buttonClass.link}>
            Show every customer's
          </Link>
        </p>
      ) : null}

      {unresolved ? (
        <div className="mt-6">
          {matches.length === 0 ? (
            <EmptyState>No customer matches “{customer}”.</EmptyState>
          ) : (
            <div className="rounded-lg border border-stone-200 p-4">
              <p className="text-sm font-medium">Several customers match “{customer}”. Whose orders?</p>
              <ul className="mt-2 space-y-1 text-sm">
                {matches.map((match) => (
                  <li key={match.id}>
                    <Link to={withUser(match.id)} className={buttonClass.link}>
                      {match.name} ({match.email})
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      ) : (
        <>
          <BulkBar formId={BULK_FORM} pageIds={orders.map((order) => order.id)} noun="order" plural="orders" actions={bulkActions} nameOf={(id) => numbers.get(id) ?? id} />
        <PagedResults itemCount={orders.length} empty={status || userId || q ? "No orders match these filters." : "No orders yet."} page={page} limit={limit} total={total}>
          <DataTable caption="Orders" stacked>
            <thead>
              <tr>
                <Th>
                  <span className="sr-only">Select</span>
                </Th>
                <Th>Order</Th>
                <Th>Placed</Th>
                <Th>Customer</Th>
                <Th>Status</Th>
                <Th priority="medium">Payment</Th>
                <Th numeric priority="low">Items</Th>
                <Th numeric>Total</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {orders.map((order) => (
                <tr key={order.id}>
                  <Td label="Select">
                    <BulkCheckbox formId={BULK_FORM} id={order.id} label={`order ${order.number}`} />
                  </Td>
                  <Td label="Order">
                    <Link to={`/admin/orders/${order.id}`} className="font-medium text-brand-700 underline">
                      {order.number}
                    </Link>
                  </Td>
                  <Td label="Placed" className="whitespace-nowrap"><LocalTime iso={order.createdAt} /></Td>
                  <Td label="Customer" truncate title={order.customerEmail ?? order.guestEmail ?? undefined}>
                    {order.userId ? (
                      <Link to={withUser(order.userId)} className="hover:underline" title="Only this customer's orders">
                        {order.customerEmail ?? order.userId}
                      </Link>
                    ) : (
                      <span title="Checked out without an account">{order.guestEmail ?? "Guest"} (guest)</span>
                    )}
                  </Td>
                  <Td label="Status">
                    <Badge tone={ORDER_STATUS_TONES[order.status]}>{ORDER_STATUS_LABELS[order.status]}</Badge>
                  </Td>
                  <Td label="Payment" priority="medium">
                    <Badge tone={PAYMENT_STATUS_TONES[order.paymentStatus] ?? "grey"}>{order.paymentStatus}</Badge>
                  </Td>
                  <Td label="Items" numeric priority="low">{order.itemCount}</Td>
                  <Td label="Total" numeric>{formatMoney(order.totalCents, order.currency)}</Td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </PagedResults>
        </>
      )}
    </div>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
