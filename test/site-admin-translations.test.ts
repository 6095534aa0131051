/**
 * Catalog translations in the admin site, driven like a browser without JavaScript: a form per
 * language on the product page and for each category, posting to the translation API.
 */
import { describe, expect, it } from "vitest";
import { admin, createCategory, createProduct } from "./factories/catalog";
import { api, ORIGIN, registerUser } from "./helpers";
import { Browser, decode, mainOf } from "./site-helpers";

async function adminBrowser(): Promise<Browser> {
  const browser = new Browser();
  await browser.signIn(await admin());
  return browser;
}

async function mainHtml(response: Response): Promise<string> {
  expect(response.status, await response.clone().text()).toBe(200);
  return mainOf(decode((await response.text()).replaceAll("<!-- -->", "")));
}

function expectNotice(response: Response, key: string) {
  expect(response.status, response.headers.get("location") ?? "").toBe(302);
  expect(new URL(response.headers.get("location")!, ORIGIN).searchParams.get("ok")).toBe(key);
}

const productName = async (slug: string, lang: string) => ((await (await api(`/products/${slug}?lang=${lang}`)).json()) as { name: string; description: string }).name;

describe("product translations on the admin product page", () => {
  it("shows a form per language and saves, replaces and removes a translation", async () => {
    const product = await createProduct({ name: "Ceramic Teapot", description: "Holds four cups." });
    const browser = await adminBrowser();
    const path = `/admin/products/${product.id}`;
    const before = await mainHtml(await browser.get(path));
    for (const language of ["German", "French", "Japanese"]) expect(before).toContain(`Name in ${language}`);

    expectNotice(await browser.post(path, { intent: "translate", target: "ja", lang: "ja", name: "陶器のティーポット", description: "" }), "translated");
    expect(await productName(product.slug, "ja")).toBe("陶器のティーポット");
    const after = await mainHtml(await browser.get(path));
    expect(after).toContain('value="陶器のティーポット"');

    expectNotice(await browser.post(path, { intent: "translate", target: "ja", lang: "ja", name: "急須", description: "四杯分。" }), "translated");
    expect(await productName(product.slug, "ja")).toBe("急須");

    // Removing asks first: without the confirmation nothing changes.
    const unconfirmed = await browser.post(path, { intent: "remove-translation", target: "ja", lang: "ja" });
    expect(unconfirmed.status).toBe(400);
    expect(await productName(product.slug, "ja")).toBe("急須");
    expectNotice(await browser.post(path, { intent: "remove-translation", target: "ja", lang: "ja", confirm: "remove-translation" }), "translation-removed");
    expect(await productName(product.slug, "ja")).toBe("Ceramic Teapot");
  });

  it("shows the API's refusals beside the fields and keeps what was typed", async () => {
    const product = await createProduct();
    const browser = await adminBrowser();
    const path = `/admin/products/${product.id}`;
    const empty = await browser.post(path, { intent: "translate", target: "de", lang: "de", name: "  ", description: "Nur eine Beschreibung" });
    expect(empty.status).toBe(400);
    // The page again, with the error and the typed description kept.
    const shown = mainOf(decode((await empty.text()).replaceAll("<!-- -->", "")));
    expect(shown).toContain("Nur eine Beschreibung");
    expect(shown).toContain("This cannot be empty.");
    const italian = await browser.post(path, { intent: "translate", target: "it", lang: "it", name: "Lampada" });
    expect(italian.status).toBe(400);
    expect(await productName(product.slug, "de")).toBe(product.name);
  });

  it("refuses customers", async () => {
    const product = await createProduct();
    const customer = await registerUser();
    const browser = new Browser();
    await browser.signIn(customer);
    const response = await browser.post(`/admin/products/${product.id}`, { intent: "translate", target: "de", lang: "de", name: "Lampe" });
    expect(response.status).toBe(403);
    expect(await productName(product.slug, "de")).toBe(product.name);
  });
});

describe("category translations on the admin categories page", () => {
  it("saves a category's name in French", async () => {
    const category = await createCategory({ name: "Stationery" });
    const browser = await adminBrowser();
    expect(await mainHtml(await browser.get("/admin/categories"))).toContain("Translations (0 of 3)");
    expectNotice(
      await browser.post("/admin/categories", { intent: "translate", id: category.id, target: `${category.id}:fr`, lang: "fr", name: "Papeterie", description: "" }),
      "translated",
    );
    const { items } = (await (await api("/categories?lang=fr")).json()) as { items: { id: string; name: string }[] };
    expect(items.find((item) => item.id === category.id)?.name).toBe("Papeterie");
    const page = await mainHtml(await browser.get("/admin/categories"));
    expect(page).toContain('value="Papeterie"');
    // The category's own (English) form still holds the English name.
    expect(page).toContain('value="Stationery"');
  });
});
