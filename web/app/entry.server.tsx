import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/cloudflare";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToReadableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createI18n, isLanguage, DEFAULT_LANGUAGE } from "~/lib/i18n";
import { i18nServer } from "~/lib/i18n.server";
import { NonceProvider } from "~/lib/nonce";

/** How long deferred loader data may stream before it is rejected (single fetch). */
export const streamTimeout = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  let status = responseStatusCode;

  // Give up on rendering a little after the data stream's own timeout.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), streamTimeout + 1_000);
  request.signal.addEventListener("abort", () => controller.abort(), { once: true });

  // The page's language comes from its URL; its resources are in memory, so the whole first
  // render is in that language (no flash of English before hydration).
  const locale = await i18nServer.getLocale(request);
  const i18n = createI18n(isLanguage(locale) ? locale : DEFAULT_LANGUAGE);

  const body = await renderToReadableStream(
    <NonceProvider nonce={nonce}>
      <I18nextProvider i18n={i18n}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </I18nextProvider>
    </NonceProvider>,
    {
      nonce,
      signal: controller.signal,
      onError(error: unknown) {
        status = 500;
        // Errors after the shell was sent, or from an abort, are not worth a log line each.
        if (!controller.signal.aborted) console.error(error);
      },
    },
  );
  const clear = () => clearTimeout(timer);
  body.allReady.then(clear, clear);

  // Crawlers and no-JS readers get the complete page at once.
  if (isbot(request.headers.get("user-agent") ?? "")) {
    await body.allReady;
  }

  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  // Every page carries the visitor's header (signed in or not): never for shared caches.
  if (!responseHeaders.has("Cache-Control")) responseHeaders.set("Cache-Control", "private, no-cache");
  return new Response(body, { headers: responseHeaders, status });
}

export const handleError: HandleErrorFunction = (error, { request, context }) => {
  // Aborted requests (the visitor navigated away) are not errors.
  if (request.signal.aborted) return;
  console.error(
    JSON.stringify({
      level: "error",
      msg: "remix_error",
      requestId: context.requestId,
      method: request.method,
      url: new URL(request.url).pathname,
      error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
    }),
  );
};
