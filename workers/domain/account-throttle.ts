/**
 * Throttling guesses at one account without handing anyone a way to lock its owner out
 * (OWASP's Authentication and Forgot Password cheat sheets). Two counts per account:
 *
 * - per (account, client address) pair, strict: an attempt counts when it starts, so
 *   concurrent guesses cannot slip past the limit, and a success wipes the pair's count;
 * - the account's failures from every client together, with a much higher limit that only
 *   binds clients that have failed on this account recently (or have an attempt in flight).
 *
 * A client with no failure on the account, such as the owner at home, is therefore never
 * refused because of what others did; a guess spread over many addresses still gets at most
 * `perClient.limit` tries per address until the account's count fills, and one try per fresh
 * address after that. Pure, so it is tested without a Durable Object.
 */
import { counted, isFull, secondsUntilRoom, slide, type RateWindowState } from "./rate-window";

export interface ThrottleRule {
  limit: number;
  windowMs: number;
}

export interface AccountThrottlePolicy {
  /** Attempts by one client on the account that have not succeeded. */
  perClient: ThrottleRule;
  /** Failures on the account from all clients together. */
  perAccount: ThrottleRule;
}

export interface AccountThrottleState {
  client?: RateWindowState | undefined;
  account?: RateWindowState | undefined;
}

export type Admission =
  | { allowed: true; client: RateWindowState }
  | { allowed: false; retryAfterSeconds: number; reason: "client" | "account" };

const MINUTE = 60_000;

/** Sign-in: the windows; the limits are configuration (LOGIN_FAILURES_PER_*). */
export function signInPolicy(limits: { perClient: number; perAccount: number }): AccountThrottlePolicy {
  return {
    perClient: { limit: limits.perClient, windowMs: 15 * MINUTE },
    perAccount: { limit: limits.perAccount, windowMs: 60 * MINUTE },
  };
}

/**
 * Password reset requests. Each one emails the account, so each counts as it is made; the
 * account-wide limit bounds the mail a flood can cause, and never stops a client asking for
 * the first time (the owner, whatever an attacker has sent).
 */
export const RESET_REQUEST_POLICY: AccountThrottlePolicy = {
  perClient: { limit: 5, windowMs: 60 * MINUTE },
  perAccount: { limit: 20, windowMs: 60 * MINUTE },
};

/** Whether `client` may make an attempt now; if so, the client's count with it included. */
export function admit(state: AccountThrottleState, now: number, policy: AccountThrottlePolicy): Admission {
  const { perClient, perAccount } = policy;
  const client = slide(state.client, now, perClient.windowMs);
  if (isFull(client, perClient.limit)) {
    return { allowed: false, reason: "client", retryAfterSeconds: secondsUntilRoom(client, now, perClient.limit, perClient.windowMs) };
  }
  if (client.estimated > 0) {
    const account = slide(state.account, now, perAccount.windowMs);
    if (isFull(account, perAccount.limit)) {
      return { allowed: false, reason: "account", retryAfterSeconds: secondsUntilRoom(account, now, perAccount.limit, perAccount.windowMs) };
    }
  }
  return { allowed: true, client: counted(client) };
}

/** The account's failure count with one more failure in it. */
export function withFailure(account: RateWindowState | undefined, now: number, rule: ThrottleRule): RateWindowState {
  return counted(slide(account, now, rule.windowMs));
}

/** How long state must be kept: after two of the longer window, nothing in it counts. */
export function retentionMs(policy: AccountThrottlePolicy): number {
  return 2 * Math.max(policy.perClient.windowMs, policy.perAccount.windowMs);
}
