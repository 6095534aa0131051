import { data, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import type { z } from "zod";
import { shippingZoneListSchema, type shippingZoneSchema } from "../../../workers/domain/schemas/shipping";
import { adminMarketListSchema } from "../../../workers/domain/schemas/markets";
import { centsToInput, formatMoney } from "../../../workers/domain/money";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { ActionButton, ConfirmAction, EmptyState, ErrorText, Notice, PageHeader, Section, Select, TextInput, useFailure } from "~/components/admin/ui";
import { adminGet, adminHeaders, adminSend, fail, failureFromProblem, noticeOf, redirectWithNotice, requireAdmin, textValues, unconfirmed, unknownIntent } from "~/lib/admin.server";
import { parseCreateZone, parseUpdateZone } from "~/lib/promotion-forms.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { readFormData } from "~/lib/forms.server";
import { pageTitle } from "~/lib/navigation";
import { deliveryEstimate } from "~/lib/shipping";
import { fixedT } from "~/lib/i18n";

/** The admin is English (decision 014). */
const adminT = fixedT("en");

const NOTICES = {
  created: "The shipping zone was created.",
  saved: "The shipping zone was saved.",
  deleted: "The shipping zone was deleted.",
} as const;

export const meta: MetaFunction = () => [{ title: pageTitle("Shipping · Admin") }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const [{ items }, markets] = await Promise.all([
    adminGet(request, context, "/admin/shipping-zones", shippingZoneListSchema),
    adminGet(request, context, "/admin/markets", adminMarketListSchema),
  ]);
  return data(
    { zones: items, markets: markets.items.map(({ id, name, currency, isBase }) => ({ id, name, currency, isBase })), notice: noticeOf(new URL(request.url), NOTICES) },
    { headers: adminHeaders(context) },
  );
}

/** The currency a zone's amounts are in: its market's, looked up here, never taken from the form. */
async function currencyOfMarket(request: Request, context: AppLoadContext, marketId: string | undefined): Promise<string> {
  const { items } = await adminGet(request, context, "/admin/markets", adminMarketListSchema);
  return (items.find((market) => market.id === marketId) ?? items.find((market) => market.isBase))?.currency ?? "USD";
}

async function currencyOfZone(request: Request, context: AppLoadContext, zoneId: string): Promise<string> {
  const { items } = await adminGet(request, context, "/admin/shipping-zones", shippingZoneListSchema);
  return currencyOfMarket(request, context, items.find((zone) => zone.id === zoneId)?.marketId);
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireAdmin(request, context);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  switch (intent) {
    case "create": {
      const parsed = parseCreateZone(formData, await currencyOfMarket(request, context, String(formData.get("marketId") ?? "") || undefined));
      if (!parsed.ok) return fail(context, parsed.failure);
      const sent = await adminSend(request, context, "/admin/shipping-zones", { method: "POST", json: parsed.body });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, parsed.values), sent.problem.status);
      return redirectWithNotice(request, context, "created");
    }
    case "update": {
      const parsed = parseUpdateZone(formData, await currencyOfZone(request, context, String(formData.get("id") ?? "")));
      if (!parsed.ok) return fail(context, parsed.failure);
      const id = parsed.values.id ?? "";
      const sent = await adminSend(request, context, `/admin/shipping-zones/${encodeURIComponent(id)}`, { method: "PATCH", json: parsed.body });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, parsed.values, { target: id }), sent.problem.status);
      return redirectWithNotice(request, context, "saved");
    }
    case "delete": {
      const values = textValues(formData);
      const id = values.id ?? "";
      const notConfirmed = unconfirmed(formData, intent, id);
      if (notConfirmed) return fail(context, notConfirmed);
      const sent = await adminSend(request, context, `/admin/shipping-zones/${encodeURIComponent(id)}`, { method: "DELETE" });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, values, { target: id }), sent.problem.status);
      return redirectWithNotice(request, context, "deleted");
    }
    default:
      return unknownIntent();
  }
}

type Zone = z.infer<typeof shippingZoneSchema>;
type Method = Zone["methods"][number];

const rateOf = (method: Method) => (method.rate.kind === "flat" ? method.rate.amountCents : (method.rate.bands[0]?.amountCents ?? 0));

/** Method rows, plus one blank row to add a method; a row left without a name is dropped. */
function MethodRows({ methods, values, errors, currency }: { methods: readonly Method[]; values?: Record<string, string>; errors: Record<string, string>; currency: string }) {
  const rows = [...methods.map((method) => method as Method | null), null];
  return (
    <div className="space-y-2">
      {rows.map((method, row) => (
        <fieldset key={method?.id ?? `new-${row}`} className="grid gap-2 rounded-md border border-stone-200 p-3 sm:grid-cols-5">
          <legend className="px-1 text-sm font-medium text-stone-700">{method ? method.name : "Add a method"}</legend>
          {method ? <input type="hidden" name={`methods.${row}.id`} value={method.id} /> : null}
          <TextInput label="Name" name={`methods.${row}.name`} maxLength={80} defaultValue={values?.[`methods.${row}.name`] ?? method?.name ?? ""} error={errors[`methods.${row}.name`]} />
          <TextInput label={`Rate (${currency})`} name={`methods.${row}.amount`} defaultValue={values?.[`methods.${row}.amount`] ?? (method ? centsToInput(rateOf(method), currency) : "")} error={errors[`methods.${row}.amount`]} />
          <TextInput
            label={`Free over (${currency})`}
            name={`methods.${row}.freeOver`}
            defaultValue={values?.[`methods.${row}.freeOver`] ?? (method?.freeOverCents != null ? centsToInput(method.freeOverCents, currency) : "")}
            error={errors[`methods.${row}.freeOver`]}
          />
          <TextInput label="Fastest (days)" name={`methods.${row}.minDays`} inputMode="numeric" defaultValue={values?.[`methods.${row}.minDays`] ?? String(method?.minDays ?? "")} />
          <TextInput label="Slowest (days)" name={`methods.${row}.maxDays`} inputMode="numeric" defaultValue={values?.[`methods.${row}.maxDays`] ?? String(method?.maxDays ?? "")} error={errors[`methods.${row}.maxDays`]} />
        </fieldset>
      ))}
      {errors.methods ? <ErrorText>{errors.methods}</ErrorText> : null}
    </div>
  );
}

type MarketChoice = { id: string; name: string; currency: string; isBase: boolean };

function ZoneRow({ zone, market }: { zone: Zone; market: MarketChoice | undefined }) {
  const currency = market?.currency ?? "USD";
  const update = useFailure("update", zone.id);
  const remove = useFailure("delete", zone.id);
  return (
    <li className="rounded-lg border border-stone-200 p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h3 className="font-semibold text-stone-900">{zone.name}</h3>
          <p className="text-sm text-stone-600">
            {market ? `${market.name} (${market.currency}) · ` : ""}
            {zone.countries.join(", ")}
          </p>
          <ul className="mt-1 text-sm text-stone-700">
            {zone.methods.map((method) => (
              <li key={method.id}>
                {method.name}: {formatMoney(rateOf(method), currency)}
                {method.freeOverCents != null ? `, free over ${formatMoney(method.freeOverCents, currency)}` : ""}
                {deliveryEstimate(method, adminT) ? ` · ${deliveryEstimate(method, adminT)}` : ""}
              </li>
            ))}
          </ul>
        </div>
        <ConfirmAction
          intent="delete"
          target={zone.id}
          hidden={{ id: zone.id }}
          label={
            <>
              Delete…<span className="sr-only"> {zone.name}</span>
            </>
          }
          title={`Delete the shipping zone ${zone.name}?`}
          question={`Its methods are deleted with it, and shoppers in ${zone.countries.join(", ")} can no longer check out until another zone lists their country. This cannot be undone.`}
          confirmLabel="Yes, delete this zone"
          pendingLabel="Deleting…"
        />
      </div>
      <ErrorText>{remove?.formError}</ErrorText>
      <details className="mt-3" open={update ? true : undefined}>
        <summary className="cursor-pointer text-sm font-medium text-brand-700">
          Edit<span className="sr-only"> {zone.name}</span>
        </summary>
        <Form method="post" className="mt-3 space-y-3" key={`${zone.name}-${zone.countries.join()}-${zone.methods.map((method) => method.id).join()}`}>
          <input type="hidden" name="id" value={zone.id} />
          <input type="hidden" name="target" value={zone.id} />
          <ErrorText>{update?.formError}</ErrorText>
          <div className="grid gap-3 sm:grid-cols-2">
            <TextInput label="Name" name="name" required maxLength={80} defaultValue={update?.values.name ?? zone.name} error={update?.fieldErrors.name} />
            <TextInput label="Countries (ISO codes)" name="countries" required defaultValue={update?.values.countries ?? zone.countries.join(", ")} error={update?.fieldErrors.countries} />
          </div>
          <MethodRows methods={zone.methods} values={update?.values} errors={update?.fieldErrors ?? {}} currency={currency} />
          <ActionButton intent="update" target={zone.id} tone="secondary" pendingLabel="Saving…">
            Save zone
          </ActionButton>
        </Form>
      </details>
    </li>
  );
}

export default function AdminShipping() {
  const { zones, markets, notice } = useLoaderData<typeof loader>();
  const base = markets.find((market) => market.isBase) ?? markets[0];
  const create = useFailure("create");
  const location = useLocation();
  return (
    <div>
      <PageHeader
        title="Shipping"
        description="Zones are sets of countries, each with its methods in the order shoppers see them; the first is the default. A country belongs to one zone; a country in none cannot check out."
      />
      <Notice>{notice}</Notice>
      <Section title="New zone" id="new-heading">
        <Form method="post" className="space-y-3 rounded-lg border border-stone-200 p-4" key={location.key}>
          <ErrorText>{create?.formError}</ErrorText>
          <div className="grid gap-3 sm:grid-cols-2">
            <TextInput label="Name" name="name" required maxLength={80} defaultValue={create?.values.name} error={create?.fieldErrors.name} />
            <TextInput label="Countries (ISO codes)" name="countries" required defaultValue={create?.values.countries} error={create?.fieldErrors.countries} hint="For example: US, CA" />
          </div>
          <Select
            label="Market (its shoppers, and the currency of the amounts)"
            name="marketId"
            options={markets.map((market) => ({ value: market.id, label: `${market.name} (${market.currency})` }))}
            defaultValue={create?.values.marketId ?? base?.id ?? ""}
            error={create?.fieldErrors.marketId}
          />
          <MethodRows
            methods={[]}
            values={create?.values}
            errors={create?.fieldErrors ?? {}}
            currency={markets.find((market) => market.id === (create?.values.marketId ?? base?.id))?.currency ?? "USD"}
          />
          <ActionButton intent="create" pendingLabel="Creating…">
            Create zone
          </ActionButton>
        </Form>
      </Section>
      <Section title={`Zones (${zones.length})`} id="list-heading">
        {zones.length === 0 ? (
          <EmptyState>No zones: nothing can be shipped anywhere.</EmptyState>
        ) : (
          <ul className="space-y-3">
            {zones.map((zone) => (
              <ZoneRow key={zone.id} zone={zone} market={markets.find((market) => market.id === zone.marketId)} />
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
