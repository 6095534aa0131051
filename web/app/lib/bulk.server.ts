import { data, type AppLoadContext } from "@remix-run/cloudflare";
import { bulkResultSchema } from "../../../workers/domain/schemas/bulk";
import { MAX_BULK_IDS } from "../../../workers/domain/bulk-actions";
import { adminHeaders, adminSend, fail, failureFromProblem, textValues, unconfirmed } from "./admin.server";
import { readJson } from "./api.server";

/** The form field naming the ids a bulk form acts on, and the one listing the page's rows. */
export const BULK_IDS = "ids";
export const BULK_PAGE_IDS = "pageIds";
export const BULK_ALL_ON_PAGE = "allOnPage";

/**
 * The ids a bulk form posted: the ticked rows, or every row on the page when "select all" was
 * ticked (so the form works without JavaScript), or the comma-joined list a confirmation
 * carries over. Each once, in the order given.
 */
export function selectedIds(formData: FormData): string[] {
  const lists = formData.get(BULK_ALL_ON_PAGE) === "1" ? formData.getAll(BULK_PAGE_IDS) : formData.getAll(BULK_IDS);
  const ids = lists.flatMap((value) => (typeof value === "string" ? value.split(",") : [])).map((id) => id.trim()).filter(Boolean);
  return [...new Set(ids)];
}

/** What a bulk action answers the page: how many changed, and each refusal with its reason. */
export interface BulkOutcome {
  ok: true;
  intent: string;
  succeeded: number;
  failures: { id: string; detail: string }[];
}

/**
 * Runs a bulk intent through the API's bulk endpoint for this resource. Nothing is sent when no
 * row is ticked, or when a destructive action arrives without its "Yes, …" confirmation (the
 * ids travel on into the confirmation, see BulkConfirm).
 */
export async function runBulkIntent(
  request: Request,
  context: AppLoadContext,
  input: { formData: FormData; intent: string; path: string; action: string; destructive: boolean; noun: string },
) {
  const ids = selectedIds(input.formData);
  const values = { ...textValues(input.formData), [BULK_IDS]: ids.join(",") };
  if (ids.length === 0) return fail(context, { ok: false, intent: input.intent, formError: `Nothing was changed: tick at least one ${input.noun} first.`, fieldErrors: {}, values });
  if (ids.length > MAX_BULK_IDS) return fail(context, { ok: false, intent: input.intent, formError: `Choose at most ${MAX_BULK_IDS} at a time.`, fieldErrors: {}, values });
  if (input.destructive) {
    const notConfirmed = unconfirmed(input.formData, input.intent);
    if (notConfirmed) return fail(context, { ...notConfirmed, values });
  }
  const sent = await adminSend(request, context, input.path, { method: "POST", json: { ids, action: input.action } });
  if (!sent.ok) return fail(context, failureFromProblem(input.intent, sent.problem, values), sent.problem.status);
  const result = await readJson(sent.response, bulkResultSchema, `POST ${input.path}`);
  const outcome: BulkOutcome = {
    ok: true,
    intent: input.intent,
    succeeded: result.succeeded,
    failures: result.results.flatMap((item) => (item.ok ? [] : [{ id: item.id, detail: item.problem?.detail ?? "Not changed." }])),
  };
  return data(outcome, { headers: adminHeaders(context) });
}
