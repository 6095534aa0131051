import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { categoryListSchema, productSchema, type ProductView } from "../../../workers/domain/schemas/catalog";
import { isImageType, MAX_IMAGE_BYTES } from "../../../workers/domain/image-type";
import { stockSchema } from "../../../workers/domain/schemas/inventory";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { ImageUpload } from "~/components/admin/image-upload";
import { ProductFields } from "~/components/admin/product-form";
import { ActionButton, Badge, buttonClass, Checkbox, ConfirmAction, ErrorText, Notice, PageHeader, Section, TextInput, useFailure } from "~/components/admin/ui";
import { translationListSchema } from "../../../workers/domain/schemas/translations";
import { TranslationForms } from "~/components/admin/translations-form";
import { parseAddVariant, parseTranslation, parseUpdateProduct, parseUpdateVariant, translationJson } from "~/lib/admin-forms.server";
import {
  adminGetOptional,
  adminGet,
  adminHeaders,
  adminSend,
  fail,
  failureFromProblem,
  noticeOf,
  redirectWithNotice,
  requireAdmin,
  textValues,
  unconfirmed,
  unknownIntent,
} from "~/lib/admin.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { readFormData } from "~/lib/forms.server";
import { centsToDecimal, formatMoney } from "../../../workers/domain/money";
import { pageTitle } from "~/lib/navigation";

const NOTICES = {
  created: "The product was created.",
  saved: "The product was saved.",
  deactivated: "The product was deactivated: it left the listings and its page answers 404. Past orders keep their lines.",
  reactivated: "The product is active again.",
  image: "The image was uploaded.",
  "image-removed": "The image was removed from the product.",
  variant: "The variant was saved.",
  "variant-added": "The variant was added.",
  translated: "The translation was saved; shoppers in that language see it now.",
  "translation-removed": "The translation was removed; shoppers in that language see the English text.",
} as const;

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: pageTitle(loaded ? `${loaded.product.name} · Admin` : "Product · Admin") },
  { name: "robots", content: "noindex, nofollow" },
];

function productPath(id: string | undefined): string {
  return `/products/${encodeURIComponent(id ?? "")}`;
}

function translationsPath(id: string | undefined): string {
  return `/admin/products/${encodeURIComponent(id ?? "")}/translations`;
}

async function loadProduct(request: Request, context: LoaderFunctionArgs["context"], id: string | undefined): Promise<ProductView> {
  // English explicitly: the form edits the base text, whatever language the request names.
  const product = await adminGetOptional(request, context, `${productPath(id)}?lang=en`, productSchema);
  if (!product) throw data({ message: "No such product." }, { status: 404, headers: adminHeaders(context) });
  return product;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const [product, categories, translations] = await Promise.all([
    loadProduct(request, context, params.id),
    adminGet(request, context, "/categories?lang=en", categoryListSchema),
    adminGetOptional(request, context, translationsPath(params.id), translationListSchema),
  ]);
  // On hand and reserved per SKU: the Inventory objects are the authority, not D1's copy.
  const stock = await Promise.all(
    product.variants.map((variant) => adminGetOptional(request, context, `/inventory/${encodeURIComponent(variant.sku)}`, stockSchema)),
  );
  return data(
    {
      product,
      stock: Object.fromEntries(stock.flatMap((levels) => (levels ? [[levels.sku, levels]] : []))),
      categories: categories.items.map(({ id, name }) => ({ id, name })),
      translations: translations?.items ?? [],
      notice: noticeOf(new URL(request.url), NOTICES),
    },
    { headers: adminHeaders(context) },
  );
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireAdmin(request, context);
  const id = params.id ?? "";
  const path = productPath(id);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");

  switch (intent) {
    case "update": {
      const parsed = parseUpdateProduct(formData);
      if (!parsed.ok) return fail(context, parsed.failure);
      const sent = await adminSend(request, context, path, { method: "PATCH", json: parsed.body });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, parsed.values, { fieldOf: parsed.fieldOf }), sent.problem.status);
      return redirectWithNotice(request, context, "saved");
    }
    case "translate": {
      const parsed = parseTranslation(formData, "product");
      if (!parsed.ok) return fail(context, parsed.failure);
      const { lang, ...body } = parsed.body;
      const sent = await adminSend(request, context, `${translationsPath(id)}/${lang}`, { method: "PUT", json: translationJson(body) });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, parsed.values, { target: lang }), sent.problem.status);
      return redirectWithNotice(request, context, "translated");
    }
    case "remove-translation": {
      const values = textValues(formData);
      const lang = values.lang ?? "";
      const notConfirmed = unconfirmed(formData, intent, lang);
      if (notConfirmed) return fail(context, notConfirmed);
      const sent = await adminSend(request, context, `${translationsPath(id)}/${encodeURIComponent(lang)}`, { method: "DELETE" });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, values, { target: lang }), sent.problem.status);
      return redirectWithNotice(request, context, "translation-removed");
    }
    case "deactivate":
    case "reactivate": {
      const notConfirmed = intent === "deactivate" ? unconfirmed(formData, intent) : undefined;
      if (notConfirmed) return fail(context, notConfirmed);
      const sent =
        intent === "deactivate"
          ? await adminSend(request, context, path, { method: "DELETE" })
          : await adminSend(request, context, path, { method: "PATCH", json: { isActive: true } });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, {}), sent.problem.status);
      return redirectWithNotice(request, context, intent === "deactivate" ? "deactivated" : "reactivated");
    }
    case "upload-image": {
      const file = formData.get("image");
      const problem = (message: string) => fail(context, { ok: false, intent, formError: message, fieldErrors: { image: message }, values: {} });
      if (!(file instanceof File) || file.size === 0) return problem("Choose an image file to upload.");
      if (!isImageType(file.type)) return problem("Upload a PNG, JPEG or WebP image.");
      if (file.size > MAX_IMAGE_BYTES) return problem(`That image is larger than ${MAX_IMAGE_BYTES / (1024 * 1024)} MB.`);
      // The API takes the raw bytes with their type (and checks the bytes match it).
      const sent = await adminSend(request, context, `${path}/images`, {
        method: "POST",
        body: await file.arrayBuffer(),
        headers: { "content-type": file.type },
      });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, {}), sent.problem.status);
      return redirectWithNotice(request, context, "image");
    }
    case "remove-image": {
      const notConfirmed = unconfirmed(formData, intent);
      if (notConfirmed) return fail(context, notConfirmed);
      const url = String(formData.get("url") ?? "");
      const product = await loadProduct(request, context, id);
      const sent = await adminSend(request, context, path, { method: "PATCH", json: { images: product.images.filter((image) => image !== url) } });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, {}), sent.problem.status);
      return redirectWithNotice(request, context, "image-removed");
    }
    case "update-variant": {
      const sku = String(formData.get("sku") ?? "");
      const product = await loadProduct(request, context, id);
      const variant = product.variants.find((candidate) => candidate.sku === sku);
      if (!variant) return fail(context, { ok: false, intent, target: sku, formError: "This product has no such variant.", fieldErrors: {}, values: textValues(formData) }, 404);
      const parsed = parseUpdateVariant(formData, variant.options);
      if (!parsed.ok) return fail(context, parsed.failure);
      const sent = await adminSend(request, context, `${path}/variants/${encodeURIComponent(sku)}`, { method: "PATCH", json: parsed.body });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, parsed.values, { target: sku, fieldOf: parsed.fieldOf }), sent.problem.status);
      return redirectWithNotice(request, context, "variant");
    }
    case "add-variant": {
      const parsed = parseAddVariant(formData);
      if (!parsed.ok) return fail(context, parsed.failure);
      const sent = await adminSend(request, context, `${path}/variants`, { method: "POST", json: parsed.body });
      if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, parsed.values, { fieldOf: parsed.fieldOf }), sent.problem.status);
      return redirectWithNotice(request, context, "variant-added");
    }
    default:
      return unknownIntent();
  }
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function VariantCard({ productId, variant, stock }: { productId: string; variant: Loaded["product"]["variants"][number]; stock: Loaded["stock"][string] | undefined }) {
  const failure = useFailure("update-variant", variant.sku);
  const values = failure?.values;
  const errors = failure?.fieldErrors ?? {};
  const otherOptions = Object.entries(variant.options).filter(([key]) => key !== "size" && key !== "color");
  return (
    <li className="rounded-lg border border-stone-200 p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-mono text-sm font-semibold">{variant.sku}</h3>
        {variant.isActive ? <Badge tone="green">Active</Badge> : <Badge tone="grey">Deactivated</Badge>}
      </div>
      <dl className="mt-2 grid grid-cols-3 gap-2 text-sm sm:max-w-md">
        <div>
          <dt className="text-xs text-stone-600">On hand</dt>
          <dd className="font-semibold tabular-nums">{stock?.onHand ?? "—"}</dd>
        </div>
        <div>
          <dt className="text-xs text-stone-600">Reserved</dt>
          <dd className="font-semibold tabular-nums">{stock?.reserved ?? "—"}</dd>
        </div>
        <div>
          <dt className="text-xs text-stone-600">Available</dt>
          <dd className="font-semibold tabular-nums">{stock?.available ?? variant.available}</dd>
        </div>
      </dl>
      <Link to={`/admin/stock?sku=${encodeURIComponent(variant.sku)}&product=${encodeURIComponent(productId)}`} className="mt-2 inline-block text-sm font-medium text-brand-700 underline">
        Adjust stock<span className="sr-only"> of {variant.sku}</span>
      </Link>
      {otherOptions.length ? (
        <p className="mt-2 text-xs text-stone-600">Other options (kept): {otherOptions.map(([key, value]) => `${key}: ${value}`).join(", ")}</p>
      ) : null}
      <Form method="post" className="mt-3" key={`${variant.sku}-${variant.title}-${variant.priceCents}-${variant.isActive}`}>
        <input type="hidden" name="sku" value={variant.sku} />
        <input type="hidden" name="target" value={variant.sku} />
        <ErrorText>{failure?.formError}</ErrorText>
        <div className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-4">
          <TextInput label="Title" name="title" maxLength={120} defaultValue={values?.title ?? variant.title} error={errors.title} />
          <TextInput label="Size" name="size" maxLength={60} defaultValue={values?.size ?? variant.options.size ?? ""} error={errors.size} />
          <TextInput label="Colour" name="color" maxLength={60} defaultValue={values?.color ?? variant.options.color ?? ""} error={errors.color} />
          <TextInput label="Price ($)" name="price" inputMode="decimal" required defaultValue={values?.price ?? centsToDecimal(variant.priceCents)} error={errors.price} />
        </div>
        <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
          <Checkbox label="Active (for sale)" name="isActive" defaultChecked={values ? Object.hasOwn(values, "isActive") : variant.isActive} />
          <ActionButton intent="update-variant" target={variant.sku} tone="secondary" pendingLabel="Saving…">
            Save variant<span className="sr-only"> {variant.sku}</span>
          </ActionButton>
        </div>
        {errors.isActive ? <p className="mt-1 text-sm font-medium text-red-700">{errors.isActive}</p> : null}
      </Form>
    </li>
  );
}

function AddVariant() {
  const failure = useFailure("add-variant");
  const location = useLocation();
  const values = failure?.values;
  const errors = failure?.fieldErrors ?? {};
  return (
    <details className="rounded-lg border border-stone-200 p-4" open={failure ? true : undefined}>
      <summary className="cursor-pointer text-sm font-semibold text-brand-700">Add a variant</summary>
      <Form method="post" className="mt-3" key={location.key}>
        <ErrorText>{failure?.formError}</ErrorText>
        <div className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-3">
          <TextInput label="SKU" name="sku" required maxLength={64} defaultValue={values?.sku} error={errors.sku} />
          <TextInput label="Title" name="title" maxLength={120} defaultValue={values?.title} error={errors.title} placeholder="From the options" />
          <TextInput label="Size" name="size" maxLength={60} defaultValue={values?.size} error={errors.size} />
          <TextInput label="Colour" name="color" maxLength={60} defaultValue={values?.color} error={errors.color} />
          <TextInput label="Price ($)" name="price" inputMode="decimal" required defaultValue={values?.price} error={errors.price} placeholder="24.99" />
          <TextInput label="Initial stock" name="initialStock" inputMode="numeric" defaultValue={values?.initialStock} error={errors.initialStock} placeholder="0" />
        </div>
        <div className="mt-3">
          <ActionButton intent="add-variant" pendingLabel="Adding…">
            Add variant
          </ActionButton>
        </div>
      </Form>
    </details>
  );
}

export default function EditProduct() {
  const { product, stock, categories, translations, notice } = useLoaderData<typeof loader>();
  const updateFailure = useFailure("update");
  const statusFailure = useFailure(product.isActive ? "deactivate" : "reactivate");
  const imageFailure = useFailure("upload-image");
  const removeFailure = useFailure("remove-image");

  return (
    <div>
      <PageHeader
        title={product.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            {product.isActive ? <Badge tone="green">Active</Badge> : <Badge tone="grey">Deactivated</Badge>}
            <span>
              From {formatMoney(product.priceCents, product.currency)} · {product.available} available ·{" "}
            </span>
            {product.isActive ? (
              <Link to={`/p/${product.slug}`} className={buttonClass.link}>
                View in the store
              </Link>
            ) : null}
          </span>
        }
        actions={
          <Link to="/admin/products" className={buttonClass.secondary}>
            All products
          </Link>
        }
      />
      <Notice>{notice}</Notice>

      <Section title="Details" id="details-heading">
        <Form method="post" className="space-y-5" key={`details-${product.updatedAt}`}>
          <ErrorText>{updateFailure?.formError}</ErrorText>
          <ProductFields
            initial={{
              name: product.name,
              slug: product.slug,
              description: product.description,
              categoryId: product.category.id,
              brand: product.brand ?? "",
              isFeatured: product.isFeatured,
              specifications: Object.entries(product.specifications),
            }}
            categories={categories}
            failure={updateFailure}
          />
          <ActionButton intent="update" pendingLabel="Saving…">
            Save product
          </ActionButton>
        </Form>
      </Section>

      <Section title="Translations" id="translations-heading">
        <p className="mb-3 text-sm text-stone-600">
          The name and description above are English, the default. Shoppers reading German, French or Japanese see these instead, and search finds the product by them.
        </p>
        <TranslationForms
          translations={translations}
          english={{ name: product.name, description: product.description }}
          nameMaxLength={200}
          descriptionMaxLength={20_000}
          noun="product text"
        />
      </Section>

      <Section title="Images" id="images-heading">
        <ErrorText>{removeFailure?.formError}</ErrorText>
        {product.images.length === 0 ? (
          <p className="text-sm text-stone-600">No images yet.</p>
        ) : (
          <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {product.images.map((url, index) => (
              <li key={url} className="rounded-lg border border-stone-200 p-2">
                <img src={url} alt={`Image ${index + 1} of ${product.name}`} className="aspect-square w-full rounded object-cover" loading="lazy" />
                <ConfirmAction
                  className="mt-2"
                  intent="remove-image"
                  hidden={{ url }}
                  label={
                    <>
                      Remove…<span className="sr-only"> image {index + 1}</span>
                    </>
                  }
                  title={`Remove image ${index + 1}?`}
                  question={`Image ${index + 1} is taken off ${product.name} in the store. To show it again, upload it again.`}
                  confirmLabel="Yes, remove it"
                  pendingLabel="Removing…"
                />
              </li>
            ))}
          </ul>
        )}
        <div className="mt-4">
          <ImageUpload failure={imageFailure} />
        </div>
      </Section>

      <Section title="Variants and stock" id="variants-heading">
        <ul className="space-y-3">
          {product.variants.map((variant) => (
            <VariantCard key={variant.sku} productId={product.id} variant={variant} stock={stock[variant.sku]} />
          ))}
        </ul>
        <div className="mt-4">
          <AddVariant />
        </div>
      </Section>

      <Section title={product.isActive ? "Deactivate" : "Reactivate"} id="status-heading">
        <div className="rounded-lg border border-stone-200 p-4">
          <p className="text-sm text-stone-600">
            {product.isActive
              ? "Deactivating takes the product out of the listings and search, and its page answers 404. Orders already placed keep their lines. You can reactivate it later."
              : "Reactivating puts the product back into the listings and search."}
          </p>
          <ErrorText>{statusFailure?.formError}</ErrorText>
          <div className="mt-3">
            {product.isActive ? (
              <ConfirmAction
                intent="deactivate"
                label="Deactivate product…"
                title={`Deactivate ${product.name}?`}
                question="It leaves the listings and search, and its page answers “not found”: shoppers can no longer find or buy it. Orders already placed keep their lines. You can reactivate it later."
                confirmLabel="Yes, deactivate it"
                pendingLabel="Deactivating…"
              />
            ) : (
              <Form method="post">
                <ActionButton intent="reactivate" pendingLabel="Reactivating…">
                  Reactivate product
                </ActionButton>
              </Form>
            )}
          </div>
        </div>
      </Section>
    </div>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
