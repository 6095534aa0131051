import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { admin, createProduct, uniqueSku, uniqueWord, type ProductView } from "./factories/catalog";
import { api, registerUser, type TestSession } from "./helpers";
import { Browser, mainOf } from "./site-helpers";

async function html(response: Response): Promise<string> {
  return (await response.text()).replaceAll("<!-- -->", "");
}

interface ApiCart {
  items: { sku: string; quantity: number; priceChanged: boolean; unavailable: boolean }[];
  totalItems: number;
  subtotalCents: number;
}

async function accountCart(session: TestSession): Promise<ApiCart> {
  const response = await api("/cart", { token: session.accessToken });
  expect(response.status).toBe(200);
  return (await response.json()) as ApiCart;
}

async function product(options: { stock?: number; priceCents?: number; variants?: number } = {}): Promise<ProductView> {
  const word = uniqueWord("cart");
  const count = options.variants ?? 1;
  return createProduct({
    name: `Cart item ${word}`,
    variants: Array.from({ length: count }, (_, i) => ({
      sku: uniqueSku("CRT"),
      title: count > 1 ? `Option ${i + 1}` : undefined,
      priceCents: options.priceCents ?? 2500,
      initialStock: options.stock ?? 10,
    })),
  });
}

/** Adds to the cart through the product page's form, without JavaScript. */
async function addThroughPage(browser: Browser, item: ProductView, quantity: number, sku = item.variants[0]!.sku) {
  return browser.post(`/p/${item.slug}`, { intent: "add", sku, quantity: String(quantity) });
}

/** The quantity input's value for a SKU on the cart page. */
function quantityOf(cartHtml: string, sku: string): number | null {
  const form = new RegExp(`name="sku" value="${sku}"/>[\\s\\S]*?name="quantity"[^>]*value="(\\d+)"`).exec(cartHtml);
  return form ? Number(form[1]) : null;
}

describe("guest cart, without JavaScript", () => {
  it("adds from the product page (POST → redirect), and the cart page and header badge show the line", async () => {
    const item = await product({ priceCents: 2500 });
    const browser = new Browser();
    const added = await addThroughPage(browser, item, 2);
    expect(added.status).toBe(302);
    expect(added.headers.get("location")).toBe(`/p/${item.slug}?variant=${item.variants[0]!.sku}&added=${item.variants[0]!.sku}&qty=2`);
    // The guest cart's cookie: signed, HttpOnly, SameSite=Lax.
    const setCookie = added.headers.getSetCookie().find((cookie) => cookie.startsWith("sf_cart="));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);

    const confirmation = await html(await browser.follow(added));
    expect(confirmation).toContain(`Added 2 × ${item.name} to your cart.`);
    expect(confirmation).toContain('aria-label="Cart, 2 items"');

    const cart = await html(await browser.get("/cart"));
    const main = mainOf(cart);
    expect(main).toContain(item.name);
    expect(quantityOf(main, item.variants[0]!.sku)).toBe(2);
    expect(main).toContain("$25.00 each");
    expect(main).toContain("$50.00");
    expect(main).toContain("2 items");
    expect(main).toContain('href="/checkout"');
  });

  it("keeps guest pages private once there is a cart", async () => {
    const item = await product();
    const browser = new Browser();
    expect((await browser.get("/")).headers.get("cache-control")).toBe("public, max-age=60, s-maxage=300");
    await addThroughPage(browser, item, 1);
    expect((await browser.get("/")).headers.get("cache-control")).toBe("private, no-store");
    expect((await browser.get(`/p/${item.slug}`)).headers.get("cache-control")).toBe("private, no-store");
    expect((await browser.get("/cart")).headers.get("cache-control")).toBe("private, no-store");
  });

  it("validates the quantity (1..99) and shows the API's stock conflict on the product page", async () => {
    const item = await product({ stock: 3 });
    const browser = new Browser();
    const zero = await addThroughPage(browser, item, 0);
    expect(zero.status).toBe(400);
    expect(await html(zero)).toContain("Add at least 1.");
    const tooMany = await addThroughPage(browser, item, 100);
    expect(tooMany.status).toBe(400);
    expect(await html(tooMany)).toContain("At most 99 of one item.");
    const word = await browser.post(`/p/${item.slug}`, { intent: "add", sku: item.variants[0]!.sku, quantity: "two" });
    expect(word.status).toBe(400);
    expect(await html(word)).toContain("Enter a whole number.");

    const conflict = await addThroughPage(browser, item, 5);
    expect(conflict.status).toBe(409);
    const page = await html(conflict);
    expect(page).toMatch(/role="alert"[^>]*>Only 3 available/);
    expect(page).toContain(`<h1 class="mt-1 text-2xl font-bold tracking-tight text-stone-900 sm:text-3xl">${item.name}</h1>`);

    expect((await addThroughPage(browser, item, 2)).status).toBe(302);
    const more = await addThroughPage(browser, item, 2);
    expect(more.status).toBe(409);
    expect(await html(more)).toContain("Only 3 available, and 2 already in your cart.");
  });

  it("refuses a SKU of another product, and a cross-site post", async () => {
    const [item, other] = [await product(), await product()];
    const browser = new Browser();
    const wrong = await addThroughPage(browser, item, 1, other.variants[0]!.sku);
    expect(wrong.status).toBe(400);
    expect(await html(wrong)).toContain("Choose one of this product&#x27;s options.");
    const { site } = await import("./helpers");
    const forged = await site(`/p/${item.slug}`, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: `intent=add&sku=${item.variants[0]!.sku}&quantity=1`,
    });
    expect(forged.status).toBe(403);
  });

  it("changes a quantity and removes lines with plain POST forms", async () => {
    const [first, second] = [await product({ priceCents: 1000 }), await product({ priceCents: 300 })];
    const browser = new Browser();
    await addThroughPage(browser, first, 1);
    await addThroughPage(browser, second, 1);
    const firstSku = first.variants[0]!.sku;
    const secondSku = second.variants[0]!.sku;

    const updated = await browser.post("/cart", { sku: firstSku, quantity: "4", intent: "update" });
    expect(updated.status).toBe(302);
    expect(updated.headers.get("location")).toBe("/cart?done=updated");
    let cart = mainOf(await html(await browser.follow(updated)));
    expect(cart).toContain("Your cart has been updated.");
    expect(quantityOf(cart, firstSku)).toBe(4);
    expect(cart).toContain("$43.00"); // 4 × $10 + $3

    const tooMany = await browser.post("/cart", { sku: firstSku, quantity: "11", intent: "update" });
    expect(tooMany.status).toBe(409);
    expect(await html(tooMany)).toMatch(/role="alert"[^>]*>Only 10 available/);

    const removed = await browser.post("/cart", { sku: secondSku, quantity: "1", intent: "remove" });
    expect(removed.status).toBe(302);
    cart = mainOf(await html(await browser.follow(removed)));
    expect(quantityOf(cart, secondSku)).toBeNull();
    expect(quantityOf(cart, firstSku)).toBe(4);

    const zeroed = await browser.post("/cart", { sku: firstSku, quantity: "0", intent: "update" });
    cart = mainOf(await html(await browser.follow(zeroed)));
    expect(cart).toContain("Your cart is empty");
    expect(cart).not.toContain('href="/checkout"');
  });

  it("flags a price change and an item that is no longer sold", async () => {
    const [changing, retiring] = [await product({ priceCents: 2000 }), await product({ priceCents: 700 })];
    const browser = new Browser();
    await addThroughPage(browser, changing, 1);
    await addThroughPage(browser, retiring, 1);
    const token = (await admin()).accessToken;
    const repriced = await api(`/products/${changing.id}/variants/${changing.variants[0]!.sku}`, {
      method: "PATCH",
      token,
      json: { priceCents: 2200 },
    });
    expect(repriced.status, await repriced.clone().text()).toBe(200);
    expect((await api(`/products/${retiring.id}`, { method: "DELETE", token })).status).toBe(204);

    const cart = mainOf(await html(await browser.get("/cart")));
    expect(cart).toContain("The price changed since you added it: it was $20.00, it is now $22.00.");
    expect(cart).toContain("This item is no longer available");
    expect(cart).toContain("1 item"); // the retired line does not count

    // "Accept new price" takes today's price, so checkout can go ahead.
    expect(cart).toContain("Accept new price");
    const accepted = await browser.post("/cart", { intent: "accept-prices" });
    expect(accepted.status).toBe(302);
    const after = mainOf(await html(await browser.follow(accepted)));
    expect(after).toContain("Your cart now uses today&#x27;s prices.");
    expect(after).not.toContain("The price changed since you added it");
  });
});

describe("the cart's one form, without JavaScript", () => {
  it("updates every line with one post, steps one line with − / +, removes one, and refuses a bad quantity changing nothing", async () => {
    const first = await product({ stock: 20 });
    const second = await product({ stock: 20 });
    const browser = new Browser();
    await addThroughPage(browser, first, 1);
    await addThroughPage(browser, second, 1);
    const a = first.variants[0]!.sku;
    const b = second.variants[0]!.sku;
    const page = mainOf(await html(await browser.get("/cart")));
    expect(page).toContain(">Update cart</button>");
    expect(page).toContain(`name="step" value="${a}:+1"`);
    expect(page).not.toMatch(/>Update<span/);

    const both = await browser.post("/cart", [["intent", "update-cart"], ["sku", a], ["quantity", "3"], ["sku", b], ["quantity", "5"]]);
    expect(both.status).toBe(302);
    expect(both.headers.get("location")).toBe("/cart?done=updated");
    let cart = mainOf(await html(await browser.follow(both)));
    expect([quantityOf(cart, a), quantityOf(cart, b)]).toEqual([3, 5]);

    const stepped = await browser.post("/cart", [["sku", a], ["quantity", "3"], ["sku", b], ["quantity", "5"], ["step", `${b}:-1`]]);
    expect(stepped.status).toBe(302);
    cart = mainOf(await html(await browser.follow(stepped)));
    expect([quantityOf(cart, a), quantityOf(cart, b)]).toEqual([3, 4]);

    for (const bad of ["-1", "abc", "100", "2.5", ""]) {
      const refused = await browser.post("/cart", [["intent", "update-cart"], ["sku", a], ["quantity", "9"], ["sku", b], ["quantity", bad]]);
      expect(refused.status, bad).toBe(400);
      expect(mainOf(await html(refused))).toMatch(/role="alert"/);
    }
    const mismatched = await browser.post("/cart", [["intent", "update-cart"], ["sku", a], ["sku", b], ["quantity", "1"]]);
    expect(mismatched.status).toBe(400);
    const badStep = await browser.post("/cart", [["sku", a], ["quantity", "3"], ["step", "nonsense"]]);
    expect(badStep.status).toBe(400);
    cart = mainOf(await html(await browser.get("/cart")));
    expect([quantityOf(cart, a), quantityOf(cart, b)]).toEqual([3, 4]);

    const removed = await browser.post("/cart", [["sku", a], ["quantity", "3"], ["sku", b], ["quantity", "4"], ["remove", a]]);
    expect(removed.status).toBe(302);
    cart = mainOf(await html(await browser.follow(removed)));
    expect([quantityOf(cart, a), quantityOf(cart, b)]).toEqual([null, 4]);
  });
});

describe("options picked per group, without JavaScript", () => {
  it("resolves the posted options to the variant, and refuses a combination that does not exist", async () => {
    const word = uniqueWord("opt");
    const item = await createProduct({
      name: `Option tee ${word}`,
      variants: [
        { sku: uniqueSku("OPT"), options: { color: "Navy", size: "S" }, priceCents: 2000, initialStock: 4 },
        { sku: uniqueSku("OPT"), options: { color: "Navy", size: "M" }, priceCents: 2000, initialStock: 4 },
        { sku: uniqueSku("OPT"), options: { color: "Sand", size: "S" }, priceCents: 2200, initialStock: 0 },
      ],
    });
    const browser = new Browser();
    const page = await html(await browser.get(`/p/${item.slug}`));
    expect(page).toMatch(/<legend[^>]*>Colour<span[^>]*>: Navy<\/span><\/legend>/);
    expect(page).toMatch(/<input type="radio" name="option.color" disabled=""[^>]* value="Sand"/);

    const missing = await browser.post(`/p/${item.slug}`, { intent: "add", "option.color": "Sand", "option.size": "M", quantity: "1" });
    expect(missing.status).toBe(400);
    expect(await html(missing)).toContain("That combination is not available. Choose another.");

    const soldOut = await browser.post(`/p/${item.slug}`, { intent: "add", "option.color": "Sand", "option.size": "S", quantity: "1" });
    expect(soldOut.status).toBe(409);
    expect(await html(soldOut)).toContain("This item is out of stock.");

    const added = await browser.post(`/p/${item.slug}`, { intent: "add", "option.color": "Navy", "option.size": "M", quantity: "2" });
    expect(added.status).toBe(302);
    const cart = mainOf(await html(await browser.get("/cart")));
    expect(quantityOf(cart, item.variants[1]!.sku)).toBe(2);
    expect(cart).toContain("Navy / M");
  });
});

describe("the chosen variant in the URL, without JavaScript", () => {
  async function optionTee() {
    return createProduct({
      name: `Variant tee ${uniqueWord("var")}`,
      variants: [
        { sku: uniqueSku("VAR"), options: { color: "Navy", size: "S" }, priceCents: 2000, initialStock: 4 },
        { sku: uniqueSku("VAR"), options: { color: "Navy", size: "M" }, priceCents: 2000, initialStock: 4 },
        { sku: uniqueSku("VAR"), options: { color: "Sand", size: "S" }, priceCents: 2200, initialStock: 3 },
      ],
    });
  }
  const checked = (page: string, name: string, value: string) =>
    new RegExp(`<input type="radio" name="${name.replace(".", "\\.")}"[^>]*checked=""[^>]*value="${value}"`).test(page);

  it("sends the options form by GET to a ?variant=SKU URL, which the page then shows chosen", async () => {
    const item = await optionTee();
    const browser = new Browser();
    const page = await html(await browser.get(`/p/${item.slug}`));
    expect(page).toMatch(/<button type="submit" formMethod="get"[^>]*name="choose" value="1"[^>]*>Show this choice<\/button>/i);

    const chosen = await browser.get(`/p/${item.slug}?intent=add&option.color=Sand&option.size=S&quantity=1&choose=1`);
    expect(chosen.status).toBe(302);
    expect(chosen.headers.get("location")).toBe(`/p/${item.slug}?variant=${item.variants[2]!.sku}`);
    const shown = await html(await browser.follow(chosen));
    expect(checked(shown, "option.color", "Sand")).toBe(true);
    expect(shown).toContain("$22.00");

    const german = await browser.get(`/de/p/${item.slug}?option.color=Navy&option.size=M&choose=1`);
    expect(german.headers.get("location")).toBe(`/de/p/${item.slug}?variant=${item.variants[1]!.sku}`);
  });

  it("says a combination that does not exist is not available, and changes nothing", async () => {
    const item = await optionTee();
    const browser = new Browser();
    const missing = await browser.get(`/p/${item.slug}?option.color=Sand&option.size=M&choose=1`);
    expect(missing.status).toBe(302);
    expect(missing.headers.get("location")).toBe(`/p/${item.slug}?choose=none`);
    const page = await html(await browser.follow(missing));
    expect(page).toContain("That combination is not available. Choose another.");
    expect(browser.has("sf_cart")).toBe(false);
    // Garbage in the choice is a choice that does not exist, never a 5xx.
    const junk = await browser.get(`/p/${item.slug}?option.color=%00%FF&choose=<x>`);
    expect(junk.status).toBe(302);
  });

  it("keeps the variant after an add, and puts the notice by the button, focused and announced", async () => {
    const item = await optionTee();
    const browser = new Browser();
    const sku = item.variants[1]!.sku;
    const added = await browser.post(`/p/${item.slug}`, { intent: "add", "option.color": "Navy", "option.size": "M", quantity: "2" });
    expect(added.status).toBe(302);
    expect(added.headers.get("location")).toBe(`/p/${item.slug}?variant=${sku}&added=${sku}&qty=2`);
    const page = mainOf(await html(await browser.follow(added)));
    expect(checked(page, "option.size", "M")).toBe(true);
    expect(checked(page, "option.color", "Navy")).toBe(true);
    // Inside the add form, after the button: where the shopper just clicked.
    const form = /<form[^>]*aria-label="Add to cart"[\s\S]*?<\/form>/.exec(page)?.[0] ?? "";
    expect(form).toMatch(/<div id="added-to-cart" tabindex="-1" role="status" aria-live="polite" autofocus=""[^>]*><p[^>]*>Added 2 × Variant tee [^<]* \(Navy \/ M\) to your cart\./);
    expect(form.indexOf("added-to-cart")).toBeGreaterThan(form.indexOf(">Add to cart</button>"));
  });
});

describe("colour swatches and the colour's image, without JavaScript", () => {
  it("draws known colours as chips named for screen readers, unknown ones as text, and shows the image named for the colour", async () => {
    const item = await createProduct({
      name: `Swatch tee ${uniqueWord("sw")}`,
      variants: [
        { sku: uniqueSku("SW"), options: { color: "Navy" }, priceCents: 2000, initialStock: 4 },
        { sku: uniqueSku("SW"), options: { color: "Sky Blue" }, priceCents: 2000, initialStock: 0 },
        { sku: uniqueSku("SW"), options: { color: "Unobtainium" }, priceCents: 2000, initialStock: 4 },
      ],
    });
    const images = ["/images/products/x/hero.webp", "/images/products/x/tee-sky-blue.webp", "/images/products/x/tee-navy-back.webp"];
    await env.DB.prepare("UPDATE products SET images = ? WHERE id = ?").bind(JSON.stringify(images), item.id).run();
    const browser = new Browser();
    const page = mainOf(await html(await browser.get(`/p/${item.slug}?variant=${item.variants[0]!.sku}`)));
    expect(page).toMatch(/<label title="Navy"[^>]*>[\s\S]*?<circle cx="16" cy="16" r="15" fill="#1e2a4a"[^>]*><\/circle><\/svg><span class="sr-only">Navy<\/span><\/label>/);
    // Sold out: struck through in the chip and said in words.
    expect(page).toMatch(/<label title="Sky Blue"[^>]*>[\s\S]*?<line [^>]*><\/line><\/svg><span class="sr-only">Sky Blue<\/span><span class="sr-only"> \(sold out\)<\/span><\/label>/);
    expect(page).toMatch(/<label class="[^"]*"><input type="radio" name="option.color"[^>]*value="Unobtainium"[^>]*\/><span>Unobtainium<\/span><\/label>/);
    expect(page).not.toContain('fill="undefined"');
    // The chosen colour's image is the main one; the thumbnails keep the variant.
    expect(page).toMatch(/<div class="aspect-square[^"]*"><img src="\/images\/products\/x\/tee-navy-back.webp"/);
    expect(page).toContain(`href="/p/${item.slug}?variant=${item.variants[0]!.sku}&amp;image=1"`);
    // A colour with no image of its own keeps the first.
    const other = mainOf(await html(await browser.get(`/p/${item.slug}?variant=${item.variants[2]!.sku}`)));
    expect(other).toMatch(/<div class="aspect-square[^"]*"><img src="\/images\/products\/x\/hero.webp"/);
  });
});

describe("signed-in cart", () => {
  it("adds through the product page into the account's cart", async () => {
    const item = await product({ variants: 2 });
    const shopper = await registerUser();
    const browser = new Browser();
    await browser.signIn(shopper);
    const added = await addThroughPage(browser, item, 3, item.variants[1]!.sku);
    expect(added.status).toBe(302);
    expect(added.headers.getSetCookie().some((cookie) => cookie.startsWith("sf_cart="))).toBe(false);
    const cart = mainOf(await html(await browser.follow(await Promise.resolve(added)).then(() => browser.get("/cart"))));
    expect(quantityOf(cart, item.variants[1]!.sku)).toBe(3);
    expect(cart).toContain("Option 2");
    expect((await accountCart(shopper)).items).toEqual([expect.objectContaining({ sku: item.variants[1]!.sku, quantity: 3 })]);
  });
});

describe("guest cart at sign-in", () => {
  it("merges into the account once when signing in through the /login form, and clears the guest cookie", async () => {
    const [item, owned] = [await product(), await product()];
    const shopper = await registerUser();
    // The account already holds something.
    expect((await api("/cart/items", { method: "POST", token: shopper.accessToken, json: { sku: owned.variants[0]!.sku, quantity: 1 } })).status).toBe(200);

    const browser = new Browser();
    await addThroughPage(browser, item, 2);
    expect(browser.has("sf_cart")).toBe(true);

    const signedIn = await browser.signIn(shopper, "/cart");
    expect(signedIn.headers.get("location")).toBe("/cart");
    expect(browser.has("sf_cart")).toBe(false);
    const cart = mainOf(await html(await browser.follow(signedIn)));
    expect(quantityOf(cart, item.variants[0]!.sku)).toBe(2);
    expect(quantityOf(cart, owned.variants[0]!.sku)).toBe(1);

    const lines = (await accountCart(shopper)).items;
    expect(lines.filter((line) => line.sku === item.variants[0]!.sku)).toEqual([expect.objectContaining({ quantity: 2 })]);

    // Signing in again (a second device, the same browser later) merges nothing more.
    await browser.post("/logout", {});
    await browser.signIn(shopper);
    expect((await accountCart(shopper)).items.find((line) => line.sku === item.variants[0]!.sku)?.quantity).toBe(2);
  });

  it("merges at registration too", async () => {
    const item = await product();
    const browser = new Browser();
    await addThroughPage(browser, item, 1);
    const email = `${uniqueWord("reg")}@example.test`;
    const registered = await browser.post("/register", { name: "New Shopper", email, password: "correct horse battery", redirectTo: "/" });
    expect(registered.status).toBe(302);
    expect(browser.has("sf_cart")).toBe(false);
    const cart = mainOf(await html(await browser.get("/cart")));
    expect(quantityOf(cart, item.variants[0]!.sku)).toBe(1);
  });
});
