import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { categoryListSchema, productSchema } from "../../../workers/domain/schemas/catalog";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { ProductFields, VariantRows } from "~/components/admin/product-form";
import { ActionButton, buttonClass, ErrorText, PageHeader, useFailure } from "~/components/admin/ui";
import { parseCreateProduct } from "~/lib/admin-forms.server";
import { adminGet, adminHeaders, adminSend, fail, failureFromProblem, redirectWithNotice, requireAdmin } from "~/lib/admin.server";
import { readJson } from "~/lib/api.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { readFormData } from "~/lib/forms.server";
import { pageTitle } from "~/lib/navigation";

export const meta: MetaFunction = () => [{ title: pageTitle("New product · Admin") }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const { items } = await adminGet(request, context, "/categories", categoryListSchema);
  return data({ categories: items.map(({ id, name }) => ({ id, name })) }, { headers: adminHeaders(context) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireAdmin(request, context);
  const formData = await readFormData(request);
  const parsed = parseCreateProduct(formData);
  if (!parsed.ok) return fail(context, parsed.failure);
  const sent = await adminSend(request, context, "/products", { method: "POST", json: parsed.body });
  if (!sent.ok) {
    return fail(context, failureFromProblem("create", sent.problem, parsed.values, { fieldOf: parsed.fieldOf }), sent.problem.status);
  }
  const product = await readJson(sent.response, productSchema, "POST /products");
  return redirectWithNotice(request, context, "created", `/admin/products/${product.id}`);
}

export default function NewProduct() {
  const { categories } = useLoaderData<typeof loader>();
  const failure = useFailure("create");
  return (
    <div>
      <PageHeader
        title="New product"
        description={
          <>
            Images can be added once the product is saved.{" "}
            <Link to="/admin/products" className={buttonClass.link}>
              Back to products
            </Link>
          </>
        }
      />
      {categories.length === 0 ? (
        <ErrorText>
          There are no categories yet; <Link to="/admin/categories" className="underline">create one</Link> first.
        </ErrorText>
      ) : null}
      <Form method="post" className="mt-6 space-y-6">
        <ErrorText>{failure?.formError}</ErrorText>
        <ProductFields
          initial={{ name: "", slug: "", description: "", categoryId: "", brand: "", isFeatured: false, specifications: [] }}
          categories={categories}
          failure={failure}
        />
        <VariantRows failure={failure} />
        <ActionButton intent="create" pendingLabel="Creating…">
          Create product
        </ActionButton>
      </Form>
    </div>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
