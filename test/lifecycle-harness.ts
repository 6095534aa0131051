/**
 * A world for racing events on one order, deterministically. The Worker runs with its queue
 * producers captured, so the test decides when (and how often) each consumer sees a message;
 * the simulated gateway holds a charge at a gate until the test releases it, so "cancel
 * while the card is being charged" is a step in a script, not a timing accident.
 */
import { createExecutionContext, createMessageBatch, getQueueResult, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import worker from "../workers/index";
import type { HeldChargeRelease } from "../durable-objects/simulated-gateway";
import type { PaymentJob } from "../workers/domain/schemas/jobs";
import { QUEUES } from "../workers/domain/queues";
import { ADDRESS, idempotencyKey, type OrderJson } from "./checkout-helpers";
import { freshIp, ORIGIN, type TestSession } from "./helpers";

export interface World {
  env: Env;
  /** Payment messages sent and not yet delivered. */
  outbox: unknown[];
  api(path: string, init?: { method?: string; token?: string; json?: unknown; headers?: Record<string, string> }): Promise<Response>;
  /** A site page or form post through this world's Worker (for a Browser). */
  site(path: string, init: RequestInit): Promise<Response>;
  /** Delivers the payment messages waiting now; each twice, as an at-least-once queue may. */
  deliverWaiting(): Promise<void>;
  /** Delivers until nothing is left (retried messages included), each delivery twice. */
  drain(): Promise<void>;
}

export function createWorld(): World {
  const outbox: unknown[] = [];
  const producer = {
    send: async (body: unknown) => void outbox.push(body),
    sendBatch: async (messages: { body: unknown }[]) => void outbox.push(...messages.map((message) => message.body)),
  };
  const emails = { send: async () => undefined, sendBatch: async () => undefined };
  const overrides: Record<string, unknown> = { PAYMENTS_QUEUE: producer, EMAILS_QUEUE: emails };
  const worldEnv = new Proxy(env, {
    get: (target, key) => (typeof key === "string" && key in overrides ? overrides[key] : Reflect.get(target, key)),
  }) as Env;

  async function deliverOnce(bodies: unknown[], attempts: number) {
    const batch = createMessageBatch(
      QUEUES.payments,
      bodies.map((body, i) => ({ id: `m-${crypto.randomUUID()}-${i}`, timestamp: new Date(), attempts, body })),
    );
    const ctx = createExecutionContext();
    await worker.queue(batch, worldEnv, ctx);
    const result = await getQueueResult(batch, ctx);
    return result.retryMessages.map((retry) => batch.messages.find((message) => message.id === retry.msgId)!.body);
  }

  const world: World = {
    env: worldEnv,
    outbox,
    async api(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set("cf-connecting-ip", freshIp());
      if (init.token) headers.set("authorization", `Bearer ${init.token}`);
      if (init.json !== undefined) headers.set("content-type", "application/json");
      const request = new Request(`${ORIGIN}/api/v1${path}`, {
        method: init.method ?? "GET",
        headers,
        body: init.json !== undefined ? JSON.stringify(init.json) : null,
      });
      const response = await worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, worldEnv, createExecutionContext());
      expect(response.status, `${init.method ?? "GET"} ${path}: ${await response.clone().text()}`).toBeLessThan(500);
      return response;
    },
    async site(path, init) {
      const request = new Request(`${ORIGIN}${path}`, { redirect: "manual", ...init });
      const response = await worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, worldEnv, createExecutionContext());
      expect(response.status, `${init.method ?? "GET"} ${path}`).toBeLessThan(500);
      return response;
    },
    async deliverWaiting() {
      const bodies = outbox.splice(0);
      if (bodies.length === 0) return;
      // Twice: the second delivery must change nothing.
      const retried = await deliverOnce(bodies, 1);
      await deliverOnce(bodies, 2);
      outbox.push(...retried);
    },
    async drain() {
      for (let round = 0; outbox.length > 0; round++) {
        if (round > 20) throw new Error(`messages keep coming: ${JSON.stringify(outbox)}`);
        await world.deliverWaiting();
      }
    },
  };
  return world;
}

export const ledger = () => env.SIMULATED_GATEWAY.getByName("ledger");

/** A charge job held at the gateway: started, in flight, then released with an outcome. */
export interface HeldCharge {
  land(how: HeldChargeRelease): Promise<void>;
}

export async function startHeldCharge(world: World, orderId: string): Promise<HeldCharge> {
  const index = world.outbox.findIndex((body) => (body as PaymentJob).kind === "charge" && (body as { orderId: string }).orderId === orderId);
  if (index < 0) throw new Error(`no charge waiting for ${orderId}`);
  const [job] = world.outbox.splice(index, 1);
  await ledger().holdCharge(orderId);
  // One delivery now (held); its duplicate is delivered after the release.
  const first = (async () => {
    const batch = createMessageBatch(QUEUES.payments, [{ id: `m-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body: job }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, world.env, ctx);
    return getQueueResult(batch, ctx);
  })();
  // The consumer may also finish without charging (the attempt was cancelled first).
  await Promise.race([ledger().chargeArrived(orderId), first]);
  return {
    async land(how) {
      await ledger().releaseCharge(orderId, how);
      const result = await first;
      if (result.retryMessages.length > 0) world.outbox.push(job);
      // The at-least-once duplicate of the same message.
      world.outbox.push(job);
    },
  };
}

export async function placeOrderIn(world: World, shopper: TestSession, token = "tok_visa"): Promise<OrderJson> {
  const response = await world.api("/orders", {
    method: "POST",
    token: shopper.accessToken,
    headers: { "idempotency-key": idempotencyKey() },
    json: { shippingAddress: ADDRESS, payment: { method: "card", token } },
  });
  expect(response.status, await response.clone().text()).toBe(202);
  return ((await response.json()) as { order: OrderJson }).order;
}

/** Makes every hold on the SKU due, then runs the alarm that expires it. */
export async function expireHolds(sku: string): Promise<void> {
  const stub = env.INVENTORY.getByName(sku);
  await runInDurableObject(stub, (_instance, state) => {
    state.storage.sql.exec("UPDATE reservations SET expires_at = 1");
  });
  await runDurableObjectAlarm(stub);
}

export interface Settled {
  order: OrderJson & { payments: (OrderJson["payments"][number] & { amountCents: number })[] };
  charged: number;
  refunded: number;
  stock: { onHand: number; reserved: number };
  lastNotification: { type: string; message: string } | undefined;
  lastEmail: string | undefined;
}

/** A guest's view of their order: the order token from checkout and the address its emails go to. */
export interface GuestViewer {
  guest: { email: string; orderToken: string };
}
export type Viewer = TestSession | GuestViewer;

const isGuest = (viewer: Viewer): viewer is GuestViewer => "guest" in viewer;

export async function settledState(world: World, shopper: Viewer, orderId: string, sku: string): Promise<Settled> {
  const response = isGuest(shopper)
    ? await world.api(`/orders/${orderId}`, { headers: { "x-order-token": shopper.guest.orderToken } })
    : await world.api(`/orders/${orderId}`, { token: shopper.accessToken });
  const order = (await response.json()) as Settled["order"];
  const money = await ledger().ledgerFor(orderId);
  const refundedInLedger = money.refunds.filter((refund) => refund.status === "succeeded");
  const notification = await env.DB.prepare("SELECT type, message FROM notifications WHERE order_id = ? ORDER BY rowid DESC LIMIT 1")
    .bind(orderId)
    .first<{ type: string; message: string }>();
  const email = await env.DB.prepare("SELECT template FROM email_outbox WHERE to_address = ? ORDER BY rowid DESC LIMIT 1")
    .bind(isGuest(shopper) ? shopper.guest.email : shopper.user.email)
    .first<{ template: string }>();
  const stock = await env.INVENTORY.getByName(sku).read();
  return {
    order,
    charged: money.charges.reduce((sum, charge) => sum + charge.amountCents, 0),
    refunded: refundedInLedger.reduce((sum, refund) => sum + refund.amountCents, 0),
    stock,
    lastNotification: notification ?? undefined,
    lastEmail: email?.template,
  };
}

const ENDED = new Set(["cancelled", "payment_failed"]);

/**
 * The invariants every race must leave behind, for one order of `quantity` units of a SKU
 * that started with `initialOnHand`.
 */
export async function assertInvariants(
  world: World,
  shopper: Viewer,
  orderId: string,
  sku: string,
  stock: { initialOnHand: number; quantity: number; soldElsewhere?: number },
) {
  const { initialOnHand, quantity } = stock;
  const soldElsewhere = stock.soldElsewhere ?? 0;
  const state = await settledState(world, shopper, orderId, sku);
  const { order } = state;
  const context = JSON.stringify({ status: order.status, paymentStatus: order.paymentStatus, charged: state.charged, refunded: state.refunded, stock: state.stock, last: state.lastNotification, email: state.lastEmail, history: order.history.map((h) => h.note) });
  const kept = state.charged - state.refunded;
  const ended = ENDED.has(order.status);

  // Money: an order that ended keeps nothing; a live one keeps what it charged less its refunds.
  if (ended) expect(kept, `ended orders keep no money ${context}`).toBe(0);
  else expect(kept, `kept money ${context}`).toBe(order.totalCents - order.refundedCents);
  expect(order.refundedCents, `D1 refunds agree with the gateway ${context}`).toBe(state.refunded);
  expect(state.refunded, `never refunds more than charged ${context}`).toBeLessThanOrEqual(state.charged);
  expect(order.payments.flatMap((payment) => payment.refunds).filter((refund) => refund.status === "failed"), `no refund was refused ${context}`).toEqual([]);
  expect(state.charged, `charged at most once ${context}`).toBeLessThanOrEqual(order.totalCents);

  // Stock: conserved, and nothing left reserved.
  expect(state.stock.reserved, `reserved returns to 0 ${context}`).toBe(0);
  expect(state.stock.onHand, `stock conserved ${context}`).toBe(initialOnHand - soldElsewhere - (ended ? 0 : quantity));

  // What the shopper was told last agrees with how the order ended. A guest has no account to
  // notify: the emails alone tell them, so the last email stands in for the last notification.
  if (isGuest(shopper)) expect(state.lastNotification, `guests get no notifications ${context}`).toBeUndefined();
  const last = isGuest(shopper) ? state.lastEmail : state.lastNotification?.type;
  if (ended && state.charged > 0) {
    expect(last, `told it was refunded ${context}`).toBe("order_refunded");
    expect(state.lastEmail, context).toBe("order_refunded");
  } else if (order.status === "cancelled") {
    expect(last, context).toBe("order_cancelled");
    expect(state.lastEmail, context).toBe("order_cancelled");
    if (!isGuest(shopper)) expect(state.lastNotification?.message, context).not.toMatch(/refunded:|will be refunded to your card/);
  } else if (order.status === "payment_failed") {
    expect(last, context).toBe("payment_failed");
    expect(state.lastEmail, context).toBe("payment_failed");
  } else {
    expect(["payment_succeeded", "order_refunded", "order_processing", "order_shipped"], context).toContain(last);
    expect(["payment_succeeded", "order_refunded", "order_shipped"], context).toContain(state.lastEmail);
  }
  return state;
}
