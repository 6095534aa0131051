import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../workers/factory";
import { placeOrder } from "../workers/orders";
import { appConfig } from "../workers/env";
import type { PaymentJob } from "../workers/domain/schemas/jobs";
import { registerUser, type TestSession } from "./helpers";
import { createSku } from "./factories/stock";
import { ADDRESS, addToCart, deliver, gatewayStats, getOrder, idempotencyKey, outboxFor, stockOf } from "./checkout-helpers";

const PAYMENTS = "storefront-payments";
const EMAILS = "storefront-emails";

/**
 * The Worker's env with its queue producers captured instead of delivered (and some vars
 * changed), so each test decides when, and how often, the consumers see a message.
 */
function capturingEnv(vars: Record<string, string> = {}) {
  const sent = { payments: [] as unknown[], emails: [] as unknown[] };
  const producer = (into: unknown[]) => ({
    send: async (body: unknown) => void into.push(body),
    sendBatch: async (messages: { body: unknown }[]) => void into.push(...messages.map((message) => message.body)),
  });
  const overrides: Record<string, unknown> = { ...vars, PAYMENTS_QUEUE: producer(sent.payments), EMAILS_QUEUE: producer(sent.emails) };
  const captured = new Proxy(env, {
    get: (target, key) => (typeof key === "string" && key in overrides ? overrides[key] : Reflect.get(target, key)),
  });
  return { env: captured, sent };
}

/** An order placed through the real checkout code, its messages captured. */
async function placeCapturedOrder(shopper: TestSession, sku: string, options: { token?: string; quantity?: number } = {}) {
  await addToCart(shopper, sku, options.quantity ?? 1);
  const capture = capturingEnv();
  const result = await placeOrder(capture.env, appConfig(env), createDb(env.DB), {
    userId: shopper.user.id,
    idempotencyKey: idempotencyKey(),
    body: { shippingAddress: { ...ADDRESS, country: "GB" }, payment: { method: "card", ...(options.token ? { token: options.token } : {}) } },
    requestId: "test",
  });
  return { order: result.order, sent: capture.sent, env: capture.env };
}

/** A capturing env with some vars changed (config is parsed per env object). */
const envWith = (vars: Record<string, string>) => capturingEnv(vars).env;

describe("payments consumer", () => {
  it("retries gateway errors with backoff, then succeeds and charges once", async () => {
    const sku = await createSku(5);
    const shopper = await registerUser();
    const { order, sent } = await placeCapturedOrder(shopper, sku, { token: "tok_visa" });
    expect(sent.payments).toEqual([{ kind: "charge", orderId: order.id, paymentId: order.payments[0]!.id }]);
    const down = envWith({ PAYMENT_ERROR_RATE: "1" });
    for (const attempts of [1, 2, 3]) {
      const result = await deliver(PAYMENTS, sent.payments, { attempts, env: down });
      expect(result.retryMessages).toHaveLength(1);
      expect(result.retryDelays[0]).toBeGreaterThanOrEqual(2 ** (attempts - 1));
      expect(result.explicitAcks).toHaveLength(0);
    }
    expect((await getOrder(shopper, order.id)).status).toBe("pending");
    const result = await deliver(PAYMENTS, sent.payments, { attempts: 4, env: envWith({}) });
    expect(result.explicitAcks).toHaveLength(1);
    const paid = await getOrder(shopper, order.id);
    expect(paid.status).toBe("paid");
    expect(await stockOf(sku)).toMatchObject({ onHand: 4, reserved: 0 });
  });

  it("survives 'charged, but the answer was lost': the retry finds the charge, never charges twice", async () => {
    const sku = await createSku(5);
    const shopper = await registerUser();
    const { order, sent } = await placeCapturedOrder(shopper, sku, { token: "tok_visa" });
    const before = await gatewayStats();
    // With every call failing, half fail after the ledger recorded the charge: retry until paid.
    for (let attempt = 1; attempt <= 20; attempt++) {
      await deliver(PAYMENTS, sent.payments, { attempts: attempt, env: envWith({ PAYMENT_ERROR_RATE: "0.9" }) });
      if ((await getOrder(shopper, order.id)).status === "paid") break;
    }
    await deliver(PAYMENTS, sent.payments, { attempts: 21, env: envWith({}) });
    expect((await getOrder(shopper, order.id)).status).toBe("paid");
    const after = await gatewayStats();
    expect(after.succeeded - before.succeeded).toBe(1);
    expect(after.duplicateChargeOrders).toBe(0);
  });

  it("sends a message that exhausts its retries to the dead-letter queue: failed job, stock released, shopper told", async () => {
    const sku = await createSku(3);
    const shopper = await registerUser();
    const { order, sent } = await placeCapturedOrder(shopper, sku, { token: "tok_visa", quantity: 2 });
    expect(await stockOf(sku)).toMatchObject({ reserved: 2 });
    // Every attempt failed before reaching the gateway; the runtime then dead-letters it.
    const dead = await deliver(`${PAYMENTS}-dlq`, sent.payments, { attempts: 1, env: envWith({}) });
    expect(dead.explicitAcks).toHaveLength(1);
    const job = await env.DB.prepare("SELECT queue, status, body FROM failed_jobs WHERE body LIKE ?").bind(`%${order.id}%`).first<{ queue: string; status: string }>();
    expect(job).toMatchObject({ queue: PAYMENTS, status: "failed" });
    const failed = await getOrder(shopper, order.id);
    expect(failed).toMatchObject({ status: "payment_failed", paymentStatus: "failed" });
    expect(await stockOf(sku)).toMatchObject({ onHand: 3, reserved: 0 });
    expect(await outboxFor(`payment_abandoned:${order.payments[0]!.id}`)).toHaveLength(1);
    // A second dead letter for the same message is harmless.
    await deliver(`${PAYMENTS}-dlq`, sent.payments, { env: envWith({}) });
    expect((await getOrder(shopper, order.id)).history.filter((h) => h.status === "payment_failed")).toHaveLength(1);
  });

  it("asks the gateway before giving up: a charge that went through (answer lost) is settled, not failed", async () => {
    const sku = await createSku(3, 2_500);
    const shopper = await registerUser();
    const { order, sent } = await placeCapturedOrder(shopper, sku, { token: "tok_visa" });
    // The gateway recorded the charge, but every answer was lost on the way back.
    await env.SIMULATED_GATEWAY.getByName("ledger").charge({ idempotencyKey: `charge_${order.payments[0]!.id}`, orderId: order.id, amountCents: order.totalCents, currency: "USD" });
    const dead = await deliver(`${PAYMENTS}-dlq`, sent.payments, { env: envWith({}) });
    expect(dead.explicitAcks).toHaveLength(1);
    const paid = await getOrder(shopper, order.id);
    expect(paid).toMatchObject({ status: "paid", paymentStatus: "succeeded" });
    expect(await stockOf(sku)).toMatchObject({ onHand: 2, reserved: 0 });
    const job = await env.DB.prepare("SELECT status FROM failed_jobs WHERE body LIKE ?").bind(`%${order.id}%`).first<{ status: string }>();
    expect(job?.status).toBe("resolved");
  });

  it("retries a dead letter while the gateway cannot even be asked, changing nothing", async () => {
    const sku = await createSku(3);
    const shopper = await registerUser();
    const { order, sent } = await placeCapturedOrder(shopper, sku, { token: "tok_visa" });
    const dead = await deliver(`${PAYMENTS}-dlq`, sent.payments, { env: envWith({ PAYMENT_ERROR_RATE: "1" }) });
    expect(dead.retryMessages).toHaveLength(1);
    expect((await getOrder(shopper, order.id)).status).toBe("pending");
    expect(await stockOf(sku)).toMatchObject({ reserved: 1 });
  });

  it("is idempotent under duplicate delivery of every message kind", async () => {
    const sku = await createSku(5, 4_000);
    const shopper = await registerUser();
    const { order, sent } = await placeCapturedOrder(shopper, sku, { token: "tok_visa", quantity: 2 });
    const before = await gatewayStats();
    // The same charge delivered three times, two of them at once.
    const quiet = envWith({});
    await deliver(PAYMENTS, [...sent.payments, ...sent.payments], { env: quiet });
    await deliver(PAYMENTS, sent.payments, { env: quiet });
    const paid = await getOrder(shopper, order.id);
    expect(paid.status).toBe("paid");
    expect(paid.history.filter((h) => h.status === "paid")).toHaveLength(1);
    expect(await stockOf(sku)).toMatchObject({ onHand: 3, reserved: 0 });
    expect((await gatewayStats()).succeeded - before.succeeded).toBe(1);

    // Emails: the placed and paid ones, each delivered twice, each sent once.
    const emails = [{ kind: "deliver", dedupeKey: `order_placed:${order.id}` }, { kind: "deliver", dedupeKey: `payment_succeeded:${order.payments[0]!.id}` }];
    await deliver(EMAILS, [...emails, ...emails], { env: quiet });
    await deliver(EMAILS, emails, { env: quiet });
    for (const row of [...(await outboxFor(`order_placed:${order.id}`)), ...(await outboxFor(`payment_succeeded:${order.payments[0]!.id}`))]) {
      expect(row.status).toBe("sent");
      expect(row.attempts).toBe(1);
      expect(row.status).toBe("sent");
    }

    // A refund job delivered twice refunds once.
    await env.DB.prepare("INSERT INTO refunds (id, payment_id, order_id, amount_cents, reason) VALUES (?, ?, ?, ?, 'test')")
      .bind(`ref_dup_${order.id}`, paid.payments[0]!.id, order.id, 1_000)
      .run();
    const refund: PaymentJob = { kind: "refund", refundId: `ref_dup_${order.id}` };
    await deliver(PAYMENTS, [refund, refund], { env: quiet });
    await deliver(PAYMENTS, [refund], { env: quiet });
    const refunded = await getOrder(shopper, order.id);
    expect(refunded.refundedCents).toBe(1_000);
    expect(refunded.payments[0]!.refundedCents).toBe(1_000);
    expect((await gatewayStats()).refunds - before.refunds).toBe(1);

    // A Stripe event for the same order, twice: nothing changes.
    const event: PaymentJob = { kind: "stripe_event", eventId: "evt_dup", type: "payment_intent.succeeded", paymentIntentId: "pi_dup", orderId: order.id, failureCode: null };
    await deliver(PAYMENTS, [event, event], { env: quiet });
    const after = await getOrder(shopper, order.id);
    // One payment, one refund: the history shows each once.
    expect(after.history.filter((h) => h.note === "Payment received")).toHaveLength(1);
    expect(after.history.filter((h) => h.note?.startsWith("Refunded"))).toHaveLength(1);
    expect(after.refundedCents).toBe(1_000);
  });

  it("keeps the order paid while the email provider is down, and retries the email", async () => {
    const sku = await createSku(5);
    const shopper = await registerUser();
    const { order, sent } = await placeCapturedOrder(shopper, sku, { token: "tok_visa" });
    await deliver(PAYMENTS, sent.payments, { env: envWith({}) });
    expect((await getOrder(shopper, order.id)).status).toBe("paid");
    const job = { kind: "deliver", dedupeKey: `payment_succeeded:${order.payments[0]!.id}` };
    const mailDown = envWith({ EMAIL_FAILURE_RATE: "1" });
    const first = await deliver(EMAILS, [job], { env: mailDown });
    expect(first.retryMessages).toHaveLength(1);
    expect((await outboxFor(`payment_succeeded:${order.payments[0]!.id}`))[0]).toMatchObject({ status: "queued", attempts: 1 });
    expect((await getOrder(shopper, order.id)).status).toBe("paid");
    const second = await deliver(EMAILS, [job], { attempts: 2, env: envWith({}) });
    expect(second.explicitAcks).toHaveLength(1);
    expect((await outboxFor(`payment_succeeded:${order.payments[0]!.id}`))[0]).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("marks an email failed when it exhausts its retries, touching no order", async () => {
    const sku = await createSku(5);
    const shopper = await registerUser();
    const { order, sent } = await placeCapturedOrder(shopper, sku, { token: "tok_visa" });
    const job = { kind: "deliver", dedupeKey: `order_placed:${order.id}` };
    await deliver(`${EMAILS}-dlq`, [job], { env: envWith({}) });
    expect((await outboxFor(`order_placed:${order.id}`))[0]).toMatchObject({ status: "failed" });
    await deliver(PAYMENTS, sent.payments, { env: envWith({}) });
    expect((await getOrder(shopper, order.id)).status).toBe("paid");
  });

  it("refunds exactly once when the payment lands after the reservation expired and the stock was sold", async () => {
    const sku = await createSku(1, 2_000);
    const late = await registerUser();
    const { order, sent } = await placeCapturedOrder(late, sku, { token: "tok_visa" });
    // The reservation lapses and another shopper buys the last unit meanwhile.
    await env.INVENTORY.getByName(sku).release(order.id);
    const other = await env.INVENTORY.getByName(sku).reserve("other-order", 1, 600);
    expect(other.ok).toBe(true);
    await env.INVENTORY.getByName(sku).commit("other-order");
    const before = await gatewayStats();
    await deliver(PAYMENTS, sent.payments);
    await deliver(PAYMENTS, sent.payments);
    const cancelled = await getOrder(late, order.id);
    expect(cancelled.status).toBe("cancelled");
    // The refund job was enqueued for real: wait for it.
    for (let i = 0; i < 100 && (await getOrder(late, order.id)).paymentStatus !== "refunded"; i++) await new Promise((r) => setTimeout(r, 50));
    const refunded = await getOrder(late, order.id);
    expect(refunded.paymentStatus).toBe("refunded");
    expect(refunded.refundedCents).toBe(refunded.totalCents);
    const after = await gatewayStats();
    expect(after.succeeded - before.succeeded).toBe(1);
    expect(after.refunds - before.refunds).toBe(1);
    expect(await stockOf(sku)).toMatchObject({ onHand: 0, reserved: 0, available: 0 });
  });

  it("re-reserves and sells when the reservation expired but stock remains", async () => {
    const sku = await createSku(3);
    const shopper = await registerUser();
    const { order, sent } = await placeCapturedOrder(shopper, sku, { token: "tok_visa" });
    await env.INVENTORY.getByName(sku).release(order.id);
    await deliver(PAYMENTS, sent.payments, { env: envWith({}) });
    expect((await getOrder(shopper, order.id)).status).toBe("paid");
    expect(await stockOf(sku)).toMatchObject({ onHand: 2, reserved: 0 });
  });

  it("puts a malformed message straight into failed jobs", async () => {
    const result = await deliver(PAYMENTS, [{ kind: "charge" }, "garbage"]);
    expect(result.explicitAcks).toHaveLength(2);
    const { n } = (await env.DB.prepare("SELECT count(*) AS n FROM failed_jobs WHERE error LIKE 'invalid message%'").first<{ n: number }>())!;
    expect(n).toBeGreaterThanOrEqual(2);
  });
});
