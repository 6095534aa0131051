/**
 * The catalog's languages and how a request picks one. English is the default: its text is the
 * products' and categories' own columns, and every other language falls back to it field by
 * field. (The site's copy of this list, web/app/lib/i18n.ts, must name the same languages.)
 */

export const LANGUAGES = ["en", "de", "fr", "ja"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "en";
/** Languages that are stored as translations (the default is the base columns). */
export const TRANSLATION_LANGUAGES = LANGUAGES.filter((lang): lang is Exclude<Language, "en"> => lang !== DEFAULT_LANGUAGE);
export type TranslationLanguage = (typeof TRANSLATION_LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

export function isTranslationLanguage(value: unknown): value is TranslationLanguage {
  return typeof value === "string" && (TRANSLATION_LANGUAGES as readonly string[]).includes(value);
}

/** "de-CH" → "de"; anything that is not a supported language's tag → undefined. */
function supportedPrimary(tag: string): Language | undefined {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return isLanguage(primary) ? primary : undefined;
}

/** Bounds the work a hostile header can ask for. */
const MAX_ACCEPT_LANGUAGE_ENTRIES = 20;

/**
 * The best supported language of an Accept-Language header (RFC 9110 §12.5.4): entries by
 * descending q (ties keep their order), a range matches by its primary subtag, q=0 refuses,
 * "*" accepts the default. Undefined when nothing listed is supported.
 */
export function bestAcceptedLanguage(header: string | undefined): Language | undefined {
  if (!header) return undefined;
  const entries = header
    .split(",")
    .slice(0, MAX_ACCEPT_LANGUAGE_ENTRIES)
    .map((part, index) => {
      const [range = "", ...params] = part.split(";");
      const qParam = params.map((param) => param.trim()).find((param) => /^q=/i.test(param));
      const q = qParam === undefined ? 1 : Number(qParam.slice(2));
      return { range: range.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.range !== "" && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of entries) {
    if (entry.range === "*") return DEFAULT_LANGUAGE;
    const language = supportedPrimary(entry.range);
    if (language) return language;
  }
  return undefined;
}

/**
 * The language a catalog read answers in: `?lang=` when it names a supported language, else
 * the best of Accept-Language, else the default. Unsupported values are not errors: a shopper
 * whose browser asks for Italian gets English.
 */
export function resolveLanguage(input: { lang?: string | undefined; acceptLanguage?: string | undefined }): Language {
  const fromQuery = input.lang === undefined ? undefined : supportedPrimary(input.lang);
  return fromQuery ?? bestAcceptedLanguage(input.acceptLanguage) ?? DEFAULT_LANGUAGE;
}
