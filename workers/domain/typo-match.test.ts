import { describe, expect, it } from "vitest";
import { allowedEdits, foldWord, MAX_CORRECTIONS, osaDistance, typoCorrections } from "./typo-match";

describe("osaDistance", () => {
  it.each([
    ["parallax", "parallax", 0],
    ["paarllax", "parallax", 1], // "ra" typed as "ar": one transposition
    ["parlalax", "parallax", 1], // another
    ["paralax", "parallax", 1], // one deletion
    ["parrallax", "parallax", 1], // one insertion
    ["parallex", "parallax", 1], // one substitution
    ["hedphones", "headphones", 1],
    ["ca", "abc", 3], // OSA, not unrestricted Damerau: a transposed pair is not edited again
    ["", "abc", 3],
    ["パンや", "パン", 1],
  ])("%s → %s is %i", (a, b, expected) => {
    expect(osaDistance(a, b)).toBe(expected);
    expect(osaDistance(b, a)).toBe(expected);
  });

  it("stops early above the bound", () => {
    expect(osaDistance("kettle", "parallax", 2)).toBe(3);
    expect(osaDistance("a", "abcdef", 1)).toBe(2);
  });
});

describe("allowedEdits", () => {
  it.each([
    ["tv", 0],
    ["hat", 0],
    ["head", 1],
    ["scarves", 1],
    ["parallax", 2],
    ["ヘッドホン", 1],
  ])("%s allows %i", (word, edits) => {
    expect(allowedEdits(word)).toBe(edits);
  });
});

describe("typoCorrections", () => {
  const vocabulary = ["parallax", "parallel", "headphones", "head", "heat", "bread", "shea", "hat", "kopfhorer"].map((word) => ({ word }));

  it("finds a word with two neighbouring letters swapped", () => {
    expect(typoCorrections("parlalax", vocabulary)).toEqual(["parallax"]);
    expect(typoCorrections("Paarllax", vocabulary)).toEqual(["parallax"]);
  });

  it("allows one edit for 4–7 letters and none below", () => {
    expect(typoCorrections("head", vocabulary)).toEqual(["heat"]); // not bread or shea (two edits)
    expect(typoCorrections("hta", vocabulary)).toEqual([]);
    expect(typoCorrections("heae", vocabulary)).toEqual(["head", "heat"]);
  });

  it("folds case and diacritics before comparing", () => {
    expect(typoCorrections("Kopfhörr", vocabulary)).toEqual(["kopfhorer"]);
    expect(foldWord("Crème")).toBe("creme");
  });

  it("ranks closer words first, then more frequent ones, and caps the list", () => {
    const ranked = typoCorrections("abcdefgh", [
      { word: "abcdefgx", docs: 1 },
      { word: "abcdefxx", docs: 9 },
      { word: "abcdefgy", docs: 5 },
    ]);
    expect(ranked).toEqual(["abcdefgy", "abcdefgx", "abcdefxx"]);
    const many = Array.from({ length: 20 }, (_, i) => ({ word: `abcdefg${String.fromCharCode(97 + i)}` }));
    expect(typoCorrections("abcdefgz", many)).toHaveLength(MAX_CORRECTIONS);
  });

  it("does not offer the word itself", () => {
    expect(typoCorrections("parallax", vocabulary)).toEqual(["parallel"]); // two edits, allowed at 8 letters
    expect(typoCorrections("head", [{ word: "head" }])).toEqual([]);
  });
});
