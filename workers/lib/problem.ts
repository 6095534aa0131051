import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * The closed set of error codes the API answers with. Each maps to one HTTP status and
 * one problem `type` URI; nothing else may reach a client as an error.
 */
export const problemCodes = {
  malformed_json: { status: 400, title: "Malformed JSON" },
  validation_failed: { status: 400, title: "Validation failed" },
  invalid_token: { status: 400, title: "Invalid or expired token" },
  unauthenticated: { status: 401, title: "Authentication required" },
  invalid_credentials: { status: 401, title: "Invalid credentials" },
  forbidden: { status: 403, title: "Forbidden" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  insufficient_stock: { status: 409, title: "Insufficient stock" },
  invalid_transition: { status: 409, title: "Invalid state transition" },
  currency_mismatch: { status: 409, title: "Currency mismatch" },
  payload_too_large: { status: 413, title: "Payload too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  idempotency_mismatch: { status: 422, title: "Idempotency key reused with a different request" },
  rate_limited: { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal server error" },
  unavailable: { status: 503, title: "Service unavailable" },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>;

export type ProblemCode = keyof typeof problemCodes;

export interface FieldError {
  path: string;
  message: string;
}

/** The one error type routes throw; `onError` renders it as RFC 9457 problem+json. */
export class ApiError extends Error {
  readonly code: ProblemCode;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;

  constructor(
    code: ProblemCode,
    detail?: string,
    options: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail ?? problemCodes[code].title);
    this.name = "ApiError";
    this.code = code;
    this.errors = options.errors;
    this.headers = options.headers;
  }

  get status(): ContentfulStatusCode {
    return problemCodes[this.code].status;
  }
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  errors?: FieldError[];
  requestId: string;
}

export function problemBody(error: ApiError, requestId: string): ProblemBody {
  const body: ProblemBody = {
    type: `https://storefront.dev/problems/${error.code.replaceAll("_", "-")}`,
    title: problemCodes[error.code].title,
    status: error.status,
    detail: error.message,
    code: error.code,
    requestId,
  };
  if (error.errors?.length) body.errors = error.errors;
  return body;
}

export function problemResponse(error: ApiError, requestId: string): Response {
  const headers = new Headers(error.headers);
  headers.set("content-type", "application/problem+json; charset=utf-8");
  return new Response(JSON.stringify(problemBody(error, requestId)), {
    status: error.status,
    headers,
  });
}
