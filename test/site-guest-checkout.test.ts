/**
 * Guest checkout on the site, the way a browser without JavaScript uses it: a first-time buyer
 * checks out with an email, lands on the order page its token opens, finds an order again by
 * email and number, and keeps the orders in an account only after following an emailed link.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createProduct, uniqueSku, uniqueWord, type ProductView } from "./factories/catalog";
import { uniqueEmail } from "./helpers";
import { Browser, decode, mainOf } from "./site-helpers";

async function html(response: Response): Promise<string> {
  return decode((await response.text()).replaceAll("<!-- -->", ""));
}

const ADDRESS_FIELDS = {
  "shippingAddress.name": "Grace Hopper",
  "shippingAddress.line1": "1 Compiler Lane",
  "shippingAddress.line2": "",
  "shippingAddress.city": "Arlington",
  "shippingAddress.region": "",
  "shippingAddress.postalCode": "22201",
  "shippingAddress.country": "US",
  billingSame: "on",
  "payment.token": "tok_visa",
};

async function product(): Promise<ProductView> {
  return createProduct({ name: `Guest item ${uniqueWord("gst")}`, variants: [{ sku: uniqueSku("GST"), priceCents: 1500, initialStock: 10 }] });
}

/** A guest browser with one item in its cart, on the checkout page. */
async function guestAtCheckout() {
  const item = await product();
  const browser = new Browser();
  const added = await browser.post(`/p/${item.slug}`, { intent: "add", sku: item.variants[0]!.sku, quantity: "1" });
  expect(added.status).toBeLessThan(400);
  const page = await browser.get("/checkout");
  expect(page.status).toBe(200);
  const text = await html(page);
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(text)![1]!;
  return { browser, item, page: text, key };
}

function orderLinkOf(response: Response): { id: string; token: string; path: string } {
  expect(response.status, "a placed order redirects with 303").toBe(303);
  const location = response.headers.get("location") ?? "";
  const match = /^\/orders\/([A-Za-z0-9_-]+)\?token=(ot_[A-Za-z0-9_-]+)$/.exec(location);
  expect(match, `redirected to ${location}`).toBeTruthy();
  return { id: match![1]!, token: match![2]!, path: location };
}

async function emailsTo(address: string) {
  const rows = await env.DB.prepare("SELECT dedupe_key, template, text FROM email_outbox WHERE to_address = ? ORDER BY rowid")
    .bind(address)
    .all<{ dedupe_key: string; template: string; text: string }>();
  return rows.results;
}

function emailedPath(text: string): string {
  const match = /http:\/\/localhost:8787(\/orders\/[A-Za-z0-9_]+\?token=ot_[A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no order link in ${text}`);
  return match[1]!;
}

async function guestOrder(email = uniqueEmail("site-guest").toLowerCase()) {
  const { browser, key } = await guestAtCheckout();
  const placed = await browser.post("/checkout", { email, ...ADDRESS_FIELDS, idempotencyKey: key });
  return { browser, email, ...orderLinkOf(placed) };
}

describe("guest checkout on the site", () => {
  it("offers a first-time buyer guest checkout with an email (and sign in), then shows the order its token opens, privately", async () => {
    const { browser, key, page } = await guestAtCheckout();
    const main = mainOf(page);
    expect(main).toContain("Check out as a guest");
    expect(main).toMatch(/<input[^>]*name="email"[^>]*type="email"|<input[^>]*type="email"[^>]*name="email"/);
    expect(main).toContain('href="/login?redirectTo=%2Fcheckout"');

    const email = uniqueEmail("site-buyer").toLowerCase();
    const placed = await browser.post("/checkout", { email, ...ADDRESS_FIELDS, idempotencyKey: key });
    const link = orderLinkOf(placed);
    const confirmation = await browser.follow(placed);
    expect(confirmation.status).toBe(200);
    expect(confirmation.headers.get("cache-control")).toBe("private, no-store");
    const text = mainOf(await html(confirmation));
    expect(text).toContain("Order ORD-");
    expect(text).toContain("Keep your orders in one place");
    expect(text).toContain(email);
    expect(text).toContain('href="/register?redirectTo=%2Forders"');

    const started = Date.now();
    for (;;) {
      const status = await browser.get(`/orders/${link.id}/status?token=${link.token}`);
      expect(status.status).toBe(200);
      const body = (await status.json()) as { status: string };
      if (body.status === "paid") break;
      if (Date.now() - started > 10_000) throw new Error("never paid");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(mainOf(await html(await browser.get(link.path)))).toContain("Your payment went through");
    // The emails went to the guest's address.
    expect((await emailsTo(email)).map((row) => row.template)).toContain("order_placed");
  });

  it.each([
    { name: "no email", email: "", message: "Enter a valid email address." },
    { name: "a bad email", email: "not-an-email", message: "Enter a valid email address." },
  ])("refuses $name next to the field and places nothing", async ({ email, message }) => {
    const { browser, key } = await guestAtCheckout();
    const before = (await env.DB.prepare("SELECT count(*) AS n FROM orders").first<{ n: number }>())!.n;
    const response = await browser.post("/checkout", { email, ...ADDRESS_FIELDS, idempotencyKey: key });
    expect(response.status).toBe(400);
    expect(mainOf(await html(response))).toContain(message);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM orders").first<{ n: number }>())!.n).toBe(before);
  });

  it("answers a wrong token with the 404 page", async () => {
    const { browser, id } = await guestOrder();
    const response = await browser.get(`/orders/${id}?token=ot_${"Z".repeat(43)}`);
    expect(response.status).toBe(404);
    expect(await html(response)).toContain("We couldn't find that order");
    // Without a token or a session: sign in.
    expect((await new Browser().get(`/orders/${id}`)).status).toBe(302);
  });

  it("cancels a guest's order from its page with the token, without JavaScript", async () => {
    const { browser, id, token, path } = await guestOrder();
    const response = await browser.post(path, { intent: "cancel" });
    expect(response.status, await response.clone().text()).toBe(303);
    expect(response.headers.get("location")).toBe(`/orders/${id}?token=${token}&done=cancelled`);
    expect(mainOf(await html(await browser.follow(response)))).toContain("Your order has been cancelled.");
  });
});

describe("finding an order without an account", () => {
  it("says the same whether or not the address and number match, and emails a link only on a match", async () => {
    const { email, id } = await guestOrder();
    const number = (await env.DB.prepare("SELECT number FROM orders WHERE id = ?").bind(id).first<{ number: string }>())!.number;
    const browser = new Browser();
    const page = await browser.get("/orders/lookup");
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("private, no-store");

    for (const fields of [{ email: uniqueEmail("nobody"), number }, { email, number }]) {
      const response = await browser.post("/orders/lookup", fields);
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe("/orders/lookup?sent=1");
      expect(mainOf(await html(await browser.follow(response)))).toContain("If they match an order, we've emailed you a link to it.");
    }
    const links = (await emailsTo(email)).filter((row) => row.template === "order_link");
    expect(links).toHaveLength(1);
    expect((await browser.get(emailedPath(links[0]!.text))).status).toBe(200);
  });

  it("shows the fields' own messages for an empty or malformed form", async () => {
    const response = await new Browser().post("/orders/lookup", { email: "", number: "12" });
    expect(response.status).toBe(400);
    const text = mainOf(await html(response));
    expect(text).toContain("Enter your email address.");
    expect(text).toContain("Enter the order number, e.g. ORD-7K3F9Q.");
  });
});

describe("keeping guest orders in an account", () => {
  const password = "correct horse battery staple";

  it("attaches them at registration after the shopper followed the emailed link", async () => {
    const { browser, email, id } = await guestOrder();
    const placedEmail = (await emailsTo(email)).find((row) => row.dedupe_key === `order_placed:${id}`)!;
    expect((await browser.get(emailedPath(placedEmail.text))).status).toBe(200);
    const registered = await browser.post("/register", { name: "Grace Hopper", email, password, redirectTo: "/orders" });
    expect(registered.status, await registered.clone().text()).toBe(302);
    const orders = await html(await browser.follow(registered));
    expect(mainOf(orders)).toContain(`/orders/${id}`);
  });

  it("attaches nothing when the shopper only saw the confirmation page (the checkout's own token)", async () => {
    const { browser, email, id, path } = await guestOrder();
    expect((await browser.get(path)).status).toBe(200);
    const registered = await browser.post("/register", { name: "Not Proven", email, password, redirectTo: "/orders" });
    expect(registered.status).toBe(302);
    const row = await env.DB.prepare("SELECT user_id FROM orders WHERE id = ?").bind(id).first<{ user_id: string | null }>();
    expect(row!.user_id).toBeNull();
  });
});
