import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { productListSchema, productSorts, type ProductSort } from "../../../workers/domain/schemas/catalog";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { Badge, buttonClass, Checkbox, DataTable, FilterBar, PagedResults, PageHeader, Select, Td, TextInput, Th } from "~/components/admin/ui";
import { adminGet, adminHeaders, apiPath, enumParam, pageParam, PAGE_SIZE, requireAdmin, textParam, unknownIntent } from "~/lib/admin.server";
import { formatMoney } from "../../../workers/domain/money";
import { pageTitle } from "~/lib/navigation";
import { BulkBar, BulkCheckbox, type BulkActionSpec } from "~/components/admin/bulk-actions";
import { runBulkIntent } from "~/lib/bulk.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { readFormData } from "~/lib/forms.server";
import { isDestructiveBulkAction, PRODUCT_BULK_ACTIONS, type ProductBulkAction } from "../../../workers/domain/bulk-actions";

export const meta: MetaFunction = () => [{ title: pageTitle("Products · Admin") }, { name: "robots", content: "noindex, nofollow" }];

const SORT_LABELS: Record<ProductSort, string> = {
  newest: "Newest first",
  relevance: "Best match (with a search) / featured",
  price_asc: "Price, low to high",
  price_desc: "Price, high to low",
  rating: "Best rated",
};

const BULK_LABELS: Record<ProductBulkAction, { label: string; done: string }> = {
  reactivate: { label: "Reactivate", done: "reactivated" },
  deactivate: { label: "Deactivate", done: "deactivated: they left the shop" },
};

const BULK_FORM = "bulk-products";

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireAdmin(request, context);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const bulkAction = PRODUCT_BULK_ACTIONS.find((candidate) => `bulk-${candidate}` === intent);
  if (!bulkAction) return unknownIntent();
  return runBulkIntent(request, context, { formData, intent, path: "/products/bulk", action: bulkAction, destructive: isDestructiveBulkAction(bulkAction), noun: "product" });
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const url = new URL(request.url);
  const q = textParam(url, "q", 200);
  const page = pageParam(url);
  const sort = enumParam(url, "sort", productSorts) ?? (q ? "relevance" : "newest");
  // GET /products lists deactivated products only to admins who ask for them.
  const includeInactive = url.searchParams.get("inactive") === "1";
  const list = await adminGet(
    request,
    context,
    apiPath("/products", { q, page, limit: PAGE_SIZE, sort, includeInactive: includeInactive || undefined }),
    productListSchema,
  );
  const items = list.items.map((item) => ({
    id: item.id,
    slug: item.slug,
    name: item.name,
    category: item.category.name,
    brand: item.brand,
    priceCents: item.priceCents,
    currency: item.currency,
    available: item.available,
    isActive: item.isActive,
    image: item.image,
    variantCount: item.variants.length,
  }));
  // The API's sorts travel as data, so the schema module stays out of the browser bundle.
  const sorts = productSorts.map((value) => ({ value, label: SORT_LABELS[value] }));
  // Reactivating takes nothing away; deactivating asks first (the domain says which is which).
  const bulkActions: BulkActionSpec[] = (["reactivate", "deactivate"] as const).map((name) => ({ intent: `bulk-${name}`, ...BULK_LABELS[name], destructive: isDestructiveBulkAction(name) }));
  return data({ items, total: list.total, page, limit: PAGE_SIZE, q: q ?? "", sort, sorts, includeInactive, bulkActions }, { headers: adminHeaders(context) });
}

export default function AdminProducts() {
  const { items, total, page, limit, q, sort, sorts, includeInactive, bulkActions } = useLoaderData<typeof loader>();
  const names = new Map(items.map((item) => [item.id, item.name]));
  return (
    <div>
      <PageHeader
        title="Products"
        description="Search the catalog, including deactivated products, and open one to edit it, its variants, images and stock."
        actions={
          <Link to="/admin/products/new" className={buttonClass.primary}>
            New product
          </Link>
        }
      />
      <FilterBar label="Filter products" resetHref="/admin/products">
        <TextInput label="Search" name="q" type="search" defaultValue={q} maxLength={200} className="min-w-48 flex-1" />
        <Select label="Sort" name="sort" defaultValue={sort} options={sorts} />
        <div className="pb-2">
          <Checkbox label="Include deactivated" name="inactive" value="1" defaultChecked={includeInactive} />
        </div>
      </FilterBar>
      <BulkBar formId={BULK_FORM} pageIds={items.map((item) => item.id)} noun="product" plural="products" actions={bulkActions} nameOf={(id) => names.get(id) ?? id} />
      <PagedResults itemCount={items.length} empty={q ? `No products match “${q}”.` : "No products yet. Create the first one."} page={page} limit={limit} total={total}>
        <DataTable caption="Products" stacked>
          <thead>
            <tr>
              <Th>
                <span className="sr-only">Select</span>
              </Th>
              <Th>Product</Th>
              <Th priority="medium">Category</Th>
              <Th priority="low">Brand</Th>
              <Th numeric>From</Th>
              <Th numeric priority="low">Variants</Th>
              <Th numeric>Available</Th>
              <Th>Status</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {items.map((item) => (
              <tr key={item.id}>
                <Td label="Select">
                  <BulkCheckbox formId={BULK_FORM} id={item.id} label={item.name} />
                </Td>
                <Td label="Product">
                  <div className="flex items-center gap-3">
                    {item.image ? (
                      <img src={item.image} alt="" width={40} height={40} loading="lazy" className="size-10 shrink-0 rounded border border-stone-200 object-cover" />
                    ) : (
                      <span aria-hidden="true" className="size-10 shrink-0 rounded border border-dashed border-stone-300" />
                    )}
                    <Link to={`/admin/products/${item.id}`} className="font-medium text-brand-700 underline">
                      {item.name}
                    </Link>
                  </div>
                </Td>
                <Td label="Category" priority="medium">{item.category}</Td>
                <Td label="Brand" priority="low">{item.brand ?? "—"}</Td>
                <Td label="From" numeric>{formatMoney(item.priceCents, item.currency)}</Td>
                <Td label="Variants" numeric priority="low">{item.variantCount}</Td>
                <Td label="Available" numeric>{item.available}</Td>
                <Td label="Status">{item.isActive ? <Badge tone="green">Active</Badge> : <Badge tone="grey">Deactivated</Badge>}</Td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </PagedResults>
    </div>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
