/**
 * The shopper's and the admin's journeys in a real browser, against the storefront started the
 * way `npm start` starts it (migrations, demo seed, wrangler dev) on a throwaway state.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import type { z } from "zod";
import type { emailDetailSchema, emailSummarySchema } from "../../workers/domain/schemas/admin";
import { launchBrowser, screenshotOnFailure } from "./e2e/browser";
import { startStorefront, type Storefront } from "./e2e/storefront";

const ADMIN = { email: "admin@example.com", password: "admin-dev-password" };
const SHOPPER = { email: "shopper@example.com", password: "shopper-dev-password" };
const PRODUCT = { name: "Organic Cotton Crew Tee", slug: "organic-cotton-crew-tee" };
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let storefront: Storefront;
let browser: Browser;
let counter = 0;

beforeAll(async () => {
  storefront = await startStorefront({
    // A quicker simulated gateway and mail server than the defaults, so journeys stay short;
    // the benchmark measures the defaults.
    vars: { PAYMENT_LATENCY_MS: "300", EMAIL_LATENCY_MS: "100", PAYMENT_FAILURE_RATE: "0" },
  });
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await storefront?.stop();
});

function uniqueEmail(prefix: string): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}.${counter}@example.test`;
}

/** A fresh browser context (its own cookies) whose page is screenshotted if the test fails. */
async function newPage(
  name: string,
  options: { javaScriptEnabled?: boolean; bypassCSP?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: storefront.origin,
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

async function signIn(page: Page, account: { email: string; password: string }, redirectTo = "/") {
  await page.goto(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === redirectTo.split("?")[0]);
}

async function addToCart(page: Page, slug: string, pickSecondVariant = false) {
  await page.goto(`/p/${slug}`);
  const form = page.getByRole("form", { name: "Add to cart" });
  if (pickSecondVariant) {
    const choices = form.locator('input[type="radio"]:not([disabled])');
    // The radios are visually hidden behind their labels, as option pickers usually are.
    if ((await choices.count()) > 1) await choices.nth(1).check({ force: true });
  }
  // Once hydrated the add goes through a fetcher and opens the drawer; a click before that posts the page.
  await page.locator('input[name="respond"]').first().waitFor({ state: "attached" });
  await form.getByRole("button", { name: "Add to cart" }).click();
  // The add opens the cart drawer, which hides the page behind it until it is closed.
  const drawer = page.getByRole("dialog", { name: "Your cart" });
  await drawer.getByRole("region", { name: "Items in your cart" }).waitFor();
  await page.keyboard.press("Escape");
  await drawer.waitFor({ state: "detached" });
  await expect.poll(async () => page.getByRole("link", { name: /^Cart, \d+ items?$/ }).count()).toBe(1);
}

async function fillCheckout(page: Page, card: RegExp) {
  const shipping = page.getByRole("group", { name: "Shipping address" });
  await shipping.getByLabel("Full name").fill("Ada Lovelace");
  await shipping.getByLabel("Address", { exact: true }).fill("12 Analytical Row");
  await shipping.getByLabel("City").fill("Springfield");
  await shipping.getByLabel("Postal code").fill("62701");
  await shipping.getByLabel("Country").selectOption("US");
  await page.getByRole("group", { name: "Payment" }).getByText(card).click();
}

/** The API as an admin, for reading what the journeys cannot see (the outbox). */
async function adminApi<T>(path: string): Promise<T> {
  const login = await fetch(`${storefront.origin}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": "192.0.2.10" },
    body: JSON.stringify(ADMIN),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const response = await fetch(`${storefront.origin}/api/v1${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
  return (await response.json()) as T;
}

async function waitForEmail(to: string, template: string): Promise<z.infer<typeof emailDetailSchema>> {
  for (let i = 0; i < 60; i++) {
    const list = await adminApi<{ items: z.infer<typeof emailSummarySchema>[] }>(`/admin/emails?to=${encodeURIComponent(to)}`);
    const found = list.items.find((item) => item.template === template && item.status === "sent");
    if (found) return adminApi<z.infer<typeof emailDetailSchema>>(`/admin/emails/${found.id}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no ${template} email for ${to}`);
}

let paidOrder: { id: string; email: string; password: string } | undefined;

describe("a shopper's journey", () => {
  it("searches, filters, picks a variant, adds to cart, signs up (the cart follows), pays and sees the order paid", async () => {
    const { page } = await newPage("shopper-journey");
    await page.goto("/");
    await page.getByLabel("Search products").fill("crew tee");
    await page.getByLabel("Search products").press("Enter");
    await page.waitForURL(/\/search\?/);
    await expect.poll(() => page.getByRole("link", { name: new RegExp(PRODUCT.name) }).count()).toBeGreaterThan(0);

    // Filter to what is in stock: the listing keeps the product.
    await page.getByRole("checkbox", { name: /in stock/i }).check();
    await page.waitForURL(/inStock=1/);
    await page.getByRole("link", { name: new RegExp(PRODUCT.name) }).first().click();
    await page.waitForURL(new RegExp(`/p/${PRODUCT.slug}`));
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain(PRODUCT.name);

    await addToCart(page, PRODUCT.slug, true);

    const email = uniqueEmail("journey");
    const password = "journey-password-1";
    await page.goto("/register?redirectTo=/cart");
    await page.getByLabel("Name").fill("Journey Shopper");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/cart/);
    // The guest's line came along, once.
    const cartLines = page.getByRole("region", { name: "Items in your cart" });
    await expect.poll(() => cartLines.getByLabel(/Quantity/).count()).toBe(1);
    expect(await cartLines.textContent()).toContain(PRODUCT.name);

    await page.getByRole("link", { name: "Go to checkout" }).click();
    await page.waitForURL(/\/checkout/);
    await fillCheckout(page, /Visa ending 4242/);
    await page.getByRole("button", { name: "Place order" }).click();
    await page.waitForURL(/\/orders\/ord_/);
    // The page follows the payment by itself.
    await expect.poll(() => page.locator("main").textContent(), { timeout: 20_000 }).toMatch(/Paid/);
    paidOrder = { id: new URL(page.url()).pathname.split("/").pop()!, email, password };
    await waitForEmail(email, "payment_succeeded");
  });

  it("is told when the card is declined, and the order shows payment failed", async () => {
    const { page } = await newPage("declined-card");
    const email = uniqueEmail("declined");
    await page.goto("/register?redirectTo=/");
    await page.getByLabel("Name").fill("Declined Shopper");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill("declined-password-1");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await addToCart(page, PRODUCT.slug);
    await page.goto("/checkout");
    await fillCheckout(page, /Declined/);
    await page.getByRole("button", { name: "Place order" }).click();
    await page.waitForURL(/\/orders\/ord_/);
    await expect.poll(() => page.locator("main").textContent(), { timeout: 20_000 }).toMatch(/Payment failed/i);
  });

  it("resets a forgotten password through the emailed link", async () => {
    const { page } = await newPage("password-reset");
    const email = uniqueEmail("forgetful");
    await page.goto("/register");
    await page.getByLabel("Name").fill("Forgetful Shopper");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill("original-password-1");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.context().clearCookies();

    await page.goto("/login");
    await page.getByRole("link", { name: /Forgot your password/ }).click();
    await page.waitForURL(/\/forgot-password/);
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: /Email me a reset link/ }).click();
    await expect.poll(() => page.locator("main").textContent()).toMatch(/if an account/i);

    const message = await waitForEmail(email, "password_reset");
    const link = /(http:\/\/\S+\/reset-password\?token=\S+)/.exec(message.text)![1]!;
    await page.goto(new URL(link).pathname + new URL(link).search);
    await page.getByLabel("New password", { exact: true }).fill("replacement-password-1");
    await page.getByLabel("Confirm new password").fill("replacement-password-1");
    await page.getByRole("button", { name: "Save new password" }).click();
    await page.waitForURL(/\/login/);
    await signIn(page, { email, password: "replacement-password-1" }, "/account");
  });
});

describe("an admin's journey", () => {
  it("creates a product with an image, sees it on the storefront, ships an order; the shopper sees it shipped and gets the email", async () => {
    const { page } = await newPage("admin-journey");
    await signIn(page, ADMIN, "/admin");
    const name = `Trail Thermos ${Date.now().toString(36)}`;
    await page.goto("/admin/products/new");
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Category").selectOption({ label: "Outdoor & Camping" });
    await page.getByLabel("Brand (optional)").fill("Northbound");
    await page.getByLabel("Description").fill("A steel vacuum flask that keeps coffee hot for a whole day on the trail.");
    const variant = page.getByRole("group", { name: "Variant 1" });
    await variant.getByLabel("Variant 1 SKU").fill(`THERMOS-${Date.now().toString(36)}`);
    await variant.getByLabel("Title").fill("750 ml");
    await variant.getByLabel("Price ($)").fill("34.50");
    await variant.getByLabel("Initial stock").fill("12");
    await page.getByRole("button", { name: "Create product" }).click();
    await page.waitForURL(/\/admin\/products\/prd_/);

    // A real PNG, uploaded through the form to R2.
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
      "base64",
    );
    await page.getByLabel("Upload an image").setInputFiles({ name: "thermos.png", mimeType: "image/png", buffer: png });
    await page.getByRole("button", { name: "Upload image" }).click();
    await expect.poll(() => page.locator('img[src^="/images/products/"]').count()).toBeGreaterThan(0);

    const shopperView = await browser.newContext({ baseURL: storefront.origin });
    const storefrontPage = await shopperView.newPage();
    await storefrontPage.goto(`/search?q=${encodeURIComponent(name)}`);
    await storefrontPage.getByRole("link", { name: new RegExp(name) }).first().click();
    await expect.poll(() => storefrontPage.getByRole("heading", { level: 1 }).textContent()).toContain(name);
    expect(await storefrontPage.locator('img[src^="/images/products/"]').count()).toBeGreaterThan(0);
    expect(await storefrontPage.locator("main").textContent()).toContain("$34.50");
    await shopperView.close();

    // Ship the paid order from the shopper's journey.
    expect(paidOrder, "the shopper's journey placed an order").toBeDefined();
    await page.goto(`/admin/orders/${paidOrder!.id}`);
    await page.getByRole("button", { name: "Mark as processing" }).click();
    await page.getByLabel("Carrier").fill("UPS");
    await page.getByLabel("Tracking number").fill("1Z999AA10123456784");
    await page.getByRole("button", { name: "Mark as shipped" }).click();
    await expect.poll(() => page.locator("main").textContent()).toContain("1Z999AA10123456784");

    const { page: shopper } = await newPage("shopper-sees-shipped");
    await signIn(shopper, { email: paidOrder!.email, password: paidOrder!.password }, `/orders/${paidOrder!.id}`);
    await expect.poll(() => shopper.locator("main").textContent()).toMatch(/Shipped/);
    expect(await shopper.locator("main").textContent()).toContain("1Z999AA10123456784");
    const shippedEmail = await waitForEmail(paidOrder!.email, "order_shipped");
    expect(shippedEmail.text).toContain("1Z999AA10123456784");
  });
});

describe("without JavaScript", () => {
  it("adds to the cart, changes the quantity and checks out with plain form posts", async () => {
    const { page } = await newPage("no-javascript", { javaScriptEnabled: false });
    await page.goto(`/p/${PRODUCT.slug}`);
    await page.getByRole("form", { name: "Add to cart" }).getByRole("button", { name: "Add to cart" }).click();
    await page.goto("/cart");
    const quantity = page.getByLabel(/Quantity/).first();
    await quantity.fill("2");
    await page.getByRole("button", { name: /Update/ }).first().click();
    await expect.poll(async () => page.getByLabel(/Quantity/).first().inputValue()).toBe("2");

    await signIn(page, SHOPPER, "/checkout");
    await fillCheckout(page, /Visa ending 4242/);
    await page.getByRole("button", { name: "Place order" }).click();
    await page.waitForURL(/\/orders\/ord_/);
    // Without scripts the page refreshes itself while the payment is pending.
    await expect.poll(async () => {
      await page.reload();
      return page.locator("main").textContent();
    }, { timeout: 20_000, interval: 1_000 }).toMatch(/Paid/);
  });
});

describe("the API reference", () => {
  it("renders /api/docs from the OpenAPI document, with its viewer served locally", async () => {
    const viewer = await fetch(`${storefront.origin}/api-docs/scalar.js`);
    expect(viewer.status).toBe(200);
    expect(viewer.headers.get("content-type")).toMatch(/javascript/);
    const { page } = await newPage("api-docs");
    const external: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(storefront.origin) && !request.url().startsWith("data:") && !request.url().startsWith("blob:")) external.push(request.url());
    });
    await page.goto("/api/docs");
    await expect.poll(() => page.locator("body").textContent(), { timeout: 20_000 }).toContain("Edge Storefront API");
    await expect.poll(() => page.locator("body").textContent(), { timeout: 20_000 }).toMatch(/auth\/register|Create a customer account/);
    expect(external).toEqual([]);
  });
});

describe("accessibility", () => {
  it("finds no serious or critical axe violations on the main pages", async () => {
    const { page } = await newPage("axe", { bypassCSP: true });
    await signIn(page, SHOPPER, "/");
    const pages = ["/", "/search?q=tee", `/p/${PRODUCT.slug}`, "/c/apparel", "/cart", "/checkout", "/orders", "/account", "/notifications"];
    const report: string[] = [];
    for (const path of pages) {
      await page.goto(path);
      await page.addScriptTag({ content: axeSource });
      const violations = (await page.evaluate(async () => {
        const result = await (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run(document, {
          resultTypes: ["violations"],
        });
        return result.violations.map((violation) => ({
          id: violation.id,
          impact: violation.impact,
          nodes: (violation.nodes as { target: string[]; failureSummary?: string }[]).map((node) => `${node.target.join(" ")}: ${node.failureSummary ?? ""}`),
        }));
      })) as { id: string; impact: string; nodes: string[] }[];
      for (const violation of violations.filter((entry) => entry.impact === "serious" || entry.impact === "critical")) {
        report.push(`${path}: ${violation.id} (${violation.impact}) ${violation.nodes.join(" | ")}`);
      }
    }
    expect(report).toEqual([]);
  });
});
