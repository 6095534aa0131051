import { data } from "@remix-run/cloudflare";
import type { z } from "zod";
import { rateLimitMessage, type Problem } from "./api.server";
import { DEFAULT_LANGUAGE, fixedT, type Language } from "./i18n";

/**
 * A schema issue in the page's language: the site's own messages are resource keys under
 * `validation.`; the API's field rules (shared schemas) give their own words, shown as they are.
 */
function issueText(message: string, lang: Language): string {
  return message.startsWith("validation.") ? fixedT(lang)(message) : message;
}

/** The encodings an HTML form posts in. */
const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/**
 * The posted form. Every action reads its body through this: `request.formData()` throws a
 * TypeError on a body that is not a form (JSON, text, no content type, a multipart body that
 * does not match its boundary), which Remix would answer with a 500 and a logged stack trace.
 * Here such a body is the client's mistake: 415 for the wrong content type, 400 for one that
 * does not parse, thrown so the route's error page renders with that status.
 */
export async function readFormData(request: Request): Promise<FormData> {
  const type = request.headers.get("Content-Type")?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!FORM_TYPES.has(type)) {
    throw data({ message: "This address only accepts forms sent from our pages." }, { status: 415 });
  }
  try {
    return await request.formData();
  } catch {
    throw data({ message: "The form could not be read. Please go back and send it again." }, { status: 400 });
  }
}

/** What an action answers when a form did not go through; the page shows it in place. */
export interface FormFailure<Field extends string> {
  ok: false;
  /** The first message for each field. */
  fieldErrors: Partial<Record<Field, string>>;
  /** A message for the form as a whole (credentials, rate limit, conflicts). */
  formError?: string;
  /** What was typed (never passwords), so a page rendered without JavaScript keeps it. */
  values: Partial<Record<Field, string>>;
}

export type ParsedForm<T, Field extends string> = { ok: true; data: T } | FormFailure<Field>;

/** The posted text fields as a plain object; files and repeated names are ignored. */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !(key in values)) values[key] = value;
  }
  return values;
}

/** Echoes back the non-secret fields of a submission. */
export function echo<Field extends string>(
  values: Record<string, string>,
  fields: readonly Field[],
): Partial<Record<Field, string>> {
  const echoed: Partial<Record<Field, string>> = {};
  for (const field of fields) {
    const value = values[field];
    if (value !== undefined && !/password/i.test(field)) echoed[field] = value;
  }
  return echoed;
}

/** Validates a submission with its form's schema; the site's own messages are in `lang`. */
export function parseForm<Schema extends z.ZodType, Field extends string>(
  schema: Schema,
  formData: FormData,
  fields: readonly Field[],
  lang: Language = DEFAULT_LANGUAGE,
): ParsedForm<z.output<Schema>, Field> {
  const values = formValues(formData);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: Partial<Record<Field, string>> = {};
  let formError: string | undefined;
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? "");
    if ((fields as readonly string[]).includes(key)) {
      fieldErrors[key as Field] ??= issueText(issue.message, lang);
    } else {
      formError ??= issueText(issue.message, lang);
    }
  }
  return { ok: false, fieldErrors, ...(formError ? { formError } : {}), values: echo(values, fields) };
}

/**
 * Maps an API problem back onto a form: `errors[].path` naming one of the form's fields
 * becomes that field's message (`fieldMap` renames API paths to form fields), a 429 becomes
 * a clear wait message, and anything else becomes the form's message from `detail`.
 */
export function failureFromProblem<Field extends string>(
  problem: Problem,
  fields: readonly Field[],
  values: Record<string, string>,
  fieldMap: Partial<Record<string, Field>> = {},
  /** The page's language, for the site's own words (the API's `detail` stays as it is). */
  lang: Language = DEFAULT_LANGUAGE,
): FormFailure<Field> {
  const t = fixedT(lang);
  const fieldErrors: Partial<Record<Field, string>> = {};
  let formError: string | undefined;
  if (problem.status === 429) {
    formError = rateLimitMessage(problem, t);
  } else {
    for (const error of problem.errors) {
      const key = fieldMap[error.path] ?? (fields as readonly string[]).find((field) => field === error.path);
      if (key) fieldErrors[key as Field] ??= error.message;
    }
    const unmatched = problem.errors.length === 0 || Object.keys(fieldErrors).length === 0;
    if (unmatched) formError = problem.status >= 500 ? t("cart.serverError") : problem.detail;
  }
  return { ok: false, fieldErrors, ...(formError ? { formError } : {}), values: echo(values, fields) };
}
