import { describe, expect, it } from "vitest";
import { isDestructiveBulkAction, ORDER_BULK_ACTIONS, PRODUCT_BULK_ACTIONS, REVIEW_BULK_ACTIONS, summariseBulk } from "./bulk-actions";

describe("bulk actions", () => {
  it("asks first for what takes something away, not for what gives it back", () => {
    expect(PRODUCT_BULK_ACTIONS.filter(isDestructiveBulkAction)).toEqual(["deactivate"]);
    expect(ORDER_BULK_ACTIONS.filter(isDestructiveBulkAction)).toEqual(["cancel"]);
    expect(REVIEW_BULK_ACTIONS.filter(isDestructiveBulkAction)).toEqual(["hide", "delete"]);
  });

  it("counts the outcomes", () => {
    expect(summariseBulk([{ id: "a", ok: true }, { id: "b", ok: false, problem: { status: 409, code: "invalid_transition", detail: "No." } }, { id: "c", ok: true }])).toEqual({ succeeded: 2, failed: 1 });
    expect(summariseBulk([])).toEqual({ succeeded: 0, failed: 0 });
  });
});
