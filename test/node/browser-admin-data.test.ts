/**
 * In Chromium, against the storefront as `npm start` runs it, at a desktop and a phone size,
 * with JavaScript on and off: an admin ticks two reviews and hides them, ticks two products and
 * deactivates them together (confirming first each time), searches the stock and sets a SKU's quantity in its row (with
 * JavaScript without reloading the page), and reads the change in the audit log as a sentence.
 * axe finds nothing serious on those pages.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import type { z } from "zod";
import type { categoryListSchema, productSchema } from "../../workers/domain/schemas/catalog";
import { ADMIN, apiAs, SHOPPER, signIn, type ApiCall } from "./e2e/accounts";
import { launchBrowser, screenshotOnFailure } from "./e2e/browser";
import { startStorefront, type Storefront } from "./e2e/storefront";

type Product = z.infer<typeof productSchema>;

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let storefront: Storefront;
let browser: Browser;
let adminApi: ApiCall;
let shopperApi: ApiCall;

beforeAll(async () => {
  storefront = await startStorefront();
  browser = await launchBrowser();
  adminApi = await apiAs(storefront.origin, ADMIN);
  shopperApi = await apiAs(storefront.origin, SHOPPER);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await storefront?.stop();
});

let counter = 0;
async function createProduct(tag: string, suffix: string): Promise<Product> {
  counter += 1;
  const categories = (await (await adminApi("/categories")).json()) as z.infer<typeof categoryListSchema>;
  const response = await adminApi("/products", {
    method: "POST",
    json: {
      name: `Desk Lamp ${tag} ${suffix}`,
      description: "A lamp for a desk.",
      categoryId: categories.items[0]!.id,
      variants: [{ sku: `LAMP-${tag}-${suffix}`, title: "Brass", priceCents: 4200 + counter, initialStock: 5 }],
    },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Product;
}

/** axe runs in the page, so only in the journeys with scripts; the markup is the same without them. */
async function axeReport(page: Page, path: string): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe.run(document, {
      resultTypes: ["violations"],
    });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, nodes: violation.nodes.map((node) => `${node.target.join(" ")}: ${node.failureSummary ?? ""}`) }));
  })) as { id: string; impact: string; nodes: string[] }[];
  return violations.filter((entry) => entry.impact === "serious" || entry.impact === "critical").map((violation) => `${path}: ${violation.id} ${violation.nodes.join(" | ")}`);
}

/** With JavaScript, wait for hydration (a control touched before it would be reset). */
async function ready(page: Page, javaScriptEnabled: boolean): Promise<void> {
  if (javaScriptEnabled) await page.waitForFunction(() => "__remixRouter" in window);
}

/**
 * Answers a bulk action's question once it has come back from the server: its "Yes" button
 * may already show (an open disclosure or a dialog) or sit behind the summary that names it.
 */
async function confirm(page: Page, summaryText: string, yesName: string): Promise<void> {
  const yes = page.getByRole("button", { name: yesName });
  const summary = page.getByText(summaryText);
  await expect.poll(async () => (await yes.isVisible()) || (await summary.count()) > 0).toBe(true);
  if (!(await yes.isVisible())) await summary.first().click();
  await yes.click();
}

const VIEWPORTS = [
  ["desktop", { width: 1280, height: 800 }],
  ["phone", { width: 390, height: 844 }],
] as const;

describe.each(VIEWPORTS.flatMap(([size, viewport]) => [true, false].map((js) => [`${size}, ${js ? "with" : "without"} JavaScript`, viewport, js] as const)))(
  "the admin's data pages (%s)",
  (label, viewport, javaScriptEnabled) => {
    const name = label.replace(/[^a-z]+/gi, "-").toLowerCase();

    it("deactivates two ticked products, edits a SKU's stock in its row, and reads it in the audit log", async () => {
      const tag = `${Date.now().toString(36)}${counter}`.toUpperCase();
      const first = await createProduct(tag, "A");
      const second = await createProduct(tag, "B");
      const sku = first.variants[0]!.sku;
      for (const product of [first, second]) {
        const reviewed = await shopperApi(`/products/${product.id}/reviews`, { method: "POST", json: { rating: 3, body: `About ${product.name}.` } });
        expect(reviewed.status, await reviewed.clone().text()).toBe(201);
      }

      const context = await browser.newContext({ baseURL: storefront.origin, javaScriptEnabled, viewport, bypassCSP: true });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      onTestFailed(async () => {
        await screenshotOnFailure(page, `admin-data-${name}`, true);
      });
      const report: string[] = [];

      // Bulk on reviews: tick both of this journey's, hide them (asked first).
      await signIn(page, ADMIN, `/admin/reviews?product=${tag}`);
      await ready(page, javaScriptEnabled);
      for (const product of [first, second]) await page.getByLabel(new RegExp(`^Select the review by .* of ${product.name}$`)).check();
      await page.getByRole("button", { name: "Hide selected…" }).click();
      await confirm(page, "Hide 2 reviews…", "Yes, hide 2 reviews");
      await expect.poll(() => page.getByText("2 reviews were hidden.").count()).toBe(1);
      await expect.poll(() => page.getByRole("listitem").filter({ hasText: `Desk Lamp ${tag}` }).getByText("Hidden", { exact: true }).count()).toBe(2);
      await page.screenshot({ path: `test-results/admin-data-reviews-${name}.png`, fullPage: true });
      if (javaScriptEnabled) report.push(...(await axeReport(page, "/admin/reviews (after a bulk action)")));

      // Bulk on products: tick both, ask, confirm.
      await page.goto(`/admin/products?q=${tag}`);
      await ready(page, javaScriptEnabled);
      await page.getByLabel(`Select ${first.name}`).check();
      await page.getByLabel(`Select ${second.name}`).check();
      if (javaScriptEnabled) await expect.poll(() => page.getByText("2 products selected").count()).toBe(1);
      await page.getByRole("button", { name: "Deactivate selected…" }).click();
      await confirm(page, "Deactivate 2 products…", "Yes, deactivate 2 products");
      await expect.poll(() => page.getByText("2 products were deactivated").count()).toBe(1);
      for (const product of [first, second]) {
        const stored = (await (await adminApi(`/products/${product.id}`)).json()) as Product;
        expect(stored.isActive).toBe(false);
      }
      await page.screenshot({ path: `test-results/admin-data-bulk-${name}.png`, fullPage: true });
      if (javaScriptEnabled) report.push(...(await axeReport(page, "/admin/products (after a bulk action)")));

      // Stock: search by the SKU's start, set its quantity in its row.
      await page.goto(`/admin/stock?q=${encodeURIComponent(`lamp-${tag.toLowerCase()}`)}`);
      await ready(page, javaScriptEnabled);
      const row = page.getByRole("row").filter({ hasText: sku });
      await expect.poll(() => row.count()).toBe(1);
      await expect.poll(() => page.getByRole("row").filter({ hasText: `LAMP-${tag}-B` }).count()).toBe(1);
      await page.evaluate(() => ((window as unknown as { unreloaded?: boolean }).unreloaded = true));
      await row.getByLabel(`On hand for ${sku}`).fill("9");
      await row.getByRole("button", { name: `Save on hand for ${sku}` }).click();
      if (javaScriptEnabled) {
        await expect.poll(() => row.getByText("Saved: 9 on hand, 9 available.").count()).toBe(1);
        // The same document: saved through a fetcher, not a page load.
        expect(await page.evaluate(() => (window as unknown as { unreloaded?: boolean }).unreloaded)).toBe(true);
      } else {
        await expect.poll(() => page.getByText("The stock was changed").count()).toBe(1);
        expect(new URL(page.url()).searchParams.get("q")).toBe(`lamp-${tag.toLowerCase()}`);
      }
      await expect.poll(async () => ((await (await adminApi(`/inventory/${sku}`)).json()) as { onHand: number }).onHand).toBe(9);
      await page.screenshot({ path: `test-results/admin-data-stock-${name}.png`, fullPage: true });
      if (javaScriptEnabled) report.push(...(await axeReport(page, "/admin/stock")));

      // The audit log: the stock change as a sentence with names and before → after.
      await page.goto(`/admin/audit-log?entityType=sku&entityId=${encodeURIComponent(sku)}`);
      const entry = page.getByRole("row").filter({ hasText: "counted the stock of" });
      await expect.poll(() => entry.count()).toBe(1);
      await expect.poll(() => entry.getByText(`${first.name} · Brass`).count()).toBe(1);
      expect(await entry.textContent()).toMatch(/on hand:\s*5\s*→\s*changed to\s*9/);
      await page.goto(`/admin/audit-log?entityType=product&entityId=${first.id}`);
      await expect.poll(() => page.getByRole("row").filter({ hasText: "deactivated the product" }).filter({ hasText: first.name }).count()).toBe(1);
      await page.getByText("Raw entry").first().click();
      await expect.poll(() => page.getByText('"action": "product.deactivated"').count()).toBe(1);
      await page.screenshot({ path: `test-results/admin-data-audit-${name}.png`, fullPage: true });
      if (javaScriptEnabled) report.push(...(await axeReport(page, "/admin/audit-log")));

      expect(report).toEqual([]);
      await context.close();
    });
  },
);
