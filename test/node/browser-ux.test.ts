/**
 * The storefront and admin details a shopper or merchant notices, in a real browser at desktop
 * (1280×800) and phone (390×844) sizes: colour swatches that change the picture and put the
 * variant in the URL, long input that never widens the page, a reset link checked when it is
 * opened, a shopper's own review marked with edit and a confirmed delete, and times in the
 * viewer's own zone. Screenshots go to test-results/ for a person to look at.
 */
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { formatInstant } from "../../web/app/lib/time-zone";
import { launchBrowser, screenshotOnFailure } from "./e2e/browser";
import { startStorefront, type Storefront } from "./e2e/storefront";
import { VIEWPORTS, type Viewport } from "./e2e/web-vitals";

const ADMIN = { email: "admin@example.com", password: "admin-dev-password" };
const TEE = { slug: "organic-cotton-crew-tee", name: "Organic Cotton Crew Tee" };

let storefront: Storefront;
let browser: Browser;
let counter = 0;

beforeAll(async () => {
  storefront = await startStorefront({ vars: { PAYMENT_FAILURE_RATE: "0" } });
  browser = await launchBrowser();
  mkdirSync("test-results", { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await storefront?.stop();
});

async function newPage(viewport: Viewport, name: string, options: { timezoneId?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: storefront.origin, viewport: { width: viewport.width, height: viewport.height }, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  onTestFailed(async () => {
    await screenshotOnFailure(page, `${name}-${viewport.name}`, true);
    await context.close();
  });
  return { context, page };
}

const shot = (page: Page, name: string, viewport: Viewport) => page.screenshot({ path: `test-results/${name}-${viewport.name}.png`, fullPage: true });

/** No part of the page reaches past the screen's right edge. */
const pageWidth = (page: Page) => page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, screen: window.innerWidth }));

async function register(page: Page): Promise<void> {
  counter += 1;
  await page.goto("/register");
  await page.getByLabel("Name").fill("Grace Hopper");
  await page.getByLabel("Email").fill(`ux.${Date.now().toString(36)}.${counter}@example.test`);
  await page.getByLabel("Password", { exact: true }).fill("ux-journey-password-1");
  await page.getByRole("button", { name: /create account/i }).click();
  await page.waitForURL((url) => url.pathname !== "/register");
}

for (const viewport of VIEWPORTS) {
  describe(`at ${viewport.name} size (${viewport.width}×${viewport.height})`, () => {
    it("choosing a colour swatch shows that colour's picture and names the variant in the URL, which a reload keeps", async () => {
      const { page } = await newPage(viewport, "ux-swatches");
      await page.goto(`/p/${TEE.slug}`);
      const colours = page.getByRole("radiogroup", { name: /colour/i }).or(page.getByRole("group", { name: /colour/i }));
      await expect.poll(() => colours.count()).toBeGreaterThan(0);
      // Radios hide behind their swatches, as option pickers' do; the label is what a shopper taps.
      await page.getByText("Navy", { exact: true }).first().click({ force: true });
      await page.waitForURL(/variant=/);
      const variant = new URL(page.url()).searchParams.get("variant")!;
      expect(variant).toMatch(/NVY/);
      // The gallery's main picture is the one drawn in navy.
      const picture = page.getByRole("img", { name: new RegExp(`^${TEE.name}`) }).first();
      await expect.poll(() => picture.getAttribute("src")).toMatch(/-navy\.svg$/);
      await shot(page, "ux-swatch-navy", viewport);
      const { scroll, screen } = await pageWidth(page);
      expect(scroll, "the product page fits the screen's width").toBeLessThanOrEqual(screen);
      await page.reload();
      expect(await picture.getAttribute("src")).toMatch(/-navy\.svg$/);
      await expect.poll(() => page.locator('input[type="radio"]:checked').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))).toContain("Navy");
    });

    it("a 250-letter search, with no spaces to break at, keeps the page within the screen", async () => {
      const { page } = await newPage(viewport, "ux-long-query");
      await page.goto(`/search?q=${"x".repeat(250)}`);
      await expect.poll(() => page.getByRole("heading", { level: 1 }).count()).toBeGreaterThan(0);
      const { scroll, screen } = await pageWidth(page);
      expect(scroll).toBeLessThanOrEqual(screen);
      // A search that finds nothing offers somewhere to go.
      await expect.poll(() => page.getByRole("link", { name: "Apparel" }).count()).toBeGreaterThan(0);
      await shot(page, "ux-long-query", viewport);
    });

    it("a reset link that is not valid says so as soon as it is opened, before any password is typed", async () => {
      const { page } = await newPage(viewport, "ux-reset-link");
      await page.goto(`/reset-password?token=${"A".repeat(43)}`);
      await expect.poll(() => page.locator("main").textContent()).toMatch(/invalid, expired or already used/);
      expect(await page.getByLabel("New password", { exact: false }).count()).toBe(0);
      await expect.poll(() => page.getByRole("link", { name: /new (reset )?link/i }).count()).toBeGreaterThan(0);
    });

    it("a shopper's own review is marked as theirs, with no second form; they edit it, and delete it only after confirming", async () => {
      const { page } = await newPage(viewport, "ux-own-review");
      await register(page);
      await page.goto(`/p/${TEE.slug}#reviews`);
      const form = page.locator("form#write-review");
      await form.getByText("4 stars", { exact: false }).first().click();
      await form.getByLabel("Title (optional)").fill("Soft and true to size");
      await form.getByLabel("Your review").fill("Washed it five times and it kept its shape.");
      await form.getByRole("button", { name: "Post review" }).click();
      const mine = page.locator("#your-review").getByRole("article", { name: "Your review" });
      await expect.poll(() => mine.textContent()).toContain("Soft and true to size");
      expect(await page.locator("form#write-review").count(), "no second review is offered").toBe(0);

      await page.getByText("Edit", { exact: true }).click();
      const edit = page.locator("form#edit-review");
      await edit.getByLabel("Title (optional)").fill("Softer after washing");
      await edit.getByRole("button", { name: "Save changes" }).click();
      await expect.poll(() => mine.textContent()).toContain("Softer after washing");
      await shot(page, "ux-own-review", viewport);

      await page.getByText("Delete…", { exact: true }).click();
      await page.getByRole("button", { name: "Yes, delete my review" }).click();
      await expect.poll(() => page.locator("#your-review").count()).toBe(0);
      await expect.poll(() => page.locator("form#write-review").count()).toBe(1);
    });

    it("an admin in Tokyo reads the customers' join times in Tokyo time", async () => {
      const { page } = await newPage(viewport, "ux-admin-time-zone", { timezoneId: "Asia/Tokyo" });
      await page.goto("/login?redirectTo=%2Fadmin%2Fcustomers");
      await page.getByLabel("Email").fill(ADMIN.email);
      await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((url) => url.pathname === "/admin/customers");
      const time = page.locator("time[data-local]").first();
      const iso = (await time.getAttribute("datetime"))!;
      await expect.poll(() => time.textContent()).toBe(formatInstant(iso, { timeZone: "Asia/Tokyo" }));
      // The zone is remembered, so the next server render is already in it.
      const cookies = await page.context().cookies();
      expect(cookies.find((cookie) => cookie.name === "tz")?.value).toBe(encodeURIComponent("Asia/Tokyo"));
      await page.reload();
      expect(await page.locator("time[data-local]").first().textContent()).toBe(formatInstant(iso, { timeZone: "Asia/Tokyo" }));
    });
  });
}
