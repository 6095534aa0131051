import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { promotionSchema } from "../../../workers/domain/schemas/promotions";
import { pageOf } from "../../../workers/domain/schemas/common";
import { centsToInput } from "../../../workers/domain/money";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { ActionButton, Badge, Checkbox, ConfirmAction, ErrorText, Notice, PagedResults, PageHeader, Section, Select, TextInput, useFailure } from "~/components/admin/ui";
import { adminGet, adminHeaders, adminSend, apiPath, fail, failureFromProblem, noticeOf, pageParam, PAGE_SIZE, redirectWithNotice, requireAdmin, textValues, unconfirmed, unknownIntent } from "~/lib/admin.server";
import { parseCreatePromotion, parseUpdatePromotion } from "~/lib/promotion-forms.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { readFormData } from "~/lib/forms.server";
import { pageTitle } from "~/lib/navigation";
import { describePromotion } from "~/lib/promotions";

const NOTICES = {
  created: "The promotion was created.",
  saved: "The promotion was saved.",
  deactivated: "The promotion was deactivated: it no longer applies to any cart.",
  activated: "The promotion is active again.",
} as const;

const KIND_OPTIONS = [
  { value: "percent", label: "Percent off" },
  { value: "fixed", label: "Amount off" },
  { value: "free_shipping", label: "Free shipping" },
  { value: "buy_x_get_y", label: "Buy X get Y" },
  { value: "spend_get", label: "Spend $N, get $M off" },
] as const;

export const meta: MetaFunction = () => [{ title: pageTitle("Promotions · Admin") }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const url = new URL(request.url);
  const page = pageParam(url);
  const list = await adminGet(request, context, apiPath("/admin/promotions", { page, limit: PAGE_SIZE }), pageOf(promotionSchema));
  return data({ promotions: list.items, total: list.total, page, limit: PAGE_SIZE, notice: noticeOf(url, NOTICES) }, { headers: adminHeaders(context) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireAdmin(request, context);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  switch (intent) {
    case "create": {
      const parsed = parseCreatePromotion(formData);
      if (!parsed.ok) return fail(context, parsed.failure);
      const sent = await adminSend(request, context, "/admin/promotions", { method: "POST", json: parsed.body });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, parsed.values), sent.problem.status);
      return redirectWithNotice(request, context, "created");
    }
    case "update": {
      const parsed = parseUpdatePromotion(formData);
      if (!parsed.ok) return fail(context, parsed.failure);
      const id = parsed.values.id ?? "";
      const sent = await adminSend(request, context, `/admin/promotions/${encodeURIComponent(id)}`, { method: "PATCH", json: parsed.body });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, parsed.values, { target: id }), sent.problem.status);
      return redirectWithNotice(request, context, "saved");
    }
    case "deactivate": {
      const values = textValues(formData);
      const id = values.id ?? "";
      const notConfirmed = unconfirmed(formData, intent, id);
      if (notConfirmed) return fail(context, notConfirmed);
      const sent = await adminSend(request, context, `/admin/promotions/${encodeURIComponent(id)}`, { method: "DELETE" });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, values, { target: id }), sent.problem.status);
      return redirectWithNotice(request, context, "deactivated");
    }
    case "activate": {
      const values = textValues(formData);
      const id = values.id ?? "";
      const sent = await adminSend(request, context, `/admin/promotions/${encodeURIComponent(id)}`, { method: "PATCH", json: { active: true } });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, values, { target: id }), sent.problem.status);
      return redirectWithNotice(request, context, "activated");
    }
    default:
      return unknownIntent();
  }
}

type Promotion = z.infer<typeof promotionSchema>;

const localInput = (iso: string | null) => (iso ? iso.slice(0, 16) : "");

function PromotionFields({ values, errors, promotion, editing }: { values?: Record<string, string>; errors: Record<string, string>; promotion?: Promotion; editing: boolean }) {
  const money = (cents: number | null | undefined) => (cents == null ? "" : centsToInput(cents));
  const moneyValue = promotion && (promotion.kind === "fixed" || promotion.kind === "spend_get");
  return (
    <>
      <div className="grid gap-3 sm:grid-cols-3">
        <TextInput label="Name" name="name" required maxLength={120} defaultValue={values?.name ?? promotion?.name} error={errors.name} />
        <TextInput label="Code (empty: automatic)" name="code" maxLength={40} defaultValue={values?.code ?? promotion?.code ?? ""} error={errors.code} />
        {editing ? null : <Select label="Kind" name="kind" options={KIND_OPTIONS} defaultValue={values?.kind ?? "percent"} error={errors.kind} />}
        <TextInput
          label="Value"
          name="value"
          hint="Percent: whole percent. Amount off and spend-get: dollars. Buy X get Y: percent off the free units (empty: free)."
          defaultValue={values?.value ?? (promotion ? (moneyValue ? money(promotion.value) : String(promotion.value ?? "")) : "")}
          error={errors.value}
        />
        <TextInput label="Minimum subtotal ($; spend-get: spend per application)" name="minSubtotal" defaultValue={values?.minSubtotal ?? money(promotion?.minSubtotalCents)} error={errors.minSubtotal} />
        <TextInput label="Starts (UTC)" name="startsAt" type="datetime-local" defaultValue={values?.startsAt ?? localInput(promotion?.startsAt ?? null)} error={errors.startsAt} />
        <TextInput label="Ends (UTC)" name="endsAt" type="datetime-local" defaultValue={values?.endsAt ?? localInput(promotion?.endsAt ?? null)} error={errors.endsAt} />
        <TextInput label="Total uses" name="usageLimit" inputMode="numeric" defaultValue={values?.usageLimit ?? String(promotion?.usageLimit ?? "")} error={errors.usageLimit} />
        <TextInput label="Uses per customer" name="perCustomerLimit" inputMode="numeric" defaultValue={values?.perCustomerLimit ?? String(promotion?.perCustomerLimit ?? "")} error={errors.perCustomerLimit} />
        <TextInput
          label="Only for customer (email)"
          name="customerEmail"
          type="email"
          hint="Issue the code to one customer: their account, or a guest checking out with this email. Empty: anyone."
          maxLength={254}
          defaultValue={values?.customerEmail ?? promotion?.customerEmail ?? ""}
          error={errors.customerEmail}
        />
        <TextInput label="Buy (X)" name="buyQuantity" inputMode="numeric" defaultValue={values?.buyQuantity ?? String(promotion?.buyQuantity ?? "")} error={errors.buyQuantity} />
        <TextInput label="Get (Y)" name="getQuantity" inputMode="numeric" defaultValue={values?.getQuantity ?? String(promotion?.getQuantity ?? "")} error={errors.getQuantity} />
        <TextInput label="At most, times per order" name="maxApplications" inputMode="numeric" defaultValue={values?.maxApplications ?? String(promotion?.maxApplications ?? "")} error={errors.maxApplications} />
        <TextInput label="Only products (ids, comma-separated)" name="productIds" defaultValue={values?.productIds ?? promotion?.appliesTo?.productIds?.join(", ") ?? ""} error={errors.productIds} />
        <TextInput label="Only categories (ids, comma-separated)" name="categoryIds" defaultValue={values?.categoryIds ?? promotion?.appliesTo?.categoryIds?.join(", ") ?? ""} error={errors.categoryIds} />
      </div>
      <Checkbox label="Exclusive: never combined with other promotions" name="exclusive" defaultChecked={values ? Object.hasOwn(values, "exclusive") : (promotion?.exclusive ?? false)} />
    </>
  );
}

function PromotionRow({ promotion }: { promotion: Promotion }) {
  const update = useFailure("update", promotion.id);
  const deactivate = useFailure("deactivate", promotion.id);
  const activate = useFailure("activate", promotion.id);
  return (
    <li className="rounded-lg border border-stone-200 p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h3 className="font-semibold text-stone-900">
            <Link to={`/admin/promotions/${encodeURIComponent(promotion.id)}`} className="hover:underline">
              {promotion.name}
            </Link>{" "}
            {promotion.active ? <Badge tone="green">Active</Badge> : <Badge tone="grey">Inactive</Badge>}
          </h3>
          <p className="text-sm text-stone-600">
            {promotion.code ? `Code ${promotion.code}` : "Automatic"} · {describePromotion(promotion)} · used {promotion.usedCount}
            {promotion.usageLimit !== null ? ` of ${promotion.usageLimit}` : ""} time{promotion.usedCount === 1 ? "" : "s"}
            {promotion.exclusive ? " · exclusive" : ""}
            {promotion.customerEmail ? ` · only for ${promotion.customerEmail}` : ""}
          </p>
        </div>
        {promotion.active ? (
          <ConfirmAction
            intent="deactivate"
            target={promotion.id}
            hidden={{ id: promotion.id }}
            label={
              <>
                Deactivate…<span className="sr-only"> {promotion.name}</span>
              </>
            }
            title={`Deactivate ${promotion.name}?`}
            question="It stops applying to every cart at once, and shoppers who enter its code are told it is not valid. Orders that used it keep it. You can activate it again later."
            confirmLabel="Yes, deactivate this promotion"
            pendingLabel="Deactivating…"
          />
        ) : (
          <Form method="post">
            <input type="hidden" name="id" value={promotion.id} />
            <input type="hidden" name="target" value={promotion.id} />
            <ActionButton intent="activate" target={promotion.id} tone="secondary" pendingLabel="Activating…">
              Activate<span className="sr-only"> {promotion.name}</span>
            </ActionButton>
          </Form>
        )}
      </div>
      <ErrorText>{deactivate?.formError ?? activate?.formError}</ErrorText>
      <details className="mt-3" open={update ? true : undefined}>
        <summary className="cursor-pointer text-sm font-medium text-brand-700">
          Edit<span className="sr-only"> {promotion.name}</span>
        </summary>
        <Form method="post" className="mt-3 space-y-3" key={promotion.updatedAt}>
          <input type="hidden" name="id" value={promotion.id} />
          <input type="hidden" name="target" value={promotion.id} />
          <input type="hidden" name="kind" value={promotion.kind} />
          <ErrorText>{update?.formError}</ErrorText>
          <PromotionFields values={update?.values} errors={update?.fieldErrors ?? {}} promotion={promotion} editing />
          <ActionButton intent="update" target={promotion.id} tone="secondary" pendingLabel="Saving…">
            Save promotion
          </ActionButton>
        </Form>
      </details>
    </li>
  );
}

export default function AdminPromotions() {
  const { promotions, total, page, limit, notice } = useLoaderData<typeof loader>();
  const create = useFailure("create");
  const location = useLocation();
  return (
    <div>
      <PageHeader
        title="Promotions"
        description="Codes shoppers enter in their cart, and automatic promotions every qualifying cart gets. Exclusive promotions are never combined; of the rest, all that qualify stack."
      />
      <Notice>{notice}</Notice>
      <Section title="New promotion" id="new-heading">
        <Form method="post" className="space-y-3 rounded-lg border border-stone-200 p-4" key={location.key}>
          <ErrorText>{create?.formError}</ErrorText>
          <PromotionFields values={create?.values} errors={create?.fieldErrors ?? {}} editing={false} />
          <ActionButton intent="create" pendingLabel="Creating…">
            Create promotion
          </ActionButton>
        </Form>
      </Section>
      <Section title={`All promotions (${total})`} id="list-heading">
        <PagedResults itemCount={promotions.length} empty="No promotions yet." page={page} limit={limit} total={total}>
          <ul className="space-y-3">
            {promotions.map((promotion) => (
              <PromotionRow key={promotion.id} promotion={promotion} />
            ))}
          </ul>
        </PagedResults>
      </Section>
    </div>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
