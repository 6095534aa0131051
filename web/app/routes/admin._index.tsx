import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { STATS_DAYS, statsSchema } from "../../../workers/domain/schemas/admin";
import { LocalTime } from "~/components/local-time";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { formatDay, ORDER_STATUS_LABELS, ORDER_STATUS_NAMES, ORDER_STATUS_TONES } from "~/components/admin/format";
import { RevenueChart } from "~/components/admin/revenue-chart";
import { Badge, DataTable, EmptyState, PageHeader, Section, Td, Th } from "~/components/admin/ui";
import { adminGet, adminHeaders, apiPath, requireAdmin } from "~/lib/admin.server";
import { formatMoney } from "../../../workers/domain/money";
import { pageTitle } from "~/lib/navigation";

export const meta: MetaFunction = () => [{ title: pageTitle("Admin dashboard") }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const asked = new URL(request.url).searchParams.get("days");
  // A span other than 14 or 30 shows the default with a note, rather than an error page.
  const days = asked === null ? DEFAULT_DAYS : (STATS_DAYS.find((span) => String(span) === asked) ?? null);
  const stats = await adminGet(request, context, apiPath("/admin/stats", { days: days ?? DEFAULT_DAYS }), statsSchema);
  return data({ stats, daysError: days === null ? `There is no "${asked?.slice(0, 20) ?? ""}" day view: choose 14 or 30 days. Showing the last ${DEFAULT_DAYS} days.` : null }, { headers: adminHeaders(context) });
}

const DEFAULT_DAYS = 30;
const percent = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 });

function StatCard({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="rounded-lg border border-stone-200 p-4">
      <dt className="text-sm text-stone-600">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tracking-tight text-stone-900 tabular-nums">{value}</dd>
      {note ? <dd className="mt-1 text-xs text-stone-600">{note}</dd> : null}
    </div>
  );
}

function PeriodSwitch({ days }: { days: number }) {
  return (
    <nav aria-label="Period" className="mt-4">
      <ul className="flex gap-2 text-sm">
        {STATS_DAYS.map((span) => (
          <li key={span}>
            <Link
              to={`/admin?days=${span}`}
              aria-current={span === days ? "page" : undefined}
              className={span === days ? "rounded-md bg-brand-700 px-3 py-1.5 font-medium text-white" : "rounded-md border border-stone-300 px-3 py-1.5 font-medium text-stone-700 hover:bg-stone-50"}
            >
              Last {span} days
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export default function AdminDashboard() {
  const { stats, daysError } = useLoaderData<typeof loader>();
  const orderCount = Object.values(stats.ordersByStatus).reduce((sum, n) => sum + n, 0);
  const { carts, days } = stats;

  return (
    <div>
      <PageHeader
        title="Dashboard"
        description={`The last ${days} days, by UTC day. Revenue is what was paid less what was refunded, by the day the payment arrived; each currency is shown on its own and never added to another.`}
      />
      <PeriodSwitch days={days} />
      {daysError ? (
        <p role="alert" className="mt-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {daysError}
        </p>
      ) : null}

      <section aria-labelledby="orders-heading" className="mt-6">
        <h2 id="orders-heading" className="sr-only">
          Orders and carts
        </h2>
        <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <StatCard label={`Orders placed, last ${days} days`} value={stats.orders.placed.toLocaleString("en-US")} note={`${stats.orders.paid.toLocaleString("en-US")} of them paid`} />
          <StatCard
            label="Carts that became orders"
            value={carts.share === null ? "—" : percent.format(carts.share)}
            note={
              carts.share === null
                ? "No cart has been started yet."
                : `${carts.ordered.toLocaleString("en-US")} paid orders from ${carts.started.toLocaleString("en-US")} carts started`
            }
          />
        </dl>
        <p className="mt-2 text-xs text-stone-600">
          Carts that became orders: carts with at least one item that became a paid order. Of the carts that got their first item in the last {days} days, the share
          matched by orders placed and paid in the same days (checkout empties the cart, so each order is one cart; a cart started earlier and ordered in this period
          counts as an order only).
          {carts.countingSince ? ` Carts are counted since ${formatDay(carts.countingSince)}.` : ""}
        </p>
      </section>

      {stats.byCurrency.map((entry) => (
        <Section key={entry.currency} title={`Revenue in ${entry.currency}`} id={`revenue-${entry.currency.toLowerCase()}-heading`}>
          <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
            <StatCard label="Revenue today" value={formatMoney(entry.revenueCents.today, entry.currency)} />
            <StatCard label="Revenue, last 7 days" value={formatMoney(entry.revenueCents.last7d, entry.currency)} />
            <StatCard label="Revenue, last 30 days" value={formatMoney(entry.revenueCents.last30d, entry.currency)} />
            <StatCard
              label="Average order value"
              value={entry.averageOrderCents === null ? "—" : formatMoney(entry.averageOrderCents, entry.currency)}
              note={`${entry.paidOrders} order${entry.paidOrders === 1 ? "" : "s"} paid in the last ${days} days, before refunds`}
            />
          </dl>
          <div className="mt-4">
            <RevenueChart days={entry.revenueByDay} currency={entry.currency} />
          </div>
        </Section>
      ))}

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
            <DataTable caption="SKUs with 5 or fewer units available" stacked>
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
                    <Td label="SKU">
                      <Link to={`/admin/stock?sku=${encodeURIComponent(row.sku)}`} className="font-mono text-xs font-medium text-brand-700 underline">
                        {row.sku}
                      </Link>
                    </Td>
                    <Td label="Product">
                      <Link to={`/admin/products/${row.productId}`} className="hover:underline">
                        {row.name}
                      </Link>
                      <span className="block text-xs text-stone-500">{row.variantTitle}</span>
                    </Td>
                    <Td label="Available" numeric>{row.available === 0 ? <Badge tone="red">Sold out</Badge> : row.available}</Td>
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
          <DataTable caption="The most recent orders" stacked>
            <thead>
              <tr>
                <Th>Order</Th>
                <Th priority="medium">Placed</Th>
                <Th priority="medium">Customer</Th>
                <Th>Status</Th>
                <Th numeric>Total</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {stats.recentOrders.map((order) => (
                <tr key={order.id}>
                  <Td label="Order">
                    <Link to={`/admin/orders/${order.id}`} className="font-medium text-brand-700 underline">
                      {order.number}
                    </Link>
                  </Td>
                  <Td label="Placed" priority="medium" className="whitespace-nowrap">
                    <LocalTime iso={order.createdAt} />
                  </Td>
                  <Td label="Customer" priority="medium" truncate title={order.customerEmail ?? undefined}>
                    {order.customerEmail ?? "—"}
                  </Td>
                  <Td label="Status">
                    <Badge tone={ORDER_STATUS_TONES[order.status]}>{ORDER_STATUS_LABELS[order.status]}</Badge>
                  </Td>
                  <Td label="Total" numeric>
                    {formatMoney(order.totalCents, order.currency)}
                  </Td>
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
