/**
 * What the cart drawer asks of the site with JavaScript: it reads the cart through its own route
 * (single fetch, `/cart/drawer.data`) and changes it through the cart page's action with
 * `respond=data`. Both are the visitor's own, never kept by a cache, for guests and customers.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { createProduct, uniqueSku, uniqueWord, type ProductView } from "./factories/catalog";
import { api, registerUser, type TestSession } from "./helpers";
import { Browser, mainOf } from "./site-helpers";

/** The drawer's read: its route's loader alone, as useFetcher().load("/cart/drawer") asks it. */
const DRAWER_READ = `/cart/drawer.data?_routes=${encodeURIComponent("routes/cart_.drawer")}`;

/** Every cart object unreachable while `during` runs, as when its Durable Object is down. */
async function withCartsDown<T>(during: () => Promise<T>): Promise<T> {
  const down = vi.spyOn(env.CART, "getByName").mockImplementation(() => {
    throw new Error("Durable Object is overloaded");
  });
  try {
    return await during();
  } finally {
    down.mockRestore();
  }
}

async function product(stock = 10): Promise<ProductView> {
  return createProduct({
    name: `Drawer item ${uniqueWord("drawer")}`,
    variants: [{ sku: uniqueSku("DRW"), priceCents: 1800, initialStock: stock }],
  });
}

async function addThroughPage(browser: Browser, item: ProductView, quantity: number) {
  const response = await browser.post(`/p/${item.slug}`, { intent: "add", sku: item.variants[0]!.sku, quantity: String(quantity) });
  expect(response.status).toBe(302);
}

/** The quantity box's value for a SKU on the cart page. */
function quantityOf(cartHtml: string, sku: string): number | null {
  const line = new RegExp(`name="sku" value="${sku}"/>[\\s\\S]*?name="quantity"[^>]*value="(\\d+)"`).exec(cartHtml);
  return line ? Number(line[1]) : null;
}

/** The drawer's stepper form as the fetcher sends it. */
function drawerPost(browser: Browser, fields: [string, string][]) {
  return browser.post("/cart.data", [...fields, ["respond", "data"]]);
}

async function accountQuantities(session: TestSession): Promise<Record<string, number>> {
  const response = await api("/cart", { token: session.accessToken });
  expect(response.status).toBe(200);
  const cart = (await response.json()) as { items: { sku: string; quantity: number }[] };
  return Object.fromEntries(cart.items.map((line) => [line.sku, line.quantity]));
}

describe("the drawer's read of the cart", () => {
  it("gives a guest their own lines, private and never stored, and starts no cart for a visitor without one", async () => {
    const item = await product();
    const sku = item.variants[0]!.sku;
    const guest = new Browser();
    await addThroughPage(guest, item, 2);

    const read = await guest.get(DRAWER_READ);
    expect(read.status).toBe(200);
    expect(read.headers.get("cache-control")).toBe("private, no-store");
    expect(read.headers.get("x-page-cache")).toBeNull();
    const body = await read.text();
    expect(body).toContain(sku);
    expect(body).toContain(item.name);

    // Another visitor, and one with no cart at all, see none of it; reading sets no cart cookie.
    const stranger = new Browser();
    const empty = await stranger.get(DRAWER_READ);
    expect(empty.status).toBe(200);
    expect(empty.headers.get("cache-control")).toBe("private, no-store");
    expect(await empty.text()).not.toContain(sku);
    expect(empty.headers.getSetCookie().some((cookie) => /sf_cart=/.test(cookie))).toBe(false);
  });

  it("gives a signed-in shopper their account's cart", async () => {
    const item = await product();
    const shopper = await registerUser();
    const browser = new Browser();
    await browser.signIn(shopper);
    await addThroughPage(browser, item, 1);
    const read = await browser.get(DRAWER_READ);
    expect(read.status).toBe(200);
    expect(read.headers.get("cache-control")).toBe("private, no-store");
    expect(await read.text()).toContain(item.variants[0]!.sku);
  });
});

describe("a cart that cannot be read", () => {
  it("is the drawer's answer, with its status, never an error page; the cart is intact afterwards", async () => {
    const item = await product();
    const sku = item.variants[0]!.sku;
    const guest = new Browser();
    await addThroughPage(guest, item, 2);

    const read = await withCartsDown(() => guest.get(DRAWER_READ));
    expect(read.status).toBe(503);
    expect(read.headers.get("cache-control")).toBe("private, no-store");
    const body = await read.text();
    expect(body).toContain('"data"');
    expect(body).toContain('"ok",false');
    expect(body).not.toContain(sku);
    // A thrown error travels as one in single fetch; this is data the drawer renders.
    expect(body).not.toMatch(/ErrorResponse|SingleFetchRedirect/);

    const again = await guest.get(DRAWER_READ);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain(sku);
  });

  it("is the stepper form's answer too, and changes nothing", async () => {
    const item = await product();
    const sku = item.variants[0]!.sku;
    const guest = new Browser();
    await addThroughPage(guest, item, 2);

    const stepped = await withCartsDown(() => drawerPost(guest, [["intent", "update-cart"], ["sku", sku], ["quantity", "2"], ["step", `${sku}:+1`]]));
    expect(stepped.status).toBe(503);
    expect(stepped.headers.get("cache-control")).toBe("private, no-store");
    expect(await stepped.text()).toContain("Something went wrong on our side");
    expect(quantityOf(mainOf(await (await guest.get("/cart")).text()), sku)).toBe(2);
  });

  it("is still the cart page's error page, with its status", async () => {
    const item = await product();
    const guest = new Browser();
    await addThroughPage(guest, item, 1);
    const page = await withCartsDown(() => guest.get("/cart"));
    expect(page.status).toBe(503);
  });
});

describe("the drawer's steppers", () => {
  it("steps and removes a signed-in shopper's line through the cart action, answering with data", async () => {
    const item = await product();
    const sku = item.variants[0]!.sku;
    const shopper = await registerUser();
    const browser = new Browser();
    await browser.signIn(shopper);
    await addThroughPage(browser, item, 1);

    const stepped = await drawerPost(browser, [["sku", sku], ["quantity", "1"], ["step", `${sku}:+1`]]);
    expect(stepped.status).toBe(200);
    expect(stepped.headers.get("cache-control")).toBe("private, no-store");
    expect(await stepped.text()).toContain("updated");
    expect(await accountQuantities(shopper)).toEqual({ [sku]: 2 });

    const removed = await drawerPost(browser, [["sku", sku], ["quantity", "2"], ["remove", sku]]);
    expect(removed.status).toBe(200);
    expect(await accountQuantities(shopper)).toEqual({});
  });

  it.each([
    ["a quantity that is not a number", [["quantity", "abc"]]],
    ["a quantity over the limit", [["quantity", "100"]]],
    ["a negative quantity", [["quantity", "-1"]]],
    ["a malformed step", [["quantity", "3"], ["step", "nonsense"]]],
    ["quantities that do not match the lines", [["quantity", "3"], ["quantity", "4"]]],
  ] as const)("refuses %s with a 400 and changes nothing, for a guest", async (_name, extra) => {
    const item = await product();
    const sku = item.variants[0]!.sku;
    const guest = new Browser();
    await addThroughPage(guest, item, 3);

    const refused = await drawerPost(guest, [["sku", sku], ...extra.map(([name, value]) => [name, value] as [string, string])]);
    expect(refused.status).toBe(400);
    expect(refused.headers.get("cache-control")).toBe("private, no-store");
    // The cart still holds the three it had.
    expect(quantityOf(mainOf(await (await guest.get("/cart")).text()), sku)).toBe(3);
  });
});
