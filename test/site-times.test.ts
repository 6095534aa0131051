/**
 * Times on admin and order pages: a <time datetime> per moment, rendered by the server in the
 * zone the `tz` cookie names (the page's script writes it) or in UTC, always naming the zone;
 * a cookie Intl does not know is ignored.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { addToCart, checkout, deliver, waitForOrder, type OrderJson } from "./checkout-helpers";
import { createProduct } from "./factories/catalog";
import { api, createAdmin, registerUser, type TestSession } from "./helpers";
import { Browser, decode, mainOf } from "./site-helpers";

async function main(browser: Browser, path: string): Promise<string> {
  const response = await browser.get(path);
  expect(response.status, path).toBe(200);
  return mainOf(decode((await response.text()).replaceAll("<!-- -->", "")));
}

/** The text of each `<time datetime="…" data-local="">` on a page. */
function localTimes(html: string): { datetime: string; text: string }[] {
  return [...html.matchAll(/<time datetime="([^"]+)" data-local="">([^<]*)<\/time>/gi)].map((match) => ({ datetime: match[1]!, text: match[2]! }));
}

async function paidOrder(): Promise<{ shopper: TestSession; order: OrderJson }> {
  const product = await createProduct({ variants: [{ priceCents: 4_000, initialStock: 10 }] });
  const shopper = await registerUser();
  await addToCart(shopper, product.variants[0]!.sku, 1);
  const { order } = (await (await checkout(shopper, { token: "tok_visa" })).json()) as { order: OrderJson };
  return { shopper, order: await waitForOrder(shopper, order.id, (o) => o.status === "paid") };
}

let admin: TestSession;
let order: OrderJson;
let shopper: TestSession;

beforeAll(async () => {
  admin = await createAdmin();
  ({ order, shopper } = await paidOrder());
  // Something on every page: a review, an audited action (a refund), a dead letter.
  const author = await registerUser();
  const product = await createProduct();
  expect((await api(`/products/${product.id}/reviews`, { method: "POST", token: author.accessToken, json: { rating: 4, body: "Fine." } })).status).toBe(201);
  const payment = order.payments.find((entry) => entry.status === "succeeded")!;
  expect((await api(`/payments/${payment.id}/refund`, { method: "POST", token: admin.accessToken, json: { amountCents: 100 } })).status).toBe(200);
  await api("/auth/forgot-password", { method: "POST", json: { email: author.user.email } });
  const email = await env.DB.prepare("SELECT dedupe_key FROM email_outbox WHERE to_address = ?").bind(author.user.email).first<{ dedupe_key: string }>();
  await deliver("storefront-emails-dlq", [{ kind: "deliver", dedupeKey: email!.dedupe_key }]);
});

const ADMIN_PAGES = () => ["/admin", "/admin/orders", `/admin/orders/${order.id}`, "/admin/audit-log", "/admin/emails", "/admin/failed-jobs", "/admin/reviews"];

describe("admin times", () => {
  it("without a zone cookie, every page renders each moment as <time datetime> in UTC, saying so", async () => {
    const browser = new Browser();
    await browser.signIn(admin);
    for (const path of ADMIN_PAGES()) {
      const times = localTimes(await main(browser, path));
      expect(times.length, path).toBeGreaterThan(0);
      for (const time of times) {
        expect(Number.isNaN(Date.parse(time.datetime)), path).toBe(false);
        expect(time.text, path).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC$/);
      }
    }
    const detail = localTimes(await main(browser, `/admin/orders/${order.id}`));
    const placed = new Date(detail[0]!.datetime);
    const expected = new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" }).format(placed);
    expect(detail.map((time) => time.text)).toContain(expected);
  });

  it("renders in the zone the tz cookie names, and names it", async () => {
    const browser = new Browser();
    await browser.signIn(admin);
    browser.cookies.set("tz", encodeURIComponent("Asia/Tokyo"));
    for (const path of ADMIN_PAGES()) {
      const times = localTimes(await main(browser, path));
      expect(times.length, path).toBeGreaterThan(0);
      for (const time of times) expect(time.text, path).toMatch(/ GMT\+9$/);
    }
  });

  it.each(["Mars/Olympus_Mons", "%E0%A4%A", "UTC;drop", "x".repeat(200), "../../etc"])("ignores a tz cookie Intl does not know (%s): UTC, never an error", async (value) => {
    const browser = new Browser();
    await browser.signIn(admin);
    browser.cookies.set("tz", value);
    const times = localTimes(await main(browser, `/admin/orders/${order.id}`));
    expect(times.length).toBeGreaterThan(0);
    for (const time of times) expect(time.text).toMatch(/ UTC$/);
  });

  it("still refuses the pages to shoppers, whatever their zone", async () => {
    const browser = new Browser();
    await browser.signIn(shopper);
    browser.cookies.set("tz", "Asia/Tokyo");
    for (const path of ADMIN_PAGES()) expect((await browser.get(path)).status, path).toBe(403);
  });
});

describe("shoppers' order pages", () => {
  it("show the order's moments in the remembered zone, in the page's language, or in UTC", async () => {
    const browser = new Browser();
    await browser.signIn(shopper);
    const utc = localTimes(await main(browser, `/orders/${order.id}`));
    expect(utc.length).toBeGreaterThan(1);
    for (const time of utc) expect(time.text).toMatch(/ UTC$/);
    expect(localTimes(await main(browser, "/orders")).length).toBeGreaterThan(0);

    browser.cookies.set("tz", "Asia/Tokyo");
    const tokyo = localTimes(await main(browser, `/orders/${order.id}`));
    for (const time of tokyo) expect(time.text).toMatch(/ GMT\+9$/);
    const japanese = localTimes(await main(browser, `/ja/orders/${order.id}`));
    for (const time of japanese) expect(time.text).toMatch(/JST$/);
    const placed = await main(browser, `/orders/${order.id}`);
    expect(placed).toMatch(/Placed <time datetime="[^"]+" data-local="">[^<]+GMT\+9<\/time>/i);

    browser.cookies.set("tz", "Not/AZone");
    for (const time of localTimes(await main(browser, `/orders/${order.id}`))) expect(time.text).toMatch(/ UTC$/);
  });
});
