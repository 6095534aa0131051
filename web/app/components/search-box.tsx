import { Form, useLocation, useNavigate } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { stripLanguage, useLocalePath } from "~/lib/i18n";

/** What /search/suggest answers with. */
interface ProductSuggestion {
  slug: string;
  name: string;
  image: string | null;
  price: string;
}
interface SuggestionList {
  queries: string[];
  categories: { slug: string; name: string }[];
  items: ProductSuggestion[];
}

/** One choosable row of the list, in the order the arrow keys move through them. */
type Option =
  | { kind: "query"; key: string; query: string }
  | { kind: "category"; key: string; slug: string; name: string }
  | { kind: "product"; key: string; product: ProductSuggestion };

const DEBOUNCE_MS = 200;
const MIN_LENGTH = 2;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

function isSuggestionList(value: unknown): value is SuggestionList {
  if (!isObject(value) || !Array.isArray(value.items) || !Array.isArray(value.categories) || !Array.isArray(value.queries)) return false;
  return (
    value.queries.every((query: unknown) => typeof query === "string") &&
    value.categories.every((category: unknown) => isObject(category) && typeof category.slug === "string" && typeof category.name === "string") &&
    value.items.every((item: unknown) => isObject(item) && typeof item.slug === "string" && typeof item.name === "string")
  );
}

/** Past searches first (they finish the sentence being typed), then categories, then products. */
function optionsOf(list: SuggestionList): Option[] {
  return [
    ...list.queries.map((query): Option => ({ kind: "query", key: `q:${query}`, query })),
    ...list.categories.map((category): Option => ({ kind: "category", key: `c:${category.slug}`, ...category })),
    ...list.items.map((product): Option => ({ kind: "product", key: `p:${product.slug}`, product })),
  ];
}

/**
 * The header's search field. Without JavaScript it is a plain GET form to /search. With it,
 * it is an ARIA 1.2 combobox: typing fetches suggestions (debounced, earlier requests
 * aborted) from /search/suggest: past searches, categories and products, in groups; Up/Down
 * move through them with aria-activedescendant (focus stays in the field), Enter runs the
 * highlighted search or opens the category or product (or searches for the text), Escape
 * closes the list.
 */
export function SearchBox() {
  const location = useLocation();
  const navigate = useNavigate();
  const { t } = useTranslation();
  const lp = useLocalePath();
  const urlQuery = stripLanguage(location.pathname) === "/search" ? (new URLSearchParams(location.search).get("q") ?? "") : "";
  const [query, setQuery] = useState(urlQuery);
  const [items, setItems] = useState<Option[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [typed, setTyped] = useState(false);
  const cache = useRef(new Map<string, Option[]>());
  const id = useId();
  const inputId = `${id}-input`;
  const listId = `${id}-list`;
  const optionId = (index: number) => `${id}-option-${index}`;

  // A navigation (a search, a product) shows the new page's query and closes the list.
  useEffect(() => {
    setQuery(urlQuery);
    setTyped(false);
    setOpen(false);
    setActive(-1);
  }, [location.key, urlQuery]);

  useEffect(() => {
    if (!typed) return;
    const q = query.trim();
    if (q.length < MIN_LENGTH) {
      setItems([]);
      setOpen(false);
      return;
    }
    const cached = cache.current.get(q.toLowerCase());
    if (cached) {
      setItems(cached);
      setOpen(cached.length > 0);
      setActive(-1);
      return;
    }
    const controller = new AbortController();
    // Never rejects: every failure ends in the catch below.
    const suggest = async () => {
      try {
        const response = await fetch(`${lp("/search/suggest")}?${new URLSearchParams({ q })}`, {
          signal: controller.signal,
          headers: { accept: "application/json" },
        });
        if (!response.ok) return;
        const body: unknown = await response.json();
        if (!isSuggestionList(body)) return;
        const options = optionsOf(body);
        cache.current.set(q.toLowerCase(), options);
        setItems(options);
        setOpen(options.length > 0);
        setActive(-1);
      } catch {
        // Aborted by newer typing, or offline: the form still submits to /search.
      }
    };
    const timer = setTimeout(() => void suggest(), DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, typed]);

  const choose = (option: Option) => {
    setOpen(false);
    if (option.kind === "query") navigate(`${lp("/search")}?${new URLSearchParams({ q: option.query })}`);
    else if (option.kind === "category") navigate(lp(`/c/${encodeURIComponent(option.slug)}`));
    else navigate(lp(`/p/${encodeURIComponent(option.product.slug)}`));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (items.length === 0) return;
      event.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(event.key === "ArrowDown" ? 0 : items.length - 1);
        return;
      }
      const step = event.key === "ArrowDown" ? 1 : -1;
      // Past either end returns to the field itself (no option highlighted).
      setActive((current) => {
        const next = current + step;
        if (next < -1) return items.length - 1;
        if (next >= items.length) return -1;
        return next;
      });
    } else if (event.key === "Enter") {
      const item = open && active >= 0 ? items[active] : undefined;
      if (item) {
        event.preventDefault();
        choose(item);
      }
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        setOpen(false);
        setActive(-1);
      }
    }
  };

  const expanded = open && items.length > 0;
  const groupLabels = { query: "search.suggestedSearches", category: "search.suggestedCategories", product: "search.suggested" } as const;
  const groups = (["query", "category", "product"] as const)
    .map((kind) => ({
      kind,
      label: groupLabels[kind],
      options: items.map((option, index) => ({ option, index })).filter(({ option }) => option.kind === kind),
    }))
    .filter((group) => group.options.length > 0);

  return (
    <Form
      method="get"
      action={lp("/search")}
      role="search"
      className="relative order-last flex w-full sm:order-none sm:w-auto sm:max-w-md sm:flex-1"
      onSubmit={() => setOpen(false)}
    >
      <label htmlFor={inputId} className="sr-only">
        {t("search.label")}
      </label>
      <input
        id={inputId}
        name="q"
        type="search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        autoComplete="off"
        enterKeyHint="search"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setTyped(true);
        }}
        onKeyDown={onKeyDown}
        onFocus={() => {
          if (items.length > 0 && query.trim().length >= MIN_LENGTH) setOpen(true);
        }}
        onBlur={() => {
          setOpen(false);
          setActive(-1);
        }}
        placeholder={t("search.label")}
        maxLength={200}
        className="min-w-0 flex-1 rounded-l-md border border-stone-300 bg-white px-3 py-2 text-base text-stone-900 placeholder:text-stone-500"
      />
      <button
        type="submit"
        className="rounded-r-md border border-l-0 border-brand-700 bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-800"
      >
        {t("search.submit")}
      </button>
      <div
        id={listId}
        role="listbox"
        aria-label={t("search.suggestions")}
        hidden={!expanded}
        // Keeps focus in the field while an option is clicked.
        onMouseDown={(event) => event.preventDefault()}
        className="absolute top-full right-0 left-0 z-30 mt-1 max-h-96 overflow-y-auto rounded-md border border-stone-200 bg-white py-1 shadow-lg"
      >
        {groups.map((group) => (
          <div key={group.kind} role="group" aria-labelledby={`${id}-group-${group.kind}`}>
            <div id={`${id}-group-${group.kind}`} role="presentation" className="px-3 pt-2 pb-1 text-xs font-semibold tracking-wide text-stone-500 uppercase">
              {t(group.label)}
            </div>
            {group.options.map(({ option, index }) => (
              <div
                key={option.key}
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                onClick={() => choose(option)}
                onMouseMove={() => setActive(index)}
                className={`flex cursor-pointer items-center gap-3 px-3 py-2 text-sm ${index === active ? "bg-brand-50 text-brand-900" : "text-stone-800"}`}
              >
                {option.kind === "product" ? (
                  <>
                    {option.product.image ? (
                      <img src={option.product.image} alt="" width={40} height={40} className="size-10 shrink-0 rounded object-cover" />
                    ) : (
                      <span aria-hidden="true" className="size-10 shrink-0 rounded bg-stone-100" />
                    )}
                    <span className="min-w-0 flex-1 truncate">{option.product.name}</span>
                    <span className="shrink-0 text-stone-600">{option.product.price}</span>
                  </>
                ) : (
                  <span className="min-w-0 flex-1 truncate">{option.kind === "query" ? option.query : option.name}</span>
                )}
              </div>
            ))}
          </div>
        ))}
      </div>
      <div role="status" aria-live="polite" className="sr-only">
        {expanded
          ? t("search.suggestionCount", { count: items.length })
          : ""}
      </div>
    </Form>
  );
}
