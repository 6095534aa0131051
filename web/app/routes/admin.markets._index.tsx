import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import type { z } from "zod";
import { adminMarketListSchema, type adminMarketSchema } from "../../../workers/domain/schemas/markets";
import { CURRENCIES, formatMoney } from "../../../workers/domain/money";
import { LANGUAGES } from "../../../workers/domain/languages";
import { BASE_CURRENCY, ROUNDING_RULES } from "../../../workers/domain/markets";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { ActionButton, Badge, Checkbox, EmptyState, ErrorText, Notice, PageHeader, Section, Select, TextInput, useFailure, type ActionFailure } from "~/components/admin/ui";
import { adminGet, adminHeaders, adminSend, fail, failureFromProblem, noticeOf, redirectWithNotice, requireAdmin, unknownIntent } from "~/lib/admin.server";
import { marketFieldOf, parseCreateMarket, parseUpdateMarket } from "~/lib/market-forms.server";
import { bpsToPercent, LANGUAGE_LABELS, rateToDecimal, ROUNDING_LABELS, taxRatesToInput } from "~/lib/market-display";
import { assertSameOrigin } from "~/lib/csrf.server";
import { readFormData } from "~/lib/forms.server";
import { pageTitle } from "~/lib/navigation";

const NOTICES = {
  created: "The market was created.",
  saved: "The market was saved. Derived prices follow its new rules at once; prices set by hand stay.",
} as const;

const CURRENCY_OPTIONS = CURRENCIES.map((currency) => ({ value: currency, label: currency }));
const LANGUAGE_OPTIONS = LANGUAGES.map((language) => ({ value: language, label: `${LANGUAGE_LABELS[language]} (${language})` }));
const ROUNDING_OPTIONS = ROUNDING_RULES.map((rule) => ({ value: rule, label: ROUNDING_LABELS[rule] }));

export const meta: MetaFunction = () => [{ title: pageTitle("Markets · Admin") }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const { items } = await adminGet(request, context, "/admin/markets", adminMarketListSchema);
  return data({ markets: items, notice: noticeOf(new URL(request.url), NOTICES) }, { headers: adminHeaders(context) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireAdmin(request, context);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  switch (intent) {
    case "create": {
      const parsed = parseCreateMarket(formData);
      if (!parsed.ok) return fail(context, parsed.failure);
      const sent = await adminSend(request, context, "/admin/markets", { method: "POST", json: parsed.body });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, parsed.values, { fieldOf: marketFieldOf }), sent.problem.status);
      return redirectWithNotice(request, context, "created");
    }
    case "update": {
      const parsed = parseUpdateMarket(formData);
      if (!parsed.ok) return fail(context, parsed.failure);
      const id = parsed.values.id ?? "";
      const sent = await adminSend(request, context, `/admin/markets/${encodeURIComponent(id)}`, { method: "PATCH", json: parsed.body });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, parsed.values, { target: id, fieldOf: marketFieldOf }), sent.problem.status);
      return redirectWithNotice(request, context, "saved");
    }
    default:
      return unknownIntent();
  }
}

type Market = z.infer<typeof adminMarketSchema>;

/** "$24.99 → €22.99": the market's rule applied to one catalog price. */
function exampleOf(market: Market): string {
  return `${formatMoney(market.example.baseCents, BASE_CURRENCY, "en-US")} → ${formatMoney(market.example.priceMinor, market.currency, "en-US")}`;
}

/** The language boxes, ticked as posted after a failure, else as the market has them. */
function LanguageBoxes({ failure, market }: { failure?: ActionFailure | undefined; market?: Market }) {
  const ticked = failure ? (failure.values.languages ?? "").split(",") : (market?.languages ?? ["en"]);
  const error = failure?.fieldErrors.languages;
  return (
    <fieldset>
      <legend className="text-sm font-medium text-stone-800">Languages</legend>
      <div className="mt-1 flex flex-wrap gap-4">
        {LANGUAGES.map((language) => (
          <Checkbox key={language} label={`${LANGUAGE_LABELS[language]} (${language})`} name="languages" value={language} defaultChecked={ticked.includes(language)} />
        ))}
      </div>
      {error ? <p className="mt-1 text-sm font-medium text-red-700">{error}</p> : null}
    </fieldset>
  );
}

/** The fields the create and edit forms share. The base market gets no rate or rounding fields. */
function MarketFields({ failure, market }: { failure?: ActionFailure | undefined; market?: Market }) {
  const values = failure?.values;
  const errors = failure?.fieldErrors ?? {};
  const checked = (name: string, fallback: boolean) => (values ? Object.hasOwn(values, name) : fallback);
  const currency = market?.currency ?? values?.currency ?? "the market's currency";
  return (
    <>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextInput label="Name" name="name" required maxLength={80} defaultValue={values?.name ?? market?.name} error={errors.name} />
        <TextInput
          label="Countries (ISO codes, comma-separated)"
          name="countries"
          defaultValue={values?.countries ?? market?.countries.join(", ")}
          error={errors.countries}
          hint="For example: CH, LI. A country belongs to one market; countries no market lists are served by the base market."
        />
      </div>
      <LanguageBoxes failure={failure} {...(market ? { market } : {})} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Select label="Default language" name="defaultLanguage" options={LANGUAGE_OPTIONS} defaultValue={values?.defaultLanguage ?? market?.defaultLanguage ?? "en"} error={errors.defaultLanguage} />
        <TextInput
          label="Tax rates (percent, by destination country)"
          name="taxRates"
          defaultValue={values?.taxRates ?? (market ? taxRatesToInput(market.taxRates) : "")}
          error={errors.taxRates}
          hint="For example: DE 19, AT 20, CH 8.1"
        />
      </div>
      <div className="flex flex-wrap gap-6">
        <Checkbox label="Prices include tax" name="taxInclusive" defaultChecked={checked("taxInclusive", market?.taxInclusive ?? false)} hint="Unticked: tax is added at checkout." />
        <Checkbox label="Tax shipping too" name="taxShipping" defaultChecked={checked("taxShipping", market?.taxShipping ?? true)} />
      </div>
      {market?.isBase ? (
        <p className="text-sm text-stone-600">
          This is the base market: its prices are the catalog&apos;s own, so its currency ({market.currency}), exchange rate and rounding cannot change.
        </p>
      ) : (
        <div className="grid gap-3 sm:grid-cols-2">
          <TextInput
            label={`Exchange rate (${currency} per 1 ${BASE_CURRENCY})`}
            name="exchangeRate"
            inputMode="decimal"
            required
            defaultValue={values?.exchangeRate ?? (market ? rateToDecimal(market.exchangeRateMicros) : "")}
            error={errors.exchangeRate}
            hint="For example: 0.92"
          />
          <Select label="Rounding" name="rounding" options={ROUNDING_OPTIONS} defaultValue={values?.rounding ?? market?.rounding ?? "exact"} error={errors.rounding} />
        </div>
      )}
    </>
  );
}

function MarketRow({ market }: { market: Market }) {
  const update = useFailure("update", market.id);
  const rates = Object.entries(market.taxRates);
  return (
    <li className="rounded-lg border border-stone-200 p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h3 className="font-semibold text-stone-900">
            <Link to={`/admin/markets/${encodeURIComponent(market.id)}`} className="hover:underline">
              {market.name}
            </Link>{" "}
            <span className="font-mono text-sm font-normal text-stone-600">{market.id}</span> {market.isBase ? <Badge tone="blue">Base market</Badge> : null}
          </h3>
          <dl className="mt-2 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
            <dt className="text-stone-600">Currency</dt>
            <dd className="text-stone-900">{market.currency}</dd>
            <dt className="text-stone-600">Countries</dt>
            <dd className="text-stone-900">{market.countries.length ? market.countries.join(", ") : "None listed"}</dd>
            <dt className="text-stone-600">Languages</dt>
            <dd className="text-stone-900">
              {market.languages.map((language) => (language === market.defaultLanguage ? `${language} (default)` : language)).join(", ")}
            </dd>
            <dt className="text-stone-600">Tax</dt>
            <dd className="text-stone-900">
              {market.taxInclusive ? "Prices include tax" : "Tax added at checkout"}
              {market.taxShipping ? ", shipping taxed" : ", shipping not taxed"}
              {rates.length ? `: ${rates.map(([country, bps]) => `${country} ${bpsToPercent(bps)}%`).join(", ")}` : ": no rates"}
            </dd>
            <dt className="text-stone-600">Exchange rate</dt>
            <dd className="text-stone-900">{market.isBase ? "Catalog prices" : `1 ${BASE_CURRENCY} = ${rateToDecimal(market.exchangeRateMicros)} ${market.currency}`}</dd>
            <dt className="text-stone-600">Rounding</dt>
            <dd className="text-stone-900">{market.isBase ? "None: the catalog's prices" : ROUNDING_LABELS[market.rounding]}</dd>
            <dt className="text-stone-600">For example</dt>
            <dd className="text-stone-900">{exampleOf(market)}</dd>
          </dl>
        </div>
        <Link to={`/admin/markets/${encodeURIComponent(market.id)}`} className="text-sm font-medium text-brand-700 underline hover:text-brand-800">
          Prices<span className="sr-only"> in {market.name}</span>
        </Link>
      </div>
      <details className="mt-3" open={update ? true : undefined}>
        <summary className="cursor-pointer text-sm font-medium text-brand-700">
          Edit<span className="sr-only"> {market.name}</span>
        </summary>
        <Form method="post" className="mt-3 space-y-3" key={JSON.stringify(market)}>
          <input type="hidden" name="id" value={market.id} />
          <input type="hidden" name="target" value={market.id} />
          <ErrorText>{update?.formError}</ErrorText>
          <MarketFields failure={update} market={market} />
          <ActionButton intent="update" target={market.id} tone="secondary" pendingLabel="Saving…">
            Save market
          </ActionButton>
        </Form>
      </details>
    </li>
  );
}

export default function AdminMarkets() {
  const { markets, notice } = useLoaderData<typeof loader>();
  const create = useFailure("create");
  const location = useLocation();
  return (
    <div>
      <PageHeader
        title="Markets"
        description="A market is a set of countries sharing a currency, languages and tax rules. Its prices are the catalog's converted at its exchange rate and rounded by its rule, unless a price is set for it."
      />
      <Notice>{notice}</Notice>
      <Section title={`Markets (${markets.length})`} id="list-heading">
        {markets.length === 0 ? (
          <EmptyState>No markets.</EmptyState>
        ) : (
          <ul className="space-y-3">
            {markets.map((market) => (
              <MarketRow key={market.id} market={market} />
            ))}
          </ul>
        )}
      </Section>
      <Section title="New market" id="new-heading">
        <Form method="post" className="space-y-3 rounded-lg border border-stone-200 p-4" key={location.key}>
          <ErrorText>{create?.formError}</ErrorText>
          <div className="grid gap-3 sm:grid-cols-2">
            <TextInput label="Id" name="id" required maxLength={32} defaultValue={create?.values.id} error={create?.fieldErrors.id} hint="Lower-case letters, digits, hyphens or underscores, such as ch. Shoppers may name it in ?market=." />
            <Select label="Currency" name="currency" options={CURRENCY_OPTIONS} defaultValue={create?.values.currency ?? "EUR"} error={create?.fieldErrors.currency} />
          </div>
          <MarketFields failure={create} />
          <ActionButton intent="create" pendingLabel="Creating…">
            Create market
          </ActionButton>
        </Form>
      </Section>
    </div>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
