/**
 * What the Worker hands every Remix loader and action. The site reaches data only through
 * `api`, an in-process call into the same Hono app that serves /api/v1, so validation,
 * errors and Durable Object coordination have one owner.
 */
export interface ApiCallInit {
  method?: string;
  /** Sent as JSON with content-type application/json. */
  json?: unknown;
  body?: BodyInit | null;
  headers?: HeadersInit;
  /** Bearer token for the signed-in user, taken from the session cookie. */
  accessToken?: string | null;
}

export type ApiCall = (path: string, init?: ApiCallInit) => Promise<Response>;

export interface StorefrontLoadContext {
  cloudflare: { env: Env; ctx: ExecutionContext };
  /** Per-request CSP nonce for the inline scripts Remix renders. */
  cspNonce: string;
  requestId: string;
  /** `path` is relative to /api/v1, e.g. "/auth/login". */
  api: ApiCall;
}

declare module "@remix-run/cloudflare" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: only an interface can add our fields to Remix's AppLoadContext
  interface AppLoadContext extends StorefrontLoadContext {}
}
