import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import type { statsSchema } from "../workers/domain/schemas/admin";
import { api, createAdmin, registerUser } from "./helpers";
import { createSku } from "./factories/stock";
import { addToCart, checkout, deliver, waitForOrder, type OrderJson } from "./checkout-helpers";

type Stats = z.infer<typeof statsSchema>;

const ADMIN_GETS = ["/admin/stats", "/admin/emails", "/admin/failed-jobs", "/admin/audit-log", "/users", "/orders?userId=usr_x"];

describe("the admin API's role gate", () => {
  it.each(ADMIN_GETS.slice(0, 4))("GET %s: 401 anonymous, 403 customer, 200 admin", async (path) => {
    const customer = await registerUser();
    const admin = await createAdmin();
    expect((await api(path)).status).toBe(401);
    expect((await api(path, { token: customer.accessToken })).status).toBe(403);
    expect((await api(path, { token: admin.accessToken })).status).toBe(200);
  });

  it("POST /admin/failed-jobs/:id/retry: 401 anonymous, 403 customer", async () => {
    const customer = await registerUser();
    expect((await api("/admin/failed-jobs/job_x/retry", { method: "POST" })).status).toBe(401);
    expect((await api("/admin/failed-jobs/job_x/retry", { method: "POST", token: customer.accessToken })).status).toBe(403);
  });

  it("a customer asking for all orders sees only their own", async () => {
    const customer = await registerUser();
    const body = (await (await api("/orders?userId=usr_someone_else", { token: customer.accessToken })).json()) as { total: number };
    expect(body.total).toBe(0);
  });
});

describe("GET /admin/stats", () => {
  it("counts revenue net of refunds, orders by status, low stock and recent orders", async () => {
    const admin = await createAdmin();
    const before = (await (await api("/admin/stats", { token: admin.accessToken })).json()) as Stats;
    const sku = await createSku(3, 10_000);
    const shopper = await registerUser();
    await addToCart(shopper, sku, 1);
    const { order } = (await (await checkout(shopper, { token: "tok_visa" })).json()) as { order: OrderJson };
    const paid = await waitForOrder(shopper, order.id, (o) => o.status === "paid");
    const after = (await (await api("/admin/stats", { token: admin.accessToken })).json()) as Stats;
    expect(after.revenueCents.today - before.revenueCents.today).toBe(paid.totalCents);
    expect(after.revenueCents.last7d - before.revenueCents.last7d).toBe(paid.totalCents);
    expect(after.revenueCents.last30d - before.revenueCents.last30d).toBe(paid.totalCents);
    // A partial refund comes off the revenue.
    await api(`/payments/${paid.payments[0]!.id}/refund`, { method: "POST", token: admin.accessToken, json: { amountCents: 2_000 } });
    await waitForOrder(shopper, order.id, (o) => o.refundedCents === 2_000);
    const refunded = (await (await api("/admin/stats", { token: admin.accessToken })).json()) as Stats;
    expect(refunded.revenueCents.today - before.revenueCents.today).toBe(paid.totalCents - 2_000);
    expect(after.ordersByStatus.paid - before.ordersByStatus.paid).toBe(1);
    expect(after.revenueByDay).toHaveLength(30);
    expect(after.revenueByDay.at(-1)?.date).toBe(new Date().toISOString().slice(0, 10));
    expect(after.lowStock.some((row) => row.sku === sku && row.available === 2)).toBe(true);
    expect(after.recentOrders[0]).toMatchObject({ id: order.id, customerEmail: shopper.user.email });
  });
});

describe("GET /admin/stats per currency, orders and carts", () => {
  const stats = async (token: string, query = "") => {
    const response = await api(`/admin/stats${query}`, { token });
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as Stats;
  };
  const inCurrency = (figures: Stats, currency: string) => figures.byCurrency.find((entry) => entry.currency === currency);

  it("never adds currencies together: each has its own revenue, paid orders and average", async () => {
    const admin = await createAdmin();
    const before = await stats(admin.accessToken);
    const placeAndPay = async (priceCents: number) => {
      const shopper = await registerUser();
      await addToCart(shopper, await createSku(5, priceCents), 1);
      const { order } = (await (await checkout(shopper, { token: "tok_visa" })).json()) as { order: OrderJson };
      return waitForOrder(shopper, order.id, (o) => o.status === "paid");
    };
    const usd = await placeAndPay(4_000);
    const eur = await placeAndPay(6_000);
    // The same order, as if placed in the Eurozone market.
    await env.DB.prepare("UPDATE orders SET currency = 'EUR' WHERE id = ?").bind(eur.id).run();
    const after = await stats(admin.accessToken);
    expect(after.currency).toBe("USD");
    expect(after.byCurrency[0]!.currency).toBe("USD");
    expect(after.revenueCents.today - before.revenueCents.today).toBe(usd.totalCents);
    expect(inCurrency(after, "USD")!.revenueCents.last30d - (inCurrency(before, "USD")?.revenueCents.last30d ?? 0)).toBe(usd.totalCents);
    const euro = inCurrency(after, "EUR")!;
    expect(euro.revenueCents.last30d - (inCurrency(before, "EUR")?.revenueCents.last30d ?? 0)).toBe(eur.totalCents);
    expect(euro.paidOrders - (inCurrency(before, "EUR")?.paidOrders ?? 0)).toBe(1);
    expect(euro.averageOrderCents).not.toBeNull();
    expect(euro.revenueByDay).toHaveLength(30);
    expect(euro.revenueByDay.at(-1)!.revenueCents).toBeGreaterThanOrEqual(eur.totalCents);
    expect(after.revenueByDay.at(-1)!.revenueCents - (before.revenueByDay.at(-1)?.revenueCents ?? 0)).toBe(usd.totalCents);
    expect(after.orders.placed - before.orders.placed).toBe(2);
    expect(after.orders.paid - before.orders.paid).toBe(2);
  });

  it("counts a cart once, when it gets its first item, and the paid order it becomes", async () => {
    const admin = await createAdmin();
    const before = await stats(admin.accessToken);
    const shopper = await registerUser();
    await addToCart(shopper, await createSku(5, 1_000), 1);
    await addToCart(shopper, await createSku(5, 1_000), 2);
    const started = await stats(admin.accessToken);
    expect(started.carts.started - before.carts.started).toBe(1);
    expect(started.carts.countingSince).toBe(new Date().toISOString().slice(0, 10));
    // A refused add to an empty cart starts nothing.
    const other = await registerUser();
    expect((await api("/cart/items", { method: "POST", token: other.accessToken, json: { sku: "NO-SUCH-SKU", quantity: 1 } })).status).toBe(404);
    const { order } = (await (await checkout(shopper, { token: "tok_visa" })).json()) as { order: OrderJson };
    await waitForOrder(shopper, order.id, (o) => o.status === "paid");
    const after = await stats(admin.accessToken);
    expect(after.carts.started - before.carts.started).toBe(1);
    expect(after.carts.ordered - before.carts.ordered).toBe(1);
    expect(after.carts.share).toBeCloseTo(after.carts.ordered / after.carts.started);
    // The emptied cart, filled again, is a new cart.
    await addToCart(shopper, await createSku(5, 1_000), 1);
    expect((await stats(admin.accessToken)).carts.started - before.carts.started).toBe(2);
  });

  it("takes days=14 or 30 and refuses anything else with a 400", async () => {
    const admin = await createAdmin();
    const fortnight = await stats(admin.accessToken, "?days=14");
    expect(fortnight.days).toBe(14);
    expect(fortnight.revenueByDay).toHaveLength(14);
    expect(fortnight.byCurrency.every((entry) => entry.revenueByDay.length === 14)).toBe(true);
    for (const query of ["?days=7", "?days=abc", "?days=", "?days=14&extra=1"]) {
      const response = await api(`/admin/stats${query}`, { token: admin.accessToken });
      expect(response.status, query).toBe(400);
    }
    const customer = await registerUser();
    expect((await api("/admin/stats?days=14", { token: customer.accessToken })).status).toBe(403);
  });
});

describe("the email outbox", () => {
  it("lists emails newest first and shows one with its HTML and text", async () => {
    const admin = await createAdmin();
    const shopper = await registerUser();
    await api("/auth/forgot-password", { method: "POST", json: { email: shopper.user.email } });
    const list = (await (await api(`/admin/emails?to=${encodeURIComponent(shopper.user.email)}`, { token: admin.accessToken })).json()) as { items: { id: string; template: string }[]; total: number };
    expect(list.total).toBe(1);
    expect(list.items[0]!.template).toBe("password_reset");
    const detail = (await (await api(`/admin/emails/${list.items[0]!.id}`, { token: admin.accessToken })).json()) as { html: string; text: string };
    expect(detail.html).toContain("reset-password?token=");
    expect(detail.text).toContain("30 minutes");
    expect((await api("/admin/emails/eml_missing", { token: admin.accessToken })).status).toBe(404);
    expect((await api("/admin/emails?status=bogus", { token: admin.accessToken })).status).toBe(400);
  });
});

describe("failed jobs", () => {
  it("lists dead letters and sends one back to its queue, once", async () => {
    const admin = await createAdmin();
    const shopper = await registerUser();
    await api("/auth/forgot-password", { method: "POST", json: { email: shopper.user.email } });
    const row = await env.DB.prepare("SELECT dedupe_key FROM email_outbox WHERE to_address = ?").bind(shopper.user.email).first<{ dedupe_key: string }>();
    const job = { kind: "deliver", dedupeKey: row!.dedupe_key };
    await deliver("storefront-emails-dlq", [job]);
    const list = (await (await api("/admin/failed-jobs?status=failed", { token: admin.accessToken })).json()) as { items: { id: string; body: unknown; queue: string }[] };
    const failed = list.items.find((item) => JSON.stringify(item.body) === JSON.stringify(job))!;
    expect(failed.queue).toBe("storefront-emails");
    const retried = await api(`/admin/failed-jobs/${failed.id}/retry`, { method: "POST", token: admin.accessToken });
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ status: "retried" });
    expect((await api(`/admin/failed-jobs/${failed.id}/retry`, { method: "POST", token: admin.accessToken })).status).toBe(409);
    // The email is delivered by the real queue now.
    for (let i = 0; i < 100; i++) {
      const email = await env.DB.prepare("SELECT status FROM email_outbox WHERE dedupe_key = ?").bind(job.dedupeKey).first<{ status: string }>();
      if (email?.status === "sent") break;
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    expect(await env.DB.prepare("SELECT status FROM email_outbox WHERE dedupe_key = ?").bind(job.dedupeKey).first()).toEqual({ status: "sent" });
    const audit = (await (await api(`/admin/audit-log?entityType=failed_job&entityId=${failed.id}`, { token: admin.accessToken })).json()) as { items: { action: string; actorEmail: string }[] };
    expect(audit.items[0]).toMatchObject({ action: "failed_job.retried", actorEmail: admin.user.email });
    expect((await api("/admin/failed-jobs/job_missing/retry", { method: "POST", token: admin.accessToken })).status).toBe(404);
  });
});
