import { describe, expect, it } from "vitest";
import { decide, type RateWindowState } from "./rate-window";

const minute = 60_000;

function run(times: number[], limit: number) {
  let state: RateWindowState | undefined;
  return times.map((now) => {
    const decision = decide(state, now, limit, minute);
    state = decision.state;
    return decision;
  });
}

describe("sliding window", () => {
  it("allows up to the limit in one window, then refuses with a wait", () => {
    const decisions = run([0, 1, 2, 3], 3);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3]!.retryAfterSeconds).toBe(60);
    expect(decisions[2]!.remaining).toBe(0);
  });

  it("does not count refused attempts", () => {
    const decisions = run([0, 1, 2, 3, 4, minute + 1], 2);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, false, false, false, false]);
  });

  it("weights the previous window by how much of it still overlaps", () => {
    // 4 at the very end of window 0; halfway into window 1 they count as 2.
    const decisions = run([59_000, 59_001, 59_002, 59_003, 90_000, 90_001, 90_002], 4);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, true, false]);
  });

  it("forgets everything after two windows", () => {
    const decisions = run([0, 1, 2, 2 * minute + 5], 3);
    expect(decisions.at(-1)!.allowed).toBe(true);
    expect(decisions.at(-1)!.state.previous).toBe(0);
  });
});
