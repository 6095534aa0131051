/**
 * Finding an order by its number, and the admin's CSV exports: the list's filters, RFC 4180
 * escaping, spreadsheet formulas written as text, more rows than one D1 page, and the role gate.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import type { pageOf } from "../workers/domain/schemas/common";
import type { orderSummarySchema } from "../workers/domain/schemas/orders";
import { EXPORT_PAGE_SIZE } from "../workers/lib/csv-stream";
import { ADDRESS, addToCart, checkout } from "./checkout-helpers";
import { createSku } from "./factories/stock";
import { api, createAdmin, problemOf, registerUser, uniqueEmail, type TestSession } from "./helpers";

type SummaryPage = z.infer<ReturnType<typeof pageOf<typeof orderSummarySchema>>>;

/** A small RFC 4180 reader, strict enough to catch a badly quoted cell. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') {
      expect(cell, "a quote inside an unquoted cell").toBe("");
      quoted = true;
    } else if (char === ",") {
      row.push(cell);
      cell = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i += 1;
    } else cell += char;
  }
  expect(quoted, "an unterminated quote").toBe(false);
  expect(cell + row.join(""), "text after the last CRLF").toBe("");
  return rows;
}

async function download(path: string, session: TestSession): Promise<{ response: Response; header: string[]; records: Record<string, string>[] }> {
  const response = await api(path, { token: session.accessToken });
  expect(response.status, await response.clone().text()).toBe(200);
  const [header = [], ...rows] = parseCsv(await response.clone().text());
  return { response, header, records: rows.map((cells) => Object.fromEntries(header.map((name, index) => [name, cells[index] ?? ""]))) };
}

async function placeOrder(shopper: TestSession, shippingAddress: Record<string, unknown> = ADDRESS): Promise<{ id: string; number: string }> {
  const sku = await createSku(50);
  await addToCart(shopper, sku, 2);
  const response = await checkout(shopper, { body: { shippingAddress, payment: { method: "card", token: "tok_visa" } } });
  expect(response.status, await response.clone().text()).toBe(202);
  return ((await response.json()) as { order: { id: string; number: string } }).order;
}

/** `count` orders for one shopper written straight to D1: enough rows to cross export pages quickly. */
async function bulkOrders(userId: string, count: number): Promise<string[]> {
  const numbers: string[] = [];
  const statements: D1PreparedStatement[] = [];
  const base = Date.parse("2026-01-01T00:00:00Z");
  for (let index = 0; index < count; index += 1) {
    const number = `ORD-B${userId.slice(-5).toUpperCase()}${index.toString(36).toUpperCase().padStart(4, "0")}`;
    numbers.push(number);
    // Every third order shares a timestamp with its neighbour, so paging must break ties by id.
    const at = new Date(base + Math.floor(index / 3) * 1000).toISOString();
    statements.push(
      env.DB.prepare(
        "INSERT INTO orders (id, number, user_id, subtotal_cents, total_cents, shipping_address, reservation_id, reservation_expires_at, created_at, updated_at) VALUES (?, ?, ?, 100, 100, ?, ?, ?, ?, ?)",
      ).bind(`ord_bulk_${userId}_${index}`, number, userId, JSON.stringify(ADDRESS), `res_bulk_${userId}_${index}`, at, at, at),
    );
  }
  for (let start = 0; start < statements.length; start += 200) await env.DB.batch(statements.slice(start, start + 200));
  return numbers;
}

describe("finding an order by its number", () => {
  it("an admin finds one order by its exact number, in any case", async () => {
    const admin = await createAdmin();
    const shopper = await registerUser();
    const order = await placeOrder(shopper);
    await placeOrder(shopper);
    const response = await api(`/orders?number=${order.number.toLowerCase()}`, { token: admin.accessToken });
    expect(response.status).toBe(200);
    const page = (await response.json()) as SummaryPage;
    expect(page.total).toBe(1);
    expect(page.items.map((item) => item.id)).toEqual([order.id]);
  });

  it("q matches part of the number or of the customer's email", async () => {
    const admin = await createAdmin();
    const shopper = await registerUser({ email: uniqueEmail("findme") });
    const order = await placeOrder(shopper);
    const byNumber = (await (await api(`/orders?q=${order.number.slice(4)}`, { token: admin.accessToken })).json()) as SummaryPage;
    expect(byNumber.items.map((item) => item.id)).toContain(order.id);
    const byEmail = (await (await api(`/orders?q=${encodeURIComponent(shopper.user.email.toUpperCase())}`, { token: admin.accessToken })).json()) as SummaryPage;
    expect(byEmail.items.map((item) => item.id)).toEqual([order.id]);
    const wildcard = (await (await api(`/orders?q=${encodeURIComponent("%")}`, { token: admin.accessToken })).json()) as SummaryPage;
    expect(wildcard.total).toBe(0);
    // Longer than D1 allows a LIKE pattern to be: still an answer, never a 500.
    const long = await api(`/orders?q=${"x".repeat(100)}`, { token: admin.accessToken });
    expect(long.status).toBe(200);
    expect(((await long.json()) as SummaryPage).total).toBe(0);
  });

  it("a shopper searching by number sees only their own orders", async () => {
    const owner = await registerUser();
    const other = await registerUser();
    const order = await placeOrder(owner);
    const theirs = (await (await api(`/orders?number=${order.number}`, { token: other.accessToken })).json()) as SummaryPage;
    expect(theirs.total).toBe(0);
    const mine = (await (await api(`/orders?number=${order.number}`, { token: owner.accessToken })).json()) as SummaryPage;
    expect(mine.items.map((item) => item.id)).toEqual([order.id]);
  });

  describe.each([["not-a-number"], ["ORD-"], ["ORD-abc def"], ["x".repeat(40)]])("number=%s", (number) => {
    it("is a 400", async () => {
      const admin = await createAdmin();
      const response = await api(`/orders?number=${encodeURIComponent(number)}`, { token: admin.accessToken });
      expect(response.status).toBe(400);
      expect((await problemOf(response)).errors?.[0]?.path).toBe("number");
    });
  });
});

describe("who may export", () => {
  describe.each([["/admin/orders.csv"], ["/admin/customers.csv"]])("%s", (path) => {
    it("is 401 without a token and 403 for a customer", async () => {
      const anonymous = await api(path);
      expect(anonymous.status).toBe(401);
      await problemOf(anonymous);
      const shopper = await registerUser();
      const forbidden = await api(path, { token: shopper.accessToken });
      expect(forbidden.status).toBe(403);
      await problemOf(forbidden);
    });

    it("is a CSV attachment for an admin", async () => {
      const admin = await createAdmin();
      const { response, header } = await download(path, admin);
      expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="(orders|customers)-\d{4}-\d{2}-\d{2}\.csv"$/);
      expect(response.headers.get("cache-control")).toBe("private, no-store");
      expect(header.length).toBeGreaterThan(3);
    });
  });

  it("refuses a bad filter with a 400, not a broken file", async () => {
    const admin = await createAdmin();
    const response = await api("/admin/orders.csv?status=lost", { token: admin.accessToken });
    expect(response.status).toBe(400);
    await problemOf(response);
  });
});

describe("the orders export", () => {
  it("takes the list's filters: customer, status, number and q", async () => {
    const admin = await createAdmin();
    const shopper = await registerUser();
    const first = await placeOrder(shopper);
    const second = await placeOrder(shopper);
    const mine = await download(`/admin/orders.csv?userId=${shopper.user.id}`, admin);
    expect(mine.records.map((record) => record.number)).toEqual([second.number, first.number]);
    expect(mine.records[0]).toMatchObject({ customer_email: shopper.user.email, items: "2", ship_to_country: "GB", order_id: second.id });

    const list = (await (await api(`/orders?userId=${shopper.user.id}&status=pending`, { token: admin.accessToken })).json()) as SummaryPage;
    const pending = await download(`/admin/orders.csv?userId=${shopper.user.id}&status=pending`, admin);
    expect(pending.records.map((record) => record.order_id)).toEqual(list.items.map((item) => item.id));

    const one = await download(`/admin/orders.csv?number=${first.number}`, admin);
    expect(one.records.map((record) => record.order_id)).toEqual([first.id]);
    const byEmail = await download(`/admin/orders.csv?q=${encodeURIComponent(shopper.user.email)}`, admin);
    expect(byEmail.records).toHaveLength(2);
  });

  it("finds and exports a guest's order by the email given at checkout", async () => {
    const admin = await createAdmin();
    const email = uniqueEmail("guest");
    const at = new Date().toISOString();
    const id = `ord_guest_${Date.now().toString(36)}`;
    const number = `ORD-G${Date.now().toString(36).toUpperCase().slice(-6)}`;
    await env.DB.prepare(
      "INSERT INTO orders (id, number, user_id, guest_email, subtotal_cents, total_cents, shipping_address, reservation_id, reservation_expires_at, created_at, updated_at) VALUES (?, ?, NULL, ?, 100, 100, ?, ?, ?, ?, ?)",
    )
      .bind(id, number, email, JSON.stringify(ADDRESS), `res_${id}`, at, at, at)
      .run();
    const listed = (await (await api(`/orders?q=${encodeURIComponent(email.toUpperCase())}`, { token: admin.accessToken })).json()) as SummaryPage;
    expect(listed.items.map((item) => item.id)).toEqual([id]);
    const { records } = await download(`/admin/orders.csv?q=${encodeURIComponent(email)}`, admin);
    expect(records).toMatchObject([{ number, customer_email: email, customer_name: "" }]);
  });

  it("escapes quotes, commas and newlines, and writes would-be formulas as text", async () => {
    const admin = await createAdmin();
    const shopper = await registerUser({ name: "=HYPERLINK(\"http://evil.example\",\"Click\")" });
    // Names can reach the table from anywhere (an import, an old client); the file must hold whatever is there.
    await env.DB.prepare("UPDATE users SET name = ? WHERE id = ?").bind('@SUM(1+1)\n"Quoted", and more', shopper.user.id).run();
    const order = await placeOrder(shopper, { ...ADDRESS, name: '-Dr "Who", of Gallifrey', city: "+London" });
    const { response, records } = await download(`/admin/orders.csv?userId=${shopper.user.id}`, admin);
    const text = await response.text();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      number: order.number,
      customer_name: `'@SUM(1+1)\n"Quoted", and more`,
      ship_to_name: `'-Dr "Who", of Gallifrey`,
      ship_to_city: "'+London",
    });
    expect(text).toContain(`"'-Dr ""Who"", of Gallifrey"`);
    expect(text).not.toMatch(/(^|,)[=+\-@]/m);
  });

  it(`streams more rows than one page (${EXPORT_PAGE_SIZE}), each exactly once, newest first`, async () => {
    const admin = await createAdmin();
    const shopper = await registerUser();
    const count = EXPORT_PAGE_SIZE * 2 + 17;
    const numbers = await bulkOrders(shopper.user.id, count);
    const { records } = await download(`/admin/orders.csv?userId=${shopper.user.id}`, admin);
    expect(records).toHaveLength(count);
    expect(new Set(records.map((record) => record.number)).size).toBe(count);
    expect(new Set(records.map((record) => record.number))).toEqual(new Set(numbers));
    const times = records.map((record) => record.created_at!);
    expect([...times].sort().reverse()).toEqual(times);
  });
});

describe("the customers export", () => {
  it("takes the list's search and escapes what customers typed", async () => {
    const admin = await createAdmin();
    const marker = `exp${Date.now().toString(36)}`;
    const tricky = await registerUser({ email: uniqueEmail(marker), name: "+Plus, \"the\" customer" });
    await registerUser({ email: uniqueEmail(marker), name: "Plain Person" });
    await registerUser({ name: "Someone Else" });
    await placeOrder(tricky);
    const { records } = await download(`/admin/customers.csv?q=${marker}`, admin);
    expect(records).toHaveLength(2);
    expect(records.find((record) => record.user_id === tricky.user.id)).toMatchObject({
      email: tricky.user.email,
      name: `'+Plus, "the" customer`,
      role: "customer",
      orders: "1",
    });

    const list = (await (await api(`/users?q=${marker}`, { token: admin.accessToken })).json()) as { items: { id: string }[] };
    expect(records.map((record) => record.user_id)).toEqual(list.items.map((item) => item.id));
  });

  it("pages through more customers than one page", async () => {
    const admin = await createAdmin();
    const marker = `bulk${Date.now().toString(36)}`;
    const count = EXPORT_PAGE_SIZE + 3;
    const statements = Array.from({ length: count }, (_, index) =>
      env.DB.prepare("INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, 'x', ?)").bind(
        `usr_${marker}_${index}`,
        `${marker}.${index}@example.test`,
        `Bulk ${index}`,
        new Date(Date.parse("2026-02-01T00:00:00Z") + Math.floor(index / 2) * 1000).toISOString(),
      ),
    );
    for (let start = 0; start < statements.length; start += 200) await env.DB.batch(statements.slice(start, start + 200));
    const { records } = await download(`/admin/customers.csv?q=${marker}`, admin);
    expect(records).toHaveLength(count);
    expect(new Set(records.map((record) => record.user_id)).size).toBe(count);
  });
});
