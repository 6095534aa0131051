import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { statsSchema } from "../../../workers/domain/schemas/admin";
import { stockSchema } from "../../../workers/domain/schemas/inventory";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { ActionButton, Badge, buttonClass, DataTable, EmptyState, ErrorText, Notice, PageHeader, Section, Td, TextInput, Th, useFailure } from "~/components/admin/ui";
import { parseStockChange } from "~/lib/admin-forms.server";
import { adminGet, adminGetOptional, adminHeaders, adminSend, fail, failureFromProblem, noticeOf, redirectWithNotice, requireAdmin, textParam } from "~/lib/admin.server";
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
    // Without a SKU: the lookup, and what is running low (from the dashboard's figures).
    const stats = await adminGet(request, context, "/admin/stats", statsSchema);
    return data({ sku: null, productId, stock: null, lowStock: stats.lowStock, notice }, { headers: adminHeaders(context) });
  }
  const stock = await adminGetOptional(request, context, `/inventory/${encodeURIComponent(sku)}`, stockSchema);
  return data({ sku, productId, stock, lowStock: [], notice }, { headers: adminHeaders(context) });
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
  return redirectWithNotice(request, context, "stock");
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
  const { sku, productId, stock, lowStock, notice } = useLoaderData<typeof loader>();
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
      <Lookup sku={sku} />

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

      {!sku ? (
        <Section title="Running low" id="low-heading">
          {lowStock.length === 0 ? (
            <EmptyState>No active SKU has 5 or fewer units available.</EmptyState>
          ) : (
            <DataTable caption="SKUs running low">
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
                    <Td>
                      <Link to={`/admin/stock?sku=${encodeURIComponent(row.sku)}&product=${row.productId}`} className="font-mono text-xs font-medium text-brand-700 underline">
                        {row.sku}
                      </Link>
                    </Td>
                    <Td>
                      {row.name} <span className="text-xs text-stone-500">· {row.variantTitle}</span>
                    </Td>
                    <Td numeric>{row.available === 0 ? <Badge tone="red">Sold out</Badge> : row.available}</Td>
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
