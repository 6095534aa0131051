/**
 * The race matrix: every pair of events that can meet on one order, landing in every order
 * they can land in, with the charge held at the gateway so "while the card is being charged"
 * is a deterministic step. After each race the money, stock and message invariants are
 * asserted (test/lifecycle-harness.ts); every message is delivered twice.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { HeldChargeRelease } from "../durable-objects/simulated-gateway";
import type { PaymentJob } from "../workers/domain/schemas/jobs";
import { addToCart, type OrderJson } from "./checkout-helpers";
import { createAdmin, registerUser, type TestSession } from "./helpers";
import { createSku } from "./factories/stock";
import { assertInvariants, createWorld, expireHolds, placeOrderIn, startHeldCharge, type World } from "./lifecycle-harness";

const INITIAL = 5;
const QUANTITY = 2;
const PRICE = 2_000;

type Other = "cancel_owner" | "cancel_admin" | "refund_full" | "refund_partial" | "ship" | "expire" | "expire_sellout";
type Charge = "succeeded" | "declined" | "error_after_charge" | "error_before_charge" | "webhook_succeeded" | "webhook_declined" | "webhook_out_of_order";
type When = "before_charge" | "in_flight" | "after_answer" | "after_webhook";

const OTHERS: Other[] = ["cancel_owner", "cancel_admin", "refund_full", "refund_partial", "ship", "expire", "expire_sellout"];
const CHARGES: Charge[] = ["succeeded", "declined", "error_after_charge", "error_before_charge", "webhook_succeeded", "webhook_declined", "webhook_out_of_order"];
const isWebhook = (charge: Charge) => charge.startsWith("webhook");

interface Scene {
  world: World;
  shopper: TestSession;
  admin: TestSession;
  sku: string;
  order: OrderJson;
  soldElsewhere: number;
}

async function newScene(token: string): Promise<Scene> {
  const sku = await createSku(INITIAL, PRICE);
  const shopper = await registerUser();
  await addToCart(shopper, sku, QUANTITY);
  const world = createWorld();
  const order = await placeOrderIn(world, shopper, token);
  return { world, shopper, admin: await createAdmin(), sku, order, soldElsewhere: 0 };
}

async function currentPaymentId(orderId: string): Promise<string> {
  const row = await env.DB.prepare("SELECT payment_id FROM orders WHERE id = ?").bind(orderId).first<{ payment_id: string }>();
  return row!.payment_id;
}

/** One of the events racing the charge. Each may be refused (409) by the state it meets; never a 5xx. */
async function apply(scene: Scene, other: Other): Promise<void> {
  const { world, order } = scene;
  const expectOneOf = (response: Response, statuses: number[]) => expect(statuses).toContain(response.status);
  switch (other) {
    case "cancel_owner":
      return expectOneOf(await world.api(`/orders/${order.id}/cancel`, { method: "POST", token: scene.shopper.accessToken }), [200, 409]);
    case "cancel_admin":
      return expectOneOf(await world.api(`/orders/${order.id}/cancel`, { method: "POST", token: scene.admin.accessToken }), [200, 409]);
    case "refund_full":
    case "refund_partial": {
      const paymentId = await currentPaymentId(order.id);
      const json = other === "refund_full" ? {} : { amountCents: 500 };
      return expectOneOf(await world.api(`/payments/${paymentId}/refund`, { method: "POST", token: scene.admin.accessToken, json }), [200, 409]);
    }
    case "ship": {
      const move = (json: unknown) => world.api(`/orders/${order.id}/status`, { method: "PUT", token: scene.admin.accessToken, json });
      expectOneOf(await move({ status: "processing" }), [200, 409]);
      return expectOneOf(await move({ status: "shipped", carrier: "UPS", trackingNumber: "1Z999" }), [200, 409]);
    }
    case "expire":
      return expireHolds(scene.sku);
    case "expire_sellout": {
      // The hold expires and another shopper buys every unit left.
      await expireHolds(scene.sku);
      const stock = env.INVENTORY.getByName(scene.sku);
      const { available } = await stock.read();
      if (available > 0) {
        const saleId = `elsewhere-${crypto.randomUUID()}`;
        expect((await stock.reserve(saleId, available, 60)).ok).toBe(true);
        expect((await stock.commit(saleId)).ok).toBe(true);
        scene.soldElsewhere += available;
      }
      return;
    }
  }
}

function release(charge: Charge): HeldChargeRelease {
  switch (charge) {
    case "succeeded":
    case "declined":
      return "as_decided";
    case "error_after_charge":
      return "error_after";
    case "error_before_charge":
      return "error_before";
    case "webhook_succeeded":
    case "webhook_out_of_order":
      return "processing_succeed";
    case "webhook_declined":
      return "processing_decline";
  }
}

/** Stripe's webhook events for the attempt, as the webhook route queues them, once the charge reached it. */
async function queueWebhooks(scene: Scene, charge: Charge) {
  const paymentId = scene.order.payments[0]!.id;
  const row = await env.DB.prepare("SELECT provider_ref FROM payments WHERE id = ?").bind(paymentId).first<{ provider_ref: string | null }>();
  // A charge that never reached the gateway (the order ended first) gets no webhook.
  if (!row?.provider_ref) return;
  const event = (type: "payment_intent.succeeded" | "payment_intent.payment_failed"): PaymentJob => ({
    kind: "stripe_event",
    eventId: `evt_${crypto.randomUUID()}`,
    type,
    paymentIntentId: row.provider_ref!,
    orderId: scene.order.id,
    paymentId,
    failureCode: type === "payment_intent.payment_failed" ? "card_declined" : null,
  });
  const events =
    charge === "webhook_succeeded"
      ? [event("payment_intent.succeeded"), event("payment_intent.succeeded")]
      : charge === "webhook_declined"
        ? [event("payment_intent.payment_failed")]
        : [event("payment_intent.payment_failed"), event("payment_intent.succeeded")];
  // Out of order means one at a time, failure first.
  for (const body of events) {
    scene.world.outbox.push(body);
    await scene.world.deliverWaiting();
  }
}

async function race(charge: Charge, other: Other, when: When) {
  const scene = await newScene(charge === "declined" ? "tok_chargeDeclined" : "tok_visa");
  if (when === "before_charge") await apply(scene, other);
  const held = await startHeldCharge(scene.world, scene.order.id);
  if (when === "in_flight") await apply(scene, other);
  await held.land(release(charge));
  // The charge's own follow-ups (retries, refunds) run before the next event.
  await scene.world.drain();
  if (when === "after_answer") await apply(scene, other);
  if (isWebhook(charge)) await queueWebhooks(scene, charge);
  if (when === "after_webhook") await apply(scene, other);
  await scene.world.drain();
  return { scene, state: await assertInvariants(scene.world, scene.shopper, scene.order.id, scene.sku, { initialOnHand: INITIAL, quantity: QUANTITY, soldElsewhere: scene.soldElsewhere }) };
}

const whens = (charge: Charge): When[] => (isWebhook(charge) ? ["before_charge", "in_flight", "after_answer", "after_webhook"] : ["before_charge", "in_flight", "after_answer"]);
const matrix = CHARGES.flatMap((charge) => OTHERS.flatMap((other) => whens(charge).map((when) => [charge, other, when] as const)));

describe("the charge racing every other event", () => {
  it.each(matrix)("charge %s × %s %s", async (charge, other, when) => {
    await race(charge, other, when);
  });
});

describe("the money bug: cancelling while the card is being charged", () => {
  it.each(["cancel_owner", "cancel_admin"] as const)("%s: cancelled, the charge refunded once, stock restored, one consistent message", async (other) => {
    const { state } = await race("succeeded", other, "in_flight");
    expect(state.order.status).toBe("cancelled");
    expect(state.order.paymentStatus).toBe("refunded");
    expect(state.charged).toBe(state.order.totalCents);
    expect(state.refunded).toBe(state.order.totalCents);
    expect(state.lastNotification?.message).toContain("cancelled and refunded");
  });

  it("a decline racing a cancel tells the shopper only about the cancellation", async () => {
    const { state } = await race("declined", "cancel_owner", "in_flight");
    expect(state.order.status).toBe("cancelled");
    const types = await env.DB.prepare("SELECT type FROM notifications WHERE order_id = ?").bind(state.order.id).all<{ type: string }>();
    expect(types.results.map((row) => row.type)).not.toContain("payment_failed");
  });
});

/** Two hand-made events on a paid order, in both orders and at the same moment. */
const PAID_EVENTS: Other[] = ["cancel_owner", "cancel_admin", "refund_full", "refund_partial", "ship"];
const pairs = PAID_EVENTS.flatMap((a, i) => PAID_EVENTS.slice(i).map((b) => [a, b] as const));

describe("two events racing on a paid order", () => {
  it.each(pairs.flatMap(([a, b]) => (["a_then_b", "b_then_a", "together"] as const).map((order) => [a, b, order] as const)))(
    "%s and %s, %s",
    async (a, b, order) => {
      const scene = await newScene("tok_visa");
      const held = await startHeldCharge(scene.world, scene.order.id);
      await held.land("as_decided");
      await scene.world.drain();
      if (order === "together") await Promise.all([apply(scene, a), apply(scene, b)]);
      else if (order === "a_then_b") {
        await apply(scene, a);
        await apply(scene, b);
      } else {
        await apply(scene, b);
        await apply(scene, a);
      }
      await scene.world.drain();
      const state = await assertInvariants(scene.world, scene.shopper, scene.order.id, scene.sku, { initialOnHand: INITIAL, quantity: QUANTITY });
      if (a === "refund_full" && b === "refund_full") expect(state.refunded).toBe(state.order.totalCents);
    },
  );
});
