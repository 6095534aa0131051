/**
 * The address book under /account/addresses and checkout's pre-filled addresses, driven like a
 * browser without JavaScript: GET pages, POST forms from the site's origin.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { SavedAddress } from "../workers/domain/schemas/addresses";
import { addToCart, checkout } from "./checkout-helpers";
import { createSku } from "./factories/stock";
import { api, registerUser, type TestSession } from "./helpers";
import { Browser, decode, mainOf } from "./site-helpers";

const HOME = { name: "Ada Lovelace", line1: "12 Analytical Row", city: "London", postalCode: "N1 9GU", country: "GB" };
const WORK = { name: "Ada at Work", line1: "1 Engine House", line2: "Floor 3", city: "Manchester", postalCode: "M1 1AA", country: "GB" };

async function html(response: Response): Promise<string> {
  return decode((await response.text()).replaceAll("<!-- -->", ""));
}

async function signedIn(): Promise<{ session: TestSession; browser: Browser }> {
  const session = await registerUser();
  const browser = new Browser();
  await browser.signIn(session);
  return { session, browser };
}

async function rows(userId: string) {
  const { results } = await env.DB.prepare("SELECT * FROM addresses WHERE user_id = ? ORDER BY created_at, id").bind(userId).all<Record<string, unknown>>();
  return results;
}

async function saveViaApi(session: TestSession, body: Record<string, unknown>): Promise<SavedAddress> {
  const response = await api("/users/me/addresses", { method: "POST", token: session.accessToken, json: body });
  expect(response.status).toBe(201);
  return (await response.json()) as SavedAddress;
}

/** The value="…" of the input with this name, as rendered. */
function inputValue(page: string, name: string): string | undefined {
  const tag = new RegExp(`<input[^>]*name="${name.replace(".", "\\.")}"[^>]*>`).exec(page)?.[0];
  return tag ? (/value="([^"]*)"/.exec(tag)?.[1] ?? "") : undefined;
}

describe("the address book", () => {
  it("needs a signed-in shopper", async () => {
    const response = await new Browser().get("/account/addresses");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/login\?redirectTo=%2Faccount%2Faddresses/);
  });

  it("adds, edits, makes default and deletes (after asking) an address without JavaScript", async () => {
    const { session, browser } = await signedIn();
    const empty = mainOf(await html(await browser.get("/account/addresses")));
    expect(empty).toContain("No saved addresses yet.");
    expect(mainOf(await html(await browser.get("/account")))).toContain('href="/account/addresses"');

    const added = await browser.post("/account/addresses", { intent: "save", ...HOME, line2: "", region: "", phone: "", isDefaultShipping: "on" });
    expect(added.status, await added.clone().text()).toBe(302);
    expect(added.headers.get("location")).toBe("/account/addresses?updated=added");
    const [stored] = await rows(session.user.id);
    expect(stored).toMatchObject({ line1: HOME.line1, line2: null, is_default_shipping: 1, is_default_billing: 0 });
    const id = String(stored!.id);

    const listed = mainOf(await html(await browser.follow(added)));
    expect(listed).toContain("The address was saved.");
    expect(listed).toContain(HOME.line1);
    expect(listed).toContain("Default shipping");

    const editing = mainOf(await html(await browser.get(`/account/addresses?edit=${id}`)));
    expect(editing).toContain("Edit address");
    expect(inputValue(editing, "line1")).toBe(HOME.line1);

    const edited = await browser.post("/account/addresses", { intent: "save", id, ...HOME, line1: "13 Analytical Row", line2: "Flat 2", isDefaultShipping: "on" });
    expect(edited.status, await edited.clone().text()).toBe(302);
    expect((await rows(session.user.id))[0]).toMatchObject({ line1: "13 Analytical Row", line2: "Flat 2" });

    const billing = await browser.post("/account/addresses", { intent: "default-billing", id });
    expect(billing.status).toBe(302);
    expect((await rows(session.user.id))[0]).toMatchObject({ is_default_billing: 1 });

    const page = mainOf(await html(await browser.get("/account/addresses")));
    expect(page).toMatch(/<details[\s\S]*?Delete…[\s\S]*?<button[^>]*name="confirm"[^>]*value="delete"[^>]*>Yes, delete this address/);
    const unconfirmed = await browser.post("/account/addresses", { intent: "delete", id });
    expect(unconfirmed.status).toBe(400);
    expect(await html(unconfirmed)).toContain("Nothing was changed.");
    expect(await rows(session.user.id)).toHaveLength(1);

    const deleted = await browser.post("/account/addresses", { intent: "delete", id, confirm: "delete" });
    expect(deleted.status).toBe(302);
    expect(await rows(session.user.id)).toHaveLength(0);
  });

  describe.each([
    ["no street", { line1: "" }, "line1", "Enter the street address."],
    ["a bad postal code", { postalCode: "!!" }, "postalCode", "Enter a valid postal code."],
    ["a country we do not ship to", { country: "ZZ" }, "country", "We don't ship to that country."],
    ["a bad phone", { phone: "call me" }, "phone", "Enter a valid phone number."],
  ])("a form with %s", (_label, change, field, message) => {
    it("shows the message next to the field, keeps what was typed and saves nothing", async () => {
      const { session, browser } = await signedIn();
      const response = await browser.post("/account/addresses", { intent: "save", ...HOME, ...change });
      expect(response.status).toBe(400);
      const page = mainOf(await html(response));
      const control = new RegExp(`<(input|select)[^>]*name="${field}"[^>]*aria-describedby="([^"]+)"`).exec(page);
      expect(control, `${field} is described by its error`).not.toBeNull();
      expect(page).toContain(`id="${control![2]!.split(" ").pop()}" class="mt-1 text-sm font-medium text-red-700">${message}`);
      expect(inputValue(page, "city")).toBe(HOME.city);
      expect(await rows(session.user.id)).toHaveLength(0);
    });
  });

  it("shows long unbroken address lines in an element that wraps them", async () => {
    const { session, browser } = await signedIn();
    const line1 = `L${"l".repeat(150)}`;
    await saveViaApi(session, { ...HOME, line1 });
    const page = mainOf(await html(await browser.get("/account/addresses")));
    const at = page.indexOf(`>${line1}<`);
    expect(at).toBeGreaterThan(0);
    const address = page.lastIndexOf("<address", at);
    expect(address).toBeGreaterThan(0);
    expect(page.slice(address, page.indexOf(">", address))).toMatch(/class="[^"]*\bbreak-words\b[^"]*\bmin-w-0\b|class="[^"]*\bmin-w-0\b[^"]*\bbreak-words\b/);
  });

  it("cannot touch another shopper's address", async () => {
    const owner = await registerUser();
    const saved = await saveViaApi(owner, HOME);
    const { browser } = await signedIn();
    const posts: Record<string, string>[] = [
      { intent: "delete", id: saved.id, confirm: "delete" },
      { intent: "default-shipping", id: saved.id },
      { intent: "save", id: saved.id, ...WORK },
    ];
    for (const fields of posts) {
      const response = await browser.post("/account/addresses", fields);
      expect(response.status, fields.intent).toBe(404);
      expect(mainOf(await html(response))).toContain("No such address.");
    }
    expect(await rows(owner.user.id)).toMatchObject([{ line1: HOME.line1, is_default_shipping: 0 }]);
    // Nor see it to edit.
    expect(mainOf(await html(await browser.get(`/account/addresses?edit=${saved.id}`)))).toContain("Add an address");
  });
});

describe("checkout with saved addresses", () => {
  it("fills in the default shipping and billing addresses and offers the others", async () => {
    const { session, browser } = await signedIn();
    const home = await saveViaApi(session, { ...HOME, isDefaultShipping: true });
    const work = await saveViaApi(session, { ...WORK, isDefaultBilling: true });
    await addToCart(session, await createSku(10), 1);

    const page = mainOf(await html(await browser.get("/checkout")));
    expect(inputValue(page, "shippingAddress.line1")).toBe(HOME.line1);
    expect(inputValue(page, "shippingAddress.name")).toBe(HOME.name);
    expect(page).toMatch(/<select[^>]*name="shippingAddress\.country"[\s\S]*?<option value="GB" selected/);
    expect(inputValue(page, "billingAddress.line1")).toBe(WORK.line1);
    expect(inputValue(page, "billingAddress.line2")).toBe(WORK.line2);
    // A different billing address: the "same as shipping" box starts unticked.
    expect(/<input[^>]*id="billing-same"[^>]*>/.exec(page)?.[0]).not.toContain("checked");
    const link = new RegExp(`href="(/checkout\\?shipTo=${work.id}[^"]*)"`).exec(page)?.[1];
    expect(link).toBeDefined();

    const chosen = mainOf(await html(await browser.get(decode(link!))));
    expect(inputValue(chosen, "shippingAddress.line1")).toBe(WORK.line1);
    expect(chosen).toContain(`/checkout?shipTo=${home.id}`);
  });

  it("an order placed with a saved address still shows it after the address is edited and deleted", async () => {
    const { session, browser } = await signedIn();
    const home = await saveViaApi(session, { ...HOME, isDefaultShipping: true });
    await addToCart(session, await createSku(10), 1);
    const { name, line1, city, postalCode, country } = home;
    const placed = await checkout(session, { body: { shippingAddress: { name, line1, city, postalCode, country }, payment: { method: "card", token: "tok_visa" } } });
    expect(placed.status).toBe(202);
    const { order } = (await placed.json()) as { order: { id: string } };

    const edited = await browser.post("/account/addresses", { intent: "save", id: home.id, ...HOME, line1: "99 Somewhere Else" });
    expect(edited.status).toBe(302);
    const deleted = await browser.post("/account/addresses", { intent: "delete", id: home.id, confirm: "delete" });
    expect(deleted.status).toBe(302);

    const page = mainOf(await html(await browser.get(`/orders/${order.id}`)));
    expect(page).toContain(HOME.line1);
    expect(page).not.toContain("99 Somewhere Else");
  });

  it("leaves the form as before without saved addresses, and ignores another shopper's address id", async () => {
    const other = await registerUser();
    const theirs = await saveViaApi(other, { ...WORK, isDefaultShipping: true });
    const { session, browser } = await signedIn();
    await addToCart(session, await createSku(10), 1);
    const page = mainOf(await html(await browser.get(`/checkout?shipTo=${theirs.id}`)));
    expect(inputValue(page, "shippingAddress.line1")).toBe("");
    expect(inputValue(page, "shippingAddress.name")).toBe(session.user.name);
    expect(page).not.toContain(WORK.line1);
    expect(page).not.toContain("Use this address");
  });
});
