/**
 * Every destructive admin action asks first. Driven like a browser without JavaScript: each
 * page shows the action as a disclosure holding a "Yes, …" button that posts `confirm=<intent>`,
 * and a post of the intent without it is refused with the page's message and changes nothing.
 * Also the admin's own frame (no store header), the CSV links on the list pages, and an order
 * number typed into the orders search.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { addToCart, checkout, deliver, getOrder, waitForOrder, type OrderJson } from "./checkout-helpers";
import { createCategory, createProduct } from "./factories/catalog";
import { api, createAdmin, ORIGIN, registerUser, type TestSession } from "./helpers";
import { createSku } from "./factories/stock";
import { Browser, decode, mainOf } from "./site-helpers";

async function html(response: Response): Promise<string> {
  return decode((await response.text()).replaceAll("<!-- -->", ""));
}

async function row<T>(sql: string, ...binds: unknown[]): Promise<T | null> {
  return env.DB.prepare(sql).bind(...binds).first<T>();
}

let admin: TestSession;
let browser: Browser;

beforeAll(async () => {
  admin = await createAdmin();
  browser = new Browser();
  await browser.signIn(admin);
});

async function paidOrder(): Promise<{ shopper: TestSession; order: OrderJson }> {
  const product = await createProduct({ variants: [{ priceCents: 5_000, initialStock: 10 }] });
  const shopper = await registerUser();
  await addToCart(shopper, product.variants[0]!.sku, 1);
  const response = await checkout(shopper, { token: "tok_visa" });
  expect(response.status, await response.clone().text()).toBe(202);
  const { order } = (await response.json()) as { order: OrderJson };
  return { shopper, order: await waitForOrder(shopper, order.id, (o) => o.status === "paid") };
}

async function reviewOn(productId: string): Promise<string> {
  const author = await registerUser();
  const response = await api(`/products/${productId}/reviews`, { method: "POST", token: author.accessToken, json: { rating: 4, body: "Fine." } });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** A delivered order with a return the shopper asked for and the admin approved. */
async function approvedReturn(): Promise<{ returnId: string; orderId: string; sku: string; shopper: TestSession }> {
  const sku = await createSku(5, 2_000);
  const shopper = await registerUser();
  await addToCart(shopper, sku, 1);
  const { order } = (await (await checkout(shopper, { token: "tok_visa" })).json()) as { order: OrderJson };
  await waitForOrder(shopper, order.id, (o) => o.status === "paid");
  const move = (json: unknown) => api(`/orders/${order.id}/status`, { method: "PUT", token: admin.accessToken, json });
  expect((await move({ status: "processing" })).status).toBe(200);
  expect((await move({ status: "shipped", carrier: "UPS", trackingNumber: "1Z999AA1" })).status).toBe(200);
  expect((await move({ status: "delivered" })).status).toBe(200);
  const asked = await api(`/orders/${order.id}/returns`, { method: "POST", token: shopper.accessToken, json: { lines: [{ sku, quantity: 1, reason: "damaged" }] } });
  expect(asked.status, await asked.clone().text()).toBe(201);
  const returnId = ((await asked.json()) as { return: { id: string } }).return.id;
  expect((await api(`/admin/returns/${returnId}/approve`, { method: "POST", token: admin.accessToken })).status).toBe(200);
  return { returnId, orderId: order.id, sku, shopper };
}

/** A failed email job in the dead-letter table, as the emails queue's DLQ consumer records it. */
async function failedJob(): Promise<string> {
  const shopper = await registerUser();
  await api("/auth/forgot-password", { method: "POST", json: { email: shopper.user.email } });
  const email = await row<{ dedupe_key: string }>("SELECT dedupe_key FROM email_outbox WHERE to_address = ?", shopper.user.email);
  await deliver("storefront-emails-dlq", [{ kind: "deliver", dedupeKey: email!.dedupe_key }]);
  return (await row<{ id: string }>("SELECT id FROM failed_jobs WHERE body LIKE ?", `%${email!.dedupe_key}%`))!.id;
}

/** The page offers the intent only behind a disclosure whose button posts confirm=<intent>. */
function expectConfirmStep(page: string, intent: string, yes: RegExp) {
  const forms = [...page.matchAll(/<form[\s\S]*?<\/form>/g)].map((match) => match[0]).filter((form) => form.includes(`name="intent" value="${intent}"`));
  expect(forms.length, `a form for ${intent}`).toBeGreaterThan(0);
  for (const form of forms) {
    expect(form).toMatch(/<details[\s\S]*<summary/);
    const button = /<button[^>]*name="confirm"[^>]*value="([^"]+)"[^>]*>([\s\S]*?)<\/button>/.exec(form);
    expect(button?.[1]).toBe(intent);
    expect(button?.[2]).toMatch(yes);
    // The only submit for the intent is the confirming one.
    expect(form).not.toMatch(new RegExp(`<button[^>]*name="intent"[^>]*value="${intent}"`));
  }
}

async function expectRefused(response: Response) {
  expect(response.status, await response.clone().text()).toBe(400);
  expect(await html(response)).toContain("Nothing was changed. Please confirm with the “Yes” button.");
}

describe("destructive admin actions ask first", () => {
  it("cancelling an order, and refunding it", async () => {
    const { order } = await paidOrder();
    const path = `/admin/orders/${order.id}`;
    const page = mainOf(await html(await browser.get(path)));
    expectConfirmStep(page, "cancel", /Yes, cancel and refund/);
    expectConfirmStep(page, "refund", /Yes, refund it/);

    const paymentId = order.payments[0]!.id;
    await expectRefused(await browser.post(path, { intent: "cancel" }));
    await expectRefused(await browser.post(path, { intent: "refund", paymentId, amount: "10.00" }));
    // A confirmation naming another intent confirms nothing.
    await expectRefused(await browser.post(path, { intent: "cancel", confirm: "refund" }));
    expect(await row("SELECT status, refunded_cents FROM orders WHERE id = ?", order.id)).toEqual({ status: "paid", refunded_cents: 0 });
    expect(await row("SELECT count(*) AS n FROM refunds WHERE order_id = ?", order.id)).toEqual({ n: 0 });

    const refunded = await browser.post(path, { intent: "refund", paymentId, amount: "10.00", confirm: "refund" });
    expect(refunded.status, await refunded.clone().text()).toBe(302);
    const cancelled = await browser.post(path, { intent: "cancel", confirm: "cancel" });
    expect(cancelled.status, await cancelled.clone().text()).toBe(302);
    expect(await row("SELECT status FROM orders WHERE id = ?", order.id)).toEqual({ status: "cancelled" });
  });

  it("deactivating a product and removing its image", async () => {
    const product = await createProduct();
    const path = `/admin/products/${product.id}`;
    await env.DB.prepare("UPDATE products SET images = ? WHERE id = ?").bind(JSON.stringify(["/images/confirm-test.png"]), product.id).run();
    const page = mainOf(await html(await browser.get(path)));
    expectConfirmStep(page, "deactivate", /Yes, deactivate it/);
    expectConfirmStep(page, "remove-image", /Yes, remove it/);

    await expectRefused(await browser.post(path, { intent: "deactivate" }));
    await expectRefused(await browser.post(path, { intent: "remove-image", url: "/images/confirm-test.png" }));
    expect(await row("SELECT is_active, images FROM products WHERE id = ?", product.id)).toEqual({ is_active: 1, images: JSON.stringify(["/images/confirm-test.png"]) });

    const done = await browser.post(path, { intent: "deactivate", confirm: "deactivate" });
    expect(done.status, await done.clone().text()).toBe(302);
    expect(await row("SELECT is_active FROM products WHERE id = ?", product.id)).toEqual({ is_active: 0 });
  });

  it("deleting a category", async () => {
    const category = await createCategory();
    const page = mainOf(await html(await browser.get("/admin/categories")));
    expectConfirmStep(page, "delete", /Yes, delete this category/);
    await expectRefused(await browser.post("/admin/categories", { intent: "delete", id: category.id }));
    expect(await row("SELECT id FROM categories WHERE id = ?", category.id)).toEqual({ id: category.id });
  });

  it("hiding and deleting a review", async () => {
    const product = await createProduct();
    const reviewId = await reviewOn(product.id);
    const page = mainOf(await html(await browser.get(`/admin/reviews?productId=${product.id}`)));
    expectConfirmStep(page, "hide", /Yes, hide this review/);
    expectConfirmStep(page, "delete", /Yes, delete this review/);

    await expectRefused(await browser.post("/admin/reviews", { intent: "hide", id: reviewId }));
    await expectRefused(await browser.post("/admin/reviews", { intent: "delete", id: reviewId }));
    expect(await row("SELECT is_hidden FROM reviews WHERE id = ?", reviewId)).toEqual({ is_hidden: 0 });

    const hidden = await browser.post("/admin/reviews", { intent: "hide", id: reviewId, confirm: "hide" });
    expect(hidden.status).toBe(302);
    // Unhiding takes nothing away, so it needs no confirmation.
    const shown = await browser.post("/admin/reviews", { intent: "show", id: reviewId });
    expect(shown.status).toBe(302);
    expect(await row("SELECT is_hidden FROM reviews WHERE id = ?", reviewId)).toEqual({ is_hidden: 0 });
  });

  it("changing a role", async () => {
    const shopper = await registerUser();
    const page = mainOf(await html(await browser.get(`/admin/customers?q=${encodeURIComponent(shopper.user.email)}`)));
    expectConfirmStep(page, "role", /Yes, change the role/);
    await expectRefused(await browser.post("/admin/customers", { intent: "role", id: shopper.user.id, role: "admin" }));
    expect(await row("SELECT role FROM users WHERE id = ?", shopper.user.id)).toEqual({ role: "customer" });
  });

  it("deactivating a promotion", async () => {
    const created = await api("/admin/promotions", { method: "POST", token: admin.accessToken, json: { name: `Confirm ${Date.now()}`, kind: "percent", value: 10 } });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const page = mainOf(await html(await browser.get("/admin/promotions")));
    expectConfirmStep(page, "deactivate", /Yes, deactivate this promotion/);
    await expectRefused(await browser.post("/admin/promotions", { intent: "deactivate", id }));
    await expectRefused(await browser.post("/admin/promotions", { intent: "deactivate", id, confirm: "activate" }));
    expect(await row("SELECT active FROM promotions WHERE id = ?", id)).toEqual({ active: 1 });
    const done = await browser.post("/admin/promotions", { intent: "deactivate", id, confirm: "deactivate" });
    expect(done.status, await done.clone().text()).toBe(302);
    expect(await row("SELECT active FROM promotions WHERE id = ?", id)).toEqual({ active: 0 });
  });

  it("deleting a shipping zone", async () => {
    const created = await api("/admin/shipping-zones", {
      method: "POST",
      token: admin.accessToken,
      json: { name: "Confirm zone", countries: ["BV"], methods: [{ name: "Standard", rate: { kind: "flat", amountCents: 500 } }] },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const page = mainOf(await html(await browser.get("/admin/shipping")));
    expectConfirmStep(page, "delete", /Yes, delete this zone/);
    await expectRefused(await browser.post("/admin/shipping", { intent: "delete", id }));
    expect(await row("SELECT id FROM shipping_zones WHERE id = ?", id)).toEqual({ id });
    const done = await browser.post("/admin/shipping", { intent: "delete", id, confirm: "delete" });
    expect(done.status, await done.clone().text()).toBe(302);
    expect(await row("SELECT id FROM shipping_zones WHERE id = ?", id)).toBeNull();
  });

  it("retrying a failed job", async () => {
    const id = await failedJob();
    const page = mainOf(await html(await browser.get("/admin/failed-jobs?status=failed")));
    expectConfirmStep(page, "retry", /Yes, retry this job/);
    await expectRefused(await browser.post("/admin/failed-jobs", { intent: "retry", id }));
    expect(await row("SELECT status FROM failed_jobs WHERE id = ?", id)).toEqual({ status: "failed" });
    const done = await browser.post("/admin/failed-jobs", { intent: "retry", id, confirm: "retry" });
    expect(done.status, await done.clone().text()).toBe(302);
    expect(await row("SELECT status FROM failed_jobs WHERE id = ?", id)).toEqual({ status: "retried" });
  });

  it("receiving a return, which refunds it", async () => {
    const { returnId, orderId, sku, shopper } = await approvedReturn();
    const page = mainOf(await html(await browser.get("/admin/returns?status=approved")));
    expectConfirmStep(page, "receive", /Yes, mark received and refund/);
    await expectRefused(await browser.post("/admin/returns", { intent: "receive", id: returnId, target: returnId, [`received.${sku}`]: "1" }));
    expect(await row("SELECT status FROM returns WHERE id = ?", returnId)).toEqual({ status: "approved" });
    expect((await getOrder(shopper, orderId)).refundedCents).toBe(0);
    const done = await browser.post("/admin/returns", { intent: "receive", confirm: "receive", id: returnId, target: returnId, [`received.${sku}`]: "1" });
    expect([302, 303], await done.clone().text()).toContain(done.status);
    expect(await row<{ status: string }>("SELECT status FROM returns WHERE id = ?", returnId)).not.toEqual({ status: "approved" });
  });

  it("removing a product's translation", async () => {
    const product = await createProduct();
    const put = await api(`/admin/products/${product.id}/translations/de`, { method: "PUT", token: admin.accessToken, json: { name: "Bestätigt" } });
    expect(put.status, await put.clone().text()).toBeLessThan(300);
    const path = `/admin/products/${product.id}`;
    expectConfirmStep(mainOf(await html(await browser.get(path))), "remove-translation", /Yes, remove the German text/);
    await expectRefused(await browser.post(path, { intent: "remove-translation", target: "de", lang: "de" }));
    expect(await row("SELECT count(*) AS n FROM product_translations WHERE product_id = ? AND language = 'de'", product.id)).toEqual({ n: 1 });
  });
});

const ADMIN_SECTIONS = [
  "/admin",
  "/admin/orders",
  "/admin/returns",
  "/admin/products",
  "/admin/categories",
  "/admin/stock",
  "/admin/promotions",
  "/admin/markets",
  "/admin/shipping",
  "/admin/reviews",
  "/admin/customers",
  "/admin/emails",
  "/admin/failed-jobs",
  "/admin/audit-log",
];

describe("the admin's own frame", () => {
  const pages = ["/admin", "/admin/orders", "/admin/customers", "/admin/emails", "/admin/categories", "/admin/shipping", "/admin/failed-jobs"];

  it.each(pages)("%s has no store header or footer, and has the admin's navigation, skip link and sign-out", async (path) => {
    const response = await browser.get(path);
    expect(response.status).toBe(200);
    const page = await html(response);
    expect(page).not.toContain("Search products");
    expect(page).not.toContain('aria-label="Main"');
    expect(page).not.toContain("<footer");
    expect(page).not.toMatch(/href="\/c\//);
    const nav = /<nav aria-label="Admin"[^>]*>([\s\S]*?)<\/nav>/.exec(page)?.[1] ?? "";
    for (const section of ADMIN_SECTIONS) expect(nav, section).toContain(`href="${section}"`);
    expect(page).toMatch(/<a href="#main"[^>]*>Skip to main content<\/a>/);
    expect(page.match(/<main /g)).toHaveLength(1);
    expect(page).toContain('<main id="main"');
    // The navigation is outside <main>, so the skip link really skips it.
    expect(mainOf(page)).not.toContain('aria-label="Admin"');
    expect(page).toMatch(/<form method="post" action="\/logout"[^>]*><button type="submit"[^>]*>Sign out<\/button>/);
    expect(page).toMatch(/<a[^>]*href="\/"[^>]*>View store<\/a>/);
    expect(page).toContain(admin.user.name);
  });

  it("a record that is not there shows its message inside the frame, navigation included", async () => {
    const response = await browser.get("/admin/orders/ord_nosuch");
    expect(response.status).toBe(404);
    const page = await html(response);
    expect(page).toContain('<nav aria-label="Admin"');
    expect(mainOf(page)).toContain("No such order.");
    expect(page).not.toContain("Search products");
  });

  it("a customer's 403 shows inside the admin's top bar, without the section's navigation", async () => {
    const customer = new Browser();
    await customer.signIn(await registerUser());
    const response = await customer.get("/admin");
    expect(response.status).toBe(403);
    const page = await html(response);
    expect(mainOf(page)).toContain("Administrators only");
    expect(page).not.toContain('<nav aria-label="Admin"');
    expect(page).not.toContain("Search products");
    expect(page).toContain("Go to the store");
    expect(page).toMatch(/action="\/logout"/);
  });
});

describe("declining a return asks first too", () => {
  it("refuses a decline posted without its confirmation", async () => {
    const response = await browser.post("/admin/returns", { intent: "reject", id: "ret_unconfirmed" });
    await expectRefused(response);
  });
});

describe("admin lists: search by order number and CSV links", () => {
  it("an exact order number goes straight to the order; part of one lists the matches", async () => {
    const { order } = await paidOrder();
    const exact = await browser.get(`/admin/orders?q=${order.number.toLowerCase()}`);
    expect(exact.status).toBe(302);
    expect(exact.headers.get("location")).toBe(`/admin/orders/${order.id}`);

    const partial = mainOf(await html(await browser.get(`/admin/orders?q=${order.number.slice(4, 8)}`)));
    expect(partial).toContain(order.number);
    const none = mainOf(await html(await browser.get("/admin/orders?q=ORD-NOSUCH1")));
    expect(none).toContain("No orders match these filters.");
  });

  it("the export links carry the list's filters and download CSV through the site", async () => {
    const { shopper, order } = await paidOrder();
    const list = mainOf(await html(await browser.get(`/admin/orders?status=paid&userId=${shopper.user.id}`)));
    const href = /<a href="(\/admin\/orders\.csv[^"]*)"[^>]*download/.exec(list)?.[1];
    expect(href).toBeDefined();
    const url = new URL(href!, ORIGIN);
    expect(Object.fromEntries(url.searchParams)).toEqual({ status: "paid", userId: shopper.user.id });
    const download = await browser.get(`${url.pathname}${url.search}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(download.headers.get("content-disposition")).toMatch(/^attachment;/);
    const lines = (await download.text()).trim().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(order.number);

    const customers = mainOf(await html(await browser.get(`/admin/customers?q=${encodeURIComponent(shopper.user.email)}`)));
    expect(customers).toMatch(/<a href="\/admin\/customers\.csv\?q=[^"]+"[^>]*download/);
    const csv = await browser.get(`/admin/customers.csv?q=${encodeURIComponent(shopper.user.email)}`);
    expect((await csv.text()).trim().split("\r\n")).toHaveLength(2);
  });

  it("only an admin downloads", async () => {
    const shopper = await registerUser();
    const customer = new Browser();
    await customer.signIn(shopper);
    expect((await customer.get("/admin/orders.csv")).status).toBe(403);
    expect((await customer.get("/admin/customers.csv")).status).toBe(403);
    const anonymous = await new Browser().get("/admin/orders.csv");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login/);
  });
});
