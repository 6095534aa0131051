/**
 * The admin section of the site, driven like a browser without JavaScript: sign in through
 * the /login form, GET pages, POST forms from the site's origin. Every page and action is
 * checked for its role gate and, for actions, for the stored state it changes.
 *
 * The first describe block runs against an empty store (storage is per test file), so it
 * must stay first.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { addToCart, checkout, deliver, waitForOrder, type OrderJson } from "./checkout-helpers";
import { createCategory, createProduct, uniqueSku, uniqueWord, type ProductView } from "./factories/catalog";
import { api, createAdmin, ORIGIN, registerUser, site, type TestSession } from "./helpers";
import { Browser, decode, mainOf } from "./site-helpers";

async function html(response: Response): Promise<string> {
  return decode((await response.text()).replaceAll("<!-- -->", ""));
}

async function browserFor(session: TestSession): Promise<Browser> {
  const browser = new Browser();
  await browser.signIn(session);
  return browser;
}

/** A page that must render for the admin; its <main>, decoded. */
async function page(browser: Browser, path: string): Promise<string> {
  const response = await browser.get(path);
  expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
  return mainOf(await html(response));
}

/** A successful admin action: a redirect back with ?ok=<key>. */
async function expectOk(response: Response, key: string, path?: string): Promise<URL> {
  expect(response.status, await response.clone().text()).toBe(302);
  const location = new URL(response.headers.get("location")!, ORIGIN);
  expect(location.searchParams.get("ok")).toBe(key);
  if (path) expect(location.pathname).toBe(path);
  return location;
}

async function row<T>(sql: string, ...binds: unknown[]): Promise<T | null> {
  return env.DB.prepare(sql).bind(...binds).first<T>();
}

async function paidOrder(priceCents = 10_000): Promise<{ shopper: TestSession; order: OrderJson; product: ProductView }> {
  const product = await createProduct({ variants: [{ priceCents, initialStock: 20 }] });
  const shopper = await registerUser();
  await addToCart(shopper, product.variants[0]!.sku, 2);
  const response = await checkout(shopper, { token: "tok_visa" });
  expect(response.status, await response.clone().text()).toBe(202);
  const { order } = (await response.json()) as { order: OrderJson };
  return { shopper, order: await waitForOrder(shopper, order.id, (o) => o.status === "paid"), product };
}

async function review(product: ProductView): Promise<string> {
  const author = await registerUser({ name: "Rita Reviewer" });
  const response = await api(`/products/${product.id}/reviews`, {
    method: "POST",
    token: author.accessToken,
    json: { rating: 2, title: "Not for me", body: "The <b>seams</b> came apart." },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** A dead letter in failed_jobs, the way the emails DLQ consumer records one. */
async function failedJob(): Promise<string> {
  const shopper = await registerUser();
  await api("/auth/forgot-password", { method: "POST", json: { email: shopper.user.email } });
  const email = await row<{ dedupe_key: string }>("SELECT dedupe_key FROM email_outbox WHERE to_address = ?", shopper.user.email);
  await deliver("storefront-emails-dlq", [{ kind: "deliver", dedupeKey: email!.dedupe_key }]);
  const job = await row<{ id: string }>("SELECT id FROM failed_jobs WHERE body LIKE ?", `%${email!.dedupe_key}%`);
  return job!.id;
}

// A 1×1 PNG.
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="),
  (char) => char.charCodeAt(0),
);

describe("an empty store", () => {
  it("renders every admin page with its empty state (no orders, no emails, no jobs)", async () => {
    expect(await row<{ n: number }>("SELECT count(*) AS n FROM orders")).toEqual({ n: 0 });
    expect(await row<{ n: number }>("SELECT count(*) AS n FROM email_outbox")).toEqual({ n: 0 });
    const browser = await browserFor(await createAdmin());

    const dashboard = await page(browser, "/admin");
    expect(dashboard).toContain("Revenue today");
    expect(dashboard).toContain("$0.00");
    expect(dashboard).toContain("No orders yet.");
    expect(dashboard).toContain("No active SKU is running low.");
    expect(dashboard).toMatch(/<svg[^>]*role="img"/);
    expect(dashboard).toContain("No revenue between");
    expect(dashboard).toContain("No cart has been started yet.");
    // Only the base currency, with nothing to add up.
    expect(dashboard).toContain("Revenue in USD");
    expect(dashboard).not.toContain("Revenue in EUR");

    expect(await page(browser, "/admin/orders")).toContain("No orders yet.");
    expect(await page(browser, "/admin/emails")).toContain("No emails yet.");
    expect(await page(browser, "/admin/failed-jobs")).toContain("No failed jobs.");
    expect(await page(browser, "/admin/reviews")).toContain("No reviews yet.");
    expect(await page(browser, "/admin/products")).toContain("No products yet.");
    expect(await page(browser, "/admin/categories")).toContain("No categories yet.");
    expect(await page(browser, "/admin/audit-log")).toContain("No administrator actions recorded yet.");
    expect(await page(browser, "/admin/stock")).toContain("No active SKU has 5 or fewer units available.");
    expect(await page(browser, "/admin/stock?sku=NOPE-1")).toContain("There is no SKU NOPE-1.");
    const newProduct = await page(browser, "/admin/products/new");
    expect(newProduct).toContain("There are no categories yet");
    // The one account so far is the admin, shown as such.
    expect(await page(browser, "/admin/customers")).toContain("Administrator");
  });
});

describe("the role gate", () => {
  let adminBrowser: Browser;
  let customerBrowser: Browser;
  let product: ProductView;
  let order: OrderJson;
  let emailId: string;
  let paths: string[];

  beforeAll(async () => {
    adminBrowser = await browserFor(await createAdmin());
    customerBrowser = await browserFor(await registerUser());
    ({ order, product } = await paidOrder());
    emailId = (await row<{ id: string }>("SELECT id FROM email_outbox LIMIT 1"))!.id;
    paths = [
      "/admin",
      "/admin/orders",
      `/admin/orders/${order.id}`,
      "/admin/products",
      "/admin/products/new",
      `/admin/products/${product.id}`,
      "/admin/categories",
      "/admin/stock",
      `/admin/stock?sku=${product.variants[0]!.sku}`,
      "/admin/reviews",
      "/admin/customers",
      "/admin/emails",
      `/admin/emails/${emailId}`,
      "/admin/failed-jobs",
      "/admin/audit-log",
    ];
  });

  it("sends anonymous visitors to sign in and back, on every admin page", async () => {
    for (const path of paths) {
      const response = await site(path);
      expect(response.status, path).toBe(302);
      expect(response.headers.get("location"), path).toBe(`/login?${new URLSearchParams({ redirectTo: path })}`);
    }
  });

  it("answers a signed-in customer with 403 on every admin page", async () => {
    for (const path of paths) {
      const response = await customerBrowser.get(path);
      expect(response.status, path).toBe(403);
      const body = await html(response);
      expect(body, path).toContain("Administrators only");
      // Nothing of the admin section leaks into the error page.
      expect(body, path).not.toContain('aria-label="Admin"');
    }
  });

  it("renders every admin page for an admin, privately", async () => {
    for (const path of paths) {
      const response = await adminBrowser.get(path);
      expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
      expect(response.headers.get("cache-control"), path).toBe("private, no-store");
      expect(await html(response), path).toContain('aria-label="Admin"');
    }
  });

  it("guards a representative form post on every page: anonymous → sign in, customer → 403, admin → done", async () => {
    const category = await createCategory();
    const reviewId = await review(product);
    const jobId = await failedJob();
    const shopper = await registerUser();
    const sku = product.variants[0]!.sku;
    const posts: { path: string; fields: Record<string, string>; ok: string }[] = [
      { path: "/admin/categories", fields: { intent: "update", id: category.id, name: `Renamed ${uniqueWord()}`, description: "" }, ok: "saved" },
      {
        path: "/admin/products/new",
        fields: { intent: "create", name: `Gate ${uniqueWord()}`, description: "", categoryId: category.id, "variants.0.sku": uniqueSku("GATE"), "variants.0.price": "5" },
        ok: "created",
      },
      { path: `/admin/products/${product.id}`, fields: { intent: "update", name: product.name, description: "Updated.", categoryId: product.category.id }, ok: "saved" },
      { path: `/admin/stock?sku=${sku}`, fields: { intent: "stock", sku, mode: "delta", amount: "1" }, ok: "stock" },
      { path: `/admin/orders/${order.id}`, fields: { intent: "status", status: "processing" }, ok: "processing" },
      { path: "/admin/reviews", fields: { intent: "hide", confirm: "hide", id: reviewId }, ok: "hidden" },
      { path: "/admin/customers", fields: { intent: "role", confirm: "role", id: shopper.user.id, role: "customer" }, ok: "role" },
      { path: "/admin/failed-jobs", fields: { intent: "retry", confirm: "retry", id: jobId }, ok: "retried" },
    ];
    for (const { path, fields } of posts) {
      const anonymous = await new Browser().post(path, fields);
      expect(anonymous.status, path).toBe(302);
      expect(anonymous.headers.get("location"), path).toMatch(/^\/login\?redirectTo=/);
      const customer = await customerBrowser.post(path, fields);
      expect(customer.status, path).toBe(403);
      expect(await html(customer), path).toContain("Administrators only");
    }
    // Nothing the anonymous or customer posts asked for happened.
    expect(await row("SELECT status FROM orders WHERE id = ?", order.id)).toEqual({ status: "paid" });
    expect(await row("SELECT is_hidden FROM reviews WHERE id = ?", reviewId)).toEqual({ is_hidden: 0 });
    expect(await row("SELECT status FROM failed_jobs WHERE id = ?", jobId)).toEqual({ status: "failed" });
    expect(await row("SELECT name FROM categories WHERE id = ?", category.id)).toEqual({ name: category.name });
    for (const { path, fields, ok } of posts) {
      await expectOk(await adminBrowser.post(path, fields), ok);
    }
  });

  it("refuses a cross-site form post before the action runs", async () => {
    const name = `Forged ${uniqueWord()}`;
    const response = await site("/admin/categories", {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded", cookie: adminBrowser.cookieHeader() },
      body: new URLSearchParams({ intent: "create", name }).toString(),
    });
    expect(response.status).toBe(403);
    expect(await row("SELECT id FROM categories WHERE name = ?", name)).toBeNull();
  });

  it("shows a customer's role as 403 again once the API sees the role was taken away", async () => {
    const demoted = await createAdmin();
    const browser = await browserFor(demoted);
    expect((await browser.get("/admin")).status).toBe(200);
    await env.DB.prepare("UPDATE users SET role = 'customer' WHERE id = ?").bind(demoted.user.id).run();
    // The session's token still says admin; the API re-reads the role from D1.
    expect((await browser.get("/admin/orders")).status).toBe(403);
  });
});

describe("catalog administration", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await browserFor(await createAdmin());
  });

  it("creates a product with specifications and variants, prices in dollars and first stock", async () => {
    const category = await createCategory();
    const word = uniqueWord("new");
    const [skuA, skuB] = [uniqueSku("ADM"), uniqueSku("ADM")];
    const form = await page(browser, "/admin/products/new");
    expect(form).toContain(category.name);
    const response = await browser.post("/admin/products/new", {
      intent: "create",
      name: `Admin jacket ${word}`,
      slug: "",
      description: "Warm.\nDry.",
      categoryId: category.id,
      brand: "Northwind",
      isFeatured: "on",
      "spec.0.key": "Weight",
      "spec.0.value": "1.2 kg",
      "spec.1.key": "",
      "spec.1.value": "",
      "spec.2.key": "Fabric",
      "spec.2.value": "Wool",
      "variants.0.sku": skuA.toLowerCase(),
      "variants.0.title": "",
      "variants.0.size": "M",
      "variants.0.color": "Navy",
      "variants.0.price": "24.99",
      "variants.0.initialStock": "7",
      "variants.1.sku": "",
      "variants.1.price": "",
      "variants.2.sku": skuB,
      "variants.2.title": "Large red",
      "variants.2.size": "L",
      "variants.2.color": "Red",
      "variants.2.price": "$1,000",
      "variants.2.initialStock": "",
    });
    const location = await expectOk(response, "created");
    const id = location.pathname.split("/").at(-1)!;
    const stored = await row<{ name: string; brand: string; specifications: string; is_featured: number; price_cents: number }>(
      "SELECT name, brand, specifications, is_featured, price_cents FROM products WHERE id = ?",
      id,
    );
    expect(stored).toMatchObject({ name: `Admin jacket ${word}`, brand: "Northwind", is_featured: 1, price_cents: 2499 });
    expect(JSON.parse(stored!.specifications)).toEqual({ Weight: "1.2 kg", Fabric: "Wool" });
    const variants = await env.DB.prepare("SELECT sku, title, options, price_cents FROM product_variants WHERE product_id = ? ORDER BY position")
      .bind(id)
      .all<{ sku: string; title: string; options: string; price_cents: number }>();
    expect(variants.results.map((v) => ({ ...v, options: JSON.parse(v.options) }))).toEqual([
      { sku: skuA, title: "M / Navy", options: { size: "M", color: "Navy" }, price_cents: 2499 },
      { sku: skuB, title: "Large red", options: { size: "L", color: "Red" }, price_cents: 100_000 },
    ]);
    expect(await env.INVENTORY.getByName(skuA).read()).toMatchObject({ onHand: 7, available: 7 });

    const edit = await html(await browser.follow(response));
    expect(edit).toContain("The product was created.");
    expect(edit).toContain('value="24.99"');
  });

  it("shows field errors from the form's own checks and the API's conflicts", async () => {
    const category = await createCategory();
    const existing = await createProduct({ categoryId: category.id });
    const invalid = await browser.post("/admin/products/new", {
      intent: "create",
      name: "",
      description: "",
      categoryId: "",
      "spec.0.key": "",
      "spec.0.value": "orphan value",
      "variants.0.sku": "BAD SKU",
      "variants.0.price": "twelve",
    });
    expect(invalid.status).toBe(400);
    const invalidPage = await html(invalid);
    expect(invalidPage).toContain("Choose a category.");
    expect(invalidPage).toContain("Enter an amount in dollars, such as 24.99.");
    expect(invalidPage).toContain("Name this specification, or clear its value.");
    expect(invalidPage).toContain("Use letters, digits, '.', '_' and '-'.");
    expect(invalidPage).toContain('value="orphan value"');

    const noVariant = await browser.post("/admin/products/new", { intent: "create", name: "No variants", description: "", categoryId: category.id });
    expect(noVariant.status).toBe(400);
    expect(await html(noVariant)).toContain("Add at least one variant.");

    const duplicate = await browser.post("/admin/products/new", {
      intent: "create",
      name: `Duplicate ${uniqueWord()}`,
      description: "",
      categoryId: category.id,
      "variants.0.sku": existing.variants[0]!.sku,
      "variants.0.price": "10",
    });
    expect(duplicate.status).toBe(409);
    expect(await html(duplicate)).toContain(`SKU ${existing.variants[0]!.sku} is already in use.`);
  });

  it("edits a product, a variant, adds a variant, then deactivates and reactivates it", async () => {
    const product = await createProduct({ brand: "Old", variants: [{ priceCents: 1500, initialStock: 3, options: { size: "S", material: "Cotton" } }] });
    const path = `/admin/products/${product.id}`;
    const name = `Renamed ${uniqueWord()}`;
    await expectOk(
      await browser.post(path, {
        intent: "update",
        name,
        slug: product.slug,
        description: "New words.",
        categoryId: product.category.id,
        brand: "",
        "spec.0.key": "Care",
        "spec.0.value": "Hand wash",
      }),
      "saved",
      path,
    );
    expect(await row("SELECT name, brand, description, specifications FROM products WHERE id = ?", product.id)).toEqual({
      name,
      brand: null,
      description: "New words.",
      specifications: JSON.stringify({ Care: "Hand wash" }),
    });

    const sku = product.variants[0]!.sku;
    await expectOk(await browser.post(path, { intent: "update-variant", sku, title: "", size: "M", color: "Teal", price: "17.5", isActive: "on" }), "variant");
    const variant = await row<{ options: string; price_cents: number }>("SELECT options, price_cents FROM product_variants WHERE sku = ?", sku);
    expect(variant!.price_cents).toBe(1750);
    // The option the form does not edit is kept.
    expect(JSON.parse(variant!.options)).toEqual({ material: "Cotton", size: "M", color: "Teal" });

    // The last active variant cannot be switched off: the API's 409 is shown on its form.
    const last = await browser.post(path, { intent: "update-variant", sku, price: "17.50" });
    expect(last.status).toBe(409);
    expect(await html(last)).toContain("A product needs at least one active variant");

    const added = uniqueSku("ADD");
    await expectOk(await browser.post(path, { intent: "add-variant", sku: added, size: "XL", price: "19", initialStock: "4" }), "variant-added");
    expect(await row("SELECT price_cents, title FROM product_variants WHERE sku = ?", added)).toEqual({ price_cents: 1900, title: "XL" });
    expect(await env.INVENTORY.getByName(added).read()).toMatchObject({ onHand: 4 });
    const edit = await page(browser, path);
    expect(edit).toContain(added);
    expect(edit).toMatch(/On hand<\/dt><dd[^>]*>4</);

    await expectOk(await browser.post(path, { intent: "deactivate", confirm: "deactivate" }), "deactivated");
    expect(await row("SELECT is_active FROM products WHERE id = ?", product.id)).toEqual({ is_active: 0 });
    const search = `/admin/products?q=${encodeURIComponent(name.split(" ")[1]!)}`;
    expect(await page(browser, search)).not.toContain(name);
    const withInactive = await page(browser, `${search}&inactive=1&sort=price_desc`);
    expect(withInactive).toContain(name);
    expect(withInactive).toContain("Deactivated");
    expect(await page(browser, path)).toContain("Reactivate product");
    await expectOk(await browser.post(path, { intent: "reactivate" }), "reactivated");
    expect(await row("SELECT is_active FROM products WHERE id = ?", product.id)).toEqual({ is_active: 1 });
  });

  it("uploads an image to R2 through a multipart form and shows it", async () => {
    const product = await createProduct();
    const path = `/admin/products/${product.id}`;
    const form = new FormData();
    form.set("intent", "upload-image");
    form.set("image", new File([PNG], "dot.png", { type: "image/png" }));
    const response = await browser.get(path, { method: "POST", headers: { origin: ORIGIN }, body: form });
    await expectOk(response, "image", path);
    const stored = await row<{ images: string }>("SELECT images FROM products WHERE id = ?", product.id);
    const [url] = JSON.parse(stored!.images) as string[];
    expect(url).toMatch(new RegExp(`^/images/products/${product.id}/[\\w-]+\\.png$`));
    const object = await env.IMAGES.get(url!.slice("/images/".length));
    expect(object?.httpMetadata?.contentType).toBe("image/png");
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(PNG);
    expect(await page(browser, path)).toContain(`src="${url}"`);

    // Bytes that are not what the file claims: the API's 415 is shown.
    const fake = new FormData();
    fake.set("intent", "upload-image");
    fake.set("image", new File([new TextEncoder().encode("not an image")], "fake.png", { type: "image/png" }));
    const refused = await browser.get(path, { method: "POST", headers: { origin: ORIGIN }, body: fake });
    expect(refused.status).toBe(415);
    expect(await html(refused)).toContain("The bytes are not image/png.");
    const text = new FormData();
    text.set("intent", "upload-image");
    text.set("image", new File(["hello"], "notes.txt", { type: "text/plain" }));
    const wrongType = await browser.get(path, { method: "POST", headers: { origin: ORIGIN }, body: text });
    expect(wrongType.status).toBe(400);
    expect(await html(wrongType)).toContain("Upload a PNG, JPEG or WebP image.");

    await expectOk(await browser.post(path, { intent: "remove-image", confirm: "remove-image", url: url! }), "image-removed");
    expect(await row("SELECT images FROM products WHERE id = ?", product.id)).toEqual({ images: "[]" });
  });

  it("adjusts stock with an audit entry, and shows the 409 for going below what is reserved", async () => {
    const product = await createProduct({ variants: [{ initialStock: 10 }] });
    const sku = product.variants[0]!.sku;
    const path = `/admin/stock?sku=${sku}`;
    const before = await page(browser, path);
    expect(before).toMatch(/On hand<\/dt><dd[^>]*>10</);
    await expectOk(await browser.post(path, { intent: "stock", sku, mode: "onHand", amount: "7" }), "stock");
    expect(await env.INVENTORY.getByName(sku).read()).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
    await expectOk(await browser.post(path, { intent: "stock", sku, mode: "delta", amount: "-2" }), "stock");
    expect(await env.INVENTORY.getByName(sku).read()).toMatchObject({ onHand: 5 });
    const audited = await env.DB.prepare("SELECT action, details FROM audit_log WHERE entity_type = 'sku' AND entity_id = ? ORDER BY created_at, id")
      .bind(sku)
      .all<{ action: string; details: string }>();
    expect(audited.results.map((entry) => entry.action)).toEqual(expect.arrayContaining(["inventory.set", "inventory.adjusted"]));

    const invalid = await browser.post(path, { intent: "stock", sku, mode: "onHand", amount: "-3" });
    expect(invalid.status).toBe(400);
    expect(await html(invalid)).toContain("Enter a whole number.");

    const inventory = env.INVENTORY.getByName(sku);
    await inventory.reserve("res_admin_test", 4, 600);
    try {
      const below = await browser.post(path, { intent: "stock", sku, mode: "onHand", amount: "2" });
      expect(below.status).toBe(409);
      expect(await html(below)).toContain("On-hand cannot go below the 4 units reserved by checkouts in progress");
      expect(await inventory.read()).toMatchObject({ onHand: 5, reserved: 4 });
      const shown = await page(browser, path);
      expect(shown).toMatch(/Reserved<\/dt><dd[^>]*>4</);
    } finally {
      await inventory.release("res_admin_test");
    }
  });

  it("creates, edits and deletes categories, showing the 409 while products use one", async () => {
    const name = `Kitchen ${uniqueWord()}`;
    const createdResponse = await browser.post("/admin/categories", { intent: "create", name, slug: "", description: "Pots and pans", sortOrder: "3" });
    await expectOk(createdResponse, "created", "/admin/categories");
    expect(mainOf(await html(await browser.follow(createdResponse)))).toContain("The category was created.");
    const created = await row<{ id: string; slug: string; sort_order: number }>("SELECT id, slug, sort_order FROM categories WHERE name = ?", name);
    expect(created).toMatchObject({ sort_order: 3 });
    expect(await page(browser, "/admin/categories")).toContain(name);

    const duplicate = await browser.post("/admin/categories", { intent: "create", name: "Again", slug: created!.slug });
    expect(duplicate.status).toBe(409);
    expect(await html(duplicate)).toContain("Another category already uses this slug.");

    await expectOk(await browser.post("/admin/categories", { intent: "update", id: created!.id, name: `${name} & Dining`, slug: created!.slug, description: "", sortOrder: "1" }), "saved");
    expect(await row("SELECT name, sort_order FROM categories WHERE id = ?", created!.id)).toEqual({ name: `${name} & Dining`, sort_order: 1 });

    const used = await createCategory();
    await createProduct({ categoryId: used.id });
    const refused = await browser.post("/admin/categories", { intent: "delete", confirm: "delete", id: used.id });
    expect(refused.status).toBe(409);
    expect(await html(refused)).toContain("1 active product(s) are in this category; move or deactivate them first.");
    expect(await row("SELECT id FROM categories WHERE id = ?", used.id)).toEqual({ id: used.id });

    await expectOk(await browser.post("/admin/categories", { intent: "delete", confirm: "delete", id: created!.id }), "deleted");
    expect(await row("SELECT id FROM categories WHERE id = ?", created!.id)).toBeNull();
  });

  it("finds reviews by part of the product's name, and refuses the search to shoppers", async () => {
    const word = uniqueWord("kettle");
    const product = await createProduct({ name: `Copper ${word}` });
    await review(product);
    await review(await createProduct());
    const found = await page(browser, `/admin/reviews?product=${word.toUpperCase()}`);
    expect(found).toContain(`Copper ${word}`);
    expect(found.match(/Not for me/g)).toHaveLength(1);
    expect(found).toMatch(/<input[^>]*name="product"[^>]*value="[^"]*"/);
    expect(found).not.toContain("Product id");
    const none = await page(browser, `/admin/reviews?product=${uniqueWord("nothing")}`);
    expect(none).toContain("No reviews match these filters.");
    // Too long a search is cut to its first 100 characters, never an error.
    const long = await browser.get(`/admin/reviews?product=${"y".repeat(500)}`);
    expect(long.status, await long.clone().text()).toBe(200);
    const shopper = await browserFor(await registerUser());
    expect((await shopper.get(`/admin/reviews?product=${word}`)).status).toBe(403);
  });

  it("hides, unhides and deletes a review, rendering its text as text", async () => {
    const product = await createProduct();
    const id = await review(product);
    const list = await page(browser, `/admin/reviews?productId=${product.id}`);
    // Escaped by React: after decoding the entities the text reads as typed, and no <b> element exists.
    expect(list).toContain("The <b>seams</b> came apart.");
    expect(list).toContain(product.name);
    await expectOk(await browser.post("/admin/reviews", { intent: "hide", confirm: "hide", id }), "hidden");
    expect(await row("SELECT is_hidden FROM reviews WHERE id = ?", id)).toEqual({ is_hidden: 1 });
    const hidden = await page(browser, `/admin/reviews?visibility=hidden&productId=${product.id}`);
    expect(hidden).toContain("Unhide");
    await expectOk(await browser.post("/admin/reviews", { intent: "show", id }), "shown");
    expect(await row("SELECT is_hidden FROM reviews WHERE id = ?", id)).toEqual({ is_hidden: 0 });
    await expectOk(await browser.post("/admin/reviews", { intent: "delete", confirm: "delete", id }), "deleted");
    expect(await row("SELECT id FROM reviews WHERE id = ?", id)).toBeNull();
    const gone = await browser.post("/admin/reviews", { intent: "delete", confirm: "delete", id });
    expect(gone.status).toBe(404);
    expect(await html(gone)).toContain("No such review.");
  });
});

describe("orders, payments and refunds", () => {
  let adminSession: TestSession;
  let browser: Browser;
  beforeAll(async () => {
    adminSession = await createAdmin();
    browser = await browserFor(adminSession);
  });

  it("lists orders filtered by status and by customer email", async () => {
    const { shopper, order } = await paidOrder();
    const all = await page(browser, "/admin/orders");
    expect(all).toContain(order.number);
    expect(all).toContain(shopper.user.email);
    expect(await page(browser, "/admin/orders?status=paid")).toContain(order.number);
    expect(await page(browser, "/admin/orders?status=delivered")).not.toContain(order.number);
    const byEmail = await page(browser, `/admin/orders?customer=${encodeURIComponent(shopper.user.email)}`);
    expect(byEmail).toContain(order.number);
    expect(byEmail).toContain(`Orders of <span class="font-medium">${shopper.user.name}</span> (${shopper.user.email})`);
    expect(await page(browser, "/admin/orders?customer=nobody-at-all")).toContain("No customer matches");
    const other = await registerUser();
    expect(await page(browser, `/admin/orders?userId=${other.user.id}`)).toContain("No orders match these filters.");
  });

  it("moves an order to processing, then shipped with carrier and tracking, then delivered", async () => {
    const { order } = await paidOrder();
    const path = `/admin/orders/${order.id}`;
    const detail = await page(browser, path);
    expect(detail).toContain(order.number);
    expect(detail).toContain("Mark as processing");
    expect(detail).not.toContain("Mark as shipped");

    await expectOk(await browser.post(path, { intent: "status", status: "processing" }), "processing", path);
    expect(await row("SELECT status FROM orders WHERE id = ?", order.id)).toEqual({ status: "processing" });

    const missing = await browser.post(path, { intent: "status", status: "shipped", carrier: "UPS", trackingNumber: "" });
    expect(missing.status).toBe(400);
    expect(await html(missing)).toContain("Shipping needs a tracking number.");
    expect(await row("SELECT status FROM orders WHERE id = ?", order.id)).toEqual({ status: "processing" });

    await expectOk(await browser.post(path, { intent: "status", status: "shipped", carrier: "UPS", trackingNumber: "1Z-999-AA1" }), "shipped", path);
    expect(await row("SELECT status, carrier, tracking_number FROM orders WHERE id = ?", order.id)).toEqual({
      status: "shipped",
      carrier: "UPS",
      tracking_number: "1Z-999-AA1",
    });
    const shipped = await page(browser, path);
    expect(shipped).toContain("Shipped with UPS, tracking 1Z-999-AA1");
    // The store may still cancel (and refund) a shipped order; the shopper no longer can.
    expect(shipped).toContain("Cancel and refund");

    // An illegal transition: the API's 409 is shown.
    const again = await browser.post(path, { intent: "status", status: "processing" });
    expect(again.status).toBe(409);
    expect(await html(again)).toContain("An order that is shipped cannot become processing.");

    await expectOk(await browser.post(path, { intent: "status", status: "delivered" }), "delivered", path);
    expect(await row("SELECT status FROM orders WHERE id = ?", order.id)).toEqual({ status: "delivered" });
    expect(await page(browser, path)).toContain("can no longer be cancelled");
  });

  it("refunds part of a payment in dollars, shows what remains, and refuses more than that", async () => {
    const { order } = await paidOrder(10_000);
    const path = `/admin/orders/${order.id}`;
    const payment = order.payments.find((p) => p.status === "succeeded")!;
    const before = await page(browser, path);
    expect(before).toContain(`Refundable remaining: <strong class="tabular-nums">$${(order.totalCents / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}</strong>`);

    await expectOk(await browser.post(path, { intent: "refund", confirm: "refund", paymentId: payment.id, amount: "12.34" }), "refund", path);
    const refund = await row<{ amount_cents: number; payment_id: string }>("SELECT amount_cents, payment_id FROM refunds WHERE order_id = ?", order.id);
    expect(refund).toEqual({ amount_cents: 1234, payment_id: payment.id });

    const remaining = order.totalCents - 1234;
    const after = await page(browser, path);
    expect(after).toContain(`$${(remaining / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`);
    expect(after).toContain("$12.34");

    const tooMuch = await browser.post(path, { intent: "refund", confirm: "refund", paymentId: payment.id, amount: String(order.totalCents / 100) });
    expect(tooMuch.status).toBe(400);
    expect(await html(tooMuch)).toContain(`At most $${(remaining / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })} can still be refunded.`);
    const garbage = await browser.post(path, { intent: "refund", confirm: "refund", paymentId: payment.id, amount: "1.234" });
    expect(garbage.status).toBe(400);
    expect(await html(garbage)).toContain("Enter an amount in dollars, such as 24.99.");
  });

  it("reads and answers a refund in the payment's own currency, never in minor units", async () => {
    const { order } = await paidOrder(10_000);
    const path = `/admin/orders/${order.id}`;
    const payment = order.payments.find((p) => p.status === "succeeded")!;
    // A yen payment (JPY has no minor unit): the amount typed is whole yen.
    await env.DB.batch([
      env.DB.prepare("UPDATE orders SET currency = 'JPY' WHERE id = ?").bind(order.id),
      env.DB.prepare("UPDATE payments SET currency = 'JPY' WHERE id = ?").bind(payment.id),
    ]);
    const before = await page(browser, path);
    expect(before).toContain("Amount to refund (JPY)");
    const decimals = await browser.post(path, { intent: "refund", confirm: "refund", paymentId: payment.id, amount: "12.50" });
    expect(decimals.status).toBe(400);
    expect(await html(decimals)).toContain("Enter an amount in JPY, such as 800.");
    const tooMuch = await browser.post(path, { intent: "refund", confirm: "refund", paymentId: payment.id, amount: "99999999" });
    expect(tooMuch.status).toBe(400);
    const tooMuchPage = await html(tooMuch);
    expect(tooMuchPage).toContain(`At most ¥${order.totalCents.toLocaleString("en-US")} can still be refunded.`);
    expect(tooMuchPage).not.toMatch(/cents|100000000/);
    const nothing = await browser.post(path, { intent: "refund", confirm: "refund", paymentId: payment.id, amount: "0" });
    expect(await html(nothing)).toContain("Refund at least ¥1.");
    const stranger = await browser.post(path, { intent: "refund", confirm: "refund", paymentId: "pay_not_this_order", amount: "5" });
    expect(stranger.status).toBe(404);
    expect(await html(stranger)).toContain("This order has no such payment.");
    expect(await row("SELECT count(*) AS n FROM refunds WHERE order_id = ?", order.id)).toEqual({ n: 0 });

    await expectOk(await browser.post(path, { intent: "refund", confirm: "refund", paymentId: payment.id, amount: "1200" }), "refund", path);
    expect(await row("SELECT amount_cents FROM refunds WHERE order_id = ?", order.id)).toEqual({ amount_cents: 1200 });
  });

  it("cancels a paid order with a refund of what remains", async () => {
    const { order, product } = await paidOrder(5_000);
    const path = `/admin/orders/${order.id}`;
    expect(await page(browser, path)).toContain("Cancel and refund");
    await expectOk(await browser.post(path, { intent: "cancel", confirm: "cancel" }), "cancelled", path);
    expect(await row("SELECT status FROM orders WHERE id = ?", order.id)).toEqual({ status: "cancelled" });
    expect(await row("SELECT amount_cents FROM refunds WHERE order_id = ?", order.id)).toEqual({ amount_cents: order.totalCents });
    expect(await env.INVENTORY.getByName(product.variants[0]!.sku).read()).toMatchObject({ onHand: 20 });
    const twice = await browser.post(path, { intent: "cancel", confirm: "cancel" });
    expect(twice.status).toBe(409);
  });

  it("shows a missing order as 404 inside the admin section", async () => {
    const response = await browser.get("/admin/orders/ord_missing");
    expect(response.status).toBe(404);
    expect(await html(response)).toContain("No such order.");
  });

  it("renders the dashboard with revenue, the chart and its data table", async () => {
    await paidOrder(7_500);
    const dashboard = await page(browser, "/admin");
    expect(dashboard).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="[^"]+ [^"]+"/);
    expect(dashboard).toContain("<title");
    expect(dashboard).toContain("<desc");
    expect(dashboard).toContain("in total between");
    expect(dashboard).toContain("Show the figures as a table");
    const today = new Date().toISOString().slice(0, 10);
    // HTML attribute names are case-insensitive; React 18 writes some in camel case.
    expect(dashboard).toMatch(new RegExp(`datetime="${today}"`, "i"));
    expect(dashboard).not.toContain("No orders yet.");
  });

  it("shows orders, carts that became orders with its definition, and each currency on its own", async () => {
    const { order } = await paidOrder(7_500);
    // An order paid in yen must never be added to dollars.
    const { order: yen } = await paidOrder(3_000);
    await env.DB.prepare("UPDATE orders SET currency = 'JPY' WHERE id = ?").bind(yen.id).run();
    const dashboard = await page(browser, "/admin");
    expect(dashboard).toContain("Orders placed, last 30 days");
    expect(dashboard).toContain("Carts that became orders");
    expect(dashboard).toContain("carts with at least one item that became a paid order");
    expect(dashboard).toMatch(/\d+(\.\d)?%/);
    expect(dashboard).toContain("Revenue in USD");
    expect(dashboard).toContain("Revenue in JPY");
    expect(dashboard).toContain("Average order value");
    expect(dashboard).toContain(`¥${yen.totalCents.toLocaleString("en-US")}`);
    expect(dashboard).toContain("Revenue in JPY per day, last 30 days (UTC)");
    expect(order.totalCents).toBeGreaterThan(0);

    const fortnight = await page(browser, "/admin?days=14");
    expect(fortnight).toContain("Orders placed, last 14 days");
    expect(fortnight).toContain("Revenue in USD per day, last 14 days (UTC)");
    expect(fortnight).toMatch(/aria-current="page"[^>]*>Last 14 days|href="\/admin\?days=14"[^>]*aria-current="page"/);

    const bad = await browser.get("/admin?days=7");
    expect(bad.status).toBe(200);
    const badPage = mainOf(await html(bad));
    expect(badPage).toContain('There is no "7" day view: choose 14 or 30 days. Showing the last 30 days.');
    expect(badPage).toContain("Orders placed, last 30 days");

    const shopper = await browserFor(await registerUser());
    expect((await shopper.get("/admin?days=14")).status).toBe(403);
  });
});

describe("customers, emails, failed jobs and the audit log", () => {
  let adminSession: TestSession;
  let browser: Browser;
  beforeAll(async () => {
    adminSession = await createAdmin();
    browser = await browserFor(adminSession);
  });

  it("changes a customer's role, and shows the API's 409 for demoting yourself", async () => {
    const customer = await registerUser({ name: "Promote Me" });
    const list = await page(browser, `/admin/customers?q=${encodeURIComponent(customer.user.email)}`);
    expect(list).toContain(customer.user.email);
    await expectOk(await browser.post(`/admin/customers?q=${encodeURIComponent(customer.user.email)}`, { intent: "role", confirm: "role", id: customer.user.id, role: "admin" }), "role", "/admin/customers");
    expect(await row("SELECT role FROM users WHERE id = ?", customer.user.id)).toEqual({ role: "admin" });
    const self = await browser.post("/admin/customers", { intent: "role", confirm: "role", id: adminSession.user.id, role: "customer" });
    expect(self.status).toBe(409);
    expect(await html(self)).toContain("You cannot remove your own administrator role.");
    expect(await row("SELECT role FROM users WHERE id = ?", adminSession.user.id)).toEqual({ role: "admin" });
    const audit = await page(browser, `/admin/audit-log?entityType=user&entityId=${customer.user.id}`);
    expect(audit).toContain("user.role_changed");
    expect(audit).toContain(adminSession.user.email);
  });

  it("lists the outbox and shows one email's HTML in a script-free sandbox, with its text", async () => {
    const shopper = await registerUser();
    await api("/auth/forgot-password", { method: "POST", json: { email: shopper.user.email } });
    const list = await page(browser, `/admin/emails?to=${encodeURIComponent(shopper.user.email)}`);
    expect(list).toContain(shopper.user.email);
    expect(list).toContain("password_reset");
    const id = (await row<{ id: string }>("SELECT id FROM email_outbox WHERE to_address = ?", shopper.user.email))!.id;
    expect(list).toContain(`/admin/emails/${id}`);
    const response = await browser.get(`/admin/emails/${id}`);
    expect(response.status).toBe(200);
    const raw = await response.text();
    const iframe = /<iframe[^>]*>/.exec(raw)![0];
    expect(iframe).toContain('sandbox=""');
    expect(iframe).not.toMatch(/allow-scripts|allow-same-origin/);
    expect(iframe).toMatch(/srcdoc="[^"]*reset-password\?token=/i);
    // The email's markup arrives escaped inside the attribute, never as live markup in the page.
    expect(iframe).toContain("&lt;a href=&quot;http://localhost:8787/reset-password?token=");
    expect(decode(raw)).toContain("30 minutes");
    expect(await page(browser, "/admin/emails?status=failed&to=nobody%40example.test")).toContain("No emails match these filters.");
  });

  it("retries a failed job once, and shows the API's 409 for a second retry", async () => {
    const id = await failedJob();
    expect(await page(browser, "/admin/failed-jobs?status=failed")).toContain(`<input type="hidden" name="id" value="${id}"/>`);
    await expectOk(await browser.post("/admin/failed-jobs", { intent: "retry", confirm: "retry", id }), "retried", "/admin/failed-jobs");
    expect(await row("SELECT status FROM failed_jobs WHERE id = ?", id)).toEqual({ status: "retried" });
    const again = await browser.post("/admin/failed-jobs", { intent: "retry", confirm: "retry", id });
    expect(again.status).toBe(409);
    expect(await html(again)).toContain("This job was already retried.");
    const audit = await page(browser, `/admin/audit-log?entityType=failed_job&entityId=${id}`);
    expect(audit).toContain("failed_job.retried");
  });

  it("pages long tables", async () => {
    for (let i = 0; i < 21; i++) await registerUser({ name: `Pager ${i}` });
    const first = await page(browser, "/admin/customers?q=Pager");
    expect(first).toMatch(/Showing 1–20 of 2\d/);
    expect(first).toContain('href="/admin/customers?q=Pager&page=2"');
    const second = await page(browser, "/admin/customers?q=Pager&page=2");
    expect(second).toMatch(/Showing 21–2\d of 2\d/);
  });
});
