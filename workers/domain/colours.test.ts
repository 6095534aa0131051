import { describe, expect, it } from "vitest";
import { COLORS } from "../../scripts/seed-data";
import { COLOUR_SWATCHES, swatchColour } from "./colours";

describe("colour swatches", () => {
  it("has the seed catalogue's colours, drawn the same as its illustrations", () => {
    for (const [name, { hex }] of Object.entries(COLORS)) expect(COLOUR_SWATCHES[name], name).toBe(hex);
  });

  it("matches a name whatever its case, and knows no colour it was not given", () => {
    expect(swatchColour("navy")).toBe(COLOUR_SWATCHES.Navy);
    expect(swatchColour(" Sky Blue ")).toBe(COLOUR_SWATCHES["Sky Blue"]);
    expect(swatchColour("Unobtainium")).toBeNull();
  });
});
