import { ApiError } from "./problem";

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

/**
 * Counts one attempt against `key` in its own RateLimiter object; over the limit it throws
 * a 429 problem with Retry-After.
 */
export async function enforceRateLimit(env: Env, key: string, rule: RateLimitRule): Promise<void> {
  const limiter = env.RATE_LIMITER.getByName(key);
  const result = await limiter.consume(rule.limit, rule.windowSeconds);
  if (!result.allowed) {
    throw new ApiError("rate_limited", "Too many attempts. Try again later.", {
      headers: { "retry-after": String(result.retryAfterSeconds) },
    });
  }
}

export async function resetRateLimit(env: Env, key: string): Promise<void> {
  await env.RATE_LIMITER.getByName(key).reset();
}
