/**
 * Promotions and shipping methods on the site, without JavaScript: the cart's code form and
 * its refusal, "$X more for free shipping", checkout's methods and totals, and the admin pages.
 */
import { describe, expect, it } from "vitest";
import { api, createAdmin, registerUser } from "./helpers";
import { createSku } from "./factories/stock";
import { Browser, decode, mainOf } from "./site-helpers";
import { addToCart } from "./checkout-helpers";

let counter = 0;
const uniqueCode = () => `SITE${Date.now().toString(36).toUpperCase()}${(counter++).toString(36).toUpperCase()}`;

async function page(response: Response): Promise<string> {
  return decode(mainOf((await response.text()).replaceAll("<!-- -->", "")));
}

describe("the cart page's discount code", () => {
  it("applies a code, names the discount, says how far free shipping is, and removes it", async () => {
    const admin = await createAdmin();
    const code = uniqueCode();
    const created = await api("/admin/promotions", { method: "POST", token: admin.accessToken, json: { name: "Site ten", code, kind: "fixed", value: 1_000 } });
    expect(created.status).toBe(201);
    const session = await registerUser();
    await addToCart(session, await createSku(5, 3_000), 1);
    const browser = new Browser();
    await browser.signIn(session);

    const refused = await browser.post("/cart", { intent: "apply-discount", code: "NOPE-NOT-A-CODE" });
    expect(refused.status).toBe(409);
    expect(await page(refused)).toContain("This code is not valid.");

    const applied = await browser.follow(await browser.post("/cart", { intent: "apply-discount", code: code.toLowerCase() }));
    const html = await page(applied);
    expect(html).toContain("Site ten");
    expect(html).toContain("−$10.00");
    // 3000 − 1000 = 2000, 5500 short of the default $75 threshold
    expect(html).toContain("$55.00 more for free shipping");

    const removed = await page(await browser.follow(await browser.post("/cart", { intent: "remove-discount" })));
    expect(removed).not.toContain("Site ten");
    expect(removed).toContain("Discount code");
  });
});

describe("checkout's shipping methods", () => {
  it("lists the country's methods with price and estimate, and places the order with the one chosen", async () => {
    const session = await registerUser();
    await addToCart(session, await createSku(5, 2_000), 1);
    const browser = new Browser();
    await browser.signIn(session);
    const html = await page(await browser.get("/checkout?country=GB"));
    expect(html).toContain("Shipping method");
    expect(html).toContain("Standard");
    expect(html).toContain("3–7 business days");
    expect(html).toMatch(/name="shippingMethodId"[^>]*checked=""[^>]*value="shm_standard"/);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1] ?? "";
    const placed = await browser.post("/checkout?country=GB", {
      idempotencyKey: key,
      "shippingAddress.name": "Ada Lovelace",
      "shippingAddress.line1": "12 Analytical Row",
      "shippingAddress.city": "London",
      "shippingAddress.postalCode": "N1 9GU",
      "shippingAddress.country": "GB",
      shippingMethodId: "shm_standard",
      billingSame: "on",
      "payment.token": "tok_visa",
    });
    expect(placed.status, await placed.clone().text()).toBe(303);
    const order = await page(await browser.follow(placed));
    expect(order).toContain("Shipping (Standard)");
  });
});

describe("admin promotions and shipping", () => {
  it("creates a promotion through the form, lists it, and deactivates it only after confirmation", async () => {
    const admin = await createAdmin();
    const browser = new Browser();
    await browser.signIn(admin);
    const code = uniqueCode();
    const created = await browser.post("/admin/promotions", { intent: "create", name: "Form promo", code, kind: "percent", value: "15" });
    expect(created.status, await created.clone().text()).toBe(302);
    const list = await page(await browser.get("/admin/promotions"));
    expect(list).toContain("Form promo");
    expect(list).toContain(`Code ${code}`);
    const listed = (await (await api("/admin/promotions", { token: admin.accessToken })).json()) as { items: { id: string; code: string | null; active: boolean }[] };
    const promotion = listed.items.find((item) => item.code === code)!;
    const unconfirmed = await browser.post("/admin/promotions", { intent: "deactivate", id: promotion.id, target: promotion.id });
    expect(unconfirmed.status).toBe(400);
    const confirmed = await browser.post("/admin/promotions", { intent: "deactivate", id: promotion.id, target: promotion.id, confirm: "deactivate" });
    expect(confirmed.status).toBe(302);
    const after = (await (await api(`/admin/promotions/${promotion.id}`, { token: admin.accessToken })).json()) as { active: boolean };
    expect(after.active).toBe(false);
    expect(await page(await browser.get(`/admin/promotions/${promotion.id}`))).toContain("No order has used this promotion yet.");
  });

  it("answers an amount off of zero in dollars, not cents, and creates nothing", async () => {
    const admin = await createAdmin();
    const browser = new Browser();
    await browser.signIn(admin);
    const code = uniqueCode();
    for (const value of ["0", ""]) {
      const bad = await browser.post("/admin/promotions", { intent: "create", name: "Zero off", code, kind: "fixed", value });
      expect(bad.status).toBe(400);
      const body = await page(bad);
      expect(body).toContain("Enter at least $0.01.");
      expect(body).not.toContain("in cents");
    }
    const listed = (await (await api("/admin/promotions", { token: admin.accessToken })).json()) as { items: { code: string | null }[] };
    expect(listed.items.some((item) => item.code === code)).toBe(false);
  });

  it("issues a code to one customer through the form, and shows a bad email next to its field", async () => {
    const admin = await createAdmin();
    const browser = new Browser();
    await browser.signIn(admin);
    const code = uniqueCode();
    const fields = { intent: "create", name: "Named", code, kind: "fixed", value: "5.00" };
    const bad = await browser.post("/admin/promotions", { ...fields, customerEmail: "not-an-email" });
    expect(bad.status).toBe(400);
    expect(await page(bad)).toMatch(/Enter the customer(&#x27;|')s email address\./);
    const created = await browser.post("/admin/promotions", { ...fields, customerEmail: "Named.Customer@Example.com" });
    expect(created.status, await created.clone().text()).toBe(302);
    expect(await page(await browser.get("/admin/promotions"))).toContain("only for named.customer@example.com");
  });

  it("shows the shipping zones and refuses the pages to shoppers", async () => {
    const admin = await createAdmin();
    const browser = new Browser();
    await browser.signIn(admin);
    const html = await page(await browser.get("/admin/shipping"));
    expect(html).toContain("Standard");
    const shopper = new Browser();
    await shopper.signIn(await registerUser());
    for (const path of ["/admin/promotions", "/admin/shipping"]) {
      const response = await shopper.get(path);
      expect([302, 403, 404]).toContain(response.status);
    }
  });
});
