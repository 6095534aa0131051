/**
 * The storefront's account, order, notification and recovery pages in German, French and
 * Japanese: each page shows its own words from the resources, and never the English ones.
 */
import { describe, expect, it } from "vitest";
import de from "../web/app/locales/de/common.json";
import en from "../web/app/locales/en/common.json";
import fr from "../web/app/locales/fr/common.json";
import ja from "../web/app/locales/ja/common.json";
import { addToCart, checkout, waitForOrder } from "./checkout-helpers";
import { createSku } from "./factories/stock";
import { api, registerUser, type TestSession } from "./helpers";
import { Browser, decode, mainOf } from "./site-helpers";

async function html(response: Response): Promise<string> {
  return decode((await response.text()).replaceAll("<!-- -->", ""));
}

/** A signed-in shopper (through the site) with one paid order. */
async function shopperWithPaidOrder(): Promise<{ session: TestSession; browser: Browser; orderId: string }> {
  const session = await registerUser();
  await addToCart(session, await createSku(5, 2500), 1);
  const placed = await checkout(session);
  expect(placed.status).toBe(202);
  const { id } = ((await placed.json()) as { order: { id: string } }).order;
  await waitForOrder(session, id, (order) => order.status === "paid");
  const browser = new Browser();
  await browser.signIn(session);
  return { session, browser, orderId: id };
}

async function page(browser: Browser, path: string): Promise<string> {
  const response = await browser.get(path);
  expect(response.status, path).toBe(200);
  return mainOf(await html(response));
}

const LANGS = [
  ["de", de],
  ["fr", fr],
  ["ja", ja],
] as const;

describe("orders and notifications in each language", () => {
  it.each(LANGS)("/%s/orders lists the orders with a translated status and date", async (lang, words) => {
    const { browser } = await shopperWithPaidOrder();
    const main = await page(browser, `/${lang}/orders`);
    expect(main).toContain(words.orders.title);
    expect(main).not.toContain(en.orders.title);
    expect(main).toContain(words.orderStatus.paid);
    expect(main).not.toContain(">Paid<");
    // The order's date is written the page's way (the month's name is never English).
    expect(main).not.toMatch(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/);
  });

  it.each(LANGS)("/%s/orders/:id shows the status, steps and messages in that language", async (lang, words) => {
    const { browser, orderId } = await shopperWithPaidOrder();
    const main = await page(browser, `/${lang}/orders/${orderId}`);
    expect(main).toMatch(new RegExp(`data-status="paid">${words.orderStatus.paid}<`));
    expect(main).toContain(words.order.message.paid);
    expect(main).not.toContain(en.order.message.paid);
    expect(main).toContain(words.orderStep.processing);
    expect(main).toContain(words.order.cancel);
    expect(main).not.toContain(en.order.cancel);
    expect(main).not.toContain(en.orderStatus.placed);
  });

  it("the English order page keeps its English words", async () => {
    const { browser, orderId } = await shopperWithPaidOrder();
    const main = await page(browser, `/orders/${orderId}`);
    expect(main).toContain('data-status="paid">Paid<');
    expect(main).toContain("Your payment went through.");
    expect(main).toContain("Cancel order");
  });

  it.each(LANGS)("/%s/notifications is translated, and so is its notice after marking all read", async (lang, words) => {
    const { session, browser } = await shopperWithPaidOrder();
    // The order's notifications are written by the queue: wait for one.
    for (let tries = 0; tries < 100; tries++) {
      const listed = (await (await api("/notifications?limit=1", { token: session.accessToken })).json()) as { items: unknown[] };
      if (listed.items.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const main = await page(browser, `/${lang}/notifications`);
    expect(main).toContain(words.notifications.markAllRead);
    expect(main).not.toContain(en.notifications.markAllRead);
    expect(main).toContain(words.notifications.viewOrder);
    expect(main).not.toContain("View order");

    const marked = await browser.post(`/${lang}/notifications`, { intent: "read-all" });
    expect(marked.headers.get("location")).toBe(`/${lang}/notifications?done=all-read`);
    const after = mainOf(await html(await browser.follow(marked)));
    expect(after).toContain(words.notifications.notice.allRead);
    expect(after).toContain(words.notifications.caughtUp);
    expect(after).not.toContain(en.notifications.caughtUp);
  });
});
