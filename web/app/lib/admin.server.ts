import { data, redirect, type AppLoadContext } from "@remix-run/cloudflare";
import type { z } from "zod";
import type { ApiCallInit } from "../../../workers/load-context";
import { rateLimitMessage, readJson, readProblem, type Problem } from "./api.server";
import { apiAsUser, requireAdmin, sessionHeaders } from "./session.server";

/**
 * The admin section's way to the API. Every admin loader and action first calls
 * `requireAdmin(request, context)` itself (loaders run in parallel, so the layout's check
 * protects nothing); the API then checks the stored role again on every call.
 */
export { requireAdmin };

/** Set-Cookie for whatever this request changed in the session (a token refresh). */
export const adminHeaders = (context: AppLoadContext): Headers => sessionHeaders(context);

function signInAgain(request: Request, headers: Headers): Response {
  const url = new URL(request.url);
  url.searchParams.delete("index");
  const query = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
  return redirect(`/login?${query}`, { headers });
}

/** A failed read, as the response a loader throws (rendered by the admin error boundary). */
async function loaderFailure(request: Request, response: Response, headers: Headers): Promise<unknown> {
  if (response.status === 401) return signInAgain(request, headers);
  const problem = await readProblem(response);
  if (response.status >= 500) {
    console.error(JSON.stringify({ level: "error", msg: "admin_api_failed", status: response.status, detail: problem.detail }));
    return data({ message: "The store's API could not answer just now. Please try again." }, { status: 503, headers });
  }
  const message = response.status === 429 ? rateLimitMessage(problem) : problem.detail;
  return data({ message }, { status: response.status, headers });
}

/**
 * GET from the API as the signed-in admin, parsed with the API's own response schema. A
 * failure is thrown: 401 sends the admin to sign in again, anything else becomes the page's
 * error with the API's detail.
 */
export async function adminGet<T>(request: Request, context: AppLoadContext, path: string, schema: z.ZodType<T>): Promise<T> {
  const { response, headers } = await apiAsUser(request, context, path);
  if (response.ok) return readJson(response, schema, `GET ${path}`);
  throw await loaderFailure(request, response, headers);
}

/** Like adminGet, but a 404 is null rather than an error (a product lookup by id). */
export async function adminGetOptional<T>(request: Request, context: AppLoadContext, path: string, schema: z.ZodType<T>): Promise<T | null> {
  const { response, headers } = await apiAsUser(request, context, path);
  if (response.ok) return readJson(response, schema, `GET ${path}`);
  if (response.status === 404) return null;
  throw await loaderFailure(request, response, headers);
}

export type SendResult = { ok: true; response: Response } | { ok: false; problem: Problem };

/**
 * A write to the API as the signed-in admin. Only a lapsed session is thrown (to sign in
 * again); every other refusal comes back for the form to show.
 */
export async function adminSend(request: Request, context: AppLoadContext, path: string, init: Omit<ApiCallInit, "accessToken">): Promise<SendResult> {
  const { response, headers } = await apiAsUser(request, context, path, init);
  if (response.ok) return { ok: true, response };
  if (response.status === 401) throw signInAgain(request, headers);
  return { ok: false, problem: await readProblem(response) };
}

// ── Lists ─────────────────────────────────────────────────────────────────────

export const PAGE_SIZE = 20;

/** `?page=` as a page number the API accepts (1..10000); anything else is page 1. */
export function pageParam(url: URL): number {
  const page = Number(url.searchParams.get("page"));
  return Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1;
}

/** A query parameter only when it is one of `allowed`. */
export function enumParam<T extends string>(url: URL, name: string, allowed: readonly T[]): T | undefined {
  const value = url.searchParams.get(name);
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** A trimmed text parameter, at most `max` characters, or undefined when empty. */
export function textParam(url: URL, name: string, max = 100): string | undefined {
  const value = url.searchParams.get(name)?.trim();
  return value ? value.slice(0, max) : undefined;
}

/** An API path with its query, leaving out parameters without a value. */
export function apiPath(path: string, query: Record<string, string | number | boolean | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

// ── Outcomes ──────────────────────────────────────────────────────────────────

/**
 * After a successful action: back to the page (keeping its filters) with `?ok=<key>`. The
 * page turns the key into a fixed sentence, so the URL can never put words in our mouth.
 */
export function redirectWithNotice(request: Request, context: AppLoadContext, key: string, to?: string): Response {
  const url = new URL(to ?? request.url, request.url);
  url.searchParams.delete("index");
  url.searchParams.delete("ok");
  url.searchParams.set("ok", key);
  return redirect(`${url.pathname}${url.search}`, { headers: adminHeaders(context) });
}

/** The success sentence for `?ok=<key>`, from the page's own fixed list. */
export function noticeOf<K extends string>(url: URL, notices: Record<K, string>): string | null {
  const key = url.searchParams.get("ok");
  return key !== null && Object.hasOwn(notices, key) ? notices[key as K] : null;
}

/** What an admin action answers when a form did not go through; the page shows it in place. */
export interface AdminFailure {
  ok: false;
  /** Which form: the `intent` posted. */
  intent: string;
  /** Which row's form, for pages with one form per row (an id or SKU). */
  target?: string;
  formError?: string;
  /** Keyed by the form's field names. */
  fieldErrors: Record<string, string>;
  /** What was typed, so a page rendered without JavaScript keeps it. */
  values: Record<string, string>;
}

/** The posted text fields (first value of each name); files are left out. */
export function textValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !(key in values)) values[key] = value;
  }
  return values;
}

/** A failure built from zod issues: each path, joined with dots, names a form field. */
export function failureFromIssues(
  intent: string,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  values: Record<string, string>,
  options: { target?: string; fieldOf?: (path: string) => string | undefined } = {},
): AdminFailure {
  const fieldErrors: Record<string, string> = {};
  let formError: string | undefined;
  for (const issue of issues) {
    const path = issue.path.map(String).join(".");
    const field = path ? (options.fieldOf ? options.fieldOf(path) : path) : undefined;
    if (field) fieldErrors[field] ??= issue.message;
    else formError ??= issue.message;
  }
  if (!formError && Object.keys(fieldErrors).length > 0) formError = "Please correct the fields marked below.";
  return { ok: false, intent, ...(options.target ? { target: options.target } : {}), ...(formError ? { formError } : {}), fieldErrors, values };
}

/**
 * A failure built from the API's problem: `errors[].path` naming a form field (through
 * `fieldOf`) marks that field; the problem's detail is always the form's message, so a 409
 * or 404 reads as the API wrote it.
 */
export function failureFromProblem(
  intent: string,
  problem: Problem,
  values: Record<string, string>,
  options: { target?: string; fieldOf?: (path: string) => string | undefined } = {},
): AdminFailure {
  const fieldErrors: Record<string, string> = {};
  for (const error of problem.errors) {
    const field = options.fieldOf ? options.fieldOf(error.path) : error.path;
    if (field) fieldErrors[field] ??= error.message;
  }
  const formError =
    problem.status === 429
      ? rateLimitMessage(problem)
      : problem.status >= 500
        ? "Something went wrong on our side. Please try again."
        : problem.status === 403
          ? "Only administrators can do this."
          : problem.detail;
  return { ok: false, intent, ...(options.target ? { target: options.target } : {}), formError, fieldErrors, values };
}

/** Sends a failure back to the page with the problem's status (400 for our own checks). */
export function fail(context: AppLoadContext, failure: AdminFailure, status = 400) {
  return data(failure, { status, headers: adminHeaders(context) });
}

/**
 * A destructive intent posted without its "Yes, …" button (ConfirmAction in
 * components/admin/ui.tsx): the failure to answer with, having changed nothing. Undefined
 * when the post carries the confirmation.
 */
export function unconfirmed(formData: FormData, intent: string, target?: string): AdminFailure | undefined {
  if (formData.get("confirm") === intent) return undefined;
  return {
    ok: false,
    intent,
    ...(target ? { target } : {}),
    formError: "Nothing was changed. Please confirm with the “Yes” button.",
    fieldErrors: {},
    values: textValues(formData),
  };
}

/**
 * A CSV export from the API, streamed through to the admin as it arrives (never read into
 * memory). A refusal becomes the page's error like any failed read.
 */
export async function adminDownload(request: Request, context: AppLoadContext, path: string): Promise<Response> {
  const { response, headers } = await apiAsUser(request, context, path);
  if (!response.ok) throw await loaderFailure(request, response, headers);
  const out = new Headers(headers);
  for (const name of ["content-type", "content-disposition", "cache-control"]) {
    const value = response.headers.get(name);
    if (value) out.set(name, value);
  }
  return new Response(response.body, { status: 200, headers: out });
}

/** A post whose `intent` this page does not know. */
export function unknownIntent(): never {
  throw data({ message: "This form is not one this page knows." }, { status: 400 });
}
