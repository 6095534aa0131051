/**
 * A first-time buyer's whole journey in Chromium, against the storefront as `npm start` runs
 * it: no account, a discount code and Express shipping; the emails; the order reached through
 * the emailed link and through the lookup form; then a return of one line, refunded the right
 * amount.
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

const PRODUCT = { slug: "organic-cotton-crew-tee" };

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

async function newPage(name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: storefront.origin });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  onTestFailed(async () => {
    await screenshotOnFailure(page, name, true);
    await context.close();
  });
  return { context, page };
}

/** The emails sent to an address, newest first, with their bodies. */
async function emailsTo(address: string): Promise<EmailDetail[]> {
  const list = (await (await adminApi(`/admin/emails?to=${encodeURIComponent(address)}&limit=50`)).json()) as { items: EmailSummary[] };
  return Promise.all(list.items.map(async (item) => (await (await adminApi(`/admin/emails/${item.id}`)).json()) as EmailDetail));
}

/** The order link in an email's text: the order page with its token. */
function orderLinkIn(email: EmailDetail): string {
  const match = /https?:\/\/[^\s]+\/orders\/[A-Za-z0-9_-]+\?token=[A-Za-z0-9_-]+/.exec(email.text);
  expect(match, email.text).toBeTruthy();
  const url = new URL(match![0]);
  return `${url.pathname}${url.search}`;
}

/** An add opens the cart drawer, which hides the page behind it: Escape closes it once it shows the lines. */
async function closeCartDrawer(page: Page) {
  const drawer = page.getByRole("dialog", { name: "Your cart" });
  await drawer.getByRole("region", { name: "Items in your cart" }).waitFor();
  await page.keyboard.press("Escape");
  await drawer.waitFor({ state: "detached" });
}

async function orderOf(id: string): Promise<Order> {
  const response = await adminApi(`/orders/${id}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Order;
}

describe("a guest buys with a code and Express shipping, then returns a line", () => {
  it("checks out, gets the emails, finds the order by link and by lookup, returns one line and is refunded", async () => {
    const tag = Date.now().toString(36).toUpperCase();
    const code = `WELCOME${tag}`.slice(0, 20);
    const created = await adminApi("/admin/promotions", { method: "POST", json: { name: "Welcome 10 %", code, kind: "percent", value: 10 } });
    expect(created.status, await created.clone().text()).toBe(201);
    const email = `guest.${tag.toLowerCase()}@example.test`;

    const { context, page } = await newPage("guest-journey");
    // Two of one item, one of another: the return takes one line back.
    await page.goto(`/p/${PRODUCT.slug}`);
    const form = page.getByRole("form", { name: "Add to cart" });
    // Once hydrated the add goes through a fetcher and opens the drawer; a click before that posts the page.
    await page.locator('input[name="respond"]').first().waitFor({ state: "attached" });
    await form.getByRole("button", { name: "Add to cart" }).click();
    await closeCartDrawer(page);
    await expect.poll(async () => page.getByRole("link", { name: /^Cart, \d+ items?$/ }).count()).toBe(1);
    await page.goto("/p/ribbed-merino-beanie");
    // Once hydrated the add goes through a fetcher and opens the drawer; a click before that posts the page.
    await page.locator('input[name="respond"]').first().waitFor({ state: "attached" });
    await page.getByRole("form", { name: "Add to cart" }).getByRole("button", { name: "Add to cart" }).click();
    await closeCartDrawer(page);
    await expect.poll(async () => page.getByRole("link", { name: "Cart, 2 items" }).count()).toBe(1);

    await page.goto("/cart");
    await page.getByLabel("Discount code").fill(code);
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByText("Welcome 10 %").first().waitFor({ state: "visible" });

    await page.goto("/checkout");
    const guest = page.getByRole("group", { name: "Check out as a guest" });
    await guest.getByLabel("Email").fill(email);
    const shipping = page.getByRole("group", { name: "Shipping address" });
    await shipping.getByLabel("Full name").fill("Grace Hopper");
    await shipping.getByLabel("Address", { exact: true }).fill("1 Compiler Way");
    await shipping.getByLabel("City").fill("Arlington");
    await shipping.getByLabel("Postal code").fill("22201");
    await shipping.getByLabel("Country").selectOption("US");
    await page.getByRole("group", { name: "Shipping method" }).getByText("Express").click();
    await page.getByRole("group", { name: "Payment" }).getByText(/Visa/).click();
    await page.getByRole("button", { name: "Place order" }).click();

    // The confirmation page is the order, opened by its token, and offers an account.
    await page.waitForURL(/\/orders\/ord_[A-Za-z0-9]+\?token=/);
    const orderId = /\/orders\/(ord_[A-Za-z0-9]+)/.exec(page.url())![1]!;
    await page.locator('[data-status="paid"]').waitFor({ state: "visible", timeout: 20_000 });
    await page.getByText(/create an account/i).first().waitFor({ state: "visible" });
    const order = await orderOf(orderId);
    expect(order.discountCents).toBeGreaterThan(0);
    expect(order.discounts.map((discount) => discount.code)).toContain(code);
    expect(order.shippingMethod?.name).toBe("Express");
    expect(order.subtotalCents - order.discountCents + order.shippingCents + order.taxCents).toBe(order.totalCents);

    // The emails went to the guest, and carry the order's own link.
    await expect.poll(async () => (await emailsTo(email)).map((sent) => sent.template).sort(), { timeout: 20_000 }).toEqual(
      expect.arrayContaining(["order_placed", "payment_succeeded"]),
    );
    const receipt = (await emailsTo(email)).find((sent) => sent.template === "payment_succeeded")!;
    expect(receipt.text).toContain(code);
    expect(receipt.text).toContain("Express");
    await context.close();

    // Later, on another device: the emailed link opens the order.
    const viaLink = await newPage("guest-link");
    await viaLink.page.goto(orderLinkIn(receipt));
    await viaLink.page.getByRole("heading", { name: `Order ${order.number}` }).waitFor({ state: "visible" });
    await viaLink.context.close();

    // And the lookup form emails a fresh link.
    const viaLookup = await newPage("guest-lookup");
    await viaLookup.page.goto("/orders/lookup");
    await viaLookup.page.getByLabel("Email").fill(email);
    await viaLookup.page.getByLabel("Order number").fill(order.number);
    await viaLookup.page.getByRole("button", { name: /email/i }).click();
    await viaLookup.page.getByText(/emailed/i).first().waitFor({ state: "visible" });
    await expect.poll(async () => (await emailsTo(email)).some((sent) => sent.template === "order_link"), { timeout: 20_000 }).toBe(true);
    const linkEmail = (await emailsTo(email)).find((sent) => sent.template === "order_link")!;
    await viaLookup.page.goto(orderLinkIn(linkEmail));
    await viaLookup.page.getByRole("heading", { name: `Order ${order.number}` }).waitFor({ state: "visible" });

    // The store ships and delivers it.
    const move = (json: unknown) => adminApi(`/orders/${orderId}/status`, { method: "PUT", json });
    expect((await move({ status: "processing" })).status).toBe(200);
    expect((await move({ status: "shipped", carrier: "UPS", trackingNumber: "1Z999AA10123456784" })).status).toBe(200);
    expect((await move({ status: "delivered" })).status).toBe(200);

    // The guest returns the cheaper line from the order's page.
    await viaLookup.page.reload();
    const line = [...order.items].sort((a, b) => a.lineTotalCents - b.lineTotalCents)[0]!;
    await viaLookup.page.getByText("Return items").click();
    await viaLookup.page.locator(`select[name="qty.${line.sku}"]`).selectOption(String(line.quantity));
    await viaLookup.page.locator(`select[name="reason.${line.sku}"]`).selectOption("changed_mind");
    await viaLookup.page.getByRole("button", { name: "Ask to return these items" }).click();
    await viaLookup.page.locator('[data-return-status="requested"]').waitFor({ state: "visible" });

    const returns = (await (await adminApi(`/orders/${orderId}/returns`)).json()) as { items: { id: string }[] };
    const returnId = returns.items[0]!.id;
    expect((await adminApi(`/admin/returns/${returnId}/approve`, { method: "POST" })).status).toBe(200);
    const received = await adminApi(`/admin/returns/${returnId}/receive`, { method: "POST", json: { lines: [{ sku: line.sku, quantity: line.quantity }] } });
    expect(received.status, await received.clone().text()).toBe(200);

    // What was paid for the line: its total less its share of the discount, plus that share of the tax.
    const paidForLine = line.lineTotalCents - line.discountCents;
    const taxable = order.subtotalCents - order.discountCents + order.shippingCents;
    const expected = paidForLine + Math.floor((paidForLine * order.taxCents) / taxable);
    expect(((await received.json()) as { refundCents: number }).refundCents).toBe(expected);
    await expect.poll(async () => (await orderOf(orderId)).refundedCents, { timeout: 20_000 }).toBe(expected);
    await viaLookup.page.reload();
    await viaLookup.page.locator('[data-return-status="refunded"]').waitFor({ state: "visible" });
    await expect.poll(async () => (await emailsTo(email)).some((sent) => sent.template === "order_refunded"), { timeout: 20_000 }).toBe(true);
    await viaLookup.context.close();
  });
});
