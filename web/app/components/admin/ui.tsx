import { Form, Link, useActionData, useLocation, useNavigation } from "@remix-run/react";
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { FormAlert } from "~/components/form-alert";
import { Pagination } from "~/components/pagination";

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

/** The field a ConfirmAction's "Yes, …" button posts, naming the intent it confirms. */
export const CONFIRM_FIELD = "confirm";

/**
 * Every destructive admin action goes through this: a disclosure whose summary names the
 * action, and inside it the question and the one button that does it, posting
 * `confirm=<intent>` (the action refuses the intent without it; see `unconfirmed()` in
 * admin.server.ts). It is its own form and needs no JavaScript. `children` are the form's own
 * fields (a new role, a refund amount), shown before the disclosure.
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
}) {
  const pending = usePending(intent, target);
  const failed = useFailure(intent, target) !== undefined;
  return (
    <Form method="post" className={className}>
      <input type="hidden" name="intent" value={intent} />
      {target !== undefined ? <input type="hidden" name="target" value={target} /> : null}
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <details className="group/confirm" open={failed || undefined}>
        <summary className={`${buttonClass.danger} cursor-pointer list-none [&::-webkit-details-marker]:hidden`}>{label}</summary>
        <div role="group" aria-label="Confirm" className="mt-2 max-w-md rounded-md border border-red-200 bg-red-50 p-3">
          <p className="text-sm text-red-900">{question}</p>
          <button
            type="submit"
            name={CONFIRM_FIELD}
            value={intent}
            aria-disabled={pending || undefined}
            className={`${buttonClass.danger} mt-3`}
            onClick={(event) => {
              if (pending) event.preventDefault();
            }}
          >
            {pending && pendingLabel ? pendingLabel : confirmLabel}
          </button>
        </div>
      </details>
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
 * A table that scrolls sideways on narrow screens instead of squeezing its columns. The
 * region is focusable so keyboard users can scroll it too.
 */
export function DataTable({ caption, children, captionHidden = true }: { caption: string; children: ReactNode; captionHidden?: boolean }) {
  return (
    <div role="region" aria-label={caption} tabIndex={0} className="overflow-x-auto rounded-lg border border-stone-200">
      <table className="min-w-full divide-y divide-stone-200 text-left text-sm">
        <caption className={captionHidden ? "sr-only" : "px-3 py-2 text-left text-sm font-medium text-stone-700"}>{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export function Th({ children, className = "", numeric = false }: { children?: ReactNode; className?: string; numeric?: boolean }) {
  return (
    <th scope="col" className={`bg-stone-50 px-3 py-2 text-xs font-semibold tracking-wide whitespace-nowrap text-stone-600 uppercase ${numeric ? "text-right" : ""} ${className}`}>
      {children}
    </th>
  );
}

export function Td({ children, className = "", numeric = false }: { children?: ReactNode; className?: string; numeric?: boolean }) {
  return <td className={`px-3 py-2 align-top text-stone-800 ${numeric ? "text-right tabular-nums" : ""} ${className}`}>{children}</td>;
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
