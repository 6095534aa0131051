import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import type { returnSchema } from "../workers/domain/schemas/returns";
import { addToCart, checkout, getOrder, stockOf, waitForOrder, type OrderJson } from "./checkout-helpers";
import { api, createAdmin, problemOf, registerUser, type TestSession } from "./helpers";
import { createSku } from "./factories/stock";
import { createWorld } from "./lifecycle-harness";
import { Browser, mainOf } from "./site-helpers";

type ReturnJson = z.infer<typeof returnSchema>;

/** A delivered order of `quantity` units at `priceCents`, shipped to GB (20 % tax added). */
async function deliveredOrder(quantity = 2, priceCents = 2_000) {
  const admin = await createAdmin();
  const sku = await createSku(5, priceCents);
  const shopper = await registerUser();
  await addToCart(shopper, sku, quantity);
  const { order } = (await (await checkout(shopper, { token: "tok_visa" })).json()) as { order: OrderJson };
  await waitForOrder(shopper, order.id, (o) => o.status === "paid");
  const move = (json: unknown) => api(`/orders/${order.id}/status`, { method: "PUT", token: admin.accessToken, json });
  expect((await move({ status: "processing" })).status).toBe(200);
  expect((await move({ status: "shipped", carrier: "UPS", trackingNumber: "1Z999AA1" })).status).toBe(200);
  expect((await move({ status: "delivered" })).status).toBe(200);
  return { admin, sku, shopper, order: await getOrder(shopper, order.id) };
}

const ask = (shopper: TestSession, orderId: string, lines: unknown, token = shopper.accessToken) =>
  api(`/orders/${orderId}/returns`, { method: "POST", token, json: { lines } });

describe("returns", () => {
  it("requested, approved, received: restocked and refunded what was paid, once, with a message at every step", async () => {
    const { admin, sku, shopper, order } = await deliveredOrder(2, 2_000);
    expect(await stockOf(sku)).toMatchObject({ onHand: 3 });
    const requested = await ask(shopper, order.id, [{ sku, quantity: 1, reason: "wrong_size" }]);
    expect(requested.status, await requested.clone().text()).toBe(201);
    const { return: created } = (await requested.json()) as { return: ReturnJson };
    expect(created).toMatchObject({ status: "requested", lines: [{ sku, quantity: 1, reason: "wrong_size", receivedQuantity: 0 }] });

    // Asking for more than is left is refused and changes nothing.
    const tooMany = await ask(shopper, order.id, [{ sku, quantity: 2, reason: "other" }]);
    expect(tooMany.status).toBe(409);
    expect((await problemOf(tooMany)).detail).toBe("At most 1 of this item can still be returned.");

    const approve = () => api(`/admin/returns/${created.id}/approve`, { method: "POST", token: admin.accessToken });
    expect((await approve()).status).toBe(200);
    expect((await approve()).status).toBe(409);
    // The shopper cannot approve or receive.
    expect((await api(`/admin/returns/${created.id}/receive`, { method: "POST", token: shopper.accessToken, json: { lines: [{ sku, quantity: 1 }] } })).status).toBe(403);

    const receive = () => api(`/admin/returns/${created.id}/receive`, { method: "POST", token: admin.accessToken, json: { lines: [{ sku, quantity: 1 }] } });
    const received = await receive();
    expect(received.status, await received.clone().text()).toBe(200);
    // One unit of a 2 × $20.00 line, plus its 20 % tax; shipping stays (the admin did not choose it).
    expect(((await received.json()) as ReturnJson).refundCents).toBe(2_000 + 400);
    expect((await receive()).status).toBe(409);
    expect(await stockOf(sku)).toMatchObject({ onHand: 4, reserved: 0 });

    const refunded = await waitForOrder(shopper, order.id, (o) => o.refundedCents === 2_400);
    expect(refunded.status).toBe("delivered");
    const list = (await (await api(`/orders/${order.id}/returns`, { token: shopper.accessToken })).json()) as { items: ReturnJson[] };
    await expect.poll(async () => ((await (await api(`/orders/${order.id}/returns`, { token: shopper.accessToken })).json()) as { items: ReturnJson[] }).items[0]?.status).toBe("refunded");
    expect(list.items).toHaveLength(1);
    const types = await env.DB.prepare("SELECT type FROM notifications WHERE order_id = ? ORDER BY rowid").bind(order.id).all<{ type: string }>();
    expect(types.results.map((row) => row.type)).toEqual(
      expect.arrayContaining(["return_requested", "return_approved", "return_received", "order_refunded"]),
    );
    const templates = await env.DB.prepare("SELECT template FROM email_outbox WHERE to_address = ?").bind(shopper.user.email).all<{ template: string }>();
    expect(templates.results.map((row) => row.template)).toEqual(expect.arrayContaining(["return_requested", "return_approved", "return_received", "order_refunded"]));
  });

  it("refunds the shipping only when the admin chooses, and never more than was paid in all", async () => {
    const { admin, sku, shopper, order } = await deliveredOrder(2, 1_000);
    const { return: created } = (await (await ask(shopper, order.id, [{ sku, quantity: 2, reason: "damaged" }])).json()) as { return: ReturnJson };
    await api(`/admin/returns/${created.id}/approve`, { method: "POST", token: admin.accessToken });
    const received = await api(`/admin/returns/${created.id}/receive`, { method: "POST", token: admin.accessToken, json: { lines: [{ sku, quantity: 2 }], refundShipping: true } });
    expect(received.status).toBe(200);
    // Everything came back with the shipping: the whole order is refunded, not a cent more.
    expect(((await received.json()) as ReturnJson).refundCents).toBe(order.totalCents);
    const refunded = await waitForOrder(shopper, order.id, (o) => o.paymentStatus === "refunded");
    expect(refunded.refundedCents).toBe(order.totalCents);
  });

  it("is refused before delivery, past the window, for another shopper, and for bad input", async () => {
    const sku = await createSku(5);
    const shopper = await registerUser();
    await addToCart(shopper, sku, 1);
    const { order } = (await (await checkout(shopper, { token: "tok_visa" })).json()) as { order: OrderJson };
    await waitForOrder(shopper, order.id, (o) => o.status === "paid");
    expect((await ask(shopper, order.id, [{ sku, quantity: 1, reason: "other" }])).status).toBe(409);

    const delivered = await deliveredOrder(1);
    const stranger = await registerUser();
    expect((await ask(stranger, delivered.order.id, [{ sku: delivered.sku, quantity: 1, reason: "other" }], stranger.accessToken)).status).toBe(404);
    for (const lines of [[], [{ sku: delivered.sku, quantity: 0, reason: "other" }], [{ sku: delivered.sku, quantity: 1, reason: "bored" }], [{ sku: "NOPE", quantity: 1, reason: "other" }]]) {
      const response = await ask(delivered.shopper, delivered.order.id, lines);
      expect([400, 409], JSON.stringify(lines)).toContain(response.status);
    }
    // A store whose window is zero days: closed already.
    const world = createWorld();
    const closed = new Proxy(world.env, { get: (target, key) => (key === "RETURN_WINDOW_DAYS" ? "0" : Reflect.get(target, key)) }) as Env;
    const { default: worker } = await import("../workers/index");
    const { createExecutionContext } = await import("cloudflare:test");
    const late = await worker.fetch(
      new Request(`http://localhost:8787/api/v1/orders/${delivered.order.id}/returns`, {
        method: "POST",
        headers: { authorization: `Bearer ${delivered.shopper.accessToken}`, "content-type": "application/json", "cf-connecting-ip": "198.51.100.77" },
        body: JSON.stringify({ lines: [{ sku: delivered.sku, quantity: 1, reason: "other" }] }),
      }) as Request<unknown, IncomingRequestCfProperties>,
      closed,
      createExecutionContext(),
    );
    expect(late.status).toBe(409);
    expect((await problemOf(late)).detail).toMatch(/window has closed/);
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM returns WHERE order_id = ?").bind(delivered.order.id).first<{ n: number }>();
    expect(rows?.n).toBe(0);
  });

  it("two requests at once for every unit: exactly one is accepted", async () => {
    const { sku, shopper, order } = await deliveredOrder(2);
    const responses = await Promise.all(Array.from({ length: 5 }, () => ask(shopper, order.id, [{ sku, quantity: 2, reason: "changed_mind" }])));
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409, 409]);
  });
});

describe("returns on the site, without JavaScript", () => {
  it("the shopper asks from the order page; the admin approves and receives from the returns page", async () => {
    const { admin, sku, shopper, order } = await deliveredOrder(2, 1_500);
    const browser = new Browser();
    await browser.signIn(shopper);
    const page = mainOf(await (await browser.get(`/orders/${order.id}`)).text());
    expect(page).toContain("Return items");
    // Nothing chosen: a message, nothing recorded.
    const empty = await browser.post(`/orders/${order.id}`, { intent: "return", [`qty.${sku}`]: "0", [`reason.${sku}`]: "other" });
    expect(empty.status).toBe(400);
    const asked = await browser.post(`/orders/${order.id}`, { intent: "return", [`qty.${sku}`]: "1", [`reason.${sku}`]: "damaged", note: "The box was crushed" });
    expect(asked.status).toBe(303);
    const after = mainOf(await (await browser.follow(asked)).text());
    expect(after).toContain('data-return-status="requested"');

    const desk = new Browser();
    await desk.signIn(admin);
    const list = await (await desk.get("/admin/returns?status=requested")).text();
    expect(list).toContain(order.number);
    const returnId = /name="id" value="(rtn_[^"]+)"/.exec(list)?.[1];
    expect(returnId).toBeTruthy();
    expect([302, 303]).toContain((await desk.post("/admin/returns", { intent: "approve", id: returnId!, target: returnId! })).status);
    const received = await desk.post("/admin/returns", { intent: "receive", confirm: "receive", id: returnId!, target: returnId!, [`received.${sku}`]: "1" });
    expect([302, 303], await received.clone().text()).toContain(received.status);
    await waitForOrder(shopper, order.id, (o) => o.refundedCents > 0);
    expect(await stockOf(sku)).toMatchObject({ onHand: 4 });
    // The shopper can't reach the admin's form.
    const refused = await browser.post("/admin/returns", { intent: "approve", id: returnId!, target: returnId! });
    expect(refused.headers.get("location") ?? "").not.toContain("/admin/returns");
  });
});
