/**
 * The storefront's frame in Chromium, at a desktop (1280×800) and a phone (390×844) size: the
 * "Shop" mega-menu, the phone header's one row and its drawer, the progress bar during a slow
 * navigation, checkout's reduced frame, and the menu page the phone's menu link leads to
 * without JavaScript. Screenshots for a person to look at go to test-results/.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { launchBrowser, screenshotOnFailure } from "./e2e/browser";
import { startStorefront, type Storefront } from "./e2e/storefront";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const TEE = "organic-cotton-crew-tee";

let storefront: Storefront;
let browser: Browser;

beforeAll(async () => {
  mkdirSync("test-results", { recursive: true });
  storefront = await startStorefront({ vars: { PAYMENT_LATENCY_MS: "300", EMAIL_LATENCY_MS: "100", PAYMENT_FAILURE_RATE: "0" } });
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
    // Only for injecting axe: the site's CSP refuses scripts without its nonce.
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

/** Serious and critical axe findings on the page as it is now. */
async function axeFindings(page: Page, label: string): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe.run(document, {
      resultTypes: ["violations"],
    });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, nodes: violation.nodes.map((node) => `${node.target.join(" ")}: ${node.failureSummary ?? ""}`) }));
  })) as { id: string; impact: string; nodes: string[] }[];
  return violations.filter((entry) => entry.impact === "serious" || entry.impact === "critical").map((entry) => `${label}: ${entry.id} (${entry.impact}) ${entry.nodes.join(" | ")}`);
}

async function addTeeToCart(page: Page) {
  await page.goto(`/p/${TEE}`);
  const form = page.getByRole("form", { name: "Add to cart" });
  // Once hydrated the form adds through a fetcher (it gains its `respond` field); a click before
  // that would post the page instead and open no drawer.
  await form.locator('input[name="respond"]').waitFor({ state: "attached" });
  await form.getByRole("button", { name: "Add to cart" }).click();
  // The add opens the cart drawer, which hides the page behind it until it is closed.
  const drawer = page.getByRole("dialog", { name: "Your cart" });
  await drawer.getByRole("region", { name: "Items in your cart" }).waitFor();
  await page.keyboard.press("Escape");
  await drawer.waitFor({ state: "detached" });
  await expect.poll(async () => page.getByRole("link", { name: /^Cart, \d+ items?$/ }).count()).toBe(1);
}

/** Collects the CSP refusals the page reports (a style attribute in the server's HTML, a `<style>` without the nonce). */
function cspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (apply|load|execute)/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
  return violations;
}

/** The y-centre of an element, to tell whether two controls sit on one row. */
async function middle(locator: ReturnType<Page["locator"]>): Promise<number> {
  const box = await locator.boundingBox();
  expect(box, "element is laid out").not.toBeNull();
  return box!.y + box!.height / 2;
}

describe("desktop header", () => {
  it("opens the Shop mega-menu with every category and all products, and navigates to a category", async () => {
    const { page } = await newPage("desktop-mega-menu", DESKTOP);
    const violations = cspViolations(page);
    await page.goto("/");
    await page.screenshot({ path: "test-results/shell-home-desktop.png", fullPage: true });
    const header = page.locator("header");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(DESKTOP.width);
    // The header stays at the top while the page scrolls.
    expect(await header.evaluate((element) => getComputedStyle(element).position)).toBe("sticky");
    const main = page.getByRole("navigation", { name: "Main" });
    // The trigger is a button once the page runs (a link to all products before).
    const shop = main.getByRole("button", { name: "Shop" });
    await shop.click();
    await expect.poll(() => shop.getAttribute("aria-expanded")).toBe("true");
    for (const name of ["All products", "Apparel", "Footwear"]) await expect.poll(() => main.getByRole("link", { name, exact: true }).isVisible()).toBe(true);
    await page.screenshot({ path: "test-results/shell-mega-menu-open.png" });
    await main.getByRole("link", { name: "Footwear", exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/c/footwear");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("Footwear");
    await expect.poll(() => shop.getAttribute("aria-expanded")).toBe("false");
    expect(await main.getByRole("link", { name: "Footwear", exact: true }).count()).toBe(0);
    // Keyboard: Enter opens it, Escape closes it and leaves focus on the trigger.
    await shop.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => shop.getAttribute("aria-expanded")).toBe("true");
    await page.keyboard.press("Escape");
    await expect.poll(() => shop.getAttribute("aria-expanded")).toBe("false");
    expect(await shop.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(violations).toEqual([]);
  });
});

describe("phone header", () => {
  it("is one row, opens the drawer, navigates from it, and the drawer closes", async () => {
    const { page } = await newPage("phone-drawer", PHONE);
    const violations = cspViolations(page);
    await page.goto("/");
    const header = page.locator("header");
    const menu = header.getByRole("button", { name: "Menu" });
    await menu.waitFor();
    const height = (await header.boundingBox())!.height;
    expect(height, "one row of 40 px controls and its padding").toBeLessThanOrEqual(64);
    const row = await middle(menu);
    for (const control of [header.getByRole("link", { name: /^Edgeware/ }), header.getByRole("button", { name: "Show search" }), header.getByRole("link", { name: /^Cart, / })]) {
      expect(Math.abs((await middle(control)) - row)).toBeLessThanOrEqual(4);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    // The search box is not in the row: the search button shows it under the header, focused.
    expect(await page.getByLabel("Search products").isVisible()).toBe(false);
    await header.getByRole("button", { name: "Show search" }).click();
    await expect.poll(() => page.getByLabel("Search products").isVisible()).toBe(true);
    expect(await page.getByLabel("Search products").evaluate((element) => element === document.activeElement)).toBe(true);
    // It is a second row of the header, so it pushes the page down instead of covering it.
    const opened = (await header.boundingBox())!;
    expect(opened.height).toBeGreaterThan(height);
    expect((await page.getByRole("heading", { level: 1 }).boundingBox())!.y).toBeGreaterThanOrEqual(opened.y + opened.height);
    await header.getByRole("button", { name: "Show search" }).click();
    await page.screenshot({ path: "test-results/shell-home-phone.png", fullPage: true });

    await menu.click();
    const drawer = page.getByRole("dialog", { name: "Menu" });
    await drawer.waitFor();
    for (const name of ["All products", "Apparel", "Footwear", "Sign in", "Register"]) expect(await drawer.getByRole("link", { name, exact: true }).isVisible()).toBe(true);
    expect(await drawer.getByLabel("Country and currency").isVisible()).toBe(true);
    await page.screenshot({ path: "test-results/shell-menu-open-phone.png" });
    await drawer.getByRole("link", { name: "Footwear", exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/c/footwear");
    await expect.poll(() => drawer.count()).toBe(0);

    // The search page keeps its box in view, above (not over) the results.
    await page.goto("/search?q=tee");
    await expect.poll(() => page.getByLabel("Search products").isVisible()).toBe(true);
    const withSearch = (await header.boundingBox())!;
    expect((await page.getByRole("heading", { level: 1 }).boundingBox())!.y).toBeGreaterThanOrEqual(withSearch.y + withSearch.height);

    // Escape closes it too, and focus goes back to the menu button.
    await menu.click();
    await drawer.waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => drawer.count()).toBe(0);
    expect(await menu.evaluate((element) => element === document.activeElement)).toBe(true);
    // The drawer's scroll lock adds its one <style> with the page's nonce (decision 020).
    expect(violations).toEqual([]);
  });

  it("without JavaScript, the menu link leads to the menu page, which leads on", async () => {
    const { page } = await newPage("phone-no-js-menu", PHONE, { javaScriptEnabled: false });
    await page.goto("/");
    const height = (await page.locator("header").boundingBox())!.height;
    expect(height).toBeLessThanOrEqual(64);
    // The search link shows the search box through :target.
    await page.getByRole("link", { name: "Show search" }).click();
    await expect.poll(() => page.getByLabel("Search products").isVisible()).toBe(true);
    await page.getByRole("link", { name: "Menu" }).click();
    await page.waitForURL((url) => url.pathname === "/menu");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Menu");
    await page.screenshot({ path: "test-results/shell-menu-page-phone-no-js.png", fullPage: true });
    await page.getByRole("navigation", { name: "Shop" }).getByRole("link", { name: "Apparel", exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/c/apparel");
  });

  it("without JavaScript on a desktop, Shop is a link to all products", async () => {
    const { page } = await newPage("desktop-no-js-shop", DESKTOP, { javaScriptEnabled: false });
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Shop" }).click();
    await page.waitForURL((url) => url.pathname === "/products");
  });
});

describe("progress bar", () => {
  it("shows while a slow page loads, and goes once it has", async () => {
    const { page } = await newPage("progress-bar", DESKTOP);
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Shop" }).waitFor();
    expect(await page.getByRole("progressbar").count()).toBe(0);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // Hold the next page's data until the bar has been seen.
    await page.route(/\.data(\?|$)/, async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole("main").getByRole("link", { name: "Shop now" }).click();
    const bar = page.getByRole("progressbar", { name: "Loading page" });
    await expect.poll(() => bar.isVisible()).toBe(true);
    expect(await page.getByRole("main").getAttribute("aria-busy")).toBe("true");
    // It grows from nothing rather than appearing full.
    await expect.poll(async () => (await bar.locator("div").boundingBox())?.width ?? 0).toBeGreaterThan(0);
    expect((await bar.locator("div").boundingBox())!.width).toBeLessThan(DESKTOP.width);
    release();
    await page.waitForURL((url) => url.pathname === "/products");
    await expect.poll(() => bar.count()).toBe(0);
    expect(await page.getByRole("main").getAttribute("aria-busy")).toBeNull();
  });
});

describe("checkout frame", () => {
  it.each([
    { size: "desktop", viewport: DESKTOP },
    { size: "phone", viewport: PHONE },
  ])("is reduced to the store name, 'Secure checkout' and the way back to the cart ($size)", async ({ size, viewport }) => {
    const { page } = await newPage(`checkout-frame-${size}`, viewport);
    await addTeeToCart(page);
    await page.goto("/checkout");
    const header = page.locator("header");
    expect(await header.getByText("Secure checkout").isVisible()).toBe(true);
    expect(await header.getByRole("link", { name: /^Edgeware/ }).getAttribute("href")).toBe("/");
    expect(await page.getByRole("navigation", { name: "Main" }).count()).toBe(0);
    expect(await page.getByRole("search").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Menu" }).count()).toBe(0);
    expect(await page.locator("footer a").count()).toBe(0);
    await page.screenshot({ path: `test-results/shell-checkout-${size}.png`, fullPage: true });
    // The longest words (German) still fit the frame's one row.
    await page.goto("/de/checkout");
    expect(await page.locator("header").getByText("Sichere Kasse").isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    const deHeader = (await page.locator("header").boundingBox())!.height;
    expect(deHeader).toBeLessThanOrEqual(64);
    await page.goto("/checkout");
    await header.getByRole("link", { name: "Back to cart" }).click();
    await page.waitForURL((url) => url.pathname === "/cart");
    // The store's own header is back on the cart.
    await expect.poll(() => page.locator("header").getByRole("link", { name: /^Cart, \d+ items?$/ }).count()).toBe(1);
  });
});

describe("accessibility", () => {
  it.each([
    { size: "desktop", viewport: DESKTOP },
    { size: "phone", viewport: PHONE },
  ])("finds no serious or critical axe violations on home, the menu page and checkout, with the menus open ($size)", async ({ size, viewport }) => {
    const { page } = await newPage(`axe-shell-${size}`, viewport, { bypassCSP: true });
    const report: string[] = [];
    for (const path of ["/", "/menu", "/ja/menu"]) {
      await page.goto(path);
      report.push(...(await axeFindings(page, `${size} ${path}`)));
    }
    await page.goto("/");
    if (size === "desktop") {
      await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Shop" }).click();
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Footwear", exact: true }).waitFor();
      report.push(...(await axeFindings(page, `${size} / with the mega-menu open`)));
    } else {
      await page.getByRole("button", { name: "Menu" }).click();
      await page.getByRole("dialog", { name: "Menu" }).waitFor();
      report.push(...(await axeFindings(page, `${size} / with the drawer open`)));
      await page.keyboard.press("Escape");
    }
    await addTeeToCart(page);
    await page.goto("/checkout");
    report.push(...(await axeFindings(page, `${size} /checkout`)));
    expect(report).toEqual([]);
  });
});
