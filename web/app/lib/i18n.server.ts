import { RemixI18Next } from "remix-i18next/server";
import { DEFAULT_LANGUAGE, i18nOptions, LANGUAGES, languageFromPath } from "./i18n";

/**
 * The server's i18next: the language is the URL's prefix and nothing else (no cookie, no
 * Accept-Language), so a URL always renders the same language and caches stay simple.
 */
export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...LANGUAGES],
    fallbackLanguage: DEFAULT_LANGUAGE,
    order: ["custom"],
    findLocale: async (request) => languageFromPath(new URL(request.url).pathname),
  },
  i18next: i18nOptions(DEFAULT_LANGUAGE),
});
