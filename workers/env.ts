import { z } from "zod";
import { DEFAULT_RETURN_WINDOW_DAYS } from "./domain/returns";

const signingKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]{43,}$/, "each key is kid:base64secret with at least 32 bytes");

/** A secret that may be left empty when the feature using it is off. */
const optionalSecret = z
  .string()
  .optional()
  .transform((value) => (value ? value : undefined));

/**
 * Vars and secrets, parsed once per isolate. A missing or malformed value fails closed:
 * every request answers 503 with the reason logged, rather than running half-configured.
 */
export const configSchema = z.object({
  APP_ORIGIN: z.url(),
  JWT_ISSUER: z.string().min(1),
  JWT_AUDIENCE: z.string().min(1),
  /**
   * Also the longest a revoked session's access token keeps working on customer routes
   * (docs/decisions/003-access-tokens.md): 30 s unless a benchmark needs long-lived tokens.
   */
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(5).max(3600).default(30),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(3600).max(60 * 60 * 24 * 90),
  JWT_SIGNING_KEYS: z
    .string()
    .transform((value) => value.split(",").map((entry) => entry.trim()).filter(Boolean))
    .pipe(z.array(signingKey).min(1)),
  SESSION_SECRET: z.string().min(32),
  /** Failed sign-ins per account from one client address per 15 minutes. */
  LOGIN_FAILURES_PER_CLIENT: z.coerce.number().int().min(1).default(10),
  /**
   * Failed sign-ins per account per hour from every address together. Past it, only clients
   * that have not failed on the account may still try, so guessing cannot lock the owner out.
   */
  LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(100),
  /** Sign-in and password attempts per client address per minute. */
  AUTH_ATTEMPTS_PER_CLIENT: z.coerce.number().int().min(1).default(30),
  /** New accounts per client address per hour. */
  REGISTRATIONS_PER_CLIENT: z.coerce.number().int().min(1).default(20),

  /** Days after delivery within which a shopper may ask to return items. */
  RETURN_WINDOW_DAYS: z.coerce.number().int().min(0).max(365).default(DEFAULT_RETURN_WINDOW_DAYS),
  /** How long checkout holds stock while the payment is processed. */
  RESERVATION_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  PAYMENT_PROVIDER: z.enum(["simulated", "stripe"]).default("simulated"),
  /** The simulated gateway's response time, standing for a real card network's. */
  PAYMENT_LATENCY_MS: z.coerce.number().int().min(0).max(30_000).default(1000),
  /** Share of token-less charges the simulated gateway declines. */
  PAYMENT_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0.05),
  /** Share of simulated gateway calls that fail as a transient error (retried), for fault runs. */
  PAYMENT_ERROR_RATE: z.coerce.number().min(0).max(1).default(0),
  STRIPE_SECRET_KEY: optionalSecret,
  STRIPE_WEBHOOK_SECRET: optionalSecret,

  EMAIL_PROVIDER: z.enum(["outbox", "resend"]).default("outbox"),
  EMAIL_FROM: z.string().min(3).default("Edgeware <orders@edgeware.example>"),
  /** The local outbox's delivery time, standing for the old system's slow SMTP server. */
  EMAIL_LATENCY_MS: z.coerce.number().int().min(0).max(30_000).default(2000),
  /** Share of local deliveries that fail (retried), for fault runs. */
  EMAIL_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
  /**
   * "on" lets a request name the shopper's country (an `X-Country` header) instead of the
   * edge's `request.cf.country`: for tests and local runs only. Deploys turn it off.
   */
  COUNTRY_OVERRIDE: z.enum(["on", "off"]).default("off"),
  /**
   * "on" adds a Server-Timing header (D1, Durable Object and queue calls, render, total) to
   * API and page responses: for local runs, tests and benchmarks. Deploys turn it off.
   */
  SERVER_TIMING: z.enum(["on", "off"]).default("off"),
  /**
   * How long an isolate trusts the catalog version it last read before reading it again: the
   * bound on how stale a cached catalog read can be after another isolate's write
   * (docs/decisions/016-edge-caching.md). 0 reads it on every cached request.
   */
  CATALOG_VERSION_TTL_MS: z.coerce.number().int().min(0).max(10_000).default(1000),
  EMAIL_API_KEY: optionalSecret,
}).superRefine((config, ctx) => {
  if (config.PAYMENT_PROVIDER === "stripe" && (!config.STRIPE_SECRET_KEY || !config.STRIPE_WEBHOOK_SECRET)) {
    ctx.addIssue({ code: "custom", path: ["STRIPE_SECRET_KEY"], message: "PAYMENT_PROVIDER=stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET" });
  }
  if (config.EMAIL_PROVIDER === "resend" && !config.EMAIL_API_KEY) {
    ctx.addIssue({ code: "custom", path: ["EMAIL_API_KEY"], message: "EMAIL_PROVIDER=resend needs EMAIL_API_KEY" });
  }
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
