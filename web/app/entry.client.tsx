import { RemixBrowser } from "@remix-run/react";
import { setNonce } from "get-nonce";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { createI18n, languageFromPath } from "~/lib/i18n";

// The same bundled resources and the same language (the URL's) as the server used, so
// hydration matches what was rendered.
const i18n = createI18n(languageFromPath(window.location.pathname));

// The dialogs' scroll lock adds a <style> element; the CSP accepts it only with this page's
// nonce, which the browser exposes on the nonced scripts (decision 020).
const nonce = document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce;
if (nonce) setNonce(nonce);

startTransition(() => {
  hydrateRoot(
    document,
    <I18nextProvider i18n={i18n}>
      <StrictMode>
        <RemixBrowser />
      </StrictMode>
    </I18nextProvider>,
  );
});
