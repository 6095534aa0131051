/**
 * Lets the seed scripts import the Worker's own modules (the drizzle schema and the domain
 * rules it uses) under plain Node. The Worker is bundled, so its relative imports name no
 * extension ("../domain/statuses"); Node's ESM resolver wants the file's full name. Only a
 * relative import from a .ts file that Node cannot find is retried with ".ts" and "/index.ts".
 * Registered by `register-ts-resolve.ts`.
 */
import type { ResolveHook } from "node:module";

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const relative = specifier.startsWith("./") || specifier.startsWith("../");
    const fromTypeScript = context.parentURL?.endsWith(".ts") ?? false;
    if (!relative || !fromTypeScript || (error as { code?: string }).code !== "ERR_MODULE_NOT_FOUND") throw error;
    for (const suffix of [".ts", "/index.ts"]) {
      try {
        return await nextResolve(`${specifier}${suffix}`, context);
      } catch {
        // try the next spelling
      }
    }
    throw error;
  }
};
