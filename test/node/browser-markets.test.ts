/**
 * Shoppers abroad in Chromium, against the storefront as `npm start` runs it: a German shopper
 * sees the store in German with euro prices including VAT, checks out and gets a German email;
 * a Japanese shopper sees yen without decimals and finds a product by its Japanese name; and a
 * shopper who changes country sees the cart re-priced. The country is named with X-Country,
 * which local runs honour (COUNTRY_OVERRIDE) in place of the edge's request.cf.country.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import type { z } from "zod";
import type { emailDetailSchema, emailSummarySchema } from "../../workers/domain/schemas/admin";
import type { orderSchema } from "../../workers/domain/schemas/orders";
import { ADMIN, apiAs, type ApiCall } from "./e2e/accounts";
import { launchBrowser, screenshotOnFailure } from "./e2e/browser";
import { startStorefront, type Storefront } from "./e2e/storefront";

type Order = z.infer<typeof orderSchema>;
type EmailSummary = z.infer<typeof emailSummarySchema>;
type EmailDetail = z.infer<typeof emailDetailSchema>;

const TEE = "organic-cotton-crew-tee";
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

let storefront: Storefront;
let browser: Browser;
let adminApi: ApiCall;

beforeAll(async () => {
  storefront = await startStorefront({ vars: { PAYMENT_LATENCY_MS: "300", EMAIL_LATENCY_MS: "100", PAYMENT_FAILURE_RATE: "0" } });
  browser = await launchBrowser();
  adminApi = await apiAs(storefront.origin, ADMIN);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await storefront?.stop();
});

async function newPage(name: string, country: string, locale: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: storefront.origin, locale, extraHTTPHeaders: { "x-country": country } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  onTestFailed(async () => {
    await screenshotOnFailure(page, name, true);
    await context.close();
  });
  return { context, page };
}

/** An add opens the cart drawer, which hides the page behind it: Escape closes it once it shows the lines. */
async function closeCartDrawer(page: Page, title: string, itemsLabel: string) {
  const drawer = page.getByRole("dialog", { name: title });
  await drawer.getByRole("region", { name: itemsLabel }).waitFor();
  await page.keyboard.press("Escape");
  await drawer.waitFor({ state: "detached" });
}

async function emailsTo(address: string): Promise<EmailDetail[]> {
  const list = (await (await adminApi(`/admin/emails?to=${encodeURIComponent(address)}&limit=50`)).json()) as { items: EmailSummary[] };
  return Promise.all(list.items.map(async (item) => (await (await adminApi(`/admin/emails/${item.id}`)).json()) as EmailDetail));
}

describe("shoppers abroad", () => {
  it("a German shopper sees German and euros including VAT, checks out, and gets a German email", async () => {
    const email = `kunde.${Date.now().toString(36)}@example.test`;
    const { context, page } = await newPage("german-shopper", "DE", "de-DE");
    await page.goto(`/de/p/${TEE}`);
    expect(await page.locator("html").getAttribute("lang")).toBe("de");
    await page.getByRole("heading", { name: "Rundhals-T-Shirt aus Bio-Baumwolle" }).waitFor({ state: "visible" });
    const main = plain(await page.locator("main").innerText());
    expect(main).toMatch(/\d+,\d{2} €/);
    expect(main).not.toContain("$");
    expect(main).toContain("inkl. MwSt.");
    // Once hydrated the add goes through a fetcher and opens the drawer; a click before that posts the page.
    await page.locator('input[name="respond"]').first().waitFor({ state: "attached" });
    await page.getByRole("button", { name: "In den Warenkorb" }).first().click();
    await closeCartDrawer(page, "Ihr Warenkorb", "Artikel in Ihrem Warenkorb");
    await expect.poll(async () => page.getByRole("link", { name: /^Warenkorb, \d+ Artikel$/ }).count()).toBe(1);

    await page.goto("/de/checkout");
    await page.getByRole("group", { name: "Als Gast bestellen" }).getByLabel("E-Mail").fill(email);
    const shipping = page.getByRole("group", { name: "Lieferadresse" });
    await shipping.getByLabel("Vollständiger Name").fill("Ada Lovelace");
    await shipping.getByLabel("Adresse", { exact: true }).fill("Unter den Linden 1");
    await shipping.getByLabel("Ort").fill("Berlin");
    await shipping.getByLabel("Postleitzahl").fill("10117");
    await shipping.getByLabel("Land", { exact: true }).selectOption("DE");
    await page.getByTestId("checkout-vat").waitFor({ state: "visible" });
    expect(plain(await page.getByTestId("checkout-vat").innerText())).toMatch(/^inkl\. MwSt\. \d+,\d{2} €$/);
    await page.getByRole("group", { name: "Zahlung" }).getByText(/Visa/).click();
    await page.getByRole("button", { name: "Zahlungspflichtig bestellen" }).click();

    await page.waitForURL(/\/de\/orders\/ord_[A-Za-z0-9]+\?token=/);
    const orderId = /\/orders\/(ord_[A-Za-z0-9]+)/.exec(page.url())![1]!;
    await page.locator('[data-status="paid"]').waitFor({ state: "visible", timeout: 20_000 });
    expect(plain(await page.getByTestId("order-vat").innerText())).toMatch(/^inkl\. MwSt\. \d+,\d{2} €$/);
    const order = (await (await adminApi(`/orders/${orderId}`)).json()) as Order;
    expect(order).toMatchObject({ currency: "EUR", market: "eu", language: "de", taxInclusive: true });
    expect(order.subtotalCents - order.discountCents + order.shippingCents).toBe(order.totalCents);

    await expect.poll(async () => (await emailsTo(email)).map((sent) => sent.template), { timeout: 20_000 }).toEqual(expect.arrayContaining(["order_placed", "payment_succeeded"]));
    const receipt = (await emailsTo(email)).find((sent) => sent.template === "payment_succeeded")!;
    expect(receipt.subject).toBe(`Bestellung ${order.number} bestätigt`);
    expect(plain(receipt.text)).toContain("inkl. MwSt.");
    expect(plain(receipt.text)).toMatch(/\d+,\d{2} €/);
    await context.close();
  });

  it("a Japanese shopper sees yen without decimals and finds a product by its Japanese name", async () => {
    const { context, page } = await newPage("japanese-shopper", "JP", "ja-JP");
    await page.goto(`/ja/search?q=${encodeURIComponent("ヘッドホン")}`);
    expect(await page.locator("html").getAttribute("lang")).toBe("ja");
    const result = page.getByRole("link", { name: /ルーメン アリア ノイズキャンセリングヘッドホン/ }).first();
    await result.waitFor({ state: "visible" });
    const main = await page.locator("main").innerText();
    expect(main).toMatch(/[￥¥][\d,]+/);
    expect(main).not.toMatch(/[￥¥][\d,]+\.\d/);
    expect(main).not.toContain("$");
    await context.close();
  });

  it("a shopper who changes country sees the cart re-priced in the new currency", async () => {
    const { context, page } = await newPage("country-change", "US", "en-US");
    await page.goto(`/p/${TEE}`);
    // Once hydrated the add goes through a fetcher and opens the drawer; a click before that posts the page.
    await page.locator('input[name="respond"]').first().waitFor({ state: "attached" });
    await page.getByRole("button", { name: "Add to cart" }).first().click();
    await closeCartDrawer(page, "Your cart", "Items in your cart");
    await expect.poll(async () => page.getByRole("link", { name: /^Cart, \d+ items?$/ }).count()).toBe(1);
    await page.goto("/cart");
    expect(await page.locator("main").innerText()).toContain("$");

    await page.getByLabel("Country and currency").selectOption("jp");
    await page.getByRole("button", { name: "Change country" }).click();
    // Japan speaks Japanese: the unchosen English page moves to the market's language.
    await page.waitForURL((url) => url.pathname === "/ja/cart");
    const main = await page.locator("main").innerText();
    expect(main).toMatch(/[￥¥][\d,]+/);
    expect(main).not.toContain("$");
    await page.getByTestId("cart-repriced").waitFor({ state: "visible" });
    await context.close();
  });
});
