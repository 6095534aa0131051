import { DurableObject } from "cloudflare:workers";
import {
  admit,
  retentionMs,
  withFailure,
  type AccountThrottlePolicy,
} from "../workers/domain/account-throttle";
import { decide, type RateWindowState } from "../workers/domain/rate-window";

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

export interface AdmissionResult {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * One object per rate-limit key: a plain window per client address (`auth:client:<ip>`,
 * `consume`), or an account's throttle (`login:throttle:<email>`, `admit` and `settle`). A
 * single thread owns the counts, so concurrent attempts cannot slip past the limit.
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

  /**
   * For an object named after one account (`login:throttle:<email>`): admits an attempt by
   * `client` under `policy` (workers/domain/account-throttle.ts), counting it against the
   * client until `settle`. A "counted" attempt is settled as a failure at once, for requests
   * that prove nothing either way (password reset requests).
   */
  async admit(client: string, policy: AccountThrottlePolicy, mode: "pending" | "counted" = "pending"): Promise<AdmissionResult> {
    const kv = this.ctx.storage.kv;
    const now = Date.now();
    const admission = admit(
      { client: kv.get<RateWindowState>(clientSlot(client)), account: kv.get<RateWindowState>(ACCOUNT_KEY) },
      now,
      policy,
    );
    if (!admission.allowed) return { allowed: false, retryAfterSeconds: admission.retryAfterSeconds };
    kv.put(clientSlot(client), admission.client);
    if (mode === "counted") kv.put(ACCOUNT_KEY, withFailure(kv.get<RateWindowState>(ACCOUNT_KEY), now, policy.perAccount));
    await this.forgetLater(now, policy);
    return { allowed: true, retryAfterSeconds: 0 };
  }

  /** A success wipes the client's count (it knows the secret); a failure joins the account's. */
  async settle(client: string, outcome: "succeeded" | "failed", policy: AccountThrottlePolicy): Promise<void> {
    const kv = this.ctx.storage.kv;
    if (outcome === "succeeded") {
      kv.delete(clientSlot(client));
      return;
    }
    const now = Date.now();
    kv.put(ACCOUNT_KEY, withFailure(kv.get<RateWindowState>(ACCOUNT_KEY), now, policy.perAccount));
    await this.forgetLater(now, policy);
  }

  /** Every count has lapsed once the alarm fires: an attack from many addresses leaves nothing behind. */
  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }

  private forgetLater(now: number, policy: AccountThrottlePolicy): Promise<void> {
    return this.ctx.storage.setAlarm(now + retentionMs(policy));
  }
}

const ACCOUNT_KEY = "account";
const clientSlot = (client: string) => `client:${client}`;
