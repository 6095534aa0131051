import { describe, expect, it } from "vitest";
import { slugify, slugPattern, SLUG_MAX_LENGTH } from "./slug";

describe("slugify", () => {
  it.each([
    ["Café Crème — 2 L", "cafe-creme-2-l"],
    ["  Trail Runner 2  ", "trail-runner-2"],
    ["<script>alert(1)</script>", "script-alert-1-script"],
    ["Ärger über Öl", "arger-uber-ol"],
  ])("%j → %j", (input, expected) => {
    expect(slugify(input)).toBe(expected);
  });

  it("is null when nothing usable is left", () => {
    expect(slugify("日本語")).toBeNull();
    expect(slugify("!!!")).toBeNull();
  });

  it("cuts long names at a word boundary and stays a valid slug", () => {
    const slug = slugify("word ".repeat(60))!;
    expect(slug.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH);
    expect(slug).toMatch(slugPattern);
    expect(slug.endsWith("word")).toBe(true);
  });
});
