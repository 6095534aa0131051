import { useState } from "react";
import { buttonClass, Checkbox, Select, TextArea, TextInput, type ActionFailure } from "./ui";

export interface CategoryOption {
  id: string;
  name: string;
}

export interface ProductFormValues {
  name: string;
  slug: string;
  description: string;
  categoryId: string;
  brand: string;
  isFeatured: boolean;
  specifications: [string, string][];
}

/**
 * Rows without JavaScript: enough blank ones to fill in; with it, "Add a row" adds more.
 * Row inputs are named `spec.N.key` / `variants.N.price`, which the action reads back.
 */
function useRows(initial: number, max: number) {
  const [count, setCount] = useState(initial);
  return { count, add: () => setCount((n) => Math.min(max, n + 1)), canAdd: count < max };
}

/** How many rows a posted form had under `prefix`, so a failed post shows them all again. */
function postedRows(values: Record<string, string> | undefined, prefix: string): number {
  if (!values) return 0;
  let max = -1;
  const pattern = new RegExp(`^${prefix}\\.(\\d{1,3})\\.`);
  for (const key of Object.keys(values)) {
    const match = pattern.exec(key);
    if (match) max = Math.max(max, Number(match[1]));
  }
  return max + 1;
}

/** The product's own fields and its specification rows, shared by the create and edit forms. */
export function ProductFields({
  initial,
  categories,
  failure,
}: {
  initial: ProductFormValues;
  categories: readonly CategoryOption[];
  failure: ActionFailure | undefined;
}) {
  const values = failure?.values;
  const errors = failure?.fieldErrors ?? {};
  const value = (name: keyof Omit<ProductFormValues, "specifications" | "isFeatured">) => values?.[name] ?? initial[name];
  const specRows = useRows(Math.max(initial.specifications.length + 2, postedRows(values, "spec"), 3), 50);

  return (
    <div className="space-y-5">
      <div className="grid gap-4 sm:grid-cols-2">
        <TextInput label="Name" name="name" required maxLength={200} defaultValue={value("name")} error={errors.name} />
        <TextInput
          label="Slug (optional)"
          name="slug"
          maxLength={120}
          defaultValue={value("slug")}
          error={errors.slug}
          hint="The product's address: /p/slug. Made from the name when left empty."
        />
        <Select
          label="Category"
          name="categoryId"
          required
          defaultValue={value("categoryId")}
          error={errors.categoryId}
          options={[{ value: "", label: "Choose a category…" }, ...categories.map((category) => ({ value: category.id, label: category.name }))]}
        />
        <TextInput label="Brand (optional)" name="brand" maxLength={80} defaultValue={value("brand")} error={errors.brand} />
      </div>
      <TextArea label="Description" name="description" rows={5} maxLength={20_000} defaultValue={value("description")} error={errors.description} />
      <Checkbox
        label="Featured on the home page"
        name="isFeatured"
        defaultChecked={values ? Object.hasOwn(values, "isFeatured") : initial.isFeatured}
      />

      <fieldset className="rounded-lg border border-stone-200 p-4">
        <legend className="px-1 text-sm font-semibold text-stone-900">Specifications</legend>
        <p className="text-xs text-stone-600">Name and value pairs shown on the product page, such as “Weight” and “1.2 kg”. Leave a row empty to remove it.</p>
        {errors.specifications ? <p className="mt-2 text-sm font-medium text-red-700">{errors.specifications}</p> : null}
        <div className="mt-3 grid grid-cols-2 gap-2 text-xs font-medium text-stone-700" aria-hidden="true">
          <span>Name</span>
          <span>Value</span>
        </div>
        <div className="mt-1 space-y-2">
          {Array.from({ length: specRows.count }, (_, row) => {
            const [key, val] = initial.specifications[row] ?? ["", ""];
            return (
              <div key={row} className="grid grid-cols-2 gap-2">
                <TextInput
                  label={`Specification ${row + 1} name`}
                  hideLabel
                  name={`spec.${row}.key`}
                  maxLength={60}
                  defaultValue={values?.[`spec.${row}.key`] ?? key}
                  error={errors[`spec.${row}.key`]}
                  placeholder="Name"
                />
                <TextInput
                  label={`Specification ${row + 1} value`}
                  hideLabel
                  name={`spec.${row}.value`}
                  maxLength={500}
                  defaultValue={values?.[`spec.${row}.value`] ?? val}
                  error={errors[`spec.${row}.value`]}
                  placeholder="Value"
                />
              </div>
            );
          })}
        </div>
        {specRows.canAdd ? (
          <button type="button" onClick={specRows.add} className={`${buttonClass.secondary} mt-3`}>
            Add a specification row
          </button>
        ) : null}
      </fieldset>
    </div>
  );
}

/** Variant rows of the create form: SKU, title, size, colour, price in dollars, first stock. */
export function VariantRows({ failure }: { failure: ActionFailure | undefined }) {
  const values = failure?.values;
  const errors = failure?.fieldErrors ?? {};
  const rows = useRows(Math.max(postedRows(values, "variants"), 3), 100);
  return (
    <fieldset className="rounded-lg border border-stone-200 p-4">
      <legend className="px-1 text-sm font-semibold text-stone-900">Variants</legend>
      <p className="text-xs text-stone-600">
        Every sellable option is a variant with its own SKU. A product without options has one. Empty rows are ignored; prices are in dollars.
      </p>
      {errors.variants ? <p className="mt-2 text-sm font-medium text-red-700">{errors.variants}</p> : null}
      <div className="mt-3 space-y-4">
        {Array.from({ length: rows.count }, (_, row) => {
          const field = (name: string) => `variants.${row}.${name}`;
          return (
            <fieldset key={row} className="grid grid-cols-2 gap-2 border-t border-stone-100 pt-3 sm:grid-cols-3 lg:grid-cols-6">
              <legend className="sr-only">Variant {row + 1}</legend>
              <TextInput label={`Variant ${row + 1} SKU`} name={field("sku")} maxLength={64} defaultValue={values?.[field("sku")]} error={errors[field("sku")]} className="col-span-2 sm:col-span-1" />
              <TextInput label="Title" name={field("title")} maxLength={120} defaultValue={values?.[field("title")]} error={errors[field("title")]} placeholder="From the options" />
              <TextInput label="Size" name={field("size")} maxLength={60} defaultValue={values?.[field("size")]} error={errors[field("size")]} />
              <TextInput label="Colour" name={field("color")} maxLength={60} defaultValue={values?.[field("color")]} error={errors[field("color")]} />
              <TextInput label="Price ($)" name={field("price")} inputMode="decimal" defaultValue={values?.[field("price")]} error={errors[field("price")]} placeholder="24.99" />
              <TextInput label="Initial stock" name={field("initialStock")} inputMode="numeric" defaultValue={values?.[field("initialStock")]} error={errors[field("initialStock")]} placeholder="0" />
            </fieldset>
          );
        })}
      </div>
      {rows.canAdd ? (
        <button type="button" onClick={rows.add} className={`${buttonClass.secondary} mt-3`}>
          Add a variant row
        </button>
      ) : null}
    </fieldset>
  );
}
