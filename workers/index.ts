/**
 * The storefront's one Worker: /api with Hono, /images from R2, static assets before this
 * code runs (Workers Static Assets), and every other path through the Remix site.
 */
import { createRequestHandler, type AppLoadContext } from "@remix-run/cloudflare";
import * as remixBuild from "virtual:remix/server-build";
import { api } from "./app";
import { serveImage } from "./images";
import { base64url } from "./lib/ids";
import { applySecurityHeaders } from "./lib/security-headers";
import type { ApiCallInit } from "./load-context";

export { RateLimiter } from "../durable-objects/rate-limiter";

const handleRemixRequest = createRequestHandler(remixBuild, remixBuild.mode);

/** Builds the in-process API client the site's loaders and actions use. */
function apiClient(request: Request, env: Env, ctx: ExecutionContext, requestId: string) {
  const origin = new URL(request.url).origin;
  return (path: string, init: ApiCallInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("x-request-id", requestId);
    const clientIp = request.headers.get("cf-connecting-ip");
    if (clientIp) headers.set("cf-connecting-ip", clientIp);
    const userAgent = request.headers.get("user-agent");
    if (userAgent) headers.set("user-agent", userAgent);
    if (init.accessToken) headers.set("authorization", `Bearer ${init.accessToken}`);
    let body = init.body ?? null;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers.set("content-type", "application/json");
    }
    const apiRequest = new Request(`${origin}/api/v1${path}`, { method: init.method ?? "GET", headers, body });
    return Promise.resolve(api.fetch(apiRequest, env, ctx));
  };
}

export default {
  async fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (pathname === "/api" || pathname.startsWith("/api/")) {
      return applySecurityHeaders(await api.fetch(request, env, ctx));
    }
    if (pathname.startsWith("/images/")) {
      return applySecurityHeaders(await serveImage(request, env));
    }
    const cspNonce = base64url(crypto.getRandomValues(new Uint8Array(16)));
    const requestId = crypto.randomUUID();
    const context: AppLoadContext = {
      cloudflare: { env, ctx },
      cspNonce,
      requestId,
      api: apiClient(request, env, ctx, requestId),
    };
    const response = await handleRemixRequest(request, context);
    response.headers.set("x-request-id", requestId);
    return applySecurityHeaders(response, cspNonce);
  },
} satisfies ExportedHandler<Env>;
