import { describe, expect, it } from "vitest";
import { normalizeLines } from "./stock";

describe("normalizeLines", () => {
  it("sums duplicate SKUs and sorts, so every checkout reserves in the same order", () => {
    expect(
      normalizeLines([
        { sku: "B", quantity: 1 },
        { sku: "A", quantity: 2 },
        { sku: "B", quantity: 3 },
      ]),
    ).toEqual([
      { sku: "A", quantity: 2 },
      { sku: "B", quantity: 4 },
    ]);
  });
});
