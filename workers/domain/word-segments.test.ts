import { describe, expect, it } from "vitest";
import { cjkWords, hasCjk, segmentForIndex, stripWordJoiners, WORD_JOINER } from "./word-segments";

describe("segmentForIndex", () => {
  it("puts a word joiner between Japanese words", () => {
    expect(segmentForIndex("手作りのパン")).toBe(["手作り", "の", "パン"].join(WORD_JOINER));
    expect(segmentForIndex("パララックスヘッドホン")).toBe(`パララックス${WORD_JOINER}ヘッドホン`);
  });

  it("keeps spaces, punctuation and other scripts as they are", () => {
    expect(segmentForIndex("パララックス ヘッドホン (黒)")).toBe("パララックス ヘッドホン (黒)");
    expect(segmentForIndex("Parallax Kopfhörer, schwarz")).toBe("Parallax Kopfhörer, schwarz");
  });

  it("is undone by stripWordJoiners and is idempotent", () => {
    const once = segmentForIndex("木製のまな板とパン");
    expect(segmentForIndex(once)).toBe(once);
    expect(stripWordJoiners(once)).toBe("木製のまな板とパン");
  });

  it("finds words inside a run", () => {
    expect(cjkWords("木製のまな板")).toEqual(["木製", "の", "まな板"]);
    expect(hasCjk("abc")).toBe(false);
    expect(hasCjk("abcパン")).toBe(true);
  });
});
