import { describe, expect, it } from "vitest";
import { safeRedirect } from "../web/app/lib/redirect";

const ORIGIN = "https://shop.example";

/** Where a browser on ORIGIN goes when it follows a Location header of `location`. */
function destination(location: string): URL {
  return new URL(location, `${ORIGIN}/login`);
}

describe("safeRedirect", () => {
  it.each([
    ["/account", "/account"],
    ["/orders?page=2#latest", "/orders?page=2#latest"],
    ["/p/desk-lamp#write-review", "/p/desk-lamp#write-review"],
    ["/a/../orders", "/orders"],
    ["/./account", "/account"],
    ["/search?q=a b", "/search?q=a%20b"],
  ])("keeps the same-site path %j as %j", (to, expected) => {
    expect(safeRedirect(to)).toBe(expected);
  });

  // Each of these either leaves the site as written, or becomes "//host" once normalised.
  it.each([
    "/.//evil.example",
    "/..//evil.example",
    "/%2e//evil.example",
    "/%2E%2E//evil.example",
    "/a/..//evil.example",
    "/.//evil.example/path?x=1",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "https://evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,hi",
    "evil.example",
    "",
    " /account",
  ])("refuses %j", (to) => {
    expect(safeRedirect(to)).toBe("/");
    expect(safeRedirect(to, "/account")).toBe("/account");
  });

  // Encoded slashes and backslashes stay encoded: a browser reads them as one path segment.
  it.each(["/%2f%2fevil.example", "/%2F%2Fevil.example", "/%5cevil.example", "/%5C%5Cevil.example", "/%2e%2e%2f%2fevil.example"])(
    "never sends %j off the site",
    (to) => {
      const target = safeRedirect(to);
      expect(target.startsWith("/")).toBe(true);
      expect(target.startsWith("//")).toBe(false);
      expect(destination(target).origin).toBe(ORIGIN);
    },
  );

  it.each([undefined, null, 42, {}, ["/account"]])("falls back for the non-string %j", (to) => {
    expect(safeRedirect(to)).toBe("/");
  });

  it("falls back for absurdly long targets", () => {
    expect(safeRedirect(`/${"a".repeat(3000)}`)).toBe("/");
  });

  it("is stable: what it returns, it returns unchanged", () => {
    for (const to of ["/account", "/a/../b?c=d#e", "/%2f%2fx", "/search?q=%ZZ"]) {
      const once = safeRedirect(to);
      expect(safeRedirect(once)).toBe(once);
      expect(destination(once).origin).toBe(ORIGIN);
    }
  });
});
