import { describe, expect, it } from "vitest";
import { bestAcceptedLanguage, resolveLanguage } from "./languages";

describe("bestAcceptedLanguage", () => {
  it.each([
    ["de-DE,de;q=0.9,en;q=0.8", "de"],
    ["it, fr;q=0.5, ja;q=0.7", "ja"],
    ["fr-CA", "fr"],
    ["JA", "ja"],
    ["en;q=0.1, de;q=0", "en"],
    ["de;q=0, it", undefined],
    ["*", "en"],
    ["it, pt", undefined],
    ["", undefined],
    [undefined, undefined],
    ["de;q=abc, fr", "fr"],
  ])("%j → %s", (header, expected) => {
    expect(bestAcceptedLanguage(header)).toBe(expected);
  });
});

describe("resolveLanguage", () => {
  it("prefers ?lang=, then Accept-Language, then English", () => {
    expect(resolveLanguage({ lang: "fr", acceptLanguage: "de" })).toBe("fr");
    expect(resolveLanguage({ lang: "de-AT" })).toBe("de");
    expect(resolveLanguage({ lang: "xx", acceptLanguage: "ja" })).toBe("ja");
    expect(resolveLanguage({ acceptLanguage: "it" })).toBe("en");
    expect(resolveLanguage({})).toBe("en");
  });
});
