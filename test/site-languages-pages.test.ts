/**
 * The storefront's account, order, notification and recovery pages in German, French and
 * Japanese: each page shows its own words from the resources, and never the English ones.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import de from "../web/app/locales/de/common.json";
import en from "../web/app/locales/en/common.json";
import fr from "../web/app/locales/fr/common.json";
import ja from "../web/app/locales/ja/common.json";
import { addToCart, checkout, waitForOrder } from "./checkout-helpers";
import { createProduct, uniqueWord } from "./factories/catalog";
import { createSku } from "./factories/stock";
import { api, registerUser, site, type TestSession } from "./helpers";
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

describe("account and recovery pages in each language", () => {
  it.each(LANGS)("/%s/account shows a signed-in shopper their account in that language", async (lang, words) => {
    const session = await registerUser();
    const browser = new Browser();
    await browser.signIn(session);
    const main = await page(browser, `/${lang}/account`);
    expect(main).toContain(`<h1 class="text-2xl font-bold tracking-tight sm:text-3xl">${words.account.title}</h1>`);
    expect(main).toContain(`${words.account.signedInAs} <span class="font-medium text-stone-900">${session.user.email}</span>`);
    expect(main).toContain(words.account.saveProfile);
    expect(main).toContain(words.account.changePasswordBody);
    expect(main).not.toContain(en.account.signedInAs);
    expect(main).not.toContain(en.account.saveProfile);
    expect(main).not.toContain(en.account.phone);
    // "member since" is a date in the page's language, in the shopper's zone (UTC until the browser names one).
    const day = new Intl.DateTimeFormat({ de: "de-DE", fr: "fr-FR", ja: "ja-JP" }[lang], { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(new Date());
    expect(main).toMatch(new RegExp(`<time dateTime="[^"]+" data-local="">${day.replace(/[.]/g, "\\.")}</time>`));

    // A form the site itself refuses says why in the page's language.
    const refused = await browser.post(`/${lang}/account`, { intent: "password", currentPassword: "", newPassword: "a-long-new-password-1", confirmPassword: "another-one" });
    expect(refused.status).toBe(400);
    const text = mainOf(await html(refused));
    expect(text).toContain(words.validation.currentPassword);
    expect(text).not.toContain(en.validation.currentPassword);
  });

  it.each(LANGS)("/%s/forgot-password asks, refuses and confirms in that language", async (lang, words) => {
    const browser = new Browser();
    const main = await page(browser, `/${lang}/forgot-password`);
    expect(main).toContain(words.recovery.forgotIntro);
    expect(main).toContain(words.recovery.send);
    expect(main).not.toContain(en.recovery.send);
    expect(main).not.toContain(en.recovery.remembered);

    const empty = await browser.post(`/${lang}/forgot-password`, { email: "" });
    expect(empty.status).toBe(400);
    expect(mainOf(await html(empty))).toContain(words.validation.email);

    const sent = await browser.post(`/${lang}/forgot-password`, { email: `nobody-${crypto.randomUUID()}@example.com` });
    expect(sent.headers.get("location")).toBe(`/${lang}/forgot-password?sent=1`);
    const confirmed = mainOf(await html(await browser.follow(sent)));
    expect(confirmed).toContain(words.recovery.sent);
    expect(confirmed).not.toContain(en.recovery.sent);
  });

  it.each(LANGS)("/%s/reset-password explains a missing token, a dead link and a mismatch in that language", async (lang, words) => {
    const browser = new Browser();
    const missing = await page(browser, `/${lang}/reset-password`);
    expect(missing).toContain(words.recovery.incomplete);
    expect(missing).not.toContain(en.recovery.incomplete);

    const dead = await browser.get(`/${lang}/reset-password?token=abc`);
    expect(dead.status).toBe(400);
    const deadText = mainOf(await html(dead));
    expect(deadText).toContain(words.recovery.linkExpiredTitle);
    expect(deadText).toContain(words.recovery.linkExpiredBody);
    expect(deadText).toContain(words.recovery.askNewLink);
    expect(deadText).not.toContain(en.recovery.linkExpiredBody);

    const session = await registerUser();
    expect((await api("/auth/forgot-password", { method: "POST", json: { email: session.user.email } })).status).toBe(202);
    const email = await env.DB.prepare("SELECT text FROM email_outbox WHERE to_address = ? AND template = 'password_reset'").bind(session.user.email).first<{ text: string }>();
    const token = decodeURIComponent(/token=([A-Za-z0-9_%-]+)/.exec(email!.text)![1]!);
    const link = `/${lang}/reset-password?${new URLSearchParams({ token })}`;
    const withToken = await page(browser, link);
    expect(withToken).toContain(words.recovery.resetIntro);
    expect(withToken).toContain(words.recovery.save);
    expect(withToken).not.toContain(en.recovery.save);

    const mismatch = await browser.post(link, { token, newPassword: "a-long-new-password-1", confirmPassword: "something-else-22" });
    expect(mismatch.status).toBe(400);
    const text = mainOf(await html(mismatch));
    expect(text).toContain(words.validation.passwordsMatch);
    expect(text).not.toContain(en.validation.passwordsMatch);
  });

  it.each(LANGS)("/%s/orders/lookup is translated, its own messages too", async (lang, words) => {
    const browser = new Browser();
    const main = await page(browser, `/${lang}/orders/lookup`);
    expect(main).toContain(words.lookup.intro);
    expect(main).toContain(words.lookup.number);
    expect(main).not.toContain(en.lookup.number);
    expect(main).toContain(words.lookup.signIn.split("<link>")[0]!);
    expect(main).not.toContain("to see all your orders");

    const empty = await browser.post(`/${lang}/orders/lookup`, { email: "someone@example.com", number: "" });
    expect(empty.status).toBe(400);
    const text = mainOf(await html(empty));
    expect(text).toContain(words.validation.orderNumber);
    expect(text).not.toContain(en.validation.orderNumber);
  });
});

describe("components in each language", () => {
  it.each(LANGS)("/%s/p/:slug shows the review form, and its own refusal, in that language", async (lang, words) => {
    const product = await createProduct({ name: `Lang tent ${uniqueWord("rv")}`, variants: [{ priceCents: 9900, initialStock: 2 }] });
    const signedOut = mainOf(await html(await site(`/${lang}/p/${product.slug}`)));
    expect(signedOut).toContain(words.reviews.signInToWrite.split("<link>")[1]!.split("</link>")[0]!);
    expect(signedOut).not.toContain("to write a review.");

    const browser = new Browser();
    await browser.signIn(await registerUser());
    const main = await page(browser, `/${lang}/p/${product.slug}`);
    expect(main).toContain(words.reviews.yourRating);
    expect(main).toContain(words.reviews.bodyHint);
    expect(main).toContain(words.reviews.post);
    expect(main).not.toContain(en.reviews.post);
    expect(main).not.toContain(en.reviews.yourRating);

    const missing = await browser.post(`/${lang}/p/${product.slug}`, { intent: "review", title: "", body: "" });
    expect(missing.status).toBe(400);
    const text = mainOf(await html(missing));
    expect(text).toContain(words.validation.rating);
    expect(text).not.toContain(en.validation.rating);
  });

  it.each(LANGS)("/%s/orders/:id offers a delivered order's return with translated reasons", async (lang, words) => {
    const { browser, orderId } = await shopperWithPaidOrder();
    await env.DB.prepare("UPDATE orders SET status = 'delivered' WHERE id = ?").bind(orderId).run();
    const main = await page(browser, `/${lang}/orders/${orderId}`);
    expect(main).toMatch(new RegExp(`data-status="delivered">${words.orderStatus.delivered}<`));
    expect(main).toContain(words.returns.open);
    expect(main).toMatch(new RegExp(`<option value="changed_mind"[^>]*>${words.returns.reason.changed_mind}</option>`));
    expect(main).toMatch(new RegExp(`<option value="damaged"[^>]*>${words.returns.reason.damaged}</option>`));
    expect(main).not.toContain(en.returns.reason.changed_mind);
    expect(main).not.toContain(en.returns.submit);
  });

  it.each(LANGS)("/%s/account/addresses and checkout's saved-address picker are translated", async (lang, words) => {
    const { session, browser } = await shopperWithPaidOrder();
    const empty = await page(browser, `/${lang}/account/addresses`);
    expect(empty).toContain(words.addresses.none);
    expect(empty).toContain(words.address.postalCode);
    expect(empty).not.toContain(en.addresses.none);
    expect(empty).not.toContain(en.addresses.useDefaultShipping);

    const saved = await browser.post(`/${lang}/account/addresses`, {
      intent: "save", name: "Ada Lovelace", line1: "12 Analytical Row", city: "London", postalCode: "N1 9GU", country: "GB", isDefaultShipping: "on",
    });
    expect(saved.headers.get("location")).toBe(`/${lang}/account/addresses?updated=added`);
    const list = mainOf(await html(await browser.follow(saved)));
    expect(list).toContain(words.addresses.notice.added);
    expect(list).toContain(words.addresses.defaultShipping);
    expect(list).not.toContain(en.addresses.defaultShipping);

    await addToCart(session, await createSku(5, 1500), 1);
    const checkoutPage = await page(browser, `/${lang}/checkout`);
    expect(checkoutPage).toContain(words.savedAddress.billTo);
    expect(checkoutPage).not.toContain(en.savedAddress.shipTo);
    expect(checkoutPage).toContain(words.testCard.visa);
    expect(checkoutPage).not.toContain(en.testCard.visaOutcome);
  });

  it.for([
    // The euro market converts and rounds the price; what matters is the currency and how it is written.
    ["de", /^\d+,\d{2}\s€$/],
    ["fr", /^\d+,\d{2}\s€$/],
    ["ja", /^€\d+\.\d{2}$/],
  ] as const)("/%s/search/suggest prices each suggestion in its own currency, the page's way", async ([lang, format], ctx) => {
    const response = await api("/markets");
    if (response.status === 404) return ctx.skip("the API lists no markets here");
    const { items: markets } = (await response.json()) as { items: { id: string; currency: string }[] };
    const euro = markets.find((market) => market.currency === "EUR");
    if (!euro) return ctx.skip("no euro market here");
    const word = uniqueWord("sg");
    const product = await createProduct({ name: `Suggested lamp ${word}`, variants: [{ priceCents: 1500, initialStock: 3 }] });
    const suggested = await site(`/${lang}/search/suggest?q=${encodeURIComponent(`lamp ${word}`)}`, { headers: { cookie: `market=${euro.id}` } });
    const body = (await suggested.json()) as { items: { slug: string; price: string }[] };
    const item = body.items.find((candidate) => candidate.slug === product.slug);
    expect(item, JSON.stringify(body)).toBeTruthy();
    expect(item!.price).toMatch(format);
  });
});

describe("a guest's order in each language", () => {
  it.each(LANGS)("/%s: a guest who checks out sees the order and the account offer in that language", async (lang, words) => {
    const item = await createProduct({ name: `Lang guest item ${uniqueWord("gl")}`, variants: [{ priceCents: 1500, initialStock: 10 }] });
    const browser = new Browser();
    const added = await browser.post(`/${lang}/p/${item.slug}`, { intent: "add", sku: item.variants[0]!.sku, quantity: "1" });
    expect(added.status).toBeLessThan(400);
    const checkoutPage = await html(await browser.get(`/${lang}/checkout`));
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(checkoutPage)![1]!;
    const email = `lang-guest-${crypto.randomUUID()}@example.com`;
    // The site's own check (a hand-made post with no card chosen) answers in the page's language.
    const noCard = await browser.post(`/${lang}/checkout`, { email, "shippingAddress.country": "US", idempotencyKey: key });
    expect(noCard.status).toBe(400);
    const refused = mainOf(await html(noCard));
    expect(refused).toContain(words.checkout.choosePayment);
    expect(refused).not.toContain(en.checkout.choosePayment);

    const placed = await browser.post(`/${lang}/checkout`, {
      email,
      "shippingAddress.name": "Ada Lovelace",
      "shippingAddress.line1": "1 Main St",
      "shippingAddress.line2": "",
      "shippingAddress.city": "Arlington",
      "shippingAddress.region": "",
      "shippingAddress.postalCode": "22201",
      "shippingAddress.country": "US",
      billingSame: "on",
      "payment.token": "tok_visa",
      idempotencyKey: key,
    });
    expect(placed.status).toBe(303);
    expect(placed.headers.get("location")).toMatch(new RegExp(`^/${lang}/orders/`));
    const main = mainOf(await html(await browser.follow(placed)));
    expect(main).toContain(words.order.guest.title);
    expect(main).toContain(email);
    expect(main).toContain(`href="/${lang}/register?redirectTo=%2F${lang}%2Forders"`);
    expect(main).not.toContain(en.order.guest.title);
  });
});

describe("resources", () => {
  /** Every key, with i18next's plural suffixes folded (Japanese has only `_other`). */
  function keysOf(tree: object, prefix = ""): Set<string> {
    const keys = new Set<string>();
    for (const [key, value] of Object.entries(tree)) {
      if (value !== null && typeof value === "object") for (const nested of keysOf(value, `${prefix}${key}.`)) keys.add(nested);
      else keys.add(`${prefix}${key}`.replace(/_(zero|one|two|few|many|other)$/, ""));
    }
    return keys;
  }

  it.each(LANGS)("en and %s have the same keys", (_lang, words) => {
    const english = keysOf(en);
    const other = keysOf(words);
    expect([...english].filter((key) => !other.has(key)), "missing in the translation").toEqual([]);
    expect([...other].filter((key) => !english.has(key)), "missing in English").toEqual([]);
  });
});
