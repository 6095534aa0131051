/**
 * The cart drawer in a real browser: an add opens it on the added line, its steppers change the
 * cart at once and for good, it closes with Escape and gives focus back, the header's cart link
 * opens it, and without JavaScript the product page and the cart page work as plain forms.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { launchBrowser, screenshotOnFailure } from "./e2e/browser";
import { startStorefront, type Storefront } from "./e2e/storefront";

const PRODUCT = { name: "Organic Cotton Crew Tee", slug: "organic-cotton-crew-tee" };
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

let storefront: Storefront;
let browser: Browser;

beforeAll(async () => {
  storefront = await startStorefront();
  browser = await launchBrowser();
  mkdirSync("test-results", { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await storefront?.stop();
});

async function newPage(
  name: string,
  options: { javaScriptEnabled?: boolean; bypassCSP?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: storefront.origin,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    // Only for injecting axe: the site's CSP (rightly) refuses scripts without its nonce.
    bypassCSP: options.bypassCSP ?? false,
    viewport: options.viewport ?? { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  onTestFailed(async () => {
    await screenshotOnFailure(page, name, true);
    await context.close();
  });
  return { context, page };
}

/** The header cart link's accessible name, read from its attribute: an open drawer hides the page from the accessibility tree. */
function cartLinkLabel(page: Page): Promise<string | null> {
  return page.locator("header [data-cart-link]").first().getAttribute("aria-label");
}

/** Whether the focused element is inside the open dialog. */
function focusInDialog(page: Page): Promise<boolean> {
  return page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null && document.activeElement !== null);
}

async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, targets: violation.nodes.map((node) => node.target.join(" ")) }));
  })) as { id: string; impact: string; targets: string[] }[];
  return violations.filter((entry) => entry.impact === "serious" || entry.impact === "critical").map((entry) => `${entry.id}: ${entry.targets.join(" | ")}`);
}

describe.each(VIEWPORTS)("the cart drawer with JavaScript, $name ($width×$height)", (viewport) => {
  it("opens on an add with the line, steps optimistically and for good, removes, closes with Escape, and the header link opens it", async () => {
    const { page } = await newPage(`cart-drawer-${viewport.name}`, { bypassCSP: true, viewport });
    await page.goto(`/p/${PRODUCT.slug}`);
    expect(await cartLinkLabel(page)).toBe("Cart, empty");

    const form = page.getByRole("form", { name: "Add to cart" });
    // Another variant than the first, so the added line is the one chosen and the URL names it.
    const choices = form.locator('input[type="radio"]:not([disabled])');
    expect(await choices.count()).toBeGreaterThan(1);
    await choices.nth(1).check({ force: true });
    await page.waitForURL(/\?variant=/);
    await form.getByRole("button", { name: "Add to cart" }).click();
    const drawer = page.getByRole("dialog", { name: "Your cart" });
    await drawer.waitFor();
    const lines = drawer.getByRole("region", { name: "Items in your cart" });
    await expect.poll(() => lines.getByRole("heading", { name: PRODUCT.name }).count()).toBe(1);
    const quantity = lines.getByLabel(/Quantity/);
    expect(await quantity.inputValue()).toBe("1");
    expect(await drawer.textContent()).toMatch(/Added 1 × Organic Cotton Crew Tee/);
    expect(await drawer.textContent()).toMatch(/Subtotal\s*\$\d+\.\d\d/);
    expect(await drawer.getByRole("link", { name: "Checkout" }).getAttribute("href")).toBe("/checkout");
    expect(await drawer.getByRole("link", { name: "View cart" }).getAttribute("href")).toBe("/cart");
    expect(await focusInDialog(page)).toBe(true);
    // The variant stays in the URL, the page stays put, and the header counts the line.
    expect(page.url()).toMatch(/\?variant=/);
    const productUrl = page.url();
    await expect.poll(() => cartLinkLabel(page)).toBe("Cart, 1 item");

    // A side panel from the right: the whole width on a phone, a column on a desktop.
    const box = (await drawer.boundingBox())!;
    expect(Math.round(box.x + box.width)).toBe(viewport.width);
    if (viewport.name === "phone") expect(Math.round(box.width)).toBe(viewport.width);
    else expect(box.width).toBeLessThan(viewport.width / 2);
    expect(await seriousAxeViolations(page)).toEqual([]);
    // The drawer is fixed to the viewport, so the viewport is what shows it as a shopper sees it.
    await page.screenshot({ path: `test-results/cart-drawer-${viewport.name}.png` });
    await page.screenshot({ path: `test-results/cart-drawer-${viewport.name}-full.png`, fullPage: true });

    // + shows the new quantity while the change is still on its way (held back here).
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      (url) => url.pathname === "/cart.data",
      async (route) => {
        if (route.request().method() === "POST") await held;
        await route.continue();
      },
    );
    await lines.getByRole("button", { name: `Increase the quantity of ${PRODUCT.name}` }).click();
    await expect.poll(() => quantity.inputValue()).toBe("2");
    expect(await drawer.locator("form[aria-busy=true]").count()).toBe(1);
    expect(await cartLinkLabel(page)).toBe("Cart, 1 item");
    release();
    await expect.poll(() => cartLinkLabel(page)).toBe("Cart, 2 items");
    await expect.poll(() => drawer.getByRole("status").filter({ hasText: "Your cart has been updated." }).count()).toBe(1);
    await expect.poll(() => drawer.locator("form[aria-busy=true]").count()).toBe(0);
    expect(await quantity.inputValue()).toBe("2");
    await page.unroute((url) => url.pathname === "/cart.data");

    // Escape closes it and focus goes back to the button that opened it.
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "detached" });
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Add to cart");
    expect(page.url()).toBe(productUrl);

    // Opened again on the same page, it starts afresh: no notice of the earlier change or add.
    await page.getByRole("link", { name: "Cart, 2 items" }).click();
    await drawer.waitFor();
    await expect.poll(() => quantity.inputValue()).toBe("2");
    expect(await drawer.textContent()).not.toMatch(/has been updated|Added 1 ×/);
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "detached" });

    // The change was saved: the cart page, loaded afresh, has it.
    await page.goto("/cart");
    await expect.poll(() => page.getByRole("region", { name: "Items in your cart" }).getByLabel(/Quantity/).inputValue()).toBe("2");

    // The header's link opens the drawer (it stays a link to /cart for new tabs and no-JS).
    await page.goto(`/p/${PRODUCT.slug}`);
    const cartLink = page.getByRole("link", { name: "Cart, 2 items" });
    expect(await cartLink.getAttribute("href")).toBe("/cart");
    await cartLink.click();
    await drawer.waitFor();
    expect(new URL(page.url()).pathname).toBe(`/p/${PRODUCT.slug}`);
    await expect.poll(() => quantity.inputValue()).toBe("2");
    expect(await focusInDialog(page)).toBe(true);

    await lines.getByRole("button", { name: `Remove ${PRODUCT.name}` }).click();
    await expect.poll(() => drawer.getByRole("heading", { name: "Your cart is empty" }).count()).toBe(1);
    await expect.poll(() => cartLinkLabel(page)).toBe("Cart, empty");
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "detached" });
    expect(await page.evaluate(() => document.activeElement?.hasAttribute("data-cart-link"))).toBe(true);

    // Following a link out of the drawer closes it.
    await page.getByRole("link", { name: "Cart, empty" }).click();
    await drawer.waitFor();
    await drawer.getByRole("link", { name: "Browse products" }).click();
    await page.waitForURL((url) => url.pathname === "/products");
    await drawer.waitFor({ state: "detached" });
  });
});

describe("a refused add, with JavaScript", () => {
  it("says why by the button and opens no drawer", async () => {
    const { page } = await newPage("cart-drawer-refused-add");
    await page.goto(`/p/${PRODUCT.slug}`);
    const form = page.getByRole("form", { name: "Add to cart" });
    await form.locator('input[type="radio"]:not([disabled])').nth(1).check({ force: true });
    await page.waitForURL(/\?variant=/);
    // More than there is: the box's own limit is lifted so the server's stock check answers.
    const quantity = form.getByLabel("Quantity", { exact: true });
    await quantity.evaluate((input) => input.removeAttribute("max"));
    await quantity.fill("99");
    await form.getByRole("button", { name: "Add to cart" }).click();
    await expect.poll(() => form.getByRole("alert").count()).toBe(1);
    expect(await page.getByRole("dialog").count()).toBe(0);
    expect(await cartLinkLabel(page)).toBe("Cart, empty");
    expect(page.url()).toMatch(/\?variant=/);
  });
});

describe("a cart that cannot be read, with JavaScript", () => {
  it("says so in the drawer, over the page it was opened on, and reads again on request", async () => {
    const { page } = await newPage("cart-drawer-unreadable");
    await page.goto(`/p/${PRODUCT.slug}`);
    const form = page.getByRole("form", { name: "Add to cart" });
    await form.locator('input[name="respond"]').waitFor({ state: "attached" });
    // The connection drops for the drawer's read: once a thrown fetch, it replaced the page.
    const drawerRead = (url: URL) => url.pathname === "/cart/drawer.data";
    await page.route(drawerRead, (route) => route.abort("internetdisconnected"));
    await page.locator("header [data-cart-link]").first().click();
    const drawer = page.getByRole("dialog", { name: "Your cart" });
    await drawer.waitFor();
    await expect.poll(() => drawer.getByRole("alert").textContent()).toMatch(/couldn't reach the store/);
    expect(await drawer.getByRole("link", { name: "View cart" }).getAttribute("href")).toBe("/cart");
    // The product page is still there under it (hidden from the accessibility tree while the drawer is open).
    expect(await page.locator("main h1", { hasText: PRODUCT.name }).count()).toBe(1);
    await page.screenshot({ path: "test-results/cart-drawer-unreadable.png" });

    await page.unroute(drawerRead);
    await drawer.getByRole("button", { name: "Try again" }).click();
    await expect.poll(() => drawer.getByRole("heading", { name: "Your cart is empty" }).count()).toBe(1);
    expect(await drawer.getByRole("alert").count()).toBe(0);
  });
});

describe("the cart drawer and the page's CSP", () => {
  it("opens without any refused style or script", async () => {
    const { page } = await newPage("cart-drawer-csp");
    const refused: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    await page.goto(`/p/${PRODUCT.slug}`);
    const form = page.getByRole("form", { name: "Add to cart" });
    // Once hydrated the add goes through a fetcher and opens the drawer; a click before that posts the page.
    await form.locator('input[name="respond"]').waitFor({ state: "attached" });
    await form.getByRole("button", { name: "Add to cart" }).click();
    await page.getByRole("dialog", { name: "Your cart" }).getByRole("heading", { name: PRODUCT.name }).waitFor();
    expect(refused).toEqual([]);
  });
});

describe("without JavaScript", () => {
  it("adds with a form post, the header link goes to the cart page, and its steppers post", async () => {
    const { page } = await newPage("cart-drawer-no-js", { javaScriptEnabled: false });
    await page.goto(`/p/${PRODUCT.slug}`);
    await page.getByRole("form", { name: "Add to cart" }).getByRole("button", { name: "Add to cart" }).click();
    await page.waitForURL(/added=/);
    expect(await page.getByRole("status").filter({ hasText: "to your cart" }).count()).toBe(1);
    expect(await page.getByRole("dialog").count()).toBe(0);

    await page.getByRole("link", { name: "Cart, 1 item" }).click();
    await page.waitForURL((url) => url.pathname === "/cart");
    const lines = page.getByRole("region", { name: "Items in your cart" });
    expect(await lines.getByLabel(/Quantity/).inputValue()).toBe("1");
    await lines.getByRole("button", { name: `Increase the quantity of ${PRODUCT.name}` }).click();
    await page.waitForURL(/done=updated/);
    expect(await lines.getByLabel(/Quantity/).inputValue()).toBe("2");
    expect(await page.getByRole("link", { name: "Cart, 2 items" }).count()).toBe(1);
  });
});
