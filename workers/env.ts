import { z } from "zod";

const signingKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]{43,}$/, "each key is kid:base64secret with at least 32 bytes");

/**
 * Vars and secrets, parsed once per isolate. A missing or malformed value fails closed:
 * every request answers 503 with the reason logged, rather than running half-configured.
 */
export const configSchema = z.object({
  APP_ORIGIN: z.url(),
  JWT_ISSUER: z.string().min(1),
  JWT_AUDIENCE: z.string().min(1),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(3600).max(60 * 60 * 24 * 90),
  JWT_SIGNING_KEYS: z
    .string()
    .transform((value) => value.split(",").map((entry) => entry.trim()).filter(Boolean))
    .pipe(z.array(signingKey).min(1)),
  SESSION_SECRET: z.string().min(32),
  /** Sign-in attempts per account per 15 minutes. */
  LOGIN_ATTEMPTS_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  /** Sign-in and password attempts per client address per minute. */
  AUTH_ATTEMPTS_PER_CLIENT: z.coerce.number().int().min(1).default(30),
  /** New accounts per client address per hour. */
  REGISTRATIONS_PER_CLIENT: z.coerce.number().int().min(1).default(20),
});

export type AppConfig = z.infer<typeof configSchema>;

const cache = new WeakMap<object, AppConfig>();

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function appConfig(env: Env): AppConfig {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      `Invalid environment: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
    );
  }
  cache.set(env, parsed.data);
  return parsed.data;
}
