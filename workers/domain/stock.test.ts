import { describe, expect, it } from "vitest";
import {
  checkQuantity,
  checkReservationId,
  checkTtl,
  decideAdjust,
  decideReserve,
  decideSetOnHand,
  levels,
  MAX_ON_HAND,
  MAX_RESERVATION_TTL_SECONDS,
} from "./stock";

describe("levels", () => {
  it("is onHand minus reserved, never negative", () => {
    expect(levels("A", 10, 3)).toEqual({ sku: "A", onHand: 10, reserved: 3, available: 7 });
    expect(levels("A", 2, 5).available).toBe(0);
  });
});

describe("decideReserve", () => {
  it("allows up to what is available, and says how much that is when refusing", () => {
    expect(decideReserve({ onHand: 10, reserved: 7 }, 3)).toEqual({ ok: true });
    expect(decideReserve({ onHand: 10, reserved: 7 }, 4)).toEqual({ ok: false, reason: "insufficient_stock", available: 3 });
    expect(decideReserve({ onHand: 0, reserved: 0 }, 1)).toEqual({ ok: false, reason: "insufficient_stock", available: 0 });
  });
});

describe("decideSetOnHand", () => {
  it("sets any count at or above what is reserved", () => {
    expect(decideSetOnHand({ onHand: 10, reserved: 4 }, 4)).toEqual({ ok: true, onHand: 4 });
    expect(decideSetOnHand({ onHand: 10, reserved: 0 }, 0)).toEqual({ ok: true, onHand: 0 });
  });

  it("refuses below what is reserved", () => {
    expect(decideSetOnHand({ onHand: 10, reserved: 4 }, 3)).toEqual({ ok: false, reason: "below_reserved", onHand: 10, reserved: 4 });
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_ON_HAND + 1, "5", null])("refuses %s as invalid", (value) => {
    expect(decideSetOnHand({ onHand: 10, reserved: 0 }, value)).toMatchObject({ ok: false, reason: "invalid_argument" });
  });
});

describe("decideAdjust", () => {
  it("adds and removes units", () => {
    expect(decideAdjust({ onHand: 10, reserved: 0 }, 5)).toEqual({ ok: true, onHand: 15 });
    expect(decideAdjust({ onHand: 10, reserved: 0 }, -10)).toEqual({ ok: true, onHand: 0 });
  });

  it("never goes below what is reserved (so never below zero)", () => {
    expect(decideAdjust({ onHand: 10, reserved: 4 }, -7)).toEqual({ ok: false, reason: "below_reserved", onHand: 10, reserved: 4 });
    expect(decideAdjust({ onHand: 0, reserved: 0 }, -1)).toMatchObject({ ok: false, reason: "below_reserved" });
  });

  it.each([0.5, Number.NaN, MAX_ON_HAND + 1, "1", undefined])("refuses %s as invalid", (value) => {
    expect(decideAdjust({ onHand: 10, reserved: 0 }, value)).toMatchObject({ ok: false, reason: "invalid_argument" });
  });

  it("refuses to grow past the ceiling", () => {
    expect(decideAdjust({ onHand: MAX_ON_HAND, reserved: 0 }, 1)).toMatchObject({ ok: false, reason: "invalid_argument" });
  });
});

describe("argument checks", () => {
  it("quantities are whole numbers from 1", () => {
    expect(checkQuantity(1)).toBeNull();
    for (const bad of [0, -1, 1.5, Number.NaN, 10_001, "2", null]) expect(checkQuantity(bad)).not.toBeNull();
  });

  it("reservation ids are bounded strings", () => {
    expect(checkReservationId("ord_1")).toBeNull();
    for (const bad of ["", "x".repeat(129), 5, null]) expect(checkReservationId(bad)).not.toBeNull();
  });

  it("TTLs are positive (fractions allowed) and at most a day", () => {
    expect(checkTtl(0.05)).toBeNull();
    expect(checkTtl(MAX_RESERVATION_TTL_SECONDS)).toBeNull();
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, MAX_RESERVATION_TTL_SECONDS + 1, "60"]) {
      expect(checkTtl(bad)).not.toBeNull();
    }
  });
});
