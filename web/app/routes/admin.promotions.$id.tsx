import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { promotionDetailSchema } from "../../../workers/domain/schemas/promotions";
import { formatMoney } from "../../../workers/domain/money";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { LocalTime } from "~/components/local-time";
import { Badge, DataTable, EmptyState, PageHeader, Section, Td, Th } from "~/components/admin/ui";
import { adminGetOptional, adminHeaders, requireAdmin } from "~/lib/admin.server";
import { pageTitle } from "~/lib/navigation";
import { describePromotion } from "~/lib/promotions";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: pageTitle(`${loaded?.promotion.name ?? "Promotion"} · Admin`) },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const promotion = await adminGetOptional(request, context, `/admin/promotions/${encodeURIComponent(params.id ?? "")}`, promotionDetailSchema);
  if (!promotion) throw data({ message: "No such promotion." }, { status: 404 });
  return data({ promotion }, { headers: adminHeaders(context) });
}

const STATUS_TONE = { reserved: "amber", committed: "green", released: "grey" } as const;
const STATUS_LABEL = { reserved: "Awaiting payment", committed: "Used", released: "Given back" } as const;

export default function AdminPromotion() {
  const { promotion } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader
        title={promotion.name}
        description={`${promotion.code ? `Code ${promotion.code}` : "Automatic"} · ${describePromotion(promotion)} · ${promotion.active ? "active" : "inactive"}${promotion.customerEmail ? ` · only for ${promotion.customerEmail}` : ""}`}
        actions={
          <Link to="/admin/promotions" className="text-sm font-medium text-brand-700 hover:underline">
            All promotions
          </Link>
        }
      />
      <Section title={`Redemptions (${promotion.redemptions.length})`} id="redemptions-heading">
        {promotion.redemptions.length === 0 ? (
          <EmptyState>No order has used this promotion yet.</EmptyState>
        ) : (
          <DataTable caption="Orders that used this promotion" stacked>
            <thead>
              <tr>
                <Th>Order</Th>
                <Th priority="medium">Customer</Th>
                <Th numeric>Discount</Th>
                <Th>Status</Th>
                <Th priority="medium">When</Th>
              </tr>
            </thead>
            <tbody>
              {promotion.redemptions.map((redemption) => (
                <tr key={redemption.orderId}>
                  <Td label="Order">
                    <Link to={`/admin/orders/${encodeURIComponent(redemption.orderId)}`} className="text-brand-700 hover:underline">
                      {redemption.orderNumber ?? redemption.orderId}
                    </Link>
                  </Td>
                  <Td label="Customer" priority="medium" truncate title={redemption.email ?? redemption.userId ?? undefined}>
                    {redemption.email ?? redemption.userId ?? "—"}
                  </Td>
                  <Td label="Discount" numeric>
                    {formatMoney(redemption.amountCents, redemption.currency)}
                  </Td>
                  <Td label="Status">
                    <Badge tone={STATUS_TONE[redemption.status]}>{STATUS_LABEL[redemption.status]}</Badge>
                  </Td>
                  <Td label="When" priority="medium" className="whitespace-nowrap">
                    <LocalTime iso={redemption.createdAt} />
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
