import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { pageOf } from "../../../workers/domain/schemas/common";
import { adminReturnSchema } from "../../../workers/domain/schemas/returns";
import { formatMoney } from "../../../workers/domain/money";
import { RETURN_REASON_LABELS, RETURN_STATUSES, type ReturnStatus } from "../../../workers/domain/returns";
import { LocalTime } from "~/components/local-time";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { ActionButton, Badge, Checkbox, ConfirmAction, ErrorText, FilterBar, Notice, PagedResults, PageHeader, Select, useFailure, withAnyOption } from "~/components/admin/ui";
import {
  adminGet,
  adminHeaders,
  adminSend,
  apiPath,
  enumParam,
  fail,
  failureFromProblem,
  noticeOf,
  pageParam,
  PAGE_SIZE,
  redirectWithNotice,
  requireAdmin,
  textValues,
  unconfirmed,
  unknownIntent,
} from "~/lib/admin.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { readFormData } from "~/lib/forms.server";
import { pageTitle } from "~/lib/navigation";

const NOTICES = {
  approved: "The return was approved. The shopper was emailed to send the items back.",
  rejected: "The return was declined, and the shopper told.",
  received: "The items were received: they are back in stock and the refund has been started.",
} as const;

const STATUS_TONES: Record<ReturnStatus, "amber" | "blue" | "green" | "red" | "grey"> = {
  requested: "amber",
  approved: "blue",
  rejected: "red",
  received: "blue",
  refunded: "green",
};

export const meta: MetaFunction = () => [{ title: pageTitle("Returns · Admin") }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const url = new URL(request.url);
  const page = pageParam(url);
  const status = enumParam(url, "status", RETURN_STATUSES);
  const list = await adminGet(request, context, apiPath("/admin/returns", { status, page, limit: PAGE_SIZE }), pageOf(adminReturnSchema));
  return data({ returns: list.items, total: list.total, page, limit: PAGE_SIZE, status: status ?? "", notice: noticeOf(url, NOTICES) }, { headers: adminHeaders(context) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireAdmin(request, context);
  const formData = await readFormData(request);
  const values = textValues(formData);
  const id = encodeURIComponent(values.id ?? "");
  if (values.intent === "approve" || values.intent === "reject") {
    const notConfirmed = values.intent === "reject" ? unconfirmed(formData, "reject", values.id) : undefined;
    if (notConfirmed) return fail(context, notConfirmed);
    const sent = await adminSend(request, context, `/admin/returns/${id}/${values.intent}`, { method: "POST" });
    if (!sent.ok) return fail(context, failureFromProblem(values.intent, sent.problem, values, { target: values.id }), sent.problem.status);
    return redirectWithNotice(request, context, values.intent === "approve" ? "approved" : "rejected");
  }
  if (values.intent === "receive") {
    const notConfirmed = unconfirmed(formData, "receive", values.id);
    if (notConfirmed) return fail(context, notConfirmed);
    // One quantity box per line, named received.<sku>: what actually came back.
    const lines: { sku: string; quantity: number }[] = [];
    for (const [key, value] of formData) {
      if (!key.startsWith("received.") || typeof value !== "string") continue;
      const quantity = Number(value);
      if (!/^\d{1,2}$/.test(value.trim()) || !Number.isInteger(quantity)) {
        return fail(context, { ok: false, intent: "receive", target: values.id, formError: "Enter how many of each item came back, as a whole number.", fieldErrors: {}, values }, 400);
      }
      lines.push({ sku: key.slice("received.".length), quantity });
    }
    const sent = await adminSend(request, context, `/admin/returns/${id}/receive`, {
      method: "POST",
      json: { lines, refundShipping: Object.hasOwn(values, "refundShipping") },
    });
    if (!sent.ok) return fail(context, failureFromProblem("receive", sent.problem, values, { target: values.id }), sent.problem.status);
    return redirectWithNotice(request, context, "received");
  }
  return unknownIntent();
}

type Return = ReturnType<typeof useLoaderData<typeof loader>>["returns"][number];

function ReturnItem({ entry }: { entry: Return }) {
  const failures = [useFailure("approve", entry.id), useFailure("reject", entry.id), useFailure("receive", entry.id)];
  const error = failures.find(Boolean)?.formError;
  return (
    <li className="rounded-lg border border-stone-200 p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="font-semibold">
            <Link to={`/admin/orders/${encodeURIComponent(entry.orderId)}`} className="text-brand-700 underline hover:text-brand-800">
              Order {entry.orderNumber}
            </Link>
            {entry.customerEmail ? <span className="ml-2 text-sm font-normal break-all text-stone-600">{entry.customerEmail}</span> : null}
          </p>
          <p className="mt-1 text-xs text-stone-600">Requested <LocalTime iso={entry.createdAt} /></p>
        </div>
        <Badge tone={STATUS_TONES[entry.status]}>{entry.status}</Badge>
      </div>
      <ul className="mt-3 space-y-1 text-sm">
        {entry.lines.map((line) => (
          <li key={line.sku}>
            {line.quantity} × {line.name} <span className="text-stone-500">({line.sku})</span> · {RETURN_REASON_LABELS[line.reason]}
            {line.receivedQuantity ? <span className="text-stone-600"> · {line.receivedQuantity} received</span> : null}
          </li>
        ))}
      </ul>
      {entry.note ? <p className="mt-2 text-sm text-stone-700">“{entry.note}”</p> : null}
      {entry.refundCents ? <p className="mt-2 text-sm">Refund: {formatMoney(entry.refundCents, entry.currency)}</p> : null}
      <ErrorText>{error}</ErrorText>
      {entry.status === "requested" ? (
        <div className="mt-3 flex flex-wrap items-start gap-3">
          <Form method="post">
            <input type="hidden" name="id" value={entry.id} />
            <input type="hidden" name="target" value={entry.id} />
            <ActionButton intent="approve" target={entry.id} pendingLabel="Approving…">
              Approve<span className="sr-only"> the return for order {entry.orderNumber}</span>
            </ActionButton>
          </Form>
          {/* Declining cannot be undone: it asks first, without needing JavaScript. */}
          <ConfirmAction
            intent="reject"
            target={entry.id}
            hidden={{ id: entry.id }}
            label={
              <>
                Decline…<span className="sr-only"> the return for order {entry.orderNumber}</span>
              </>
            }
            title="Decline this return?"
            question="The shopper is emailed at once that the return was declined. This cannot be undone."
            confirmLabel="Yes, decline the return"
            pendingLabel="Declining…"
          />
        </div>
      ) : null}
      {entry.status === "approved" ? (
        // Receiving refunds the shopper, which cannot be taken back: it asks first.
        <ConfirmAction
          className="mt-3 space-y-3 rounded-md bg-stone-50 p-3"
          intent="receive"
          target={entry.id}
          hidden={{ id: entry.id }}
          label={
            <>
              Mark received and refund…<span className="sr-only"> the return for order {entry.orderNumber}</span>
            </>
          }
          title="Mark the items received and refund them?"
          question={`The quantities above go back into stock and the shopper is refunded what they paid for them${entry.currency ? ` (in ${entry.currency})` : ""}, plus shipping if ticked. A refund cannot be taken back.`}
          confirmLabel="Yes, mark received and refund"
          pendingLabel="Receiving…"
        >
          <fieldset className="space-y-2">
            <legend className="text-sm font-semibold">What came back</legend>
            {entry.lines.map((line) => (
              <label key={line.sku} className="flex items-center gap-2 text-sm">
                <input
                  type="number"
                  name={`received.${line.sku}`}
                  min={0}
                  max={line.quantity}
                  step={1}
                  defaultValue={line.quantity}
                  className="w-16 rounded-md border border-stone-300 bg-white px-2 py-1"
                />
                <span className="min-w-0 break-words">
                  of {line.quantity} × {line.name}
                </span>
              </label>
            ))}
          </fieldset>
          <Checkbox label="Also refund the shipping" name="refundShipping" />
        </ConfirmAction>
      ) : null}
    </li>
  );
}

export default function AdminReturns() {
  const { returns, total, page, limit, status, notice } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader title="Returns" description="Approve or decline what shoppers ask to send back; when the items arrive, mark them received to restock them and refund what was paid for them." />
      <Notice>{notice}</Notice>
      <FilterBar label="Filter returns" resetHref="/admin/returns">
        <Select label="Status" name="status" defaultValue={status} options={withAnyOption("Any status", RETURN_STATUSES)} />
      </FilterBar>
      <PagedResults itemCount={returns.length} empty={status ? "No returns with this status." : "No returns yet."} page={page} limit={limit} total={total}>
        <ul className="space-y-3">
          {returns.map((entry) => (
            <ReturnItem key={entry.id} entry={entry} />
          ))}
        </ul>
      </PagedResults>
    </div>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
