import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { ADMIN_FULFILMENT_STATUSES, allowedTransitions, canCancel } from "../../../workers/domain/order-status";
import { userSchema } from "../../../workers/domain/schemas/auth";
import { orderSchema } from "../../../workers/domain/schemas/orders";
import { LocalTime } from "~/components/local-time";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { ORDER_STATUS_LABELS, ORDER_STATUS_TONES, PAYMENT_STATUS_TONES, shortId } from "~/components/admin/format";
import { ActionButton, Badge, buttonClass, ConfirmAction, DataTable, ErrorText, Notice, PageHeader, Section, Td, TextInput, Th, useFailure } from "~/components/admin/ui";
import { parseOrderStatus, parseRefund } from "~/lib/admin-forms.server";
import {
  adminGet,
  adminGetOptional,
  adminHeaders,
  adminSend,
  apiPath,
  fail,
  failureFromProblem,
  noticeOf,
  redirectWithNotice,
  requireAdmin,
  textValues,
  unconfirmed,
  unknownIntent,
} from "~/lib/admin.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { readFormData } from "~/lib/forms.server";
import { centsToDecimal, formatMoney } from "../../../workers/domain/money";
import { pageTitle } from "~/lib/navigation";

const NOTICES = {
  processing: "The order is now processing.",
  shipped: "The order was marked shipped; the customer is emailed the tracking number.",
  delivered: "The order was marked delivered.",
  cancelled: "The order was cancelled. If it was paid, its refund has been started and its stock returned.",
  refund: "The refund was started. It shows as pending until the payment gateway confirms it.",
} as const;

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: pageTitle(loaded ? `Order ${loaded.order.number} · Admin` : "Order · Admin") },
  { name: "robots", content: "noindex, nofollow" },
];

const userList = z.object({ items: z.array(userSchema) });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const order = await adminGetOptional(request, context, `/orders/${encodeURIComponent(params.id ?? "")}`, orderSchema);
  if (!order) throw data({ message: "No such order." }, { status: 404, headers: adminHeaders(context) });
  // A guest's order has no account to name.
  const { items } = order.userId ? await adminGet(request, context, apiPath("/admin/users", { ids: order.userId }), userList) : { items: [] };
  const customer = items[0] ?? null;
  const next = allowedTransitions(order.status).filter((status): status is (typeof ADMIN_FULFILMENT_STATUSES)[number] =>
    (ADMIN_FULFILMENT_STATUSES as readonly string[]).includes(status),
  );
  const payments = order.payments.map((payment) => {
    const pending = payment.refunds.filter((refund) => refund.status === "pending").reduce((sum, refund) => sum + refund.amountCents, 0);
    // What POST /payments/:id/refund will still accept comes from the domain's rule, via the API.
    return { ...payment, pendingRefundCents: pending };
  });
  return data(
    {
      order: { ...order, payments },
      customer: customer ? { id: customer.id, name: customer.name, email: customer.email } : null,
      next,
      cancellable: canCancel(order.status, "admin"),
      notice: noticeOf(new URL(request.url), NOTICES),
    },
    { headers: adminHeaders(context) },
  );
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireAdmin(request, context);
  const id = encodeURIComponent(params.id ?? "");
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  switch (intent) {
    case "status": {
      const parsed = parseOrderStatus(formData);
      if (!parsed.ok) return fail(context, parsed.failure);
      const sent = await adminSend(request, context, `/orders/${id}/status`, { method: "PUT", json: parsed.body });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, parsed.values, { target: parsed.body.status }), sent.problem.status);
      return redirectWithNotice(request, context, parsed.body.status);
    }
    case "cancel": {
      const notConfirmed = unconfirmed(formData, intent);
      if (notConfirmed) return fail(context, notConfirmed);
      const sent = await adminSend(request, context, `/orders/${id}/cancel`, { method: "POST" });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, {}), sent.problem.status);
      return redirectWithNotice(request, context, "cancelled");
    }
    case "refund": {
      const notConfirmed = unconfirmed(formData, intent, String(formData.get("paymentId") ?? ""));
      if (notConfirmed) return fail(context, notConfirmed);
      // The amount is typed in the payment's own currency: read it, and what is left, from the order.
      const order = await adminGetOptional(request, context, `/orders/${id}`, orderSchema);
      const payment = order?.payments.find((entry) => entry.id === String(formData.get("paymentId") ?? ""));
      if (!payment) {
        return fail(context, { ok: false, intent, formError: "This order has no such payment. Reload the page and try again.", fieldErrors: {}, values: textValues(formData) }, 404);
      }
      const parsed = parseRefund(formData, payment);
      if (!parsed.ok) return fail(context, parsed.failure);
      const paymentId = encodeURIComponent(parsed.values.paymentId ?? "");
      const sent = await adminSend(request, context, `/payments/${paymentId}/refund`, { method: "POST", json: parsed.body });
      if (!sent.ok) {
        return fail(context, failureFromProblem(intent, sent.problem, parsed.values, { target: parsed.values.paymentId, fieldOf: () => "amount" }), sent.problem.status);
      }
      return redirectWithNotice(request, context, "refund");
    }
    default:
      return unknownIntent();
  }
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function Address({ title, address }: { title: string; address: Loaded["order"]["shippingAddress"] }) {
  return (
    <div>
      <h3 className="text-sm font-semibold text-stone-900">{title}</h3>
      <address className="mt-1 text-sm text-stone-700 not-italic">
        {address.name}
        <br />
        {address.line1}
        {address.line2 ? (
          <>
            <br />
            {address.line2}
          </>
        ) : null}
        <br />
        {address.postalCode} {address.city}
        {address.region ? `, ${address.region}` : ""}
        <br />
        {address.country}
      </address>
    </div>
  );
}

function Fulfilment({ next }: { next: Loaded["next"] }) {
  const processing = useFailure("status", "processing");
  const shipped = useFailure("status", "shipped");
  const delivered = useFailure("status", "delivered");
  if (next.length === 0) return <p className="text-sm text-stone-600">No fulfilment step is open for an order in this state.</p>;
  return (
    <div className="space-y-4">
      {next.includes("processing") ? (
        <Form method="post" className="rounded-lg border border-stone-200 p-4">
          <input type="hidden" name="status" value="processing" />
          <input type="hidden" name="target" value="processing" />
          <p className="text-sm text-stone-600">Start picking and packing this order.</p>
          <ErrorText>{processing?.formError}</ErrorText>
          <div className="mt-3">
            <ActionButton intent="status" target="processing" pendingLabel="Saving…">
              Mark as processing
            </ActionButton>
          </div>
        </Form>
      ) : null}
      {next.includes("shipped") ? (
        <Form method="post" className="rounded-lg border border-stone-200 p-4">
          <input type="hidden" name="status" value="shipped" />
          <input type="hidden" name="target" value="shipped" />
          <p className="text-sm text-stone-600">The customer is emailed the carrier and tracking number.</p>
          <ErrorText>{shipped?.formError}</ErrorText>
          <div className="mt-3 grid gap-3 sm:grid-cols-2">
            <TextInput label="Carrier" name="carrier" required maxLength={60} defaultValue={shipped?.values.carrier} error={shipped?.fieldErrors.carrier} placeholder="UPS" />
            <TextInput
              label="Tracking number"
              name="trackingNumber"
              required
              maxLength={40}
              defaultValue={shipped?.values.trackingNumber}
              error={shipped?.fieldErrors.trackingNumber}
              hint="Letters, digits and hyphens."
            />
          </div>
          <div className="mt-3">
            <ActionButton intent="status" target="shipped" pendingLabel="Saving…">
              Mark as shipped
            </ActionButton>
          </div>
        </Form>
      ) : null}
      {next.includes("delivered") ? (
        <Form method="post" className="rounded-lg border border-stone-200 p-4">
          <input type="hidden" name="status" value="delivered" />
          <input type="hidden" name="target" value="delivered" />
          <ErrorText>{delivered?.formError}</ErrorText>
          <ActionButton intent="status" target="delivered" pendingLabel="Saving…">
            Mark as delivered
          </ActionButton>
        </Form>
      ) : null}
    </div>
  );
}

function RefundForm({ payment }: { payment: Loaded["order"]["payments"][number] }) {
  const failure = useFailure("refund", payment.id);
  const location = useLocation();
  if (payment.refundableCents <= 0) return null;
  return (
    <div className="mt-3 rounded-md bg-stone-50 p-3" key={location.key}>
      <p className="text-sm">
        Refundable remaining: <strong className="tabular-nums">{formatMoney(payment.refundableCents, payment.currency)}</strong>
      </p>
      <ErrorText>{failure?.formError && failure.formError !== failure.fieldErrors.amount ? failure.formError : undefined}</ErrorText>
      <ConfirmAction
        className="mt-2 space-y-2"
        intent="refund"
        target={payment.id}
        hidden={{ paymentId: payment.id }}
        label="Refund…"
        title="Refund this payment?"
        question={`The amount typed above, in ${payment.currency}, goes back to the customer's card (at most ${formatMoney(payment.refundableCents, payment.currency)}). A refund cannot be taken back.`}
        confirmLabel="Yes, refund it"
        pendingLabel="Refunding…"
      >
        <TextInput
          label={`Amount to refund (${payment.currency})`}
          name="amount"
          inputMode="decimal"
          required
          defaultValue={failure?.values.amount ?? ""}
          placeholder={centsToDecimal(payment.refundableCents, payment.currency)}
          error={failure?.fieldErrors.amount}
          className="w-44"
        />
      </ConfirmAction>
    </div>
  );
}

export default function AdminOrder() {
  const { order, customer, next, cancellable, notice } = useLoaderData<typeof loader>();
  const cancelFailure = useFailure("cancel");
  const refundFailure = useFailure("refund");
  const paid = order.payments.some((payment) => payment.status === "succeeded");
  return (
    <div>
      <PageHeader
        title={`Order ${order.number}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone={ORDER_STATUS_TONES[order.status]}>{ORDER_STATUS_LABELS[order.status]}</Badge>
            <Badge tone={PAYMENT_STATUS_TONES[order.paymentStatus] ?? "grey"}>Payment {order.paymentStatus}</Badge>
            <span>Placed <LocalTime iso={order.createdAt} /></span>
          </span>
        }
        actions={
          <Link to="/admin/orders" className={buttonClass.secondary}>
            All orders
          </Link>
        }
      />
      <Notice>{notice}</Notice>

      <div className="mt-6 grid gap-6 rounded-lg border border-stone-200 p-4 sm:grid-cols-3">
        <div>
          <h3 className="text-sm font-semibold text-stone-900">Customer</h3>
          {customer ? (
            <p className="mt-1 text-sm text-stone-700">
              {customer.name}
              <br />
              <a href={`mailto:${customer.email}`} className="underline">
                {customer.email}
              </a>
              <br />
              <Link to={`/admin/orders?userId=${encodeURIComponent(customer.id)}`} className={buttonClass.link}>
                Their orders
              </Link>
            </p>
          ) : order.userId ? (
            <p className="mt-1 text-sm text-stone-600">Account {order.userId} no longer exists.</p>
          ) : (
            <p className="mt-1 text-sm text-stone-700">
              Guest checkout
              <br />
              <a href={`mailto:${order.guestEmail ?? ""}`} className="underline">
                {order.guestEmail}
              </a>
            </p>
          )}
        </div>
        <Address title="Ship to" address={order.shippingAddress} />
        <Address title="Bill to" address={order.billingAddress} />
        {order.carrier || order.trackingNumber ? (
          <p className="text-sm sm:col-span-3">
            Shipped with <strong>{order.carrier}</strong>, tracking <strong className="font-mono">{order.trackingNumber}</strong>
          </p>
        ) : null}
      </div>

      <Section title="Lines" id="lines-heading">
        <DataTable caption={`Lines of order ${order.number}`} stacked>
          <thead>
            <tr>
              <Th>Item</Th>
              <Th priority="medium">SKU</Th>
              <Th numeric priority="medium">Unit price</Th>
              <Th numeric>Qty</Th>
              <Th numeric>Total</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {order.items.map((line) => (
              <tr key={line.sku}>
                <Td label="Item">
                  <Link to={`/admin/products/${line.productId}`} className="hover:underline">
                    {line.name}
                  </Link>
                  <span className="block text-xs text-stone-500">{line.variantTitle}</span>
                </Td>
                <Td label="SKU" priority="medium" className="font-mono text-xs">
                  {line.sku}
                </Td>
                <Td label="Unit price" numeric priority="medium">
                  {formatMoney(line.unitPriceCents, order.currency)}
                </Td>
                <Td label="Qty" numeric>
                  {line.quantity}
                </Td>
                <Td label="Total" numeric>
                  {formatMoney(line.lineTotalCents, order.currency)}
                </Td>
              </tr>
            ))}
          </tbody>
          <tfoot className="border-t border-stone-200 text-sm">
            {(
              [
                ["Subtotal", order.subtotalCents],
                ["Shipping", order.shippingCents],
                ["Tax", order.taxCents],
                ["Total", order.totalCents],
                ...(order.refundedCents ? ([["Refunded", -order.refundedCents]] as const) : []),
              ] as const
            ).map(([label, cents]) => (
              <tr key={label}>
                <th scope="row" colSpan={4} className="px-3 py-1 text-right font-medium text-stone-700">
                  {label}
                </th>
                <Td numeric className={label === "Total" ? "font-semibold" : ""}>
                  {formatMoney(cents, order.currency)}
                </Td>
              </tr>
            ))}
          </tfoot>
        </DataTable>
      </Section>

      <div className="grid gap-x-8 xl:grid-cols-2">
        <Section title="Fulfilment" id="fulfilment-heading">
          <Fulfilment next={next} />
        </Section>

        <Section title="Cancel" id="cancel-heading">
          {cancellable ? (
            <div className="rounded-lg border border-stone-200 p-4">
              <p className="text-sm text-stone-600">
                {paid
                  ? "Cancelling refunds everything still refundable on the payment and puts the stock back on the shelf."
                  : "Cancelling releases the reserved stock; nothing was charged."}
              </p>
              <ErrorText>{cancelFailure?.formError}</ErrorText>
              <ConfirmAction
                className="mt-3"
                intent="cancel"
                label={paid ? "Cancel and refund…" : "Cancel order…"}
                title={`Cancel order ${order.number}?`}
                question={
                  paid
                    ? "Everything still refundable on its payment goes back to the customer, and the stock returns to the shelf. This cannot be undone."
                    : "Its reserved stock is released; nothing was charged. This cannot be undone."
                }
                confirmLabel={paid ? "Yes, cancel and refund" : "Yes, cancel the order"}
                pendingLabel="Cancelling…"
              />
            </div>
          ) : (
            <p className="text-sm text-stone-600">An order that is {ORDER_STATUS_LABELS[order.status].toLowerCase()} can no longer be cancelled.</p>
          )}
        </Section>
      </div>

      <Section title="Payments and refunds" id="payments-heading">
        {/* A refund of a payment this page does not list has no form to answer in. */}
        <ErrorText>{refundFailure && !order.payments.some((payment) => payment.id === refundFailure.target) ? refundFailure.formError : undefined}</ErrorText>
        {order.payments.length === 0 ? (
          <p className="text-sm text-stone-600">No payment attempt yet.</p>
        ) : (
          <ul className="space-y-3">
            {order.payments.map((payment) => (
              <li key={payment.id} className="rounded-lg border border-stone-200 p-4">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <p className="text-sm">
                    <span className="font-semibold">{formatMoney(payment.amountCents, payment.currency)}</span> via {payment.provider}{" "}
                    <span className="font-mono text-xs text-stone-500" title={payment.id}>
                      {shortId(payment.id)}
                    </span>
                  </p>
                  <Badge tone={PAYMENT_STATUS_TONES[payment.status] ?? "grey"}>{payment.status}</Badge>
                </div>
                <p className="mt-1 text-xs text-stone-600">
                  <LocalTime iso={payment.createdAt} />
                  {payment.failureReason ? ` · ${payment.failureReason}` : ""}
                  {payment.refundedCents ? ` · refunded ${formatMoney(payment.refundedCents, payment.currency)}` : ""}
                  {payment.pendingRefundCents ? ` · ${formatMoney(payment.pendingRefundCents, payment.currency)} refund pending` : ""}
                </p>
                {payment.refunds.length ? (
                  <div className="mt-3">
                    <DataTable caption={`Refunds of payment ${payment.id}`} stacked>
                      <thead>
                        <tr>
                          <Th>When</Th>
                          <Th>Reason</Th>
                          <Th>Status</Th>
                          <Th numeric>Amount</Th>
                        </tr>
                      </thead>
                      <tbody className="divide-y divide-stone-100">
                        {payment.refunds.map((refund) => (
                          <tr key={refund.id}>
                            <Td label="When" className="whitespace-nowrap">
                              <LocalTime iso={refund.createdAt} />
                            </Td>
                            <Td label="Reason">{refund.reason}</Td>
                            <Td label="Status">
                              <Badge tone={refund.status === "succeeded" ? "green" : refund.status === "failed" ? "red" : "amber"}>{refund.status}</Badge>
                            </Td>
                            <Td label="Amount" numeric>
                              {formatMoney(refund.amountCents, payment.currency)}
                            </Td>
                          </tr>
                        ))}
                      </tbody>
                    </DataTable>
                  </div>
                ) : null}
                <RefundForm payment={payment} />
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title="History" id="history-heading">
        <ol className="space-y-2 border-l-2 border-stone-200 pl-4">
          {order.history.map((entry, index) => (
            <li key={`${entry.at}-${index}`} className="text-sm">
              <Badge tone={ORDER_STATUS_TONES[entry.status]}>{ORDER_STATUS_LABELS[entry.status]}</Badge>{" "}
              <span className="text-stone-600">
                <LocalTime iso={entry.at} />
              </span>
              {entry.note ? <p className="mt-0.5 text-stone-700">{entry.note}</p> : null}
            </li>
          ))}
        </ol>
        <p className="mt-4 text-sm">
          <Link to={`/admin/audit-log?entityType=order&entityId=${encodeURIComponent(order.id)}`} className={buttonClass.link}>
            Admin actions on this order
          </Link>
        </p>
      </Section>
    </div>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
