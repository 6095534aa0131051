import { Form, useActionData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { FormAlert } from "~/components/form-alert";
import { useHydrated } from "~/lib/hydrated";
import { ActionButton, ConfirmAction, ErrorText, useFailure } from "./ui";

/** Field names shared with web/app/lib/bulk.server.ts (kept as literals: that module is server-only). */
const IDS = "ids";
const PAGE_IDS = "pageIds";
const ALL_ON_PAGE = "allOnPage";

export interface BulkActionSpec {
  /** The posted intent, e.g. "bulk-hide". */
  intent: string;
  /** The button: "Hide". Destructive ones get an ellipsis and ask first. */
  label: string;
  /** What was done, for the result: "hidden". */
  done: string;
  destructive?: boolean;
}

interface Outcome {
  ok: true;
  intent: string;
  succeeded: number;
  failures: { id: string; detail: string }[];
}

function isOutcome(value: unknown): value is Outcome {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { ok?: unknown }).ok === true &&
    "succeeded" in value &&
    "failures" in value
  );
}

/** The ids the last failed bulk post carried, so a page rendered without JavaScript keeps them ticked. */
function useCarriedIds(): Set<string> {
  const result = useActionData<unknown>();
  const ids =
    typeof result === "object" &&
    result !== null &&
    (result as { ok?: unknown }).ok === false
      ? (result as { values?: Record<string, string> }).values?.[IDS]
      : undefined;
  return new Set(ids ? ids.split(",") : []);
}

/** One row's box, outside the bulk form in the markup but posted with it (the `form` attribute). */
export function BulkCheckbox({
  formId,
  id,
  label,
}: {
  formId: string;
  id: string;
  label: string;
}) {
  const carried = useCarriedIds();
  return (
    <input
      type="checkbox"
      form={formId}
      name={IDS}
      value={id}
      defaultChecked={carried.has(id)}
      aria-label={`Select ${label}`}
      className="size-4 rounded border-stone-300 accent-brand-700"
    />
  );
}

const rowsOf = (formId: string) =>
  Array.from(
    document.querySelectorAll<HTMLInputElement>(
      `input[type="checkbox"][name="${IDS}"][form="${formId}"]`
    )
  );

/**
 * The bar above a list: "select all on this page", the selection's count (with JavaScript) and
 * one button per action. Without JavaScript it is a plain form: the ticked rows post their ids,
 * and "select all" posts every id on the page. A destructive action comes back once as a
 * question (ConfirmAction) carrying the same ids, and only its "Yes" button changes anything.
 */
export function BulkBar({
  formId,
  pageIds,
  noun,
  plural,
  actions,
  nameOf,
}: {
  formId: string;
  pageIds: readonly string[];
  noun: string;
  plural: string;
  actions: readonly BulkActionSpec[];
  /** A row's name for the list of refusals (the id when the row is not on this page). */
  nameOf: (id: string) => string;
}) {
  const hydrated = useHydrated();
  const [count, setCount] = useState(0);
  const all = useRef<HTMLInputElement>(null);
  const result = useActionData<unknown>();
  const outcome = isOutcome(result) ? result : undefined;
  const failedIntent =
    typeof result === "object" &&
    result !== null &&
    (result as { ok?: unknown }).ok === false
      ? (result as { intent?: unknown }).intent
      : undefined;
  const failedAction = actions.find((action) => action.intent === failedIntent);
  const failure = useFailure(failedAction?.intent ?? "");
  const failed =
    failedAction && failure ? { action: failedAction, failure } : undefined;

  useEffect(() => {
    const sync = () => {
      const rows = rowsOf(formId);
      const ticked = rows.filter((row) => row.checked).length;
      setCount(ticked);
      if (all.current) {
        all.current.checked = rows.length > 0 && ticked === rows.length;
        all.current.indeterminate = ticked > 0 && ticked < rows.length;
      }
    };
    sync();
    const onChange = (event: Event) => {
      const target = event.target;
      if (
        target instanceof HTMLInputElement &&
        target.name === IDS &&
        target.getAttribute("form") === formId
      )
        sync();
    };
    document.addEventListener("change", onChange);
    return () => document.removeEventListener("change", onChange);
  }, [formId, pageIds]);

  const amount = (n: number) => `${n} ${n === 1 ? noun : plural}`;
  const doneAction = outcome
    ? actions.find((action) => action.intent === outcome.intent)
    : undefined;
  const carried =
    failed?.failure?.values[IDS]?.split(",").filter(Boolean) ?? [];
  const confirming =
    failed &&
    failed.action.destructive &&
    carried.length > 0 &&
    failed.failure?.values.confirm !== failed.action.intent
      ? failed.action
      : undefined;

  // An empty page (the last rows were just deleted) still shows what the action did.
  if (pageIds.length === 0 && !outcome && !failed) return null;
  return (
    <div className="mt-6 rounded-lg border border-stone-200 bg-white p-3">
      {pageIds.length === 0 ? null : (
        <Form
          method="post"
          id={formId}
          aria-label={`Change several ${plural}`}
          className="flex flex-wrap items-center gap-3"
        >
          <input type="hidden" name={PAGE_IDS} value={pageIds.join(",")} />
          <label className="flex items-center gap-2 text-sm font-medium text-stone-800">
            <input
              ref={all}
              type="checkbox"
              name={ALL_ON_PAGE}
              value="1"
              className="size-4 rounded border-stone-300 accent-brand-700"
              onChange={(event) => {
                for (const row of rowsOf(formId))
                  row.checked = event.currentTarget.checked;
                setCount(
                  event.currentTarget.checked ? rowsOf(formId).length : 0
                );
              }}
            />
            Select all on this page
          </label>
          {hydrated ? (
            <span className="text-sm text-stone-600" aria-live="polite">
              {count === 0
                ? `No ${plural} selected`
                : `${amount(count)} selected`}
            </span>
          ) : null}
          <div className="flex flex-wrap gap-2">
            {actions.map((action) => (
              <ActionButton
                key={action.intent}
                intent={action.intent}
                tone={action.destructive ? "danger" : "secondary"}
                pendingLabel="Working…"
              >
                {action.destructive
                  ? `${action.label} selected…`
                  : `${action.label} selected`}
              </ActionButton>
            ))}
          </div>
        </Form>
      )}
      {confirming ? (
        <ConfirmAction
          intent={confirming.intent}
          hidden={{ [IDS]: carried.join(",") }}
          label={`${confirming.label} ${amount(carried.length)}…`}
          question={`${confirming.label} these ${amount(
            carried.length
          )}? Each is changed on its own; any that cannot be are listed afterwards.`}
          confirmLabel={`Yes, ${confirming.label.toLowerCase()} ${amount(
            carried.length
          )}`}
          pendingLabel="Working…"
          className="mt-3"
        />
      ) : (
        <ErrorText>{failed?.failure?.formError}</ErrorText>
      )}
      {outcome && doneAction ? (
        <div className="mt-3">
          <FormAlert tone={outcome.failures.length ? "info" : "success"}>
            <p>
              {outcome.succeeded === 0
                ? `No ${plural} were ${doneAction.done}.`
                : `${amount(outcome.succeeded)} ${
                    outcome.succeeded === 1 ? "was" : "were"
                  } ${doneAction.done}.`}
              {outcome.failures.length
                ? ` ${amount(outcome.failures.length)} could not be:`
                : ""}
            </p>
            {outcome.failures.length ? (
              <ul className="mt-1 list-disc pl-5">
                {outcome.failures.map((item) => (
                  <li key={item.id}>
                    <span className="font-medium">{nameOf(item.id)}</span>:{" "}
                    {item.detail}
                  </li>
                ))}
              </ul>
            ) : null}
          </FormAlert>
        </div>
      ) : null}
    </div>
  );
}
