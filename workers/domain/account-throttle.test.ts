import { describe, expect, it } from "vitest";
import { admit, retentionMs, withFailure, type AccountThrottlePolicy, type AccountThrottleState } from "./account-throttle";

const minute = 60_000;
const policy: AccountThrottlePolicy = {
  perClient: { limit: 3, windowMs: 15 * minute },
  perAccount: { limit: 5, windowMs: 60 * minute },
};

/** One account's throttle, driven the way the Durable Object drives it. */
function account() {
  const clients = new Map<string, AccountThrottleState["client"]>();
  let failures: AccountThrottleState["account"];
  return {
    attempt(client: string, outcome: "succeeded" | "failed", now = 0) {
      const admission = admit({ client: clients.get(client), account: failures }, now, policy);
      if (!admission.allowed) return admission;
      clients.set(client, admission.client);
      if (outcome === "succeeded") clients.delete(client);
      else failures = withFailure(failures, now, policy.perAccount);
      return admission;
    },
  };
}

describe("account throttle", () => {
  it("refuses one client after its limit of failures, even with the right password", () => {
    const target = account();
    expect([1, 2, 3].map(() => target.attempt("attacker", "failed").allowed)).toEqual([true, true, true]);
    const refused = target.attempt("attacker", "succeeded");
    expect(refused).toMatchObject({ allowed: false, reason: "client" });
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("never refuses a clean client because of other clients' failures", () => {
    const target = account();
    for (let i = 0; i < 50; i++) target.attempt(`bot-${i}`, "failed");
    expect(target.attempt("owner", "succeeded").allowed).toBe(true);
    expect(target.attempt("owner", "succeeded").allowed).toBe(true);
  });

  it("past the account's limit, gives a client that has failed no further try", () => {
    const target = account();
    for (const bot of ["a", "b", "c", "d", "e"]) expect(target.attempt(bot, "failed").allowed).toBe(true);
    // "a" has failed once, well under its own limit of 3, but the account is under attack.
    expect(target.attempt("a", "failed")).toMatchObject({ allowed: false, reason: "account" });
    // A fresh address gets exactly one try, then joins the refused.
    expect(target.attempt("f", "failed").allowed).toBe(true);
    expect(target.attempt("f", "failed")).toMatchObject({ allowed: false, reason: "account" });
  });

  it("wipes a client's count when it succeeds", () => {
    const target = account();
    target.attempt("owner", "failed");
    target.attempt("owner", "failed");
    expect(target.attempt("owner", "succeeded").allowed).toBe(true);
    expect([1, 2, 3].map(() => target.attempt("owner", "failed").allowed)).toEqual([true, true, true]);
  });

  it("counts an attempt when it starts, so attempts in flight cannot exceed the limit", () => {
    let client: AccountThrottleState["client"];
    const results = [1, 2, 3, 4, 5].map(() => {
      const admission = admit({ client, account: undefined }, 0, policy);
      if (admission.allowed) client = admission.client;
      return admission.allowed;
    });
    expect(results).toEqual([true, true, true, false, false]);
  });

  it("forgets a client's failures once its window has passed", () => {
    const target = account();
    for (let i = 0; i < 3; i++) target.attempt("typo", "failed", 0);
    expect(target.attempt("typo", "failed", minute).allowed).toBe(false);
    expect(target.attempt("typo", "succeeded", 30 * minute + 1).allowed).toBe(true);
  });

  it("keeps state for two of its longer window", () => {
    expect(retentionMs(policy)).toBe(120 * minute);
  });
});
