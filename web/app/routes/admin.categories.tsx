import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { categoryListSchema } from "../../../workers/domain/schemas/catalog";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { ActionButton, ConfirmAction, EmptyState, ErrorText, Notice, PageHeader, Section, TextArea, TextInput, useFailure } from "~/components/admin/ui";
import { translationListSchema } from "../../../workers/domain/schemas/translations";
import { TranslationForms, translationTarget } from "~/components/admin/translations-form";
import { parseCreateCategory, parseTranslation, parseUpdateCategory, translationJson } from "~/lib/admin-forms.server";
import { adminGet, adminHeaders, adminSend, fail, failureFromProblem, noticeOf, redirectWithNotice, requireAdmin, textValues, unconfirmed, unknownIntent } from "~/lib/admin.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { readFormData } from "~/lib/forms.server";
import { pageTitle } from "~/lib/navigation";

const NOTICES = {
  created: "The category was created.",
  saved: "The category was saved.",
  deleted: "The category was deleted.",
  translated: "The translation was saved; shoppers in that language see it now.",
  "translation-removed": "The translation was removed; shoppers in that language see the English text.",
} as const;

export const meta: MetaFunction = () => [{ title: pageTitle("Categories · Admin") }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  // English explicitly: the forms edit the base text, whatever language the request names.
  const { items } = await adminGet(request, context, "/categories?lang=en", categoryListSchema);
  const translations = await Promise.all(
    items.map((category) => adminGet(request, context, `/admin/categories/${encodeURIComponent(category.id)}/translations`, translationListSchema)),
  );
  return data(
    {
      categories: items.map((category, index) => ({ ...category, translations: translations[index]?.items ?? [] })),
      notice: noticeOf(new URL(request.url), NOTICES),
    },
    { headers: adminHeaders(context) },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireAdmin(request, context);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  switch (intent) {
    case "create": {
      const parsed = parseCreateCategory(formData);
      if (!parsed.ok) return fail(context, parsed.failure);
      const sent = await adminSend(request, context, "/categories", { method: "POST", json: parsed.body });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, parsed.values), sent.problem.status);
      return redirectWithNotice(request, context, "created");
    }
    case "update": {
      const parsed = parseUpdateCategory(formData);
      if (!parsed.ok) return fail(context, parsed.failure);
      const id = parsed.values.id ?? "";
      const sent = await adminSend(request, context, `/categories/${encodeURIComponent(id)}`, { method: "PATCH", json: parsed.body });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, parsed.values, { target: id }), sent.problem.status);
      return redirectWithNotice(request, context, "saved");
    }
    case "translate": {
      const parsed = parseTranslation(formData, "category");
      if (!parsed.ok) return fail(context, parsed.failure);
      const id = parsed.values.id ?? "";
      const { lang, ...body } = parsed.body;
      const sent = await adminSend(request, context, `/admin/categories/${encodeURIComponent(id)}/translations/${lang}`, { method: "PUT", json: translationJson(body) });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, parsed.values, { target: translationTarget(lang, id) }), sent.problem.status);
      return redirectWithNotice(request, context, "translated");
    }
    case "remove-translation": {
      const values = textValues(formData);
      const id = values.id ?? "";
      const lang = values.lang ?? "";
      const target = `${id}:${lang}`;
      const notConfirmed = unconfirmed(formData, intent, target);
      if (notConfirmed) return fail(context, notConfirmed);
      const sent = await adminSend(request, context, `/admin/categories/${encodeURIComponent(id)}/translations/${encodeURIComponent(lang)}`, { method: "DELETE" });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, values, { target }), sent.problem.status);
      return redirectWithNotice(request, context, "translation-removed");
    }
    case "delete": {
      const values = textValues(formData);
      const id = values.id ?? "";
      const notConfirmed = unconfirmed(formData, intent, id);
      if (notConfirmed) return fail(context, notConfirmed);
      const sent = await adminSend(request, context, `/categories/${encodeURIComponent(id)}`, { method: "DELETE" });
      // A category still holding products is refused with 409; its detail says what to do.
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, values, { target: id }), sent.problem.status);
      return redirectWithNotice(request, context, "deleted");
    }
    default:
      return unknownIntent();
  }
}

type Category = ReturnType<typeof useLoaderData<typeof loader>>["categories"][number];

function CategoryRow({ category }: { category: Category }) {
  const update = useFailure("update", category.id);
  const remove = useFailure("delete", category.id);
  const translationFailed = [useFailure("translate"), useFailure("remove-translation")].some((failure) => failure?.target?.startsWith(`${category.id}:`));
  const values = update?.values;
  const errors = update?.fieldErrors ?? {};
  return (
    <li className="rounded-lg border border-stone-200 p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h3 className="font-semibold text-stone-900">{category.name}</h3>
          <p className="text-sm text-stone-600">
            /c/{category.slug} · {category.productCount} active product{category.productCount === 1 ? "" : "s"} · order {category.sortOrder}
          </p>
        </div>
        <ConfirmAction
          intent="delete"
          target={category.id}
          hidden={{ id: category.id }}
          label={
            <>
              Delete…<span className="sr-only"> {category.name}</span>
            </>
          }
          title={`Delete the category ${category.name}?`}
          question="Its page and its link in the store's navigation go away, and this cannot be undone. A category that still holds products cannot be deleted: move them first."
          confirmLabel="Yes, delete this category"
          pendingLabel="Deleting…"
        />
      </div>
      <ErrorText>{remove?.formError}</ErrorText>
      <details className="mt-3" open={update ? true : undefined}>
        <summary className="cursor-pointer text-sm font-medium text-brand-700">
          Edit<span className="sr-only"> {category.name}</span>
        </summary>
        <Form method="post" className="mt-3 space-y-3" key={`${category.name}-${category.slug}-${category.sortOrder}`}>
          <input type="hidden" name="id" value={category.id} />
          <input type="hidden" name="target" value={category.id} />
          <ErrorText>{update?.formError}</ErrorText>
          <div className="grid gap-3 sm:grid-cols-3">
            <TextInput label="Name" name="name" required maxLength={80} defaultValue={values?.name ?? category.name} error={errors.name} />
            <TextInput label="Slug" name="slug" maxLength={120} defaultValue={values?.slug ?? category.slug} error={errors.slug} />
            <TextInput label="Sort order" name="sortOrder" inputMode="numeric" defaultValue={values?.sortOrder ?? String(category.sortOrder)} error={errors.sortOrder} />
          </div>
          <TextArea label="Description" name="description" rows={2} maxLength={2000} defaultValue={values?.description ?? category.description} error={errors.description} />
          <ActionButton intent="update" target={category.id} tone="secondary" pendingLabel="Saving…">
            Save category
          </ActionButton>
        </Form>
      </details>
      <details className="mt-3" open={translationFailed ? true : undefined}>
        <summary className="cursor-pointer text-sm font-medium text-brand-700">
          Translations ({category.translations.length} of 3)<span className="sr-only"> of {category.name}</span>
        </summary>
        <div className="mt-3">
          <TranslationForms
            translations={category.translations}
            english={{ name: category.name, description: category.description }}
            itemId={category.id}
            nameMaxLength={80}
            descriptionMaxLength={2000}
            noun="category text"
          />
        </div>
      </details>
    </li>
  );
}

export default function AdminCategories() {
  const { categories, notice } = useLoaderData<typeof loader>();
  const create = useFailure("create");
  const errors = create?.fieldErrors ?? {};
  // A new location after each post: the create form starts empty again after a success.
  const location = useLocation();
  return (
    <div>
      <PageHeader
        title="Categories"
        description={
          <>
            A category can only be deleted once no product, active or deactivated, is in it: move those first on their{" "}
            <Link to="/admin/products?inactive=1" className="underline">
              product pages
            </Link>
            .
          </>
        }
      />
      <Notice>{notice}</Notice>

      <Section title="New category" id="new-heading">
        <Form method="post" className="space-y-3 rounded-lg border border-stone-200 p-4" key={location.key}>
          <ErrorText>{create?.formError}</ErrorText>
          <div className="grid gap-3 sm:grid-cols-3">
            <TextInput label="Name" name="name" required maxLength={80} defaultValue={create?.values.name} error={errors.name} />
            <TextInput label="Slug (optional)" name="slug" maxLength={120} defaultValue={create?.values.slug} error={errors.slug} hint="Made from the name when empty." />
            <TextInput label="Sort order (optional)" name="sortOrder" inputMode="numeric" defaultValue={create?.values.sortOrder} error={errors.sortOrder} />
          </div>
          <TextArea label="Description (optional)" name="description" rows={2} maxLength={2000} defaultValue={create?.values.description} error={errors.description} />
          <ActionButton intent="create" pendingLabel="Creating…">
            Create category
          </ActionButton>
        </Form>
      </Section>

      <Section title={`All categories (${categories.length})`} id="list-heading">
        {categories.length === 0 ? (
          <EmptyState>No categories yet.</EmptyState>
        ) : (
          <ul className="space-y-3">
            {categories.map((category) => (
              <CategoryRow key={category.id} category={category} />
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
