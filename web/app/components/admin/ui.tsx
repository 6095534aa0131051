import { Form, Link, useActionData, useLocation, useNavigation } from "@remix-run/react";
import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { createContext, useContext, useEffect, useId, useRef, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { FormAlert } from "~/components/form-alert";
import { Pagination } from "~/components/pagination";
import { useHydrated } from "~/lib/hydrated";

/** The failure an admin action sends back (web/app/lib/admin.server.ts), as the page sees it. */
export interface ActionFailure {
  ok: false;
  intent: string;
  target?: string;
  formError?: string;
  fieldErrors: Record<string, string>;
  values: Record<string, string>;
}

function isFailure(value: unknown): value is ActionFailure {
  return typeof value === "object" && value !== null && (value as { ok?: unknown }).ok === false && "intent" in value;
}

/** The action's failure for one form (by intent, and row when given), if that form failed. */
export function useFailure(intent: string, target?: string): ActionFailure | undefined {
  const result = useActionData<unknown>();
  if (!isFailure(result) || result.intent !== intent) return undefined;
  if (target !== undefined && result.target !== target) return undefined;
  return result;
}

/** True while a form with this intent (and row) is being submitted. */
export function usePending(intent: string, target?: string): boolean {
  const navigation = useNavigation();
  if (navigation.state !== "submitting" || !navigation.formData) return false;
  if (navigation.formData.get("intent") !== intent) return false;
  return target === undefined || navigation.formData.get("target") === target;
}

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-4">
      <div className="min-w-0">
        <h1 className="text-2xl font-bold tracking-tight text-stone-900">{title}</h1>
        {description ? <div className="mt-1 text-sm text-stone-600">{description}</div> : null}
      </div>
      {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
    </div>
  );
}

/** The page's success message after a redirect with ?ok=. */
export function Notice({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <div className="mt-4">
      <FormAlert tone="success">{children}</FormAlert>
    </div>
  );
}

export function ErrorText({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <div className="mt-3">
      <FormAlert tone="error">{children}</FormAlert>
    </div>
  );
}

export function Section({ title, id, children, actions }: { title: string; id: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section aria-labelledby={id} className="mt-8">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={id} className="text-lg font-semibold text-stone-900">
          {title}
        </h2>
        {actions}
      </div>
      <div className="mt-3">{children}</div>
    </section>
  );
}

export const buttonClass = {
  primary:
    "inline-flex items-center justify-center rounded-md bg-brand-700 px-3.5 py-2 text-sm font-semibold text-white hover:bg-brand-800 aria-disabled:opacity-70",
  secondary:
    "inline-flex items-center justify-center rounded-md border border-stone-300 bg-white px-3.5 py-2 text-sm font-semibold text-stone-800 hover:bg-stone-50 aria-disabled:opacity-70",
  danger:
    "inline-flex items-center justify-center rounded-md border border-red-300 bg-white px-3.5 py-2 text-sm font-semibold text-red-700 hover:bg-red-50 aria-disabled:opacity-70",
  link: "font-medium text-brand-700 underline hover:text-brand-800",
} as const;

/** A submit button naming its intent; shows `pendingLabel` while its own form is in flight. */
export function ActionButton({
  intent,
  target,
  children,
  pendingLabel,
  tone = "primary",
  name = "intent",
  ...rest
}: {
  intent: string;
  target?: string;
  children: ReactNode;
  pendingLabel?: string;
  tone?: keyof typeof buttonClass;
  name?: string;
  "aria-describedby"?: string;
  "aria-label"?: string;
}) {
  const pending = usePending(intent, target);
  return (
    <button
      type="submit"
      name={name}
      value={intent}
      aria-disabled={pending || undefined}
      className={buttonClass[tone]}
      onClick={(event) => {
        if (pending) event.preventDefault();
      }}
      {...rest}
    >
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}

/** The dialog's "Yes, …" button: solid, as the one thing the dialog asks. */
const DIALOG_CONFIRM_CLASS =
  "inline-flex items-center justify-center rounded-md bg-red-700 px-3.5 py-2 text-sm font-semibold text-white hover:bg-red-800 aria-disabled:opacity-70";

/** The field a ConfirmAction's "Yes, …" button posts, naming the intent it confirms. */
export const CONFIRM_FIELD = "confirm";

/**
 * Every destructive admin action goes through this. Its form posts `confirm=<intent>` only from
 * the "Yes, …" button (the action refuses the intent without it; see `unconfirmed()` in
 * admin.server.ts). Without JavaScript the trigger is a disclosure whose summary names the
 * action and holds the question and that button. Once scripts run, the trigger opens a modal
 * alert dialog instead: a title, what will happen, Cancel focused first, and the same "Yes, …"
 * button submitting the same form (decision 020). `children` are the form's own fields (a new
 * role, a refund amount), shown before the trigger.
 */
export function ConfirmAction({
  intent,
  target,
  label,
  question,
  confirmLabel,
  pendingLabel,
  hidden = {},
  children,
  className = "",
  title,
  id,
}: {
  intent: string;
  /** The row this form acts on, for pages with one form per row; posted as `target`. */
  target?: string;
  /** The summary, e.g. "Delete…" (the ellipsis says there is a question to come). */
  label: ReactNode;
  question: ReactNode;
  /** The button that does it: "Yes, delete this review". */
  confirmLabel: ReactNode;
  pendingLabel?: string;
  hidden?: Record<string, string>;
  children?: ReactNode;
  className?: string;
  /** The dialog's heading, e.g. "Delete this category?"; "Are you sure?" when not given. */
  title?: ReactNode;
  /** The form's id, for fields elsewhere on the page (a row's checkbox) to join it with `form=`. */
  id?: string;
}) {
  const pending = usePending(intent, target);
  const failed = useFailure(intent, target) !== undefined;
  const hydrated = useHydrated();
  const generatedId = useId();
  const formId = id ?? generatedId;
  const [open, setOpen] = useState(false);
  // The dialog stays open, its button saying what is happening, until the post is answered.
  const wasPending = useRef(false);
  useEffect(() => {
    if (wasPending.current && !pending) setOpen(false);
    wasPending.current = pending;
  }, [pending]);
  const yes = (className: string) => (
    <button
      type="submit"
      form={formId}
      name={CONFIRM_FIELD}
      value={intent}
      aria-disabled={pending || undefined}
      className={className}
      onClick={(event) => {
        if (pending) event.preventDefault();
      }}
    >
      {pending && pendingLabel ? pendingLabel : confirmLabel}
    </button>
  );
  return (
    <Form method="post" id={formId} className={className}>
      <input type="hidden" name="intent" value={intent} />
      {target !== undefined ? <input type="hidden" name="target" value={target} /> : null}
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      {hydrated ? (
        <AlertDialog.Root open={open} onOpenChange={setOpen}>
          <AlertDialog.Trigger type="button" className={buttonClass.danger}>
            {label}
          </AlertDialog.Trigger>
          <AlertDialog.Portal>
            <AlertDialog.Overlay className="fixed inset-0 z-40 bg-stone-950/50" />
            <AlertDialog.Content className="fixed top-1/2 left-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl focus:outline-none">
              <AlertDialog.Title className="text-lg font-semibold text-stone-900">{title ?? "Are you sure?"}</AlertDialog.Title>
              <AlertDialog.Description className="mt-2 text-sm text-stone-700">{question}</AlertDialog.Description>
              <div className="mt-5 flex flex-wrap justify-end gap-2">
                <AlertDialog.Cancel className={buttonClass.secondary}>Cancel</AlertDialog.Cancel>
                {/* Not AlertDialog.Action: that closes the dialog, removing the button before the browser submits its form. */}
                {yes(DIALOG_CONFIRM_CLASS)}
              </div>
            </AlertDialog.Content>
          </AlertDialog.Portal>
        </AlertDialog.Root>
      ) : (
        <details className="group/confirm" open={failed || undefined}>
          <summary className={`${buttonClass.danger} cursor-pointer list-none [&::-webkit-details-marker]:hidden`}>{label}</summary>
          <div role="group" aria-label="Confirm" className="mt-2 max-w-md rounded-md border border-red-200 bg-red-50 p-3">
            <p className="text-sm text-red-900">{question}</p>
            {yes(`${buttonClass.danger} mt-3`)}
          </div>
        </details>
      )}
    </Form>
  );
}

// ── Fields ────────────────────────────────────────────────────────────────────

const controlClass = (error?: string) =>
  `mt-1 block w-full rounded-md border bg-white px-3 py-2 text-sm text-stone-900 shadow-xs placeholder:text-stone-400 focus-visible:border-brand-600 ${
    error ? "border-red-600" : "border-stone-300"
  }`;

interface Described {
  label: string;
  name: string;
  error?: string | undefined;
  hint?: ReactNode;
  /** Visually hide the label (it is still the control's accessible name). */
  hideLabel?: boolean;
  className?: string;
}

function useDescribed(error?: string, hint?: ReactNode) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return { id, describedBy };
}

function FieldFrame({ id, label, hideLabel, error, hint, className, children }: Omit<Described, "name"> & { id: string; children: ReactNode }) {
  return (
    <div className={className}>
      <label htmlFor={id} className={hideLabel ? "sr-only" : "block text-sm font-medium text-stone-800"}>
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-stone-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextInput({ label, name, error, hint, hideLabel, className, ...input }: Described & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "className">) {
  const { id, describedBy } = useDescribed(error, hint);
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} hideLabel={hideLabel} className={className}>
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={controlClass(error)} {...input} />
    </FieldFrame>
  );
}

export function TextArea({ label, name, error, hint, hideLabel, className, ...textarea }: Described & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "name" | "className">) {
  const { id, describedBy } = useDescribed(error, hint);
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} hideLabel={hideLabel} className={className}>
      <textarea id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={controlClass(error)} {...textarea} />
    </FieldFrame>
  );
}

export function Select({
  label,
  name,
  error,
  hint,
  hideLabel,
  className,
  options,
  ...select
}: Described & { options: readonly { value: string; label: string }[] } & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "name" | "className">) {
  const { id, describedBy } = useDescribed(error, hint);
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} hideLabel={hideLabel} className={className}>
      <select id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={controlClass(error)} {...select}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/**
 * A ticked box posts `value` ("on" unless given). The value is always written out: given
 * `value={undefined}`, React sets the attribute to "" once it renders in the browser, and a
 * ticked box then posts an empty string.
 */
export function Checkbox({ label, name, defaultChecked, hint, value = "on" }: { label: string; name: string; defaultChecked?: boolean; hint?: string; value?: string }) {
  const id = useId();
  return (
    <div className="flex items-start gap-2">
      <input id={id} type="checkbox" name={name} value={value} defaultChecked={defaultChecked} className="mt-0.5 size-4 rounded border-stone-300 accent-brand-700" aria-describedby={hint ? `${id}-hint` : undefined} />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-stone-800">
          {label}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="text-xs text-stone-600">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}

// ── Tables and lists ──────────────────────────────────────────────────────────

/**
 * How a DataTable's rows show on phones: as rows of a table that scrolls sideways, or (with
 * `stacked`) below the `sm` breakpoint as one card per row, each cell under its column's label.
 */
const StackedTable = createContext(false);

/**
 * A table that scrolls sideways on narrow screens instead of squeezing its columns; the region
 * is focusable so keyboard users can scroll it too. With `stacked`, phones get each row as a
 * card instead, with no sideways scroll: the header row is kept for screen readers only and
 * each Td shows its `label`. That is CSS alone, so it holds without JavaScript, and from `sm`
 * up the table is an ordinary table.
 */
export function DataTable({ caption, children, captionHidden = true, stacked = false }: { caption: string; children: ReactNode; captionHidden?: boolean; stacked?: boolean }) {
  const stackedClass = stacked
    ? "max-sm:block max-sm:divide-y-0 max-sm:[&_tbody]:block max-sm:[&_thead]:sr-only max-sm:[&_tbody>tr]:block max-sm:[&_tbody>tr]:py-2 max-sm:[&_tfoot]:block max-sm:[&_tfoot>tr]:flex max-sm:[&_tfoot>tr]:justify-between"
    : "";
  return (
    <StackedTable.Provider value={stacked}>
      <div role="region" aria-label={caption} tabIndex={0} className={`overflow-x-auto rounded-lg border border-stone-200 ${stacked ? "max-sm:overflow-x-visible" : ""}`}>
        <table className={`min-w-full divide-y divide-stone-200 text-left text-sm ${stackedClass}`}>
          <caption className={captionHidden ? "sr-only" : "px-3 py-2 text-left text-sm font-medium text-stone-700"}>{caption}</caption>
          {children}
        </table>
      </div>
    </StackedTable.Provider>
  );
}

/**
 * How much a column matters when the screen is narrow: "high" columns always show; "medium"
 * ones from `md` (768px) up; "low" ones only on wide screens (`xl`, 1280px, where the sidebar
 * still leaves room). Give a column's Th and its Tds the same priority. On a stacked table's
 * phone cards, "medium" cells show and "low" ones stay hidden, keeping each card short.
 */
export type ColumnPriority = "high" | "medium" | "low";

const priorityClass: Record<ColumnPriority, string> = {
  high: "",
  medium: "hidden md:table-cell",
  low: "hidden xl:table-cell",
};

export function Th({ children, className = "", numeric = false, priority = "high" }: { children?: ReactNode; className?: string; numeric?: boolean; priority?: ColumnPriority }) {
  return (
    <th scope="col" className={`bg-stone-50 px-3 py-2 text-xs font-semibold tracking-wide whitespace-nowrap text-stone-600 uppercase ${numeric ? "text-right" : ""} ${priorityClass[priority]} ${className}`}>
      {children}
    </th>
  );
}

/**
 * A table cell. `label` is its column's name, shown beside the value on a stacked table's
 * phone cards. `truncate` keeps a long value (an email subject) to one line, its whole text in
 * `title` for a pointer's hover; the row's link leads to the full record.
 */
export function Td({
  children,
  className = "",
  numeric = false,
  priority = "high",
  label,
  truncate = false,
  title,
}: {
  children?: ReactNode;
  className?: string;
  numeric?: boolean;
  priority?: ColumnPriority;
  label?: string;
  truncate?: boolean;
  title?: string;
}) {
  const stacked = useContext(StackedTable);
  const content = truncate ? (
    <span className="block max-w-64 truncate max-sm:max-w-full 2xl:max-w-md" title={title}>
      {children}
    </span>
  ) : (
    children
  );
  // A low-priority cell stays hidden on a phone's card too: `hidden` is all it has below xl.
  const cardClass = stacked && priority !== "low" ? "max-sm:flex max-sm:items-baseline max-sm:gap-3 max-sm:py-1 max-sm:text-left" : "";
  return (
    <td className={`px-3 py-2 align-top text-stone-800 ${numeric ? "text-right tabular-nums" : ""} ${priorityClass[priority]} ${cardClass} ${className}`}>
      {stacked && label ? <span className="w-24 shrink-0 text-xs font-semibold tracking-wide text-stone-500 uppercase sm:hidden">{label}</span> : null}
      {stacked && label ? <div className="min-w-0 flex-1 max-sm:break-words">{content}</div> : content}
    </td>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="rounded-lg border border-dashed border-stone-300 px-4 py-8 text-center text-sm text-stone-600">{children}</p>;
}

const badgeTones = {
  green: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  amber: "bg-amber-50 text-amber-900 ring-amber-200",
  red: "bg-red-50 text-red-800 ring-red-200",
  blue: "bg-sky-50 text-sky-900 ring-sky-200",
  grey: "bg-stone-100 text-stone-700 ring-stone-200",
} as const;
export type BadgeTone = keyof typeof badgeTones;

export function Badge({ tone, children }: { tone: BadgeTone; children: ReactNode }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${badgeTones[tone]}`}>{children}</span>;
}

/** "Showing 21–40 of 95" and page links, keeping the page's other query parameters. */
export function Pager({ page, limit, total, search }: { page: number; limit: number; total: number; search: string }) {
  const pageCount = Math.max(1, Math.ceil(total / limit));
  const href = (target: number) => {
    const params = new URLSearchParams(search);
    params.delete("ok");
    if (target === 1) params.delete("page");
    else params.set("page", String(target));
    const query = params.toString();
    return query ? `?${query}` : "?";
  };
  const first = total === 0 ? 0 : (page - 1) * limit + 1;
  const last = Math.min(total, page * limit);
  return (
    <div className="mt-3">
      <p className="text-sm text-stone-600" aria-live="polite">
        {total === 0 ? "Nothing to show." : `Showing ${first}–${last} of ${total.toLocaleString("en-US")}`}
      </p>
      <Pagination page={page} pageCount={pageCount} href={href} label="Pages" />
    </div>
  );
}

/**
 * One page of a filtered list: its rows (or, when it has none, the `empty` message) and the
 * pager under them, whose links keep the page's filters.
 */
export function PagedResults({
  itemCount,
  empty,
  page,
  limit,
  total,
  children,
}: {
  itemCount: number;
  empty: ReactNode;
  page: number;
  limit: number;
  total: number;
  children: ReactNode;
}) {
  const location = useLocation();
  return (
    <div className="mt-6">
      {itemCount === 0 ? <EmptyState>{empty}</EmptyState> : children}
      <Pager page={page} limit={limit} total={total} search={location.search} />
    </div>
  );
}

/** A filter's options: "any" first (the empty value), then one option a value. */
export function withAnyOption<T extends string>(anyLabel: string, values: readonly T[], label: (value: T) => string = (value) => value) {
  return [{ value: "", label: anyLabel }, ...values.map((value) => ({ value, label: label(value) }))];
}

/** A GET filter form above a table; submitting resets to page 1. */
export function FilterBar({ children, label, resetHref }: { children: ReactNode; label: string; resetHref: string }) {
  return (
    <Form method="get" role="search" aria-label={label} className="mt-6 flex flex-wrap items-end gap-3 rounded-lg border border-stone-200 bg-stone-50 p-3">
      {children}
      <div className="flex gap-2">
        <button type="submit" className={buttonClass.primary}>
          Apply
        </button>
        <Link to={resetHref} className={buttonClass.secondary}>
          Reset
        </Link>
      </div>
    </Form>
  );
}
