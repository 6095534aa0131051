/**
 * The admin's own frame and its confirmations in Chromium, at a desktop's 1280×800 and a
 * phone's 390×844: the sidebar on a wide screen and the menu drawer on a phone, a destructive
 * action asking in an alert dialog (Cancel changes nothing, the "Yes" button does it), the
 * disclosure it falls back to without JavaScript, tables that become cards on a phone instead
 * of scrolling sideways, and no serious axe violation. Screenshots go to test-results/ for a
 * person to look at.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { ADMIN, apiAs, signIn, type ApiCall } from "./e2e/accounts";
import { launchBrowser, screenshotOnFailure } from "./e2e/browser";
import { startStorefront, type Storefront } from "./e2e/storefront";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const SHOTS = "test-results";

let storefront: Storefront;
let browser: Browser;
let adminApi: ApiCall;
let counter = 0;

beforeAll(async () => {
  storefront = await startStorefront();
  browser = await launchBrowser();
  adminApi = await apiAs(storefront.origin, ADMIN);
  mkdirSync(SHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await storefront?.stop();
});

async function newPage(
  name: string,
  options: { viewport: { width: number; height: number }; javaScriptEnabled?: boolean; enforceCSP?: boolean },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: storefront.origin,
    viewport: options.viewport,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    // Bypassed only for injecting axe: the site's CSP (rightly) refuses scripts without its nonce.
    bypassCSP: !options.enforceCSP,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  onTestFailed(async () => {
    await screenshotOnFailure(page, name, true);
    await context.close();
  });
  return { context, page };
}

/** Waits until React has hydrated, so the dialogs' triggers have replaced the disclosures. */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => "__remixRouter" in window);
  await page.waitForFunction(() => !document.querySelector("main details > summary.cursor-pointer[class*='border-red']"));
}

/** Serious and critical axe violations on the page as it is now. */
async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(async () => {
    const run = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await run.run(document, { resultTypes: ["violations"] });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, nodes: violation.nodes.map((node) => node.target.join(" ")) }));
  })) as { id: string; impact: string; nodes: string[] }[];
  return violations.filter((entry) => entry.impact === "serious" || entry.impact === "critical").map((entry) => `${page.url()}: ${entry.id} (${entry.impact}) ${entry.nodes.join(" | ")}`);
}

async function noSidewaysScroll(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
}

/** A category of its own, with no products, so deleting it is allowed. */
async function newCategory(): Promise<{ id: string; name: string }> {
  counter += 1;
  const word = `confirm${Date.now().toString(36)}${counter}`;
  const response = await adminApi("/categories", { method: "POST", json: { name: `Dialog ${word}`, slug: word } });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as { id: string; name: string };
}

async function categoryExists(id: string): Promise<boolean> {
  const { items } = (await (await adminApi("/categories?lang=en")).json()) as { items: { id: string }[] };
  return items.some((item) => item.id === id);
}

/** At least one email in the outbox, for the emails list to have rows: a password reset asked for. */
async function outboxHasEmail(): Promise<void> {
  await fetch(`${storefront.origin}/api/v1/auth/forgot-password`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": "192.0.2.30" },
    body: JSON.stringify({ email: ADMIN.email }),
  });
  await expect.poll(async () => ((await (await adminApi("/admin/emails")).json()) as { total: number }).total).toBeGreaterThan(0);
}

/**
 * A row's subject keeps to one line, however long (cut with an ellipsis, never wrapped), and
 * its whole text is in the title for a pointer's hover.
 */
async function expectOneLineSubject(row: ReturnType<Page["locator"]>): Promise<void> {
  const link = row.getByRole("link").first();
  const subject = (await link.textContent())!;
  const cell = row.locator("[title]:has(a)");
  expect(await cell.getAttribute("title")).toBe(subject);
  expect(await cell.evaluate((element) => [getComputedStyle(element).whiteSpace, getComputedStyle(element).textOverflow, getComputedStyle(element).overflow])).toEqual(["nowrap", "ellipsis", "hidden"]);
  const lineHeight = await link.evaluate((element) => parseFloat(getComputedStyle(element).lineHeight) || 20);
  expect((await link.boundingBox())!.height).toBeLessThan(lineHeight * 1.6);
}

const adminNav = (page: Page) => page.getByRole("navigation", { name: "Admin" });

describe("the admin frame", () => {
  it("on a desktop: a sidebar with every section, no store header, and no axe violation", async () => {
    await outboxHasEmail();
    const { page } = await newPage("admin-shell-desktop", { viewport: DESKTOP });
    await signIn(page, ADMIN, "/admin");
    await hydrated(page);
    await expect.poll(() => adminNav(page).isVisible()).toBe(true);
    expect(await adminNav(page).getByRole("link").count()).toBe(14);
    expect(await page.getByRole("button", { name: "Menu" }).isVisible()).toBe(false);
    expect(await page.getByRole("searchbox", { name: "Search products" }).count()).toBe(0);
    expect(await page.locator("footer").count()).toBe(0);
    expect(await page.getByRole("link", { name: "View store" }).isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
    // The sidebar sits beside the page, not above it.
    const nav = (await adminNav(page).boundingBox())!;
    const main = (await page.locator("main").boundingBox())!;
    expect(nav.x + nav.width).toBeLessThanOrEqual(main.x + 1);
    await page.screenshot({ path: `${SHOTS}/admin-dashboard-desktop.png`, fullPage: true });

    // The skip link is the first stop and lands on the page, past the navigation.
    await page.keyboard.press("Tab");
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to main content");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("main");

    const report: string[] = [...(await axe(page))];
    for (const path of ["/admin/customers", "/admin/emails", "/admin/shipping", "/admin/failed-jobs"]) {
      await page.goto(path);
      await hydrated(page);
      report.push(...(await axe(page)));
    }
    expect(report).toEqual([]);

    // The outbox fits beside the sidebar, every column shown, each subject on one line.
    await page.goto("/admin/emails");
    const region = page.getByRole("region", { name: "Emails in the outbox" });
    expect(await region.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    expect(await page.getByRole("columnheader", { name: "Template" }).isVisible()).toBe(true);
    await expectOneLineSubject(page.locator("main tbody tr").first());
    await page.screenshot({ path: `${SHOTS}/admin-emails-desktop.png`, fullPage: true });
  });

  it("on a phone: a menu button opening the navigation in a drawer, tables as cards without sideways scroll, and no axe violation", async () => {
    await outboxHasEmail();
    const { page } = await newPage("admin-shell-phone", { viewport: PHONE });
    await signIn(page, ADMIN, "/admin");
    await hydrated(page);
    expect(await adminNav(page).count()).toBe(0);
    const menu = page.getByRole("button", { name: "Menu" });
    await expect.poll(() => menu.isVisible()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/admin-dashboard-phone.png`, fullPage: true });
    const report: string[] = [...(await axe(page))];

    await menu.click();
    const drawer = page.getByRole("dialog", { name: "Admin menu" });
    await expect.poll(() => drawer.isVisible()).toBe(true);
    expect(await drawer.getByRole("navigation", { name: "Admin" }).getByRole("link").count()).toBe(14);
    await page.screenshot({ path: `${SHOTS}/admin-menu-phone.png` });
    report.push(...(await axe(page)));
    await drawer.getByRole("link", { name: "Customers" }).click();
    await page.waitForURL((url) => url.pathname === "/admin/customers");
    await expect.poll(() => drawer.count()).toBe(0);

    // Escape closes it too, and focus goes back to the button.
    await menu.click();
    await expect.poll(() => drawer.isVisible()).toBe(true);
    await page.keyboard.press("Escape");
    await expect.poll(() => drawer.count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Menu");

    for (const path of ["/admin/customers", "/admin/emails", "/admin"]) {
      await page.goto(path);
      await hydrated(page);
      const { scrollWidth, innerWidth } = await noSidewaysScroll(page);
      expect(scrollWidth, path).toBeLessThanOrEqual(innerWidth);
      report.push(...(await axe(page)));
    }
    // The other pages of the section fit a phone too.
    const { items } = (await (await adminApi("/products?limit=1")).json()) as { items: { id: string }[] };
    for (const path of ["/admin/categories", "/admin/shipping", "/admin/promotions", "/admin/returns", "/admin/failed-jobs", "/admin/markets", "/admin/markets/eu", "/admin/products/new", `/admin/products/${items[0]!.id}`]) {
      await page.goto(path);
      const { scrollWidth, innerWidth } = await noSidewaysScroll(page);
      expect(scrollWidth, path).toBeLessThanOrEqual(innerWidth);
    }
    await page.goto("/admin/emails");
    // The rows are cards: each cell shows its column's label, and the header row is not drawn.
    const firstRow = page.locator("main tbody tr").first();
    expect(await firstRow.getByText("Subject", { exact: true }).isVisible()).toBe(true);
    expect(await firstRow.getByText("Template", { exact: true }).isVisible()).toBe(false);
    expect(await page.locator("main thead").evaluate((head) => head.getBoundingClientRect().height)).toBeLessThanOrEqual(1);
    await expectOneLineSubject(firstRow);
    await page.screenshot({ path: `${SHOTS}/admin-emails-phone.png`, fullPage: true });
    await page.goto("/admin/customers");
    await page.screenshot({ path: `${SHOTS}/admin-customers-phone.png`, fullPage: true });
    expect(report).toEqual([]);
  });

  it("without JavaScript on a phone: the menu is a disclosure whose links work", async () => {
    const { page } = await newPage("admin-shell-phone-no-js", { viewport: PHONE, javaScriptEnabled: false });
    await signIn(page, ADMIN, "/admin");
    await page.getByText("Menu", { exact: true }).click();
    const nav = adminNav(page);
    await expect.poll(() => nav.isVisible()).toBe(true);
    await nav.getByRole("link", { name: "Emails" }).click();
    await page.waitForURL((url) => url.pathname === "/admin/emails");
    const { scrollWidth, innerWidth } = await noSidewaysScroll(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  });
});

describe.each([
  ["desktop", DESKTOP],
  ["phone", PHONE],
])("a destructive action on a %s", (label, viewport) => {
  it("asks in an alert dialog: Cancel is focused and changes nothing, Yes does it", async () => {
    const category = await newCategory();
    const { page } = await newPage(`admin-confirm-dialog-${label}`, { viewport });
    await signIn(page, ADMIN, "/admin/categories");
    await hydrated(page);
    const row = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: category.name }) });
    const trigger = row.getByRole("button", { name: `Delete… ${category.name}` });

    await trigger.click();
    const dialog = page.getByRole("alertdialog", { name: `Delete the category ${category.name}?` });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain("this cannot be undone");
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Cancel");
    await page.screenshot({ path: `${SHOTS}/admin-confirm-dialog-${label}.png` });
    expect(await axe(page)).toEqual([]);

    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await categoryExists(category.id)).toBe(true);
    // Focus returns to the trigger.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.startsWith("Delete…"))).toBe(true);

    await trigger.click();
    await dialog.getByRole("button", { name: "Yes, delete this category" }).click();
    await expect.poll(() => page.getByText("The category was deleted.").count()).toBe(1);
    expect(await categoryExists(category.id)).toBe(false);
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.getByRole("heading", { name: category.name }).count()).toBe(0);
  });
});

describe("a destructive action without JavaScript", () => {
  it("asks in a disclosure whose Yes button does it", async () => {
    const category = await newCategory();
    const { page } = await newPage("admin-confirm-no-js", { viewport: DESKTOP, javaScriptEnabled: false });
    await signIn(page, ADMIN, "/admin/categories");
    const row = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: category.name }) });
    const yes = row.getByRole("button", { name: "Yes, delete this category" });
    expect(await yes.isVisible()).toBe(false);
    await row.getByText("Delete…", { exact: false }).first().click();
    await expect.poll(() => yes.isVisible()).toBe(true);
    await yes.click();
    await expect.poll(() => page.getByText("The category was deleted.").count()).toBe(1);
    expect(await categoryExists(category.id)).toBe(false);
  });
});

describe("the dialogs under the site's Content Security Policy", () => {
  it("open the menu drawer and a confirmation without a refused style or script", async () => {
    const category = await newCategory();
    const { page } = await newPage("admin-dialogs-csp", { viewport: PHONE, enforceCSP: true });
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to (apply|load|execute)/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
    });
    await signIn(page, ADMIN, "/admin/categories");
    await hydrated(page);
    await page.getByRole("button", { name: "Menu" }).click();
    await expect.poll(() => page.getByRole("dialog", { name: "Admin menu" }).isVisible()).toBe(true);
    // The scroll lock's <style> carries the page's nonce (decision 020).
    await expect.poll(() => page.evaluate(() => [...document.querySelectorAll("style")].map((style) => style.nonce !== ""))).toEqual([true]);
    await page.keyboard.press("Escape");
    const row = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: category.name }) });
    await row.getByRole("button", { name: `Delete… ${category.name}` }).click();
    await expect.poll(() => page.getByRole("alertdialog").isVisible()).toBe(true);
    await page.getByRole("button", { name: "Cancel" }).click();
    expect(violations).toEqual([]);
  });
});
