import { describe, expect, it } from "vitest";
import { chooseMethod, freeShippingRemainingCents, methodsFor, shippingCharge, type ShippingMethod, type ShippingZone } from "./shipping";

const standard: ShippingMethod = { id: "std", name: "Standard", rate: { kind: "flat", amountCents: 599 }, freeOverCents: 7_500, minDays: 3, maxDays: 7 };
const express: ShippingMethod = { id: "exp", name: "Express", rate: { kind: "flat", amountCents: 1_499 }, minDays: 1, maxDays: 2 };
const banded: ShippingMethod = {
  id: "band",
  name: "Freight",
  rate: { kind: "subtotal_bands", bands: [{ minSubtotalCents: 10_000, amountCents: 500 }, { minSubtotalCents: 0, amountCents: 900 }, { minSubtotalCents: 20_000, amountCents: 0 }] },
};
const zones: ShippingZone[] = [
  { id: "na", name: "North America", countries: ["US", "CA"], methods: [standard, express] },
  { id: "eu", name: "Europe", countries: ["DE", "FR"], methods: [banded] },
];

describe("shipping zones", () => {
  it("offers the zone's methods for a country, in order, and nothing outside every zone", () => {
    expect(methodsFor(zones, "us").map((method) => method.id)).toEqual(["std", "exp"]);
    expect(methodsFor(zones, "DE").map((method) => method.id)).toEqual(["band"]);
    expect(methodsFor(zones, "BR")).toEqual([]);
  });

  it("defaults to the first method and refuses one the country is not offered", () => {
    expect(chooseMethod(zones, "CA")).toEqual({ ok: true, method: standard });
    expect(chooseMethod(zones, "CA", "exp")).toEqual({ ok: true, method: express });
    expect(chooseMethod(zones, "DE", "exp")).toEqual({ ok: false, reason: "method_not_offered" });
    expect(chooseMethod(zones, "BR")).toEqual({ ok: false, reason: "no_zone" });
  });

  it("charges a flat rate until the free-over threshold", () => {
    expect(shippingCharge(standard, 7_499)).toBe(599);
    expect(shippingCharge(standard, 7_500)).toBe(0);
    expect(shippingCharge(express, 100_000)).toBe(1_499);
  });

  it("charges the band whose minimum the subtotal reaches, whatever order the bands are listed in", () => {
    expect(shippingCharge(banded, 0)).toBe(900);
    expect(shippingCharge(banded, 9_999)).toBe(900);
    expect(shippingCharge(banded, 10_000)).toBe(500);
    expect(shippingCharge(banded, 25_000)).toBe(0);
  });

  it("says how much more makes shipping free, only while there is a threshold left to reach", () => {
    expect(freeShippingRemainingCents(standard, 6_300)).toBe(1_200);
    expect(freeShippingRemainingCents(standard, 7_500)).toBeNull();
    expect(freeShippingRemainingCents(express, 100)).toBeNull();
  });
});
