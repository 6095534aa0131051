import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import type { z } from "zod";
import { adminMarketSchema, marketPriceListSchema, type marketPriceSchema } from "../../../workers/domain/schemas/markets";
import { BASE_CURRENCY } from "../../../workers/domain/markets";
import { centsToInput, formatMoney } from "../../../workers/domain/money";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { ActionButton, Badge, ConfirmAction, DataTable, EmptyState, ErrorText, Notice, PageHeader, Section, Td, TextInput, Th, useFailure } from "~/components/admin/ui";
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
  textParam,
  textValues,
  unconfirmed,
  unknownIntent,
} from "~/lib/admin.server";
import { marketFieldOf, parseMarketPrice } from "~/lib/market-forms.server";
import { rateToDecimal, ROUNDING_LABELS } from "~/lib/market-display";
import { assertSameOrigin } from "~/lib/csrf.server";
import { readFormData } from "~/lib/forms.server";
import { pageTitle } from "~/lib/navigation";

const NOTICES = {
  set: "The price was set for this market.",
  cleared: "The variant uses the derived price again.",
} as const;

/** The prices API answers at most this many variants at once. */
const PRICE_LIMIT = 500;

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: pageTitle(`${loaded?.market.name ?? "Market"} prices · Admin`) },
  { name: "robots", content: "noindex, nofollow" },
];

async function marketOf(request: Request, context: LoaderFunctionArgs["context"], id: string) {
  const market = await adminGetOptional(request, context, `/admin/markets/${encodeURIComponent(id)}`, adminMarketSchema);
  if (!market) throw data({ message: "No such market." }, { status: 404 });
  return market;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const url = new URL(request.url);
  const id = params.id ?? "";
  const productId = textParam(url, "productId", 64);
  const market = await marketOf(request, context, id);
  const { items } = await adminGet(request, context, apiPath(`/admin/markets/${encodeURIComponent(id)}/prices`, { productId }), marketPriceListSchema);
  return data({ market, prices: items, productId: productId ?? "", notice: noticeOf(url, NOTICES) }, { headers: adminHeaders(context) });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireAdmin(request, context);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const id = params.id ?? "";
  const pricePath = (sku: string) => `/admin/markets/${encodeURIComponent(id)}/prices/${encodeURIComponent(sku)}`;
  switch (intent) {
    case "set-price": {
      // The currency is the market's as stored, never one the form claims.
      const market = await marketOf(request, context, id);
      const parsed = parseMarketPrice(formData, market.currency);
      if (!parsed.ok) return fail(context, parsed.failure);
      const sku = parsed.values.sku ?? "";
      const sent = await adminSend(request, context, pricePath(sku), { method: "PUT", json: parsed.body });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, parsed.values, { target: sku, fieldOf: marketFieldOf }), sent.problem.status);
      return redirectWithNotice(request, context, "set");
    }
    case "clear-price": {
      const values = textValues(formData);
      const sku = values.sku ?? "";
      const notConfirmed = unconfirmed(formData, intent, sku);
      if (notConfirmed) return fail(context, notConfirmed);
      const sent = await adminSend(request, context, pricePath(sku), { method: "DELETE" });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, values, { target: sku }), sent.problem.status);
      return redirectWithNotice(request, context, "cleared");
    }
    default:
      return unknownIntent();
  }
}

type Price = z.infer<typeof marketPriceSchema>;

function PriceRow({ price, editable }: { price: Price; editable: boolean }) {
  const set = useFailure("set-price", price.sku);
  const clear = useFailure("clear-price", price.sku);
  const money = (minor: number) => formatMoney(minor, price.currency, "en-US");
  return (
    <tr>
      <Td label="Variant">
        <div className="font-medium text-stone-900">{price.title}</div>
        <div className="font-mono text-xs text-stone-600">{price.sku}</div>
        <div className="font-mono text-xs text-stone-500">{price.productId}</div>
      </Td>
      <Td label={`Catalog (${BASE_CURRENCY})`} numeric priority="medium">
        {formatMoney(price.baseCents, BASE_CURRENCY, "en-US")}
      </Td>
      <Td label="Derived" numeric priority="low">
        {money(price.derivedMinor)}
      </Td>
      <Td label="Set" numeric priority="low">
        {price.setMinor === null ? <span className="text-stone-500">Not set</span> : money(price.setMinor)}
      </Td>
      <Td label="Shoppers pay" numeric>
        <span className="font-semibold">{money(price.priceMinor)}</span> {price.setMinor === null ? <Badge tone="grey">Derived</Badge> : <Badge tone="blue">Set</Badge>}
      </Td>
      {editable ? (
        <Td label="Set a price">
          <Form method="post" className="flex flex-wrap items-end gap-2" key={`${price.sku}-${price.setMinor ?? "derived"}`}>
            <input type="hidden" name="sku" value={price.sku} />
            <input type="hidden" name="target" value={price.sku} />
            <TextInput
              label={`Price in ${price.currency} for ${price.sku}`}
              hideLabel
              name="price"
              inputMode="decimal"
              className="w-28"
              defaultValue={set?.values.price ?? centsToInput(price.priceMinor, price.currency)}
              error={set?.fieldErrors.price}
            />
            <ActionButton intent="set-price" target={price.sku} tone="secondary" pendingLabel="Setting…">
              Set price<span className="sr-only"> for {price.sku}</span>
            </ActionButton>
          </Form>
          <ErrorText>{set && !set.fieldErrors.price ? set.formError : undefined}</ErrorText>
          {price.setMinor !== null ? (
            <div className="mt-2">
              <ConfirmAction
                intent="clear-price"
                target={price.sku}
                hidden={{ sku: price.sku }}
                label={
                  <>
                    Use the derived price…<span className="sr-only"> for {price.sku}</span>
                  </>
                }
                title="Use the derived price?"
                question={`The price set for ${price.sku} is dropped: shoppers in this market pay the derived ${money(price.derivedMinor)} instead of ${money(price.setMinor)}.`}
                confirmLabel="Yes, use the derived price"
                pendingLabel="Clearing…"
              />
            </div>
          ) : null}
          <ErrorText>{clear?.formError}</ErrorText>
        </Td>
      ) : null}
    </tr>
  );
}

export default function AdminMarketPrices() {
  const { market, prices, productId, notice } = useLoaderData<typeof loader>();
  const location = useLocation();
  const editable = !market.isBase;
  // The base market's rows have no forms to show a refusal beside, so it is shown above them.
  const refusedSet = useFailure("set-price");
  const refusedClear = useFailure("clear-price");
  const refused = refusedSet ?? refusedClear;
  return (
    <div>
      <PageHeader
        title={`Prices in ${market.name}`}
        description={
          market.isBase
            ? `The base market: shoppers pay the catalog's ${BASE_CURRENCY} prices. Edit a variant's price on its product's page.`
            : `1 ${BASE_CURRENCY} = ${rateToDecimal(market.exchangeRateMicros)} ${market.currency}, ${ROUNDING_LABELS[market.rounding].toLowerCase()}. A price set here replaces the derived one for this market only; prices are typed in ${market.currency}.`
        }
        actions={
          <Link to="/admin/markets" className="text-sm font-medium text-brand-700 hover:underline">
            All markets
          </Link>
        }
      />
      <Notice>{notice}</Notice>
      {editable ? null : <ErrorText>{refused?.formError}</ErrorText>}
      <Form method="get" className="mt-6 flex flex-wrap items-end gap-2" key={location.search}>
        <TextInput label="Product id" name="productId" maxLength={64} defaultValue={productId} className="w-72" />
        <button type="submit" className="inline-flex items-center justify-center rounded-md border border-stone-300 bg-white px-3.5 py-2 text-sm font-semibold text-stone-800 hover:bg-stone-50">
          Show
        </button>
        {productId ? (
          <Link to={`/admin/markets/${encodeURIComponent(market.id)}`} className="px-2 py-2 text-sm font-medium text-brand-700 hover:underline">
            All products
          </Link>
        ) : null}
      </Form>
      <Section title={productId ? `Variants of ${productId} (${prices.length})` : `Variants (${prices.length})`} id="prices-heading">
        {prices.length === 0 ? (
          <EmptyState>{productId ? `No product ${productId}, or it has no variants.` : "No variants yet."}</EmptyState>
        ) : (
          <>
            {prices.length >= PRICE_LIMIT ? <p className="mb-2 text-sm text-stone-600">Showing the first {PRICE_LIMIT} variants: filter by product to see others.</p> : null}
            <DataTable caption={`Prices in ${market.name}`} stacked>
              <thead>
                <tr>
                  <Th>Variant</Th>
                  <Th numeric priority="medium">
                    Catalog ({BASE_CURRENCY})
                  </Th>
                  <Th numeric priority="low">
                    Derived
                  </Th>
                  <Th numeric priority="low">
                    Set
                  </Th>
                  <Th numeric>Shoppers pay</Th>
                  {editable ? <Th>Set a price ({market.currency})</Th> : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-200">
                {prices.map((price) => (
                  <PriceRow key={price.sku} price={price} editable={editable} />
                ))}
              </tbody>
            </DataTable>
          </>
        )}
      </Section>
    </div>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
