/**
 * What a merchant reads in the admin, at desktop (1280×800) and phone (390×844) sizes: the
 * dashboard's order count, average order value and carts that became orders; reviews found by
 * product name; and a refund typed, refused and answered in the payment's own currency.
 * Screenshots go to test-results/.
 */
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { launchBrowser, screenshotOnFailure } from "./e2e/browser";
import { startStorefront, type Storefront } from "./e2e/storefront";
import { VIEWPORTS } from "./e2e/web-vitals";

const ADMIN = { email: "admin@example.com", password: "admin-dev-password" };
const ADDRESS = { name: "Ada Lovelace", line1: "12 Analytical Row", city: "Springfield", postalCode: "62701", country: "US" };

let storefront: Storefront;
let browser: Browser;
let paidOrder: { id: string; totalCents: number };

async function call<T>(path: string, init: { method?: string; token?: string; json?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  const response = await fetch(`${storefront.origin}/api/v1${path}`, {
    method: init.method ?? "GET",
    headers: {
      "cf-connecting-ip": "192.0.2.44",
      ...(init.json !== undefined ? { "content-type": "application/json" } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A shopper's paid order, placed through the API, for the refund to work on. */
async function placePaidOrder(): Promise<{ id: string; totalCents: number }> {
  const email = `refund.${Date.now().toString(36)}@example.test`;
  const password = "refund-journey-password-1";
  await call("/auth/register", { method: "POST", json: { name: "Refund Shopper", email, password } });
  const { accessToken } = await call<{ accessToken: string }>("/auth/login", { method: "POST", json: { email, password } });
  const product = await call<{ variants: { sku: string; available: number }[] }>("/products/organic-cotton-crew-tee");
  const sku = product.variants.find((variant) => variant.available > 0)!.sku;
  await call("/cart/items", { method: "POST", token: accessToken, json: { sku, quantity: 1 } });
  const { order } = await call<{ order: { id: string } }>("/orders", {
    method: "POST",
    token: accessToken,
    headers: { "idempotency-key": `refund-journey-${Date.now().toString(36)}` },
    json: { shippingAddress: ADDRESS, payment: { method: "card", token: "tok_visa" } },
  });
  for (let i = 0; i < 80; i++) {
    const current = await call<{ status: string; totalCents: number }>(`/orders/${order.id}`, { token: accessToken });
    if (current.status === "paid") return { id: order.id, totalCents: current.totalCents };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the order was not paid");
}

beforeAll(async () => {
  storefront = await startStorefront({ vars: { PAYMENT_LATENCY_MS: "100", EMAIL_LATENCY_MS: "50", PAYMENT_FAILURE_RATE: "0" } });
  browser = await launchBrowser();
  mkdirSync("test-results", { recursive: true });
  paidOrder = await placePaidOrder();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await storefront?.stop();
});

async function adminPage(viewport: (typeof VIEWPORTS)[number], name: string, path: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: storefront.origin, viewport: { width: viewport.width, height: viewport.height } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  onTestFailed(async () => {
    await screenshotOnFailure(page, `${name}-${viewport.name}`, true);
    await context.close();
  });
  await page.goto(`/login?redirectTo=${encodeURIComponent(path)}`);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => `${url.pathname}${url.search}` === path);
  return page;
}

const fitsScreen = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

for (const viewport of VIEWPORTS) {
  describe(`the admin at ${viewport.name} size (${viewport.width}×${viewport.height})`, () => {
    it("reads the dashboard: orders placed, average order value per currency, and carts that became orders", async () => {
      const page = await adminPage(viewport, "admin-ux-dashboard", "/admin");
      const main = page.locator("main");
      await expect.poll(() => main.textContent()).toMatch(/Orders placed, last \d+ days/);
      const text = (await main.textContent()) ?? "";
      expect(text).toMatch(/Average order value/);
      // The paid order above is counted, in dollars.
      expect(text).toMatch(/\$\d/);
      expect(text).toMatch(/Carts that became orders/);
      expect(await fitsScreen(page)).toBe(true);
      await page.screenshot({ path: `test-results/admin-ux-dashboard-${viewport.name}.png`, fullPage: true });
    });

    it("shows the products, orders, stock and audit log lists without sideways scrolling: rows become labelled cards on a phone", async () => {
      const page = await adminPage(viewport, "admin-ux-lists", "/admin/products");
      for (const path of ["/admin/products", "/admin/orders", "/admin/stock?q=tee", "/admin/audit-log"]) {
        await page.goto(path);
        const region = page.locator("main [role=region]").first();
        await region.waitFor();
        const fits = await region.evaluate((element) => element.scrollWidth <= element.clientWidth + 1);
        expect(fits, `${path} scrolls sideways inside its table`).toBe(true);
        expect(await fitsScreen(page), `${path} is wider than the screen`).toBe(true);
        // On a phone the header row is left to screen readers (visually hidden, one pixel).
        const header = await region.locator("thead").first().boundingBox();
        expect((header?.height ?? 0) > 2, `${path}: a table header on a desktop, cards on a phone`).toBe(viewport.name === "desktop");
      }
      await page.goto("/admin/stock?q=tee");
      await page.screenshot({ path: `test-results/admin-ux-stock-${viewport.name}.png`, fullPage: true });
    });

    it("finds reviews by the product's name, not its id", async () => {
      const page = await adminPage(viewport, "admin-ux-reviews", "/admin/reviews");
      const filters = page.getByRole("search", { name: "Filter reviews" }).or(page.getByRole("form", { name: "Filter reviews" }));
      await filters.getByLabel("Product", { exact: true }).fill("Crew Tee");
      await filters.getByRole("button", { name: "Apply" }).click();
      await page.waitForURL(/product=Crew/);
      // Each review in the list has its bulk-selection box.
      const reviews = page.locator("main li").filter({ has: page.locator('input[type="checkbox"]') });
      // The filtered list replaces the whole one once its data arrives: every review it shows is the tee's.
      await expect
        .poll(async () => {
          const texts = await reviews.allTextContents();
          return texts.length > 0 && texts.every((text) => text.includes("Organic Cotton Crew Tee"));
        })
        .toBe(true);
      expect(await fitsScreen(page)).toBe(true);
    });

    it("refuses a refund over what is left in dollars, not cents, and refunds a part typed in dollars", async () => {
      const page = await adminPage(viewport, "admin-ux-refund", `/admin/orders/${paidOrder.id}`);
      const amount = page.getByLabel("Amount to refund (USD)");
      // What is left: the whole total, less what a refund at another size already took.
      const left = (await page.getByText("Refundable remaining:").locator("strong").textContent())!;
      const leftCents = Math.round(Number(left.replace(/[^0-9.]/g, "")) * 100);
      expect(leftCents).toBeLessThanOrEqual(paidOrder.totalCents);
      const tooMuch = ((leftCents + 1_000) / 100).toFixed(2);
      await amount.fill(tooMuch);
      await page.getByText("Refund…", { exact: true }).click();
      await page.getByRole("button", { name: "Yes, refund it" }).click();
      const error = page.getByText(/can still be refunded/);
      await expect.poll(() => error.textContent()).toMatch(new RegExp(`At most \\$${(leftCents / 100).toFixed(2).replace(".", "\\.")} can still be refunded`));
      expect(await error.textContent()).not.toMatch(/cents/);
      await page.screenshot({ path: `test-results/admin-ux-refund-refused-${viewport.name}.png`, fullPage: true });

      await page.getByLabel("Amount to refund (USD)").fill("1.00");
      await page.getByText("Refund…", { exact: true }).click();
      await page.getByRole("button", { name: "Yes, refund it" }).click();
      await expect.poll(() => page.locator("main").textContent()).toMatch(/The refund was started/);
      expect(await page.locator("main").textContent()).toMatch(/\$1\.00/);
    });
  });
}
