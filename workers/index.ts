/**
 * The storefront's one Worker: /api with Hono, /images from R2, static assets before this
 * code runs (Workers Static Assets), and every other path through the Remix site.
 */
import { createRequestHandler, type AppLoadContext } from "@remix-run/cloudflare";
import * as remixBuild from "virtual:remix/server-build";
import { api } from "./app";
import { serveImage } from "./images";
import { base64url } from "./lib/ids";
import { heldCatalogRead } from "./lib/edge-cache";
import { keepPage, keptPage, pageSlot } from "./lib/page-cache";
import { applySecurityHeaders } from "./lib/security-headers";
import { timeRender } from "./lib/request-scope";
import { instrumentWorker } from "./lib/server-timing";
import type { ApiCallInit } from "./load-context";
import { isSameOriginRequest } from "./domain/request-origin";
import { DEFAULT_LANGUAGE, isLanguage, type Language } from "./domain/languages";
import { chosenMarketOf } from "./middleware/market";
import { handleEmailsBatch } from "../queues/emails";
import { handleDeadLetters, QUEUES } from "../queues/failed-jobs";
import { handlePaymentsBatch } from "../queues/payments";
import { sweepStuckJobs } from "../queues/sweep";

export { Cart } from "../durable-objects/cart";
export { Inventory } from "../durable-objects/inventory";
export { PromotionUsage } from "../durable-objects/promotion-usage";
export { RateLimiter } from "../durable-objects/rate-limiter";
export { SimulatedGateway } from "../durable-objects/simulated-gateway";

const handleRemixRequest = timeRender(createRequestHandler(remixBuild, remixBuild.mode));

/** The language of a page: its URL's prefix (`/de/…`, `/fr/…`, `/ja/…`), English at `/`. */
function pageLanguage(pathname: string): Language {
  const prefix = pathname.split("/")[1];
  return isLanguage(prefix) ? prefix : DEFAULT_LANGUAGE;
}

/** Builds the in-process API client the site's loaders and actions use. */
function apiClient(request: Request, env: Env, ctx: ExecutionContext, requestId: string) {
  const pageUrl = new URL(request.url);
  const origin = pageUrl.origin;
  return (path: string, init: ApiCallInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("x-request-id", requestId);
    const clientIp = request.headers.get("cf-connecting-ip");
    if (clientIp) headers.set("cf-connecting-ip", clientIp);
    const userAgent = request.headers.get("user-agent");
    if (userAgent) headers.set("user-agent", userAgent);
    if (init.accessToken) headers.set("authorization", `Bearer ${init.accessToken}`);
    // The visitor's market and language go with every call (decision 013): the market they
    // chose (the site's cookie) or their country, and the language of the page's URL.
    const chosen = chosenMarketOf(request.headers.get("cookie"));
    if (chosen && !headers.has("x-market")) headers.set("x-market-preference", chosen);
    if (!headers.has("accept-language")) headers.set("accept-language", pageLanguage(pageUrl.pathname));
    // Local runs and tests name a country with X-Country (the API honours it only while
    // COUNTRY_OVERRIDE is on); a page's own ?country= (checkout's address) is not a market choice.
    const country = request.headers.get("x-country");
    if (country && !headers.has("x-country")) headers.set("x-country", country);
    let body = init.body ?? null;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers.set("content-type", "application/json");
    }
    // The edge's view of the visitor (request.cf.country) travels with the in-process call.
    const apiRequest = new Request(`${origin}/api/v1${path}`, { method: init.method ?? "GET", headers, body, ...(request.cf ? { cf: request.cf } : {}) });
    return Promise.resolve(api.fetch(apiRequest, env, ctx));
  };
}

/**
 * Remix compares a form post's Origin with the Host header and fails with a 500 when Host is
 * missing (possible for requests made inside the runtime); the URL always knows the host.
 */
function withHostHeader(request: Request): Request {
  if (request.headers.has("host")) return request;
  const copy = new Request(request);
  copy.headers.set("host", new URL(request.url).host);
  return copy;
}

// Each request runs in one scope: its calls counted for Server-Timing (decision 017).
export default instrumentWorker({
  async fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (pathname === "/api" || pathname.startsWith("/api/")) {
      return applySecurityHeaders((await heldCatalogRead(request, env)) ?? (await api.fetch(request, env, ctx)));
    }
    if (pathname.startsWith("/images/")) {
      return applySecurityHeaders(await serveImage(request, env));
    }
    // Remix answers a cross-origin form post with a bare 500 before any action runs; refuse
    // it here with a clear 403 instead.
    if (request.method !== "GET" && request.method !== "HEAD" && !isSameOriginRequest(request)) {
      return applySecurityHeaders(
        new Response("This form was sent from another site, so it was refused.", {
          status: 403,
          headers: { "content-type": "text/plain; charset=utf-8" },
        }),
      );
    }
    const cspNonce = base64url(crypto.getRandomValues(new Uint8Array(16)));
    const requestId = crypto.randomUUID();
    // An anonymous visitor's catalog page may already be kept (decision 016): no render, no trip.
    const slot = await pageSlot(request, env);
    const kept = slot ? await keptPage(slot, cspNonce) : null;
    if (kept) {
      kept.headers.set("x-request-id", requestId);
      return applySecurityHeaders(kept, cspNonce);
    }
    const context: AppLoadContext = {
      cloudflare: { env, ctx },
      cspNonce,
      requestId,
      api: apiClient(request, env, ctx, requestId),
    };
    const response = await keepPage(slot, await handleRemixRequest(withHostHeader(request), context), cspNonce, ctx);
    response.headers.set("x-request-id", requestId);
    return applySecurityHeaders(response, cspNonce);
  },

  async queue(batch, env, _ctx) {
    switch (batch.queue) {
      case QUEUES.payments:
        return handlePaymentsBatch(batch, env);
      case QUEUES.emails:
        return handleEmailsBatch(batch, env);
      case QUEUES.paymentsDead:
      case QUEUES.emailsDead:
        return handleDeadLetters(batch, env);
      default:
        console.error(JSON.stringify({ level: "error", msg: "unknown_queue", queue: batch.queue }));
        batch.retryAll({ delaySeconds: 60 });
    }
  },

  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(sweepStuckJobs(env));
  },
} satisfies ExportedHandler<Env, unknown>);
