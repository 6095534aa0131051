import { describe, expect, it } from "vitest";
import {
  anyTrigram,
  escapeHtml,
  ftsExpression,
  fuzzyHighlight,
  markedToHtml,
  MARK_CLOSE,
  MARK_OPEN,
  minTrigramHits,
  queryTrigrams,
  searchTerms,
} from "./search-query";

describe("searchTerms", () => {
  it("keeps words only, lower-cased and distinct", () => {
    expect(searchTerms("Trail  RUNNER trail, 2-pack!")).toEqual(["trail", "runner", "2", "pack"]);
    expect(searchTerms("Café crème")).toEqual(["café", "crème"]);
  });

  it("caps the number and length of terms", () => {
    expect(searchTerms("a b c d e f g h i j k")).toHaveLength(8);
    expect(searchTerms("x".repeat(100))[0]).toHaveLength(40);
  });
});

describe("ftsExpression", () => {
  it("quotes every word and makes the last one a prefix while typing", () => {
    expect(ftsExpression("wireless head")).toBe('"wireless" "head"*');
    expect(ftsExpression("wireless head ")).toBe('"wireless" "head"');
    expect(ftsExpression("head.")).toBe('"head"');
  });

  it("does not expand a one-letter prefix", () => {
    expect(ftsExpression("usb c")).toBe('"usb" "c"');
  });

  it("is null when there are no words", () => {
    expect(ftsExpression("")).toBeNull();
    expect(ftsExpression(' "* - () : ')).toBeNull();
  });

  it.each([
    ['"unbalanced', '"unbalanced"*'],
    ["shoes*", '"shoes"'],
    ["NEAR(a b)", '"near" "a" "b"'],
    ["red -blue", '"red" "blue"*'],
    ["a OR b AND NOT c", '"a" "or" "b" "and" "not" "c"'],
    ["name:boots", '"name" "boots"*'],
    ["((shoes", '"shoes"*'],
    ["{name description}: x", '"name" "description" "x"'],
    ["^start", '"start"*'],
    ["a + b", '"a" "b"'],
  ])("turns the FTS syntax in %j into plain words", (input, expected) => {
    expect(ftsExpression(input)).toBe(expected);
  });

  it("never lets a quote through unescaped", () => {
    const expression = ftsExpression('say "hi" \u201Cthere\u201D')!;
    expect(expression).toBe('"say" "hi" "there"');
  });
});

describe("trigrams", () => {
  it("takes the distinct trigrams of words of three or more characters", () => {
    expect(queryTrigrams("hedphones")).toEqual(["hed", "edp", "dph", "pho", "hon", "one", "nes"]);
    expect(queryTrigrams("tv 4k")).toEqual([]);
    expect(queryTrigrams("aaaa")).toEqual(["aaa"]);
  });

  it("caps the trigram count", () => {
    expect(queryTrigrams("abcdefghijklmnopqrstuvwxyz")).toHaveLength(16);
  });

  it("builds a quoted OR expression and a half-share threshold", () => {
    expect(anyTrigram(["hed", "edp"])).toBe('"hed" OR "edp"');
    expect(minTrigramHits(7)).toBe(4);
    expect(minTrigramHits(1)).toBe(1);
  });
});

describe("highlighting", () => {
  it("escapes HTML", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("turns snippet markers into <mark> and escapes the rest", () => {
    const marked = `Use <b>${MARK_OPEN}boots${MARK_CLOSE}</b> & more`;
    expect(markedToHtml(marked)).toBe("Use &lt;b&gt;<mark>boots</mark>&lt;/b&gt; &amp; more");
  });

  it("keeps <mark> balanced whatever the markers", () => {
    expect(markedToHtml(`${MARK_CLOSE}a${MARK_OPEN}${MARK_OPEN}b`)).toBe("a<mark>b</mark>");
  });

  it("marks words close to the query in a fuzzy match", () => {
    expect(fuzzyHighlight("Wireless Headphones <Pro>", "hedphones")).toBe("Wireless <mark>Headphones</mark> &lt;Pro&gt;");
    expect(fuzzyHighlight("Trail Runner", "trail")).toBe("<mark>Trail</mark> Runner");
  });
});
