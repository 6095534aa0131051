import { describe, expect, it } from "vitest";
import { allowedTransitions, cancellableStatuses, canCancel, canRetryPayment, canTransition, ORDER_STATUSES, statusesLeadingTo } from "./order-status";

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
    ["shipped", "cancelled"],
    ["payment_failed", "pending"],
  ] as const)("allows %s → %s", (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it("allows nothing else", () => {
    const allowed = new Set(["pending>paid", "pending>payment_failed", "pending>cancelled", "paid>processing", "paid>cancelled", "processing>shipped", "processing>cancelled", "shipped>delivered", "shipped>cancelled", "payment_failed>pending"]);
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_STATUSES) {
        expect(canTransition(from, to), `${from}>${to}`).toBe(allowed.has(`${from}>${to}`));
      }
    }
  });

  it("has terminal states", () => {
    expect(allowedTransitions("delivered")).toEqual([]);
    expect(allowedTransitions("cancelled")).toEqual([]);
    expect(allowedTransitions("payment_failed")).toEqual(["pending"]);
  });

  it("lets the owner cancel before shipping only", () => {
    expect(canCancel("pending", "owner")).toBe(true);
    expect(canCancel("processing", "owner")).toBe(true);
    expect(canCancel("shipped", "owner")).toBe(false);
    expect(canCancel("shipped", "admin")).toBe(true);
    expect(canCancel("delivered", "admin")).toBe(false);
    expect(canCancel("payment_failed", "owner")).toBe(false);
  });

  it("derives the conditional update's statuses from the same rules", () => {
    expect(cancellableStatuses("owner")).toEqual(["pending", "paid", "processing"]);
    expect(cancellableStatuses("admin")).toEqual(["pending", "paid", "processing", "shipped"]);
    expect(statusesLeadingTo("shipped")).toEqual(["processing"]);
    expect(statusesLeadingTo("pending")).toEqual(["payment_failed"]);
    expect(canRetryPayment("payment_failed")).toBe(true);
    expect(canRetryPayment("cancelled")).toBe(false);
  });
});
