/**
 * Largest contentful paint and layout shift on the home and product pages, at desktop and phone
 * sizes. The figures are written to test-results/web-vitals.json for a person to read. Layout
 * shift is asserted here: it does not depend on the machine's speed. Paint time does, so its
 * "no regression beyond 10 %" check is `npm run vitals`, against bench/vitals-baseline.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./e2e/browser";
import { startStorefront, type Storefront } from "./e2e/storefront";
import { medianWebVitals, VIEWPORTS, type WebVitals } from "./e2e/web-vitals";

const PAGES = [
  { name: "home", path: "/" },
  { name: "product", path: "/p/organic-cotton-crew-tee" },
] as const;

interface Baseline {
  revision: string;
  figures: Record<string, WebVitals>;
}
const baseline = JSON.parse(readFileSync(new URL("../../bench/vitals-baseline.json", import.meta.url), "utf8")) as Baseline;
/** 10 % of no shift is no shift; the floor absorbs sub-pixel rounding. */
const CLS_FLOOR = 0.005;

let storefront: Storefront;
let browser: Browser;
const recorded: Record<string, WebVitals> = {};

beforeAll(async () => {
  storefront = await startStorefront({ vars: { PAYMENT_FAILURE_RATE: "0" } });
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  mkdirSync("test-results", { recursive: true });
  writeFileSync("test-results/web-vitals.json", `${JSON.stringify({ baseline: baseline.revision, figures: recorded }, null, 2)}\n`);
  await browser?.close();
  await storefront?.stop();
});

describe("web vitals", () => {
  for (const page of PAGES) {
    for (const viewport of VIEWPORTS) {
      const name = `${page.name} ${viewport.name}`;
      it(`${name}: records largest paint, and shifts no more than the baseline allows`, async () => {
        const figures = await medianWebVitals(browser, storefront.origin, page.path, viewport, 3);
        recorded[name] = figures;
        expect(figures.lcpMs, "the browser reported a largest paint").toBeGreaterThan(0);
        const before = baseline.figures[name];
        expect(before, `bench/vitals-baseline.json has ${name}`).toBeDefined();
        expect(figures.cls).toBeLessThanOrEqual(Math.max(before!.cls * 1.1, CLS_FLOOR));
      });
    }
  }
});
