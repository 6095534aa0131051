import { describe, expect, it } from "vitest";
import { actionPhrase, AUDIT_ACTIONS, changeLines, fieldChanges } from "./audit";

describe("fieldChanges", () => {
  it("keeps only the patched fields whose value differs", () => {
    const before = { name: "Tee", brand: null, isFeatured: false, priceCents: 2000 };
    expect(fieldChanges(before, { name: "Tee", brand: "Acme", isFeatured: true }, ["name", "brand", "isFeatured", "priceCents"])).toEqual({
      brand: { from: null, to: "Acme" },
      isFeatured: { from: false, to: true },
    });
  });

  it("ignores fields outside the list (long texts) and undefined values", () => {
    expect(fieldChanges({ description: "a" }, { description: "b", name: undefined }, ["name"])).toEqual({});
  });

  it("compares objects by value", () => {
    expect(fieldChanges({ options: { size: "M" } }, { options: { size: "M" } }, ["options"])).toEqual({});
    expect(fieldChanges({ options: { size: "M" } }, { options: { size: "L" } }, ["options"])).toEqual({ options: { from: { size: "M" }, to: { size: "L" } } });
  });
});

describe("changeLines", () => {
  it("shows money fields in the currency and booleans as yes or no", () => {
    const details = { sku: "TEE-M", changes: { priceCents: { from: 2000, to: 2500 }, isActive: { from: true, to: false } } };
    expect(changeLines("product.variant_updated", details)).toEqual([
      { field: "price", from: "$20.00", to: "$25.00" },
      { field: "active", from: "yes", to: "no" },
    ]);
    expect(changeLines("product.variant_updated", { changes: { priceCents: { from: 2500, to: 3000 } } }, "JPY")).toEqual([{ field: "price", from: "¥2,500", to: "¥3,000" }]);
  });

  it("reads stock and role entries' from/to as one field", () => {
    expect(changeLines("inventory.set", { from: 5, to: 7, reserved: 0 })).toEqual([{ field: "on hand", from: "5", to: "7" }]);
    expect(changeLines("user.role_changed", { from: "customer", to: "admin" })).toEqual([{ field: "role", from: "customer", to: "admin" }]);
    expect(changeLines("inventory.initialized", { to: 3 })).toEqual([{ field: "on hand", from: "—", to: "3" }]);
  });

  it("shows nothing for entries without changes", () => {
    expect(changeLines("product.created", { slug: "tee", skus: ["A"] })).toEqual([]);
    expect(changeLines("product.created", null)).toEqual([]);
  });
});

describe("actionPhrase", () => {
  it("has a phrase for every known action and a readable fallback", () => {
    for (const action of AUDIT_ACTIONS) expect(actionPhrase(action)).not.toContain(".");
    expect(actionPhrase("widget.frobbed_twice")).toBe("widget: frobbed twice");
  });
});
