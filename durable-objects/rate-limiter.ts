import { DurableObject } from "cloudflare:workers";
import { decide, type RateWindowState } from "../workers/domain/rate-window";

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

/**
 * One object per rate-limit key (e.g. `login:account:<email>`, `login:client:<ip>`). A single
 * thread owns the counter, so concurrent attempts cannot slip past the limit.
 */
export class RateLimiter extends DurableObject<Env> {
  consume(limit: number, windowSeconds: number): RateLimitResult {
    const state = this.ctx.storage.kv.get<RateWindowState>("window");
    const decision = decide(state, Date.now(), limit, windowSeconds * 1000);
    this.ctx.storage.kv.put("window", decision.state);
    return {
      allowed: decision.allowed,
      remaining: decision.remaining,
      retryAfterSeconds: decision.retryAfterSeconds,
    };
  }

  reset(): void {
    this.ctx.storage.kv.delete("window");
  }
}
