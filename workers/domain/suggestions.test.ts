import { describe, expect, it } from "vitest";
import { bestWordStartRank, normalizedQuery, rankByWordStart, relatedFirst, sharedWordStarts, wordStartRank } from "./suggestions";

describe("wordStartRank", () => {
  it("matches the starts of words, never the inside of one (head ↛ Bread, Shea)", () => {
    expect(wordStartRank("Lumen Aria Noise-Cancelling Headphones", "head")).toBe(1);
    expect(wordStartRank("Headphones stand", "head")).toBe(0);
    expect(wordStartRank("Bread Every Day", "head")).toBeNull();
    expect(wordStartRank("Shea Butter Body Wash", "head")).toBeNull();
    expect(wordStartRank("Shea Butter Body Wash", "ead")).toBeNull();
    expect(wordStartRank("Shea Butter Body Wash", "butt")).toBe(1);
  });

  it("needs every typed word; only the one being typed may be a start", () => {
    expect(wordStartRank("Organic Cotton Crew Tee", "crew te")).toBe(1);
    expect(wordStartRank("Organic Cotton Crew Tee", "cre tee")).toBeNull();
    expect(wordStartRank("Organic Cotton Crew Tee", "crew te ")).toBeNull();
    expect(wordStartRank("Organic Cotton Crew Tee", "tee organic")).toBe(1);
    expect(wordStartRank("Organic Cotton Crew Tee", "organic organic")).toBe(0);
    // A word of the text serves one typed word only.
    expect(wordStartRank("Tee", "tee te")).toBeNull();
  });

  it("folds case and diacritics like the index, and cuts Japanese into words", () => {
    expect(wordStartRank("Crème Brûlée Torch", "CREME bru")).toBe(0);
    expect(wordStartRank("手作りのパン", "パン")).toBe(1);
  });

  it("does not match a query of no words", () => {
    expect(wordStartRank("Anything", "  -- ")).toBeNull();
  });
});

describe("rankByWordStart", () => {
  const names = ["Bread Every Day", "Lumen Aria Noise-Cancelling Headphones", "Shea Butter", "Headphone Stand", "Head Torch"];

  it("keeps word-start matches, those starting with the words first, then in the given order", () => {
    expect(rankByWordStart(names, "head", (name) => [name], 8)).toEqual(["Headphone Stand", "Head Torch", "Lumen Aria Noise-Cancelling Headphones"]);
    expect(rankByWordStart(names, "head", (name) => [name], 2)).toEqual(["Headphone Stand", "Head Torch"]);
  });

  it("takes the best of several texts (a translated name, the English one, a brand)", () => {
    const product = { name: "Casque Lumen", english: "Lumen Headphones", brand: "Lumen" };
    expect(bestWordStartRank([product.name, product.english, product.brand], "lum")).toBe(0);
    expect(rankByWordStart([product], "headp", (p) => [p.name, p.english, p.brand], 8)).toEqual([product]);
    expect(rankByWordStart([product], "bread", (p) => [p.name, p.english, p.brand], 8)).toEqual([]);
  });
});

describe("normalizedQuery", () => {
  it("counts queries by their folded words", () => {
    expect(normalizedQuery("  Crew   TEE! ")).toBe("crew tee");
    expect(normalizedQuery("Crème")).toBe("creme");
    expect(normalizedQuery("***")).toBeNull();
    expect(normalizedQuery("a b c d e f g h i")).toBeNull();
    expect(normalizedQuery("x".repeat(101))).toBeNull();
  });
});

describe("relatedFirst", () => {
  it("puts the searches sharing most word starts first, never the search itself", () => {
    expect(sharedWordStarts("trail lamp", "trail lam xq")).toBe(2);
    expect(sharedWordStarts("bread every day", "head")).toBe(0);
    expect(relatedFirst(["crew tee", "trail lamp", "trail", "head torch", "xq"], "Trail lam XQ")).toEqual(["trail lamp", "trail", "xq", "crew tee", "head torch"]);
    expect(relatedFirst(["trail lamp", "crew tee"], "trail lamp")).toEqual(["crew tee"]);
  });
});
