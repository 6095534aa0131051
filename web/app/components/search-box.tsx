import { Form, useLocation, useNavigate } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { stripLanguage, useLocalePath } from "~/lib/i18n";

/** What /search/suggest answers with. */
interface Suggestion {
  slug: string;
  name: string;
  image: string | null;
  price: string;
}

const DEBOUNCE_MS = 200;
const MIN_LENGTH = 2;

function isSuggestionList(value: unknown): value is { items: Suggestion[] } {
  if (typeof value !== "object" || value === null || !("items" in value) || !Array.isArray(value.items)) return false;
  return value.items.every(
    (item: unknown) =>
      typeof item === "object" &&
      item !== null &&
      typeof (item as Suggestion).slug === "string" &&
      typeof (item as Suggestion).name === "string",
  );
}

/**
 * The header's search field. Without JavaScript it is a plain GET form to /search. With it,
 * it is an ARIA 1.2 combobox: typing fetches suggestions (debounced, earlier requests
 * aborted) from /search/suggest; Up/Down move through them with aria-activedescendant
 * (focus stays in the field), Enter opens the highlighted product or searches, Escape
 * closes the list.
 */
export function SearchBox() {
  const location = useLocation();
  const navigate = useNavigate();
  const { t } = useTranslation();
  const lp = useLocalePath();
  const urlQuery = stripLanguage(location.pathname) === "/search" ? (new URLSearchParams(location.search).get("q") ?? "") : "";
  const [query, setQuery] = useState(urlQuery);
  const [items, setItems] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [typed, setTyped] = useState(false);
  const cache = useRef(new Map<string, Suggestion[]>());
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
        cache.current.set(q.toLowerCase(), body.items);
        setItems(body.items);
        setOpen(body.items.length > 0);
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

  const choose = (item: Suggestion) => {
    setOpen(false);
    navigate(lp(`/p/${encodeURIComponent(item.slug)}`));
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
      <ul
        id={listId}
        role="listbox"
        aria-label={t("search.suggested")}
        hidden={!expanded}
        // Keeps focus in the field while an option is clicked.
        onMouseDown={(event) => event.preventDefault()}
        className="absolute top-full right-0 left-0 z-30 mt-1 max-h-96 overflow-y-auto rounded-md border border-stone-200 bg-white py-1 shadow-lg"
      >
        {items.map((item, index) => (
          <li
            key={item.slug}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            onClick={() => choose(item)}
            onMouseMove={() => setActive(index)}
            className={`flex cursor-pointer items-center gap-3 px-3 py-2 text-sm ${
              index === active ? "bg-brand-50 text-brand-900" : "text-stone-800"
            }`}
          >
            {item.image ? (
              <img src={item.image} alt="" width={40} height={40} className="size-10 shrink-0 rounded object-cover" />
            ) : (
              <span aria-hidden="true" className="size-10 shrink-0 rounded bg-stone-100" />
            )}
            <span className="min-w-0 flex-1 truncate">{item.name}</span>
            <span className="shrink-0 text-stone-600">{item.price}</span>
          </li>
        ))}
      </ul>
      <div role="status" aria-live="polite" className="sr-only">
        {expanded
          ? t("search.suggestionCount", { count: items.length })
          : ""}
      </div>
    </Form>
  );
}
