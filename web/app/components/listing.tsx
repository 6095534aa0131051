import * as Dialog from "@radix-ui/react-dialog";
import { Form, Link, useSubmit } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type MutableRefObject, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { INTL_LOCALES, useLanguage, useLocalePath } from "~/lib/i18n";
import { ProductGrid } from "~/components/product-card";
import { useHydrated } from "~/lib/hydrated";
import {
  activeFilters,
  hasActiveFilters,
  listingHref,
  sortLabel,
  sortOrder,
  withoutFilters,
  type ActiveFilter,
  type ListingFilters,
  type ListingKind,
} from "~/lib/listing";
import { centsToInput, formatMoney, parsePriceInput } from "../../../workers/domain/money";
import { Pagination } from "~/components/pagination";
import { useRootData } from "~/lib/user";
import type { ListingData } from "~/lib/listing.server";

const FORM_ID = "listing-filters";
const DRAWER_FORM_ID = "listing-filters-drawer";

/**
 * Submits the filter form without its empty fields, so the URL stays short ("?brand=X"
 * rather than "?brand=X&min=&max="). Only with JavaScript; a plain submission sends all.
 */
function cleanSubmit(submit: ReturnType<typeof useSubmit>, form: HTMLFormElement) {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    if (typeof value === "string" && value.trim() !== "") params.append(name, value);
  }
  submit(params, { method: "get", action: form.getAttribute("action") ?? undefined, preventScrollReset: true });
}

/** The control whose change submitted the form, to focus again once the results arrive. */
type Refocus = MutableRefObject<{ name: string; value: string } | null>;

function FacetGroup({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="border-t border-stone-200 pt-4">
      <legend className="float-left w-full pb-2 text-sm font-semibold text-stone-900">{legend}</legend>
      <div className="clear-both max-h-64 space-y-1.5 overflow-y-auto pr-1">{children}</div>
    </fieldset>
  );
}

function Choice({
  type,
  name,
  value,
  checked,
  label,
  count,
}: {
  type: "radio" | "checkbox";
  name: string;
  value: string;
  checked: boolean;
  label: string;
  count?: number | undefined;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <label className="flex cursor-pointer items-center gap-2 text-sm text-stone-800">
      <input type={type} name={name} value={value} defaultChecked={checked} className="size-4 accent-brand-700" />
      <span className="flex-1">{label}</span>
      {count !== undefined ? (
        <span className="text-xs text-stone-500">
          {count.toLocaleString(INTL_LOCALES[lang])}
          <span className="sr-only"> {t("listing.productsUnit", { count })}</span>
        </span>
      ) : null}
    </label>
  );
}

/**
 * A facet's values with every chosen one kept, at 0 where the other filters leave it nothing:
 * a choice on screen can always be undone, even when the results are empty.
 */
function withChosen<T extends { count: number }>(values: readonly T[], chosen: readonly string[], keyOf: (value: T) => string, make: (key: string) => T): T[] {
  const list = [...values];
  for (const key of chosen) {
    if (!list.some((value) => keyOf(value).toLowerCase() === key.toLowerCase())) list.push(make(key));
  }
  return list;
}

/**
 * The filter form: a GET form, so it works without JavaScript (the Apply button). With
 * JavaScript, in the sidebar a changed checkbox, radio or sort submits it at once; in the
 * phone drawer (`drawer`) the shopper chooses, then applies once, and the drawer closes.
 */
function FilterForm({
  data,
  clearHref,
  refocus,
  drawer,
}: {
  data: ListingData;
  clearHref: string;
  refocus: Refocus;
  drawer?: { onApplied: () => void };
}) {
  const submit = useSubmit();
  const priceErrorId = useId();
  const { t } = useTranslation();
  const locale = INTL_LOCALES[useLanguage()];
  const { filters, result, kind } = data;
  const facets = result?.facets;
  // A category page is its category: other categories are not filters of it (the menu leads there).
  const categories =
    kind === "category"
      ? []
      : withChosen(facets?.categories ?? [], filters.category, (category) => category.slug, (slug) => ({ slug, name: slug, count: 0 }));
  const brands = withChosen(facets?.brands ?? [], filters.brand, (brand) => brand.name, (name) => ({ name, count: 0 }));
  const chosenBrand = (name: string) => filters.brand.some((brand) => brand.toLowerCase() === name.toLowerCase());
  const ratings = (facets?.ratings ?? []).filter((bucket) => bucket.count > 0 || bucket.minRating === filters.minRating);
  const price = facets?.price;
  const active = hasActiveFilters(filters);

  return (
    <Form
      id={drawer ? DRAWER_FORM_ID : FORM_ID}
      method="get"
      action={data.pathname}
      preventScrollReset
      className="space-y-4"
      onChange={(event) => {
        if (drawer) return;
        const target = event.target as HTMLInputElement | HTMLSelectElement;
        if (target.type === "radio" || target.type === "checkbox" || target.tagName === "SELECT") {
          refocus.current = { name: target.name, value: target.value };
          cleanSubmit(submit, event.currentTarget);
        }
      }}
      onSubmit={(event) => {
        event.preventDefault();
        cleanSubmit(submit, event.currentTarget);
        drawer?.onApplied();
      }}
    >
      {kind === "search" ? <input type="hidden" name="q" value={filters.q} /> : null}
      {/* The sidebar's sort select belongs to the sidebar's form; the drawer carries the sort along. */}
      {drawer && filters.sort ? <input type="hidden" name="sort" value={filters.sort} /> : null}

      {categories.length > 0 ? (
        <FacetGroup legend={t("listing.category")}>
          {categories.map((category) => (
            <Choice
              key={category.slug}
              type="checkbox"
              name="category"
              value={category.slug}
              checked={filters.category.includes(category.slug)}
              label={category.name}
              count={category.count}
            />
          ))}
        </FacetGroup>
      ) : null}

      {brands.length > 0 ? (
        <FacetGroup legend={t("listing.brand")}>
          {brands.map((brand) => (
            <Choice key={brand.name} type="checkbox" name="brand" value={brand.name} checked={chosenBrand(brand.name)} label={brand.name} count={brand.count} />
          ))}
        </FacetGroup>
      ) : null}

      {ratings.length > 0 ? (
        <FacetGroup legend={t("listing.rating")}>
          <Choice type="radio" name="minRating" value="" checked={filters.minRating === null} label={t("listing.anyRating")} />
          {ratings.map((bucket) => (
            <Choice
              key={bucket.minRating}
              type="radio"
              name="minRating"
              value={String(bucket.minRating)}
              checked={bucket.minRating === filters.minRating}
              label={t("listing.ratingAtLeast", { count: bucket.minRating })}
              count={bucket.count}
            />
          ))}
        </FacetGroup>
      ) : null}

      <fieldset className="border-t border-stone-200 pt-4">
        <legend className="float-left w-full pb-2 text-sm font-semibold text-stone-900">{t("listing.price")}</legend>
        <div className="clear-both flex items-end gap-2">
          <label className="block flex-1 text-xs text-stone-600">
            {t("listing.min")}
            <input
              type="text"
              inputMode="decimal"
              name="min"
              defaultValue={filters.min}
              placeholder={price?.minCents != null ? centsToInput(price.minCents, data.currency) : "0"}
              maxLength={12}
              aria-invalid={data.priceError ? true : undefined}
              aria-describedby={data.priceError ? priceErrorId : undefined}
              className="mt-1 block w-full rounded-md border border-stone-300 px-2 py-1.5 text-base text-stone-900"
            />
          </label>
          <span aria-hidden="true" className="pb-2 text-stone-500">
            –
          </span>
          <label className="block flex-1 text-xs text-stone-600">
            {t("listing.max")}
            <input
              type="text"
              inputMode="decimal"
              name="max"
              defaultValue={filters.max}
              placeholder={price?.maxCents != null ? centsToInput(price.maxCents, data.currency) : t("listing.any")}
              maxLength={12}
              aria-invalid={data.priceError ? true : undefined}
              aria-describedby={data.priceError ? priceErrorId : undefined}
              className="mt-1 block w-full rounded-md border border-stone-300 px-2 py-1.5 text-base text-stone-900"
            />
          </label>
        </div>
        {data.priceError ? (
          <p id={priceErrorId} className="mt-1 text-sm font-medium text-red-700">
            {t(data.priceError)}
          </p>
        ) : price?.minCents != null && price.maxCents != null ? (
          <p className="mt-1 text-xs text-stone-500" data-testid="price-hint">
            {t("listing.priceRange", { min: formatMoney(price.minCents, data.currency, locale), max: formatMoney(price.maxCents, data.currency, locale) })}
          </p>
        ) : null}
      </fieldset>

      <div className="border-t border-stone-200 pt-4">
        <label className="flex cursor-pointer items-center gap-2 text-sm text-stone-800">
          <input type="checkbox" name="inStock" value="1" defaultChecked={filters.inStock} className="size-4 accent-brand-700" />
          {t("listing.inStock")}
        </label>
      </div>

      <div className="flex items-center gap-3 border-t border-stone-200 pt-4">
        <button type="submit" className="rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-800">
          {t("listing.apply")}
        </button>
        {active ? (
          <Link to={clearHref} onClick={() => drawer?.onApplied()} className="text-sm font-medium text-brand-700 underline hover:text-brand-800">
            {t("listing.clear")}
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

/** The words a chip shows for an active filter. */
function useFilterLabel(data: ListingData): (filter: ActiveFilter) => string {
  const { t } = useTranslation();
  const locale = INTL_LOCALES[useLanguage()];
  const categoryNames = new Map((data.result?.facets.categories ?? []).map((category) => [category.slug, category.name]));
  const money = (typed: string) => {
    const cents = parsePriceInput(typed, data.currency);
    return cents === null ? typed : formatMoney(cents, data.currency, locale);
  };
  return (filter) => {
    switch (filter.kind) {
      case "category":
        return categoryNames.get(filter.value) ?? filter.value;
      case "brand":
        return filter.value;
      case "price":
        if (filter.min && filter.max) return t("listing.priceBetween", { min: money(filter.min), max: money(filter.max) });
        return filter.min ? t("listing.priceFrom", { min: money(filter.min) }) : t("listing.priceUpTo", { max: money(filter.max) });
      case "inStock":
        return t("listing.inStock");
      case "rating":
        return t("listing.ratingAtLeast", { count: filter.value });
    }
  };
}

/**
 * The active filters as chips above the results, each a link to the listing without it (so
 * they work without JavaScript), and "Clear all".
 */
function ActiveFilterChips({ data, clearHref }: { data: ListingData; clearHref: string }) {
  const { t } = useTranslation();
  const label = useFilterLabel(data);
  const chips = activeFilters(data.filters);
  if (chips.length === 0) return null;
  return (
    <div className="mb-4 flex flex-wrap items-center gap-2" data-testid="active-filters">
      <h2 className="sr-only">{t("listing.activeFilters")}</h2>
      <ul className="flex flex-wrap gap-2">
        {chips.map(({ filter, rest }) => {
          const text = label(filter);
          return (
            <li key={`${filter.kind}:${"value" in filter ? filter.value : ""}`}>
              <Link
                to={listingHref(data.pathname, rest)}
                preventScrollReset
                aria-label={t("listing.removeFilter", { filter: text })}
                className="inline-flex items-center gap-1.5 rounded-full border border-brand-200 bg-brand-50 px-3 py-1 text-sm text-brand-900 hover:border-brand-600"
              >
                <span className="break-all">{text}</span>
                <span aria-hidden="true" className="text-base leading-none">
                  ×
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
      <Link to={clearHref} preventScrollReset className="text-sm font-medium text-brand-700 underline hover:text-brand-800">
        {t("listing.clearAllFilters")}
      </Link>
    </div>
  );
}

/**
 * Phones, with JavaScript: the filters in a drawer (a Radix dialog: focus trapped and
 * returned, Escape closes), opened by a "Filters (n)" button above the results. Without
 * JavaScript this is never rendered and the sidebar's <details> disclosure holds the form.
 */
function FilterDrawer({ data, clearHref, refocus }: { data: ListingData; clearHref: string; refocus: Refocus }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const count = activeFilters(data.filters).length;
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className="rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-semibold whitespace-nowrap text-stone-900 hover:border-brand-600 lg:hidden">
        {t("listing.filtersCount", { count })}
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-stone-900/40" />
        <Dialog.Content className="fixed inset-y-0 right-0 z-50 flex w-full max-w-sm flex-col bg-white shadow-xl focus:outline-none" aria-describedby={undefined}>
          <div className="flex items-center justify-between border-b border-stone-200 px-4 py-3">
            <Dialog.Title className="text-lg font-semibold text-stone-900">{t("listing.filters")}</Dialog.Title>
            <Dialog.Close className="rounded-md px-2 py-1 text-sm font-medium text-brand-700 underline hover:text-brand-800">
              {t("listing.closeFilters")}
            </Dialog.Close>
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto px-4 pb-6">
            <FilterForm data={data} clearHref={clearHref} refocus={refocus} drawer={{ onApplied: () => setOpen(false) }} />
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function SortSelect({ kind, filters, refocus }: { kind: ListingKind; filters: ListingFilters; refocus: Refocus }) {
  const id = useId();
  const submit = useSubmit();
  const { t } = useTranslation();
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-sm font-medium whitespace-nowrap text-stone-700">
        {t("listing.sortBy")}
      </label>
      {/* Belongs to the filter form (form=…), so one submission carries sort and filters. */}
      <select
        id={id}
        name="sort"
        form={FORM_ID}
        defaultValue={filters.sort ?? "relevance"}
        onChange={(event) => {
          const form = event.currentTarget.form;
          if (!form) return;
          refocus.current = { name: "sort", value: event.currentTarget.value };
          cleanSubmit(submit, form);
        }}
        className="rounded-md border border-stone-300 bg-white py-1.5 pr-8 pl-2 text-sm text-stone-900"
      >
        {sortOrder.map((sort) => (
          <option key={sort} value={sort}>
            {t(sortLabel(kind, sort))}
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" form={FORM_ID} className="rounded-md border border-stone-300 px-2 py-1.5 text-sm">
          {t("listing.sortSubmit")}
        </button>
      </noscript>
    </div>
  );
}

function ResultCount({ data }: { data: ListingData }) {
  const result = data.result;
  const { t } = useTranslation();
  const locale = INTL_LOCALES[useLanguage()];
  if (!result) return null;
  const { total, page, items, limit } = result;
  const from = (page - 1) * limit + 1;
  const text =
    total === 0
      ? t("listing.noneFound")
      : items.length === 0
        ? t("listing.products", { count: total })
        : t("listing.showing", {
            from: from.toLocaleString(locale),
            to: (from + items.length - 1).toLocaleString(locale),
            count: total,
            total: total.toLocaleString(locale),
          });
  return (
    <p role="status" className="text-sm text-stone-600">
      {text}
    </p>
  );
}

/** A whole listing page: heading, filters, sort, results, pagination and empty states. */
export function ListingView({
  data,
  heading,
  intro,
}: {
  data: ListingData;
  heading: ReactNode;
  intro?: ReactNode;
}) {
  const { result, filters, kind } = data;
  const { t } = useTranslation();
  const lp = useLocalePath();
  const hydrated = useHydrated();
  const active = hasActiveFilters(filters);
  const filterCount = activeFilters(filters).length;
  // "Clear all" keeps the search words, the category page and the sort.
  const clearHref = listingHref(data.pathname, withoutFilters(filters));
  // Uncontrolled inputs: remount them when the URL's filters change (links, back button).
  const formKey = listingHref(data.pathname, filters, { page: 1 });
  // A keyboard user who changed a filter keeps their place: the remounted control gets focus back.
  const refocus: Refocus = useRef(null);
  useEffect(() => {
    const wanted = refocus.current;
    if (!wanted) return;
    refocus.current = null;
    const controls = [...document.getElementsByName(wanted.name)] as HTMLInputElement[];
    const control = controls.find((element) => element.type !== "radio" && element.type !== "checkbox" ? true : element.value === wanted.value) ?? controls[0];
    control?.focus();
  }, [formKey]);

  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
      {/* The heading may echo the shopper's words: a long unbroken query wraps instead of widening the page. */}
      <h1 className="text-2xl font-bold tracking-tight break-words sm:text-3xl">{heading}</h1>
      {intro ? <div className="mt-2 max-w-3xl break-words text-stone-600">{intro}</div> : null}

      <div className="mt-6 lg:grid lg:grid-cols-[15rem_1fr] lg:gap-10">
        {/* With JavaScript, phones get the drawer instead; without it, this disclosure is closed on
            phones (the results come first) and always open on wide screens (see tailwind.css). */}
        <aside aria-label={t("listing.filters")} className={`mb-4 min-w-0 break-words lg:mb-0 ${hydrated ? "max-lg:hidden" : ""}`}>
          <details className="filters-panel rounded-lg border border-stone-200 p-4 lg:border-0 lg:p-0">
            <summary className="cursor-pointer text-sm font-semibold text-stone-900">{t("listing.filtersCount", { count: filterCount })}</summary>
            <div className="mt-3 lg:mt-0">
              <FilterForm key={formKey} data={data} clearHref={clearHref} refocus={refocus} />
            </div>
          </details>
        </aside>

        <section aria-label={t("listing.productsLabel")} className="min-w-0">
          <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
            <ResultCount data={data} />
            <div className="flex flex-wrap items-center gap-3">
              {hydrated ? <FilterDrawer key={`drawer:${formKey}`} data={data} clearHref={clearHref} refocus={refocus} /> : null}
              {result || kind !== "search" ? <SortSelect key={`sort:${formKey}`} kind={kind} filters={filters} refocus={refocus} /> : null}
            </div>
          </div>

          <ActiveFilterChips data={data} clearHref={clearHref} />

          {result?.fuzzy && result.total > 0 ? (
            <p className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm break-words text-amber-900">
              {t("listing.fuzzy", { q: filters.q })}
            </p>
          ) : null}

          {data.problem ? (
            <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
              {data.problem}
            </div>
          ) : !result ? (
            <EmptyState title={t("listing.emptyQueryTitle")}>
              {t("listing.emptyQueryBody")}
            </EmptyState>
          ) : result.items.length === 0 ? (
            result.total > 0 ? (
              <EmptyState title={t("listing.emptyPageTitle")}>
                <Link to={listingHref(data.pathname, filters, { page: 1 })} className="font-medium text-brand-700 underline">
                  {t("listing.firstPage")}
                </Link>
              </EmptyState>
            ) : (
              <EmptyState title={kind === "search" ? t("listing.noMatchQuery", { q: filters.q }) : t("listing.noMatch")}>
                {active ? (
                  <>
                    {t("listing.fewerFilters")}{" "}
                    <Link to={clearHref} className="font-medium text-brand-700 underline">
                      {t("listing.clearAll")}
                    </Link>
                    {t("listing.sentenceEnd")}
                  </>
                ) : kind === "search" ? (
                  <>
                    {t("listing.checkSpelling")}{" "}
                    <Link to={lp("/products")} className="font-medium text-brand-700 underline">
                      {t("listing.browseAllLower")}
                    </Link>
                    {t("listing.sentenceEnd")}
                    <RelatedSearches queries={data.relatedSearches} />
                    <CategorySuggestions />
                  </>
                ) : (
                  <>
                    {t("listing.nothingYet")}{" "}
                    <Link to={lp("/products")} className="font-medium text-brand-700 underline">
                      {t("listing.browseAll")}
                    </Link>
                    {t("listing.sentenceEnd")}
                  </>
                )}
              </EmptyState>
            )
          ) : (
            <>
              <ProductGrid products={result.items} headingLevel={2} />
              <Pagination
                page={result.page}
                pageCount={result.pageCount}
                href={(page) => listingHref(data.pathname, filters, { page })}
              />
            </>
          )}
        </section>
      </div>
    </div>
  );
}

/** A search that found nothing: searches other shoppers ran that found products, to try instead. */
function RelatedSearches({ queries }: { queries: string[] }) {
  const { t } = useTranslation();
  const lp = useLocalePath();
  if (queries.length === 0) return null;
  return (
    <span className="mt-6 block">
      <span className="block font-medium text-stone-900">{t("search.trySearches")}</span>
      <span className="mt-3 flex flex-wrap justify-center gap-2" data-testid="no-results-searches">
        {queries.map((query) => (
          <Link
            key={query}
            to={`${lp("/search")}?${new URLSearchParams({ q: query })}`}
            className="rounded-full border border-stone-300 px-3 py-1 text-sm text-stone-700 hover:border-brand-600 hover:text-brand-700"
          >
            {query}
          </Link>
        ))}
      </span>
    </span>
  );
}

/** A search that found nothing still leads somewhere: the store's categories, to browse instead. */
function CategorySuggestions() {
  const { t } = useTranslation();
  const lp = useLocalePath();
  const { categories } = useRootData();
  if (categories.length === 0) return null;
  return (
    <span className="mt-6 block">
      <span className="block font-medium text-stone-900">{t("listing.tryCategories")}</span>
      <span className="mt-3 flex flex-wrap justify-center gap-2" data-testid="no-results-categories">
        {categories.map((category) => (
          <Link
            key={category.slug}
            to={lp(`/c/${category.slug}`)}
            className="rounded-full border border-stone-300 px-3 py-1 text-sm text-stone-700 hover:border-brand-600 hover:text-brand-700"
          >
            {category.name}
          </Link>
        ))}
      </span>
    </span>
  );
}

function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-stone-300 px-6 py-12 text-center">
      <h2 className="text-lg font-semibold break-words text-stone-900">{title}</h2>
      <p className="mt-2 text-stone-600">{children}</p>
    </div>
  );
}
