import { describe, expect, it } from "vitest";
import {
  anyGroup,
  correctableTerms,
  escapeHtml,
  ftsExpression,
  markedToHtml,
  MARK_CLOSE,
  MARK_OPEN,
  queryWords,
  searchTerms,
  typedGroups,
  typedHitsWhenOneMissing,
  typoGroups,
} from "./search-query";
import { WORD_JOINER } from "./word-segments";

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

describe("Japanese and other space-less text", () => {
  it("cuts a run into the words the index holds", () => {
    expect(searchTerms("手作りのパン")).toEqual(["手作り", "の", "パン"]);
    expect(searchTerms("パン")).toEqual(["パン"]);
    expect(searchTerms("Parallax パララックスヘッドホン")).toEqual(["parallax", "パララックス", "ヘッドホン"]);
  });

  it("makes the last Japanese word a prefix while typing, like any other", () => {
    expect(ftsExpression("手作りのパン")).toBe('"手作り" "の" "パン"*');
  });
});

describe("typo-tolerant groups", () => {
  it("offers each word as typed or as one of its corrections", () => {
    const corrections: Record<string, string[]> = { paarllax: ["parallax"] };
    expect(typoGroups("paarllax head", (term) => corrections[term] ?? [])).toEqual(['("paarllax" OR "parallax")', '"head"*']);
    expect(anyGroup(['"a"', '("b" OR "c")'])).toBe('"a" OR ("b" OR "c")');
  });

  it("looks corrections up by the folded word, as the index stores it", () => {
    const asked: string[] = [];
    typoGroups("Kopfhörer", (term) => (asked.push(term), []));
    expect(asked).toEqual(["kopfhorer"]);
    expect(correctableTerms("tv Kopfhörer set")).toEqual(["kopfhorer"]);
  });

  it("never lets a correction act as syntax", () => {
    expect(typoGroups("abcd", () => ['x" OR "y'])).toEqual(['("abcd"* OR "x"" OR ""y")']);
  });

  it("lets a near miss of two or more words miss one, if it matches the others as typed", () => {
    expect([1, 2, 3, 5].map(typedHitsWhenOneMissing)).toEqual([null, 1, 2, 4]);
    expect(typedGroups("red sca")).toEqual(['"red"', '"sca"*']);
  });

  it("marks only the typed last word as a prefix", () => {
    expect(queryWords("red sca")).toEqual([
      { term: "red", prefix: false },
      { term: "sca", prefix: true },
    ]);
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

  it("drops the index's word separators from a snippet", () => {
    expect(markedToHtml(`手作り${WORD_JOINER}の${WORD_JOINER}${MARK_OPEN}パン${MARK_CLOSE}`)).toBe("手作りの<mark>パン</mark>");
  });
});
