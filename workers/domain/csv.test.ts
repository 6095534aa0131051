import { describe, expect, it } from "vitest";
import { csvCell, csvFileName, csvRow } from "./csv";

describe("csvCell", () => {
  it.each([
    ["plain", "plain"],
    ["with, comma", '"with, comma"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\rhere", '"cr\rhere"'],
    ["=SUM(A1:A2)", "'=SUM(A1:A2)"],
    ["+1 555", "'+1 555"],
    ["-2+3", "'-2+3"],
    ["@cmd", "'@cmd"],
    ["\tTabbed", "'\tTabbed"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ["a=b", "a=b"],
    ["", ""],
  ])("writes %j as %j", (input, output) => {
    expect(csvCell(input)).toBe(output);
  });

  it("writes numbers, booleans and missing values as they are", () => {
    expect(csvCell(-1250)).toBe("-1250");
    expect(csvCell(0)).toBe("0");
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(true)).toBe("true");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
  });
});

describe("csvRow", () => {
  it("joins cells with commas and ends with CRLF", () => {
    expect(csvRow(["a", 1, null, "b,c"])).toBe('a,1,,"b,c"\r\n');
  });
});

describe("csvFileName", () => {
  it("dates the file by the UTC day", () => {
    expect(csvFileName("orders", new Date("2026-12-01T23:59:59Z"))).toBe("orders-2026-12-01.csv");
  });
});
