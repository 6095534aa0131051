import { describe, expect, it } from "vitest";
import { chooseChromium } from "./e2e/browser";

const installed = (...paths: string[]) => (path: string) => paths.includes(path);

describe("which Chromium the browser journeys drive", () => {
  it("keeps the system's Chromium when there is one", () => {
    expect(chooseChromium({}, installed("/usr/bin/chromium"))).toEqual({ kind: "system", path: "/usr/bin/chromium" });
    expect(chooseChromium({ CHROMIUM_PATH: "/opt/chromium/chrome" }, installed("/opt/chromium/chrome", "/usr/bin/chromium"))).toEqual({
      kind: "system",
      path: "/opt/chromium/chrome",
    });
  });

  it("falls back to the one inside the npm package on a machine with no browser", () => {
    expect(chooseChromium({}, installed())).toEqual({ kind: "packaged" });
  });

  it("takes the packaged one when told to, even with a system browser", () => {
    expect(chooseChromium({ STOREFRONT_BROWSER: "packaged" }, installed("/usr/bin/chromium"))).toEqual({ kind: "packaged" });
  });

  it("refuses to fall back when the system browser is required, and refuses unknown choices", () => {
    expect(() => chooseChromium({ STOREFRONT_BROWSER: "system" }, installed())).toThrow(/Chromium not found/);
    expect(() => chooseChromium({ STOREFRONT_BROWSER: "firefox" }, installed())).toThrow(/STOREFRONT_BROWSER/);
  });
});
