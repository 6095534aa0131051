import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { statsSchema } from "../../../workers/domain/schemas/admin";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { formatDateTime, ORDER_STATUS_LABELS, ORDER_STATUS_NAMES, ORDER_STATUS_TONES } from "~/components/admin/format";
import { RevenueChart } from "~/components/admin/revenue-chart";
import { Badge, DataTable, EmptyState, PageHeader, Section, Td, Th } from "~/components/admin/ui";
import { adminGet, adminHeaders, requireAdmin } from "~/lib/admin.server";
import { formatMoney } from "../../../workers/domain/money";
import { pageTitle } from "~/lib/navigation";

export const meta: MetaFunction = () => [{ title: pageTitle("Admin dashboard") }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const stats = await adminGet(request, context, "/admin/stats", statsSchema);
  return data({ stats }, { headers: adminHeaders(context) });
}

function StatCard({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-lg border border-stone-200 p-4">
      <dt className="text-sm text-stone-600">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tracking-tight text-stone-900 tabular-nums">{value}</dd>
    </div>
  );
}

export default function AdminDashboard() {
  const { stats } = useLoaderData<typeof loader>();
  const currency = stats.currency;
  const orderCount = Object.values(stats.ordersByStatus).reduce((sum, n) => sum + n, 0);

  return (
    <div>
      <PageHeader title="Dashboard" description="Revenue is what was paid less what was refunded, by the day the payment arrived (UTC)." />

      <section aria-labelledby="revenue-heading" className="mt-6">
        <h2 id="revenue-heading" className="sr-only">
          Revenue
        </h2>
        <dl className="grid grid-cols-1 gap-3 sm:grid-cols-3">
          <StatCard label="Revenue today" value={formatMoney(stats.revenueCents.today, currency)} />
          <StatCard label="Last 7 days" value={formatMoney(stats.revenueCents.last7d, currency)} />
          <StatCard label="Last 30 days" value={formatMoney(stats.revenueCents.last30d, currency)} />
        </dl>
      </section>

      <Section title="Revenue per day" id="chart-heading">
        <RevenueChart days={stats.revenueByDay} currency={currency} />
      </Section>

      <div className="grid gap-x-8 xl:grid-cols-2">
        <Section title="Orders by status" id="status-heading">
          {orderCount === 0 ? (
            <EmptyState>No orders yet.</EmptyState>
          ) : (
            <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3">
              {ORDER_STATUS_NAMES.map((status) => (
                <li key={status}>
                  <Link
                    to={`/admin/orders?status=${status}`}
                    className="flex items-center justify-between gap-2 rounded-md border border-stone-200 px-3 py-2 text-sm hover:bg-stone-50"
                  >
                    <Badge tone={ORDER_STATUS_TONES[status]}>{ORDER_STATUS_LABELS[status]}</Badge>
                    <span className="font-semibold tabular-nums">{stats.ordersByStatus[status] ?? 0}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Section>

        <Section title="Low stock" id="low-stock-heading" actions={<Link to="/admin/stock" className="text-sm font-medium text-brand-700 underline">All stock</Link>}>
          {stats.lowStock.length === 0 ? (
            <EmptyState>No active SKU is running low.</EmptyState>
          ) : (
            <DataTable caption="SKUs with 5 or fewer units available">
              <thead>
                <tr>
                  <Th>SKU</Th>
                  <Th>Product</Th>
                  <Th numeric>Available</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-100">
                {stats.lowStock.map((row) => (
                  <tr key={row.sku}>
                    <Td>
                      <Link to={`/admin/stock?sku=${encodeURIComponent(row.sku)}`} className="font-mono text-xs font-medium text-brand-700 underline">
                        {row.sku}
                      </Link>
                    </Td>
                    <Td>
                      <Link to={`/admin/products/${row.productId}`} className="hover:underline">
                        {row.name}
                      </Link>
                      <span className="block text-xs text-stone-500">{row.variantTitle}</span>
                    </Td>
                    <Td numeric>{row.available === 0 ? <Badge tone="red">Sold out</Badge> : row.available}</Td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          )}
        </Section>
      </div>

      <Section title="Recent orders" id="recent-heading" actions={<Link to="/admin/orders" className="text-sm font-medium text-brand-700 underline">All orders</Link>}>
        {stats.recentOrders.length === 0 ? (
          <EmptyState>No orders yet. They appear here as soon as a shopper checks out.</EmptyState>
        ) : (
          <DataTable caption="The most recent orders">
            <thead>
              <tr>
                <Th>Order</Th>
                <Th>Placed</Th>
                <Th>Customer</Th>
                <Th>Status</Th>
                <Th numeric>Total</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {stats.recentOrders.map((order) => (
                <tr key={order.id}>
                  <Td>
                    <Link to={`/admin/orders/${order.id}`} className="font-medium text-brand-700 underline">
                      {order.number}
                    </Link>
                  </Td>
                  <Td className="whitespace-nowrap">{formatDateTime(order.createdAt)}</Td>
                  <Td>{order.customerEmail ?? "—"}</Td>
                  <Td>
                    <Badge tone={ORDER_STATUS_TONES[order.status]}>{ORDER_STATUS_LABELS[order.status]}</Badge>
                  </Td>
                  <Td numeric>{formatMoney(order.totalCents, order.currency)}</Td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </Section>
    </div>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
