import type { Context } from "hono";
import { resolveLanguage, type Language } from "../domain/languages";
import type { AppEnv } from "../factory";

/**
 * The language a catalog read answers in: `?lang=`, else Accept-Language, else the default
 * (workers/domain/languages.ts). The edge cache keys on the same answer.
 */
export function requestLanguage(c: Context<AppEnv>): Language {
  return resolveLanguage({ lang: c.req.query("lang"), acceptLanguage: c.req.header("accept-language") });
}
