import type { TFunction } from "i18next";
import type { AppLoadContext } from "@remix-run/cloudflare";
import { z } from "zod";
import { parseJsonWithoutReservedKeys } from "../../../workers/domain/reserved-keys";
import type { ApiCallInit } from "../../../workers/load-context";

/**
 * Calls the API in-process on behalf of this request's visitor. The Worker's client
 * (workers/index.ts) forwards the visitor's address and user agent itself.
 */
export function callApi(context: AppLoadContext, path: string, init: ApiCallInit = {}): Promise<Response> {
  return context.api(path, init);
}

export interface FieldProblem {
  path: string;
  message: string;
}

/** An RFC 9457 problem from the API, reduced to what the site shows. */
export interface Problem {
  status: number;
  title: string;
  detail: string;
  code: string | undefined;
  errors: FieldProblem[];
  /** From `Retry-After` on 429s. */
  retryAfterSeconds: number | undefined;
}

const problemBody = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  code: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export async function readProblem(response: Response): Promise<Problem> {
  let body: z.infer<typeof problemBody> = {};
  try {
    const parsed = problemBody.safeParse(parseJsonWithoutReservedKeys(await response.text()));
    if (parsed.success) body = parsed.data;
  } catch {
    // Not JSON: fall back to the status alone.
  }
  const retryAfter = Number.parseInt(response.headers.get("retry-after") ?? "", 10);
  return {
    status: response.status,
    title: body.title ?? response.statusText,
    detail: body.detail ?? body.title ?? "The request failed.",
    code: body.code,
    errors: body.errors ?? [],
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
  };
}

/**
 * Parses a successful API response; a body that breaks the contract is a bug (500). Reserved
 * keys are left out while parsing: whatever the API returns becomes loader data, and an own
 * `__proto__` in loader data is what turbo-stream 2 mishandles in the browser (decision 008).
 */
export async function readJson<T>(response: Response, schema: z.ZodType<T>, what: string): Promise<T> {
  const parsed = schema.safeParse(parseJsonWithoutReservedKeys(await response.text()));
  if (!parsed.success) {
    throw new Error(`The API answered ${what} with an unexpected body: ${parsed.error.message}`);
  }
  return parsed.data;
}

/**
 * A clear sentence for a 429, with the wait when the API said how long. With `t` (a storefront
 * page), in that page's language; without it (the admin), in English.
 */
export function rateLimitMessage(problem: Pick<Problem, "retryAfterSeconds">, t?: TFunction): string {
  const seconds = problem.retryAfterSeconds;
  if (t) {
    if (seconds === undefined || seconds <= 0) return t("checkout.tooManyAttempts");
    if (seconds < 90) return t("forms.waitSeconds", { count: seconds });
    return t("forms.waitMinutes", { count: Math.ceil(seconds / 60) });
  }
  if (seconds === undefined || seconds <= 0) return "Too many attempts. Please wait a moment and try again.";
  if (seconds < 90) return `Too many attempts. Please wait ${seconds} second${seconds === 1 ? "" : "s"} and try again.`;
  const minutes = Math.ceil(seconds / 60);
  return `Too many attempts. Please wait ${minutes} minutes and try again.`;
}
