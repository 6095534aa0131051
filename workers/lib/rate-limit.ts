import { signInPolicy, type AccountThrottlePolicy } from "../domain/account-throttle";
import type { AppConfig } from "../env";
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
  if (!result.allowed) throw tooManyAttempts(result.retryAfterSeconds);
}

function tooManyAttempts(retryAfterSeconds: number): ApiError {
  return new ApiError("rate_limited", "Too many attempts. Try again later.", {
    headers: { "retry-after": String(retryAfterSeconds) },
  });
}

/** An admitted attempt at an account, to be settled once its outcome is known. */
export interface AccountAttempt {
  succeeded(): Promise<void>;
  failed(): Promise<void>;
}

/**
 * Admits one attempt by `client` at the account behind `key` (its own RateLimiter object)
 * under `policy`, or throws a 429 with Retry-After. See workers/domain/account-throttle.ts.
 */
export async function admitAccountAttempt(
  env: Env,
  key: string,
  client: string,
  policy: AccountThrottlePolicy,
): Promise<AccountAttempt> {
  const limiter = env.RATE_LIMITER.getByName(key);
  const result = await limiter.admit(client, policy);
  if (!result.allowed) throw tooManyAttempts(result.retryAfterSeconds);
  return {
    succeeded: () => limiter.settle(client, "succeeded", policy),
    failed: () => limiter.settle(client, "failed", policy),
  };
}

/** Counts a request about an account that proves nothing (a reset request), or throws a 429. */
export async function countAccountRequest(
  env: Env,
  key: string,
  client: string,
  policy: AccountThrottlePolicy,
): Promise<void> {
  const result = await env.RATE_LIMITER.getByName(key).admit(client, policy, "counted");
  if (!result.allowed) throw tooManyAttempts(result.retryAfterSeconds);
}

/** Sign-in and password-change attempts at one account, with the configured limits. */
export function signInThrottle(config: AppConfig): AccountThrottlePolicy {
  return signInPolicy({ perClient: config.LOGIN_FAILURES_PER_CLIENT, perAccount: config.LOGIN_FAILURES_PER_ACCOUNT });
}
