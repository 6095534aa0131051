import { useLocation } from "@remix-run/react";
import i18next, { type i18n, type TFunction } from "i18next";
import de from "~/locales/de/common.json";
import en from "~/locales/en/common.json";
import fr from "~/locales/fr/common.json";
import ja from "~/locales/ja/common.json";

/** The site's languages; English is the default and lives at unprefixed URLs. */
export const LANGUAGES = ["en", "de", "fr", "ja"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "en";
/** Languages whose pages live under "/<lang>/…". */
export const PREFIXED_LANGUAGES = LANGUAGES.filter((lang) => lang !== DEFAULT_LANGUAGE);

/** The one namespace the site's pages use (emails have their own). */
export const NAMESPACE = "common";

/**
 * Every language's resources, bundled: they are small, so the client hydrates with exactly what
 * the server rendered and switching language needs no request.
 */
export const resources = {
  en: { [NAMESPACE]: en },
  de: { [NAMESPACE]: de },
  fr: { [NAMESPACE]: fr },
  ja: { [NAMESPACE]: ja },
} as const;

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language a path is in: its first segment when that is a prefixed language, English
 * otherwise. The route config only mounts pages under known prefixes, so an unknown prefix
 * never reaches a page.
 */
export function languageFromPath(pathname: string): Language {
  const first = pathname.split("/")[1] ?? "";
  return first !== DEFAULT_LANGUAGE && isLanguage(first) ? first : DEFAULT_LANGUAGE;
}

/** The path without its language prefix: "/de/p/x" → "/p/x", "/de" → "/". */
export function stripLanguage(pathname: string): string {
  const lang = languageFromPath(pathname);
  if (lang === DEFAULT_LANGUAGE) return pathname;
  const rest = pathname.slice(lang.length + 1);
  return rest === "" ? "/" : rest;
}

/**
 * `path` (a site path starting with "/", optionally with a query or hash) in `lang`:
 * "/cart" → "/de/cart", "/" → "/de", "/?q=1" → "/de?q=1". English paths are unchanged.
 */
export function localizePath(path: string, lang: Language): string {
  if (lang === DEFAULT_LANGUAGE || !path.startsWith("/") || path.startsWith("//")) return path;
  if (languageFromPath(path) !== DEFAULT_LANGUAGE) return path;
  const rest = path === "/" || /^\/[?#]/.test(path) ? path.slice(1) : path;
  return `/${lang}${rest}`;
}

/** The language of the page a request is for. */
export function requestLanguage(request: Request): Language {
  return languageFromPath(new URL(request.url).pathname);
}

/** The BCP 47 tags Intl gets for each language. */
export const INTL_LOCALES: Record<Language, string> = { en: "en-US", de: "de-DE", fr: "fr-FR", ja: "ja-JP" };


/** Options both the server's and the browser's i18next instances start from. */
export function i18nOptions(lang: Language) {
  return {
    lng: lang,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    ns: [NAMESPACE],
    defaultNS: NAMESPACE,
    resources,
    // Resources are in memory: initialise synchronously, so the first render is translated.
    initImmediate: false,
    interpolation: { escapeValue: false }, // React escapes
    react: { useSuspense: false },
  };
}

/** A ready i18next instance in `lang` (synchronous: resources are bundled). */
export function createI18n(lang: Language): i18n {
  const instance = i18next.createInstance();
  void instance.init(i18nOptions(lang));
  return instance;
}

const fixed = new Map<Language, TFunction>();
/** A translate function for `lang`, for code outside React (meta functions, actions). */
export function fixedT(lang: Language): TFunction {
  let t = fixed.get(lang);
  if (!t) {
    t = createI18n(lang).t;
    fixed.set(lang, t);
  }
  return t;
}

/** The current page's language, from its URL (the same answer on the server and in the browser). */
export function useLanguage(): Language {
  return languageFromPath(useLocation().pathname);
}

/**
 * The one way storefront links, form actions and navigations name a page: `lp("/cart")` is
 * "/cart" in English and "/de/cart" on a German page.
 */
export function useLocalePath(): (path: string) => string {
  const lang = useLanguage();
  return (path: string) => localizePath(path, lang);
}
