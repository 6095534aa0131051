/**
 * In Chromium, against the storefront as `npm start` runs it: the admin's product and variant
 * forms change exactly what was touched, with JavaScript on and off; and the main pages load
 * without a Content Security Policy violation (decision 009).
 */
import type { Browser, BrowserContext, ConsoleMessage, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import type { z } from "zod";
import type { categoryListSchema, productSchema } from "../../workers/domain/schemas/catalog";
import { ADMIN, apiAs, SHOPPER, signIn, type ApiCall } from "./e2e/accounts";
import { launchBrowser, screenshotOnFailure } from "./e2e/browser";
import { startStorefront, type Storefront } from "./e2e/storefront";

type Product = z.infer<typeof productSchema>;

let storefront: Storefront;
let browser: Browser;
let adminApi: ApiCall;

beforeAll(async () => {
  storefront = await startStorefront();
  browser = await launchBrowser();
  adminApi = await apiAs(storefront.origin, ADMIN);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await storefront?.stop();
});

async function newPage(name: string, javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: storefront.origin, javaScriptEnabled });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  onTestFailed(async () => {
    await screenshotOnFailure(page, name, true);
    await context.close();
  });
  return { context, page };
}

async function readProduct(id: string): Promise<Product> {
  const response = await adminApi(`/products/${id}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Product;
}

let counter = 0;
/** A product of its own for each journey: two variants with options, specifications, a brand. */
async function createProduct(isFeatured: boolean): Promise<Product> {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}`.toUpperCase();
  const categories = (await (await adminApi("/categories")).json()) as z.infer<typeof categoryListSchema>;
  const response = await adminApi("/products", {
    method: "POST",
    json: {
      name: `Enamel Mug ${tag}`,
      description: "A sturdy enamel mug.\nDishwasher safe.",
      categoryId: categories.items[0]!.id,
      brand: "Northbound",
      specifications: { Capacity: "350 ml", Material: "Enamelled steel" },
      isFeatured,
      variants: [
        { sku: `MUG-${tag}-W`, title: "White", options: { color: "White", glaze: "Gloss" }, priceCents: 1800, initialStock: 5 },
        { sku: `MUG-${tag}-B`, title: "Blue", options: { color: "Blue" }, priceCents: 1900, initialStock: 7 },
      ],
    },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Product;
}

/**
 * The bug showed only once React had hydrated the page (a box rendered in the browser posted
 * an empty value), so a journey with JavaScript waits for hydration before it touches a form.
 */
async function ready(page: Page, javaScriptEnabled: boolean): Promise<void> {
  if (javaScriptEnabled) await page.waitForFunction(() => "__remixRouter" in window);
}

/** Clicks a submit button and waits until the action has answered (the write is done by then). */
async function submit(page: Page, button: Locator): Promise<void> {
  await Promise.all([page.waitForResponse((response) => response.request().method() === "POST"), button.click()]);
  await page.waitForLoadState("networkidle");
  // With JavaScript, wait until Remix has revalidated and rendered: the form is keyed by the
  // product's updatedAt and remounts then, and a box changed before that would be reset.
  await page.waitForFunction(() => {
    const router = (window as unknown as { __remixRouter?: { state: { navigation: { state: string }; revalidation: string } } }).__remixRouter;
    return !router || (router.state.navigation.state === "idle" && router.state.revalidation === "idle");
  });
}

/** What a save must leave alone: everything but `updatedAt` (and what the test changed). */
function unchanged(product: Product) {
  const { updatedAt: _updatedAt, ...rest } = product;
  return rest;
}

describe.each([
  ["with JavaScript", true],
  ["without JavaScript", false],
])("the admin's product page %s", (label, javaScriptEnabled) => {
  it("saves a variant's new price and nothing else: it stays on sale", async () => {
    const before = await createProduct(false);
    const [white, blue] = before.variants;
    const { page } = await newPage(`admin-variant-${label}`, javaScriptEnabled);
    await signIn(page, ADMIN, `/admin/products/${before.id}`);
    await ready(page, javaScriptEnabled);

    const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: white!.sku }) });
    await expect.poll(() => card.getByLabel("Active (for sale)").isChecked()).toBe(true);
    await card.getByLabel("Price ($)").fill("21.50");
    await submit(page, card.getByRole("button", { name: `Save variant ${white!.sku}` }));
    await expect.poll(() => page.getByText("The variant was saved.").count()).toBe(1);

    const after = await readProduct(before.id);
    expect(after.variants.find((variant) => variant.sku === white!.sku)).toEqual({ ...white, priceCents: 2150 });
    expect(after.variants.find((variant) => variant.sku === blue!.sku)).toEqual(blue);
    expect({ ...unchanged(after), variants: [], priceCents: 0 }).toEqual({ ...unchanged(before), variants: [], priceCents: 0 });
  });

  it("switches Featured on, keeps it on through a later save, and changes nothing else", async () => {
    const before = await createProduct(false);
    const { page } = await newPage(`admin-featured-${label}`, javaScriptEnabled);
    await signIn(page, ADMIN, `/admin/products/${before.id}`);
    await ready(page, javaScriptEnabled);

    const featured = page.getByLabel("Featured on the home page");
    expect(await featured.isChecked()).toBe(false);
    await featured.check();
    await submit(page, page.getByRole("button", { name: "Save product" }));
    await expect.poll(() => page.getByText("The product was saved.").count()).toBe(1);
    const featuredNow = await readProduct(before.id);
    expect(unchanged(featuredNow)).toEqual({ ...unchanged(before), isFeatured: true });

    // Saving the featured product again, untouched, must not un-feature it.
    await expect.poll(() => page.getByLabel("Featured on the home page").isChecked()).toBe(true);
    await submit(page, page.getByRole("button", { name: "Save product" }));
    expect(unchanged(await readProduct(before.id))).toEqual({ ...unchanged(before), isFeatured: true });

    // And the box still switches it off.
    await page.getByLabel("Featured on the home page").uncheck();
    await submit(page, page.getByRole("button", { name: "Save product" }));
    expect(unchanged(await readProduct(before.id))).toEqual(unchanged(before));
  });
});

describe("the Content Security Policy in the browser", () => {
  it("reports no violation on the main pages, for shoppers and admins, and the star ratings draw their share", async () => {
    const listing = (await (await adminApi("/products?sort=rating&limit=50")).json()) as { items: { id: string; slug: string; ratingAverage: number; ratingCount: number }[] };
    // A rating short of five stars, so the filled share means something.
    const rated = listing.items.find((item) => item.ratingCount > 0 && item.ratingAverage < 4.8)!;
    const { page } = await newPage("csp-violations");
    const violations: string[] = [];
    const onConsole = (message: ConsoleMessage) => {
      if (/Content Security Policy|Refused to (apply|load|execute)/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
    };
    page.on("console", onConsole);

    const visit = async (path: string) => {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
    };
    for (const path of ["/", "/products", "/search?q=tee", "/c/apparel", `/p/${rated.slug}`, "/cart", "/login", "/register", "/api/docs"]) await visit(path);

    // The filled layer of the product's stars is as wide as its rating's share of five.
    await visit(`/p/${rated.slug}`);
    const share = await page.locator("main svg > svg").first().evaluate((inner) => {
      const outer = inner.parentElement!.getBoundingClientRect();
      return inner.getBoundingClientRect().width / outer.width;
    });
    expect(share).toBeCloseTo(rated.ratingAverage / 5, 1);

    await signIn(page, SHOPPER, "/account");
    for (const path of ["/account", "/orders", "/notifications", "/checkout"]) await visit(path);
    await page.context().clearCookies();
    await signIn(page, ADMIN, "/admin");
    for (const path of ["/admin", "/admin/products", `/admin/products/${rated.id}`, "/admin/orders", "/admin/stock", "/admin/reviews"]) await visit(path);

    expect(violations).toEqual([]);
  });
});
