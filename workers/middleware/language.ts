import type { Context } from "hono";
import { resolveLanguage, type Language } from "../domain/languages";
import type { AppEnv } from "../factory";

/**
 * The language a catalog read answers in: `?lang=`, else Accept-Language, else the default
 * (workers/domain/languages.ts). The edge cache keys on the same answer.
 */
export function requestLanguage(c: Context<AppEnv>): Language {
  return languageOf(c.req.raw);
}

/** The same answer from the bare request, for the cache's answer before any routing. */
export function languageOf(request: Request): Language {
  const lang = new URL(request.url).searchParams.get("lang") ?? undefined;
  return resolveLanguage({ lang, acceptLanguage: request.headers.get("accept-language") ?? undefined });
}
