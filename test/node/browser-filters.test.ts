/**
 * Filters and search suggestions in a real browser, against the storefront started the way
 * `npm start` starts it (migrations, demo seed, wrangler dev): multi-select brands with chips,
 * the phone filter drawer, the search box's word-start suggestions, and the filter form
 * without JavaScript. Screenshots go to test-results/ for a person to look at.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { launchBrowser, screenshotOnFailure } from "./e2e/browser";
import { startStorefront, type Storefront } from "./e2e/storefront";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const BRANDS = ["Stridewell", "Lumen Audio"] as const;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let storefront: Storefront;
let browser: Browser;

beforeAll(async () => {
  mkdirSync("test-results", { recursive: true });
  storefront = await startStorefront();
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await storefront?.stop();
});

async function newPage(
  name: string,
  viewport: { width: number; height: number },
  options: { javaScriptEnabled?: boolean; bypassCSP?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: storefront.origin,
    viewport,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    // Only for injecting axe: the site's CSP (rightly) refuses scripts without its nonce.
    bypassCSP: options.bypassCSP ?? false,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  onTestFailed(async () => {
    await screenshotOnFailure(page, name, true);
    await context.close();
  });
  return { context, page };
}

/** The brands of the product cards shown, in order. */
async function cardBrands(page: Page): Promise<string[]> {
  return (await page.locator("main article p.uppercase").allTextContents()).map((text) => text.trim());
}

const brandParams = (url: string) => new URL(url).searchParams.getAll("brand").sort();

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, {
      resultTypes: ["violations"],
    });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, nodes: violation.nodes.map((node) => node.target.join(" ")) }));
  })) as { id: string; impact: string; nodes: string[] }[];
  return violations.filter((entry) => entry.impact === "serious" || entry.impact === "critical").map((entry) => `${entry.id}: ${entry.nodes.join(" | ")}`);
}

describe("filters at desktop size (1280×800)", () => {
  it("selects two brands (both chips, products of both), then removes one chip", async () => {
    const { page } = await newPage("filters-desktop", DESKTOP, { bypassCSP: true });
    await page.goto("/products");
    const filters = page.getByRole("complementary", { name: "Filters" });
    await filters.getByRole("checkbox", { name: new RegExp(`^${BRANDS[0]}`) }).check();
    await page.waitForURL((url) => brandParams(url.href).length === 1);
    await filters.getByRole("checkbox", { name: new RegExp(`^${BRANDS[1]}`) }).check();
    await page.waitForURL((url) => brandParams(url.href).length === 2);
    expect(brandParams(page.url())).toEqual([...BRANDS].sort());

    for (const brand of BRANDS) await expect.poll(() => page.getByRole("link", { name: `Remove filter: ${brand}` }).count()).toBe(1);
    const shown = await cardBrands(page);
    expect(new Set(shown)).toEqual(new Set(BRANDS));
    // Both boxes stay ticked after the page updates.
    for (const brand of BRANDS) expect(await filters.getByRole("checkbox", { name: new RegExp(`^${brand}`) }).isChecked()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: "test-results/filters-desktop-two-brands.png", fullPage: true });

    await page.getByRole("link", { name: `Remove filter: ${BRANDS[0]}` }).click();
    await page.waitForURL((url) => brandParams(url.href).length === 1);
    expect(brandParams(page.url())).toEqual([BRANDS[1]]);
    await expect.poll(() => page.getByRole("link", { name: `Remove filter: ${BRANDS[0]}` }).count()).toBe(0);
    await expect.poll(async () => new Set(await cardBrands(page))).toEqual(new Set([BRANDS[1]]));

    await page.getByRole("link", { name: "Clear all" }).click();
    // Every filter goes; the sort (the default one, sent by the form's select) stays.
    await page.waitForURL((url) => url.pathname === "/products" && brandParams(url.href).length === 0);
    expect([...new URL(page.url()).searchParams.keys()].filter((key) => key !== "sort")).toEqual([]);
    await expect.poll(() => page.getByRole("link", { name: /^Remove filter/ }).count()).toBe(0);
    await page.screenshot({ path: "test-results/filters-desktop-one-brand-removed.png", fullPage: true });
  });

  it("suggests products whose words start with what is typed: head → headphones, never Bread or Shea Butter", async () => {
    const { page } = await newPage("suggest-head", DESKTOP, { bypassCSP: true });
    await page.goto("/");
    const box = page.getByRole("combobox", { name: "Search products" });
    await box.pressSequentially("head", { delay: 40 });
    const products = page.getByRole("group", { name: "Suggested products" }).getByRole("option");
    await expect.poll(() => products.count()).toBeGreaterThan(0);
    const names = await products.allTextContents();
    for (const name of names) {
      expect(name, name).toMatch(/(^|[^\p{L}])head/iu);
      expect(name).not.toMatch(/bread|shea/i);
    }
    expect(names.join(" ")).toMatch(/Headphones/);
    expect(await box.getAttribute("aria-expanded")).toBe("true");
    // The open combobox and its grouped listbox pass axe.
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: "test-results/suggest-head.png", fullPage: false });
    // The keyboard picks a suggestion: down, then Enter opens it.
    await box.press("ArrowDown");
    expect(await box.getAttribute("aria-activedescendant")).toBeTruthy();
    await box.press("Escape");
    expect(await box.getAttribute("aria-expanded")).toBe("false");
  });

  it("filters without JavaScript through the plain GET form", async () => {
    const { page } = await newPage("filters-desktop-nojs", DESKTOP, { javaScriptEnabled: false });
    await page.goto("/products");
    const filters = page.getByRole("complementary", { name: "Filters" });
    await filters.getByRole("checkbox", { name: new RegExp(`^${BRANDS[0]}`) }).check();
    await filters.getByRole("checkbox", { name: new RegExp(`^${BRANDS[1]}`) }).check();
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL((url) => brandParams(url.href).length === 2);
    expect(new Set(await cardBrands(page))).toEqual(new Set(BRANDS));
    await page.getByRole("link", { name: `Remove filter: ${BRANDS[1]}` }).click();
    await page.waitForURL((url) => brandParams(url.href).length === 1);
    expect(new Set(await cardBrands(page))).toEqual(new Set([BRANDS[0]]));
    await page.screenshot({ path: "test-results/filters-desktop-nojs.png", fullPage: true });
  });
});

describe("filters on a phone (390×844)", () => {
  it("shows results first and the filters in a drawer that applies and closes", async () => {
    const { page } = await newPage("filters-phone", PHONE, { bypassCSP: true });
    await page.goto("/products");
    const firstCard = page.locator("main article").first();
    expect((await firstCard.boundingBox())!.y).toBeLessThan(PHONE.height);
    // The sidebar is replaced by the drawer once scripts run.
    const open = page.getByRole("button", { name: "Filters (0)" });
    await expect.poll(() => open.isVisible()).toBe(true);
    await open.click();
    const drawer = page.getByRole("dialog", { name: "Filters" });
    await expect.poll(() => drawer.isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: "test-results/filters-phone-drawer.png", fullPage: false });

    for (const brand of BRANDS) await drawer.getByRole("checkbox", { name: new RegExp(`^${brand}`) }).check();
    // Choosing does not reload under the shopper's thumb; Apply does, and closes the drawer.
    expect(brandParams(page.url())).toEqual([]);
    await drawer.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL((url) => brandParams(url.href).length === 2);
    await expect.poll(() => drawer.count()).toBe(0);
    await expect.poll(async () => new Set(await cardBrands(page))).toEqual(new Set(BRANDS));
    expect((await page.locator("main article").first().boundingBox())!.y).toBeLessThan(PHONE.height);
    await expect.poll(() => page.getByRole("button", { name: "Filters (2)" }).isVisible()).toBe(true);
    // One drawer button, and the page is no wider than the phone.
    expect(await page.getByRole("button", { name: /^Filters/ }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    // The chips are on screen above the results.
    expect(await page.getByRole("link", { name: `Remove filter: ${BRANDS[0]}` }).isVisible()).toBe(true);
    await page.screenshot({ path: "test-results/filters-phone-applied.png", fullPage: false });
  });

  it("keeps the filters reachable without JavaScript, below the results' start, in a disclosure", async () => {
    const { page } = await newPage("filters-phone-nojs", PHONE, { javaScriptEnabled: false });
    await page.goto("/products");
    expect((await page.locator("main article").first().boundingBox())!.y).toBeLessThan(PHONE.height);
    await page.getByText("Filters (0)").click();
    const filters = page.getByRole("complementary", { name: "Filters" });
    await filters.getByRole("checkbox", { name: new RegExp(`^${BRANDS[0]}`) }).check();
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL((url) => brandParams(url.href).length === 1);
    expect(new Set(await cardBrands(page))).toEqual(new Set([BRANDS[0]]));
    expect((await page.locator("main article").first().boundingBox())!.y).toBeLessThan(PHONE.height);
    await page.screenshot({ path: "test-results/filters-phone-nojs.png", fullPage: true });
  });
});
