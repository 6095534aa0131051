import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useFetcher, useLoaderData, useLocation } from "@remix-run/react";
import { statsSchema } from "../../../workers/domain/schemas/admin";
import { stockListSchema, stockSchema } from "../../../workers/domain/schemas/inventory";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { ActionButton, Badge, buttonClass, DataTable, EmptyState, ErrorText, Notice, PagedResults, PageHeader, Section, Td, TextInput, Th, useFailure, type ActionFailure } from "~/components/admin/ui";
import { parseStockChange } from "~/lib/admin-forms.server";
import { adminGet, adminGetOptional, adminHeaders, adminSend, apiPath, fail, failureFromProblem, noticeOf, pageParam, PAGE_SIZE, redirectWithNotice, requireAdmin, textParam } from "~/lib/admin.server";
import { useHydrated } from "~/lib/hydrated";
import { readJson } from "~/lib/api.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { readFormData } from "~/lib/forms.server";
import { pageTitle } from "~/lib/navigation";

const NOTICES = { stock: "The stock was changed and the change was recorded in the audit log." } as const;

export const meta: MetaFunction = () => [{ title: pageTitle("Stock · Admin") }, { name: "robots", content: "noindex, nofollow" }];

/** SKUs are stored upper-case (the API's rule), so a lookup typed in lower case still finds one. */
const normaliseSku = (sku: string | undefined) => sku?.toUpperCase();

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const url = new URL(request.url);
  const sku = normaliseSku(textParam(url, "sku", 64));
  const productId = textParam(url, "product", 64) ?? null;
  const notice = noticeOf(url, NOTICES);
  if (!sku) {
    // Without a SKU: the searchable list, and what is running low (from the dashboard's figures).
    const q = textParam(url, "q", 100);
    const page = pageParam(url);
    const [list, stats] = await Promise.all([
      adminGet(request, context, apiPath("/inventory", { q, page, limit: PAGE_SIZE }), stockListSchema),
      adminGet(request, context, "/admin/stats", statsSchema),
    ]);
    return data(
      { sku: null, productId, stock: null, lowStock: stats.lowStock, notice, q: q ?? "", list: { ...list, page, limit: PAGE_SIZE } },
      { headers: adminHeaders(context) },
    );
  }
  const stock = await adminGetOptional(request, context, `/inventory/${encodeURIComponent(sku)}`, stockSchema);
  return data({ sku, productId, stock, lowStock: [], notice, q: "", list: null }, { headers: adminHeaders(context) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireAdmin(request, context);
  const formData = await readFormData(request);
  const parsed = parseStockChange(formData);
  if (!parsed.ok) return fail(context, parsed.failure);
  const sku = normaliseSku(parsed.values.sku) ?? "";
  const sent = await adminSend(request, context, `/inventory/${encodeURIComponent(sku)}`, { method: "PUT", json: parsed.body });
  if (!sent.ok) {
    return fail(context, failureFromProblem("stock", sent.problem, parsed.values, { target: parsed.values.sku, fieldOf: () => "amount" }), sent.problem.status);
  }
  // A row saved in place (with JavaScript) gets its new figures back; a plain post returns to
  // the same search and page with the notice.
  if (formData.get("inline") === "1") {
    const saved = await readJson(sent.response, stockSchema, `PUT /inventory/${sku}`);
    const stock = { onHand: saved.onHand ?? 0, reserved: saved.reserved ?? 0, available: saved.available };
    return data({ ok: true as const, intent: "stock", target: sku, stock }, { headers: adminHeaders(context) });
  }
  return redirectWithNotice(request, context, "stock");
}

type ListItem = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["list"]>["items"][number];
type InlineResult = { ok: true; intent: string; target: string; stock: { onHand: number; available: number; reserved: number } } | ActionFailure;

/** One SKU's row: its figures and a quantity form that saves in place (or posts, without JavaScript). */
function StockRow({ item }: { item: ListItem }) {
  const fetcher = useFetcher<InlineResult>();
  const hydrated = useHydrated();
  const pageFailure = useFailure("stock", item.sku);
  const result = fetcher.data && "target" in fetcher.data && fetcher.data.target === item.sku ? fetcher.data : undefined;
  const failure = result && result.ok === false ? result : pageFailure;
  const saving = fetcher.state !== "idle";
  const inputId = `on-hand-${item.sku}`;
  const errorId = `${inputId}-error`;
  return (
    <tr>
      <Td label="SKU" className="font-mono text-xs">{item.sku}</Td>
      <Td label="Product">
        <Link to={`/admin/products/${item.productId}`} className="font-medium text-brand-700 underline">
          {item.productName}
        </Link>{" "}
        <span className="text-xs text-stone-500">· {item.variantTitle}</span>
        {item.isActive ? null : (
          <span className="ml-1">
            <Badge tone="grey">Deactivated</Badge>
          </span>
        )}
      </Td>
      <Td label="Available" numeric>{item.available === 0 ? <Badge tone="red">Sold out</Badge> : item.available}</Td>
      <Td label="Reserved" numeric priority="medium">{item.reserved}</Td>
      <Td label="On hand">
        <fetcher.Form method="post" className="flex flex-wrap items-center gap-2">
          <input type="hidden" name="intent" value="stock" />
          <input type="hidden" name="sku" value={item.sku} />
          <input type="hidden" name="mode" value="onHand" />
          {hydrated ? <input type="hidden" name="inline" value="1" /> : null}
          <label htmlFor={inputId} className="sr-only">
            On hand for {item.sku}
          </label>
          <input
            id={inputId}
            name="amount"
            inputMode="numeric"
            required
            defaultValue={failure?.values.amount ?? String(item.onHand)}
            aria-invalid={failure ? true : undefined}
            aria-describedby={failure ? errorId : undefined}
            className={`w-20 rounded-md border bg-white px-2 py-1.5 text-right text-sm tabular-nums ${failure ? "border-red-600" : "border-stone-300"}`}
          />
          <button type="submit" aria-disabled={saving || undefined} className={buttonClass.secondary} onClick={(event) => saving && event.preventDefault()}>
            {saving ? "Saving…" : "Save"}
            <span className="sr-only"> on hand for {item.sku}</span>
          </button>
          <span role="status" className="text-xs text-emerald-800">
            {result && result.ok ? `Saved: ${result.stock.onHand} on hand, ${result.stock.available} available.` : ""}
          </span>
        </fetcher.Form>
        {failure ? (
          <p id={errorId} className="mt-1 text-sm font-medium text-red-700">
            {failure.fieldErrors.amount ?? failure.formError}
          </p>
        ) : null}
      </Td>
    </tr>
  );
}

function StockList({ q, list }: { q: string; list: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["list"]> }) {
  return (
    <Section title="All SKUs" id="list-heading">
      <Form method="get" role="search" aria-label="Search the stock" className="flex flex-wrap items-end gap-3 rounded-lg border border-stone-200 bg-stone-50 p-3">
        <TextInput label="Search" name="q" type="search" defaultValue={q} maxLength={100} className="min-w-48 flex-1" hint="The start of a SKU, or part of a product's name." />
        <button type="submit" className={`${buttonClass.primary} mb-5`}>
          Search
        </button>
      </Form>
      <PagedResults itemCount={list.items.length} empty={q ? `No SKU or product matches “${q}”.` : "No SKUs yet."} page={list.page} limit={list.limit} total={list.total}>
        <DataTable caption="Stock by SKU" stacked>
          <thead>
            <tr>
              <Th>SKU</Th>
              <Th>Product</Th>
              <Th numeric>Available</Th>
              <Th numeric priority="medium">Reserved</Th>
              <Th>On hand</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {list.items.map((item) => (
              <StockRow key={item.sku} item={item} />
            ))}
          </tbody>
        </DataTable>
      </PagedResults>
    </Section>
  );
}

function Lookup({ sku }: { sku: string | null }) {
  return (
    <Form method="get" role="search" aria-label="Find a SKU" className="mt-6 flex flex-wrap items-end gap-3 rounded-lg border border-stone-200 bg-stone-50 p-3">
      <TextInput label="SKU" name="sku" defaultValue={sku ?? ""} required maxLength={64} className="min-w-48 flex-1" hint="The exact SKU, as shown on the product page." />
      <button type="submit" className={`${buttonClass.primary} mb-5`}>
        Show stock
      </button>
    </Form>
  );
}

export default function AdminStock() {
  const { sku, productId, stock, lowStock, notice, q, list } = useLoaderData<typeof loader>();
  const failure = useFailure("stock");
  const errors = failure?.fieldErrors ?? {};
  const location = useLocation();
  return (
    <div>
      <PageHeader
        title="Stock"
        description="On hand is what is on the shelf; reserved is held by checkouts in progress; available is what shoppers can still buy."
        actions={
          productId ? (
            <Link to={`/admin/products/${productId}`} className={buttonClass.secondary}>
              Back to the product
            </Link>
          ) : undefined
        }
      />
      <Notice>{notice}</Notice>
      {sku ? <Lookup sku={sku} /> : null}

      {sku && !stock ? <ErrorText>There is no SKU {sku}.</ErrorText> : null}

      {sku && stock ? (
        <Section title={`SKU ${stock.sku}`} id="sku-heading">
          <dl className="grid grid-cols-3 gap-3 sm:max-w-lg">
            {(
              [
                ["On hand", stock.onHand],
                ["Reserved", stock.reserved],
                ["Available", stock.available],
              ] as const
            ).map(([label, value]) => (
              <div key={label} className="rounded-lg border border-stone-200 p-3">
                <dt className="text-sm text-stone-600">{label}</dt>
                <dd className="mt-1 text-2xl font-semibold tabular-nums">{value ?? "—"}</dd>
              </div>
            ))}
          </dl>

          <Form method="post" className="mt-6 max-w-lg rounded-lg border border-stone-200 p-4" key={location.key}>
            <input type="hidden" name="sku" value={stock.sku} />
            <fieldset>
              <legend className="text-sm font-semibold text-stone-900">Change the stock</legend>
              <p className="mt-1 text-xs text-stone-600">On hand can never go below what is reserved. Every change is audited.</p>
              <div className="mt-3 flex flex-wrap gap-4 text-sm">
                <label className="flex items-center gap-2">
                  <input type="radio" name="mode" value="onHand" defaultChecked={(failure?.values.mode ?? "onHand") === "onHand"} className="accent-brand-700" />
                  Set on hand to (a stock take)
                </label>
                <label className="flex items-center gap-2">
                  <input type="radio" name="mode" value="delta" defaultChecked={failure?.values.mode === "delta"} className="accent-brand-700" />
                  Add or remove units (e.g. 5 or -2)
                </label>
              </div>
            </fieldset>
            <TextInput label="Units" name="amount" inputMode="numeric" required defaultValue={failure?.values.amount ?? ""} error={errors.amount} className="mt-3 max-w-40" />
            <ErrorText>{failure?.formError}</ErrorText>
            <div className="mt-3">
              <ActionButton intent="stock" pendingLabel="Saving…">
                Save stock change
              </ActionButton>
            </div>
          </Form>
          <p className="mt-4 text-sm">
            <Link to={`/admin/audit-log?entityType=sku&entityId=${encodeURIComponent(stock.sku)}`} className={buttonClass.link}>
              History of this SKU in the audit log
            </Link>
          </p>
        </Section>
      ) : null}

      {list ? <StockList q={q} list={list} /> : null}

      {!sku ? (
        <Section title="Running low" id="low-heading">
          {lowStock.length === 0 ? (
            <EmptyState>No active SKU has 5 or fewer units available.</EmptyState>
          ) : (
            <DataTable caption="SKUs running low" stacked>
              <thead>
                <tr>
                  <Th>SKU</Th>
                  <Th>Product</Th>
                  <Th numeric>Available</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-100">
                {lowStock.map((row) => (
                  <tr key={row.sku}>
                    <Td label="SKU">
                      <Link to={`/admin/stock?sku=${encodeURIComponent(row.sku)}&product=${row.productId}`} className="font-mono text-xs font-medium text-brand-700 underline">
                        {row.sku}
                      </Link>
                    </Td>
                    <Td label="Product">
                      {row.name} <span className="text-xs text-stone-500">· {row.variantTitle}</span>
                    </Td>
                    <Td label="Available" numeric>{row.available === 0 ? <Badge tone="red">Sold out</Badge> : row.available}</Td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          )}
        </Section>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
