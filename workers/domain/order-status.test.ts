import { describe, expect, it } from "vitest";
import { allowedTransitions, canCancel, canTransition, ORDER_STATUSES } from "./order-status";

describe("order state machine", () => {
  it.each([
    ["pending", "paid"],
    ["pending", "payment_failed"],
    ["pending", "cancelled"],
    ["paid", "processing"],
    ["paid", "cancelled"],
    ["processing", "shipped"],
    ["processing", "cancelled"],
    ["shipped", "delivered"],
  ] as const)("allows %s → %s", (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it("allows nothing else", () => {
    const allowed = new Set(["pending>paid", "pending>payment_failed", "pending>cancelled", "paid>processing", "paid>cancelled", "processing>shipped", "processing>cancelled", "shipped>delivered"]);
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_STATUSES) {
        expect(canTransition(from, to), `${from}>${to}`).toBe(allowed.has(`${from}>${to}`));
      }
    }
  });

  it("has terminal states", () => {
    expect(allowedTransitions("delivered")).toEqual([]);
    expect(allowedTransitions("cancelled")).toEqual([]);
    expect(allowedTransitions("payment_failed")).toEqual([]);
  });

  it("lets the owner cancel before shipping only", () => {
    expect(canCancel("pending", "owner")).toBe(true);
    expect(canCancel("processing", "owner")).toBe(true);
    expect(canCancel("shipped", "owner")).toBe(false);
    expect(canCancel("shipped", "admin")).toBe(false);
    expect(canCancel("delivered", "admin")).toBe(false);
  });
});
