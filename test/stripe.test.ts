import { FetchInterceptor } from "@mswjs/interceptors/fetch";
import { env } from "cloudflare:workers";
import { http, HttpResponse } from "msw";
import { defineNetwork, InterceptorSource } from "msw/experimental";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { appConfig } from "../workers/env";
import { GatewayUnavailableError } from "../workers/lib/payments/gateway";
import { paymentMethodFor, stripeGateway } from "../workers/lib/payments/stripe";
import { api, registerUser } from "./helpers";
import { idempotencyKey } from "./checkout-helpers";
import { createSku } from "./factories/stock";

// Stripe's HTTP API, mocked at the network edge: the SDK runs for real on its fetch client.
const network = defineNetwork({
  sources: [new InterceptorSource({ interceptors: [new FetchInterceptor()] })],
  onUnhandledFrame: "error",
});
beforeAll(() => network.enable());
afterEach(() => network.resetHandlers());
afterAll(() => network.disable());

const stripeConfig = () => ({ ...appConfig(env), PAYMENT_PROVIDER: "stripe" as const });

describe("the Stripe gateway", () => {
  it("creates and confirms one PaymentIntent per order, keyed by the order", async () => {
    const seen: { idempotencyKey: string | null; body: URLSearchParams; auth: string | null }[] = [];
    network.use(
      http.post("https://api.stripe.com/v1/payment_intents", async ({ request }) => {
        seen.push({ idempotencyKey: request.headers.get("idempotency-key"), body: new URLSearchParams(await request.text()), auth: request.headers.get("authorization") });
        return HttpResponse.json({ id: "pi_123", object: "payment_intent", status: "succeeded", amount: 4_200, currency: "usd" });
      }),
    );
    const outcome = await stripeGateway(stripeConfig()).charge({ orderId: "ord_1", paymentId: "pay_1", amountCents: 4_200, currency: "USD", token: "tok_visa", idempotencyKey: "charge_ord_1" });
    expect(outcome).toEqual({ status: "succeeded", providerRef: "pi_123" });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.idempotencyKey).toBe("charge_ord_1");
    expect(seen[0]!.auth).toBe("Bearer sk_test_storefront");
    expect(seen[0]!.body.get("amount")).toBe("4200");
    expect(seen[0]!.body.get("currency")).toBe("usd");
    expect(seen[0]!.body.get("payment_method")).toBe("pm_card_visa");
    expect(seen[0]!.body.get("confirm")).toBe("true");
    expect(seen[0]!.body.get("metadata[orderId]")).toBe("ord_1");
    expect(seen[0]!.body.get("metadata[paymentId]")).toBe("pay_1");
  });

  it("charges a yen order in yen, whose minor unit is the yen itself (Stripe's zero-decimal currencies)", async () => {
    const shopper = await registerUser();
    const sku = await createSku(5, 2_499);
    expect((await api("/cart/items", { method: "POST", token: shopper.accessToken, headers: { "x-market": "jp" }, json: { sku, quantity: 3 } })).status).toBe(200);
    const placed = await api("/orders", {
      method: "POST",
      token: shopper.accessToken,
      headers: { "x-market": "jp", "idempotency-key": idempotencyKey() },
      json: { shippingAddress: { name: "A", line1: "1-1 Chiyoda", city: "Tokyo", postalCode: "100-0001", country: "JP" }, payment: { method: "card", token: "tok_visa" } },
    });
    expect(placed.status, await placed.clone().text()).toBe(202);
    const { order } = (await placed.json()) as { order: { id: string; payments?: unknown } };
    const payment = (await env.DB.prepare("SELECT id, amount_cents, currency FROM payments WHERE order_id = ?").bind(order.id).first<{ id: string; amount_cents: number; currency: string }>())!;
    expect(payment).toMatchObject({ amount_cents: 11_250, currency: "JPY" });
    const seen: URLSearchParams[] = [];
    network.use(
      http.post("https://api.stripe.com/v1/payment_intents", async ({ request }) => {
        seen.push(new URLSearchParams(await request.text()));
        return HttpResponse.json({ id: "pi_yen", object: "payment_intent", status: "succeeded", amount: 11_250, currency: "jpy" });
      }),
    );
    await stripeGateway(stripeConfig()).charge({ orderId: order.id, paymentId: payment.id, amountCents: payment.amount_cents, currency: payment.currency, token: "tok_visa", idempotencyKey: `charge_${payment.id}` });
    expect(seen[0]!.get("amount")).toBe("11250");
    expect(seen[0]!.get("currency")).toBe("jpy");
  });

  it("reports a card decline as an outcome, not an error", async () => {
    network.use(
      http.post("https://api.stripe.com/v1/payment_intents", () =>
        HttpResponse.json(
          { error: { type: "card_error", code: "card_declined", decline_code: "generic_decline", message: "Your card was declined.", payment_intent: { id: "pi_declined" } } },
          { status: 402 },
        ),
      ),
    );
    const outcome = await stripeGateway(stripeConfig()).charge({ orderId: "ord_2", paymentId: "pay_2", amountCents: 100, currency: "USD", token: "tok_chargeDeclined", idempotencyKey: "charge_ord_2" });
    expect(outcome).toEqual({ status: "declined", reason: "generic_decline", providerRef: "pi_declined" });
  });

  it("turns Stripe's 5xx into a retryable error", async () => {
    network.use(http.post("https://api.stripe.com/v1/payment_intents", () => HttpResponse.json({ error: { type: "api_error", message: "boom" } }, { status: 500 })));
    await expect(
      stripeGateway(stripeConfig()).charge({ orderId: "ord_3", paymentId: "pay_3", amountCents: 100, currency: "USD", token: "tok_visa", idempotencyKey: "charge_ord_3" }),
    ).rejects.toBeInstanceOf(GatewayUnavailableError);
  });

  it("refunds with the refund id as the idempotency key", async () => {
    let key: string | null = null;
    network.use(
      http.post("https://api.stripe.com/v1/refunds", ({ request }) => {
        key = request.headers.get("idempotency-key");
        return HttpResponse.json({ id: "re_1", object: "refund", status: "succeeded", amount: 500 });
      }),
    );
    const outcome = await stripeGateway(stripeConfig()).refund({ refundId: "ref_abc", providerRef: "pi_123", amountCents: 500 });
    expect(outcome).toEqual({ status: "succeeded", providerRef: "re_1" });
    expect(key).toBe("ref_abc");
  });

  it("looks a payment attempt's charge up by its metadata before giving up on it", async () => {
    let query: string | null = null;
    network.use(
      http.get("https://api.stripe.com/v1/payment_intents/search", ({ request }) => {
        query = new URL(request.url).searchParams.get("query");
        return HttpResponse.json({ object: "search_result", data: [{ id: "pi_found", object: "payment_intent", status: "succeeded" }], has_more: false });
      }),
    );
    expect(await stripeGateway(stripeConfig()).lookupCharge({ orderId: "ord_9", paymentId: "pay_9", idempotencyKey: "charge_ord_9" })).toEqual({ status: "succeeded", providerRef: "pi_found" });
    expect(query).toBe("metadata['paymentId']:'pay_9'");
    network.use(http.get("https://api.stripe.com/v1/payment_intents/search", () => HttpResponse.json({ object: "search_result", data: [], has_more: false })));
    expect(await stripeGateway(stripeConfig()).lookupCharge({ orderId: "ord_10", paymentId: "pay_10", idempotencyKey: "charge_ord_10" })).toBeNull();
  });

  it("maps test tokens to test payment methods", () => {
    expect(paymentMethodFor("tok_chargeDeclined")).toBe("pm_card_chargeDeclined");
    expect(paymentMethodFor("pm_1Abc")).toBe("pm_1Abc");
    expect(paymentMethodFor(null)).toBe("pm_card_visa");
  });
});

describe("POST /webhooks/stripe", () => {
  const stripe = new Stripe("sk_test_storefront", { httpClient: Stripe.createFetchHttpClient() });
  const event = (id: string, orderId: string) =>
    JSON.stringify({
      id,
      object: "event",
      type: "payment_intent.succeeded",
      data: { object: { id: "pi_hook", object: "payment_intent", metadata: { orderId }, last_payment_error: null } },
    });
  const send = (payload: string, signature: string) =>
    api("/webhooks/stripe", { method: "POST", headers: { "stripe-signature": signature, "content-type": "application/json" }, body: payload });

  it("accepts a correctly signed event once and ignores its duplicate", async () => {
    const payload = event(`evt_${crypto.randomUUID()}`, "ord_does_not_exist");
    const signature = await stripe.webhooks.generateTestHeaderStringAsync({ payload, secret: "whsec_test_storefront", cryptoProvider: Stripe.createSubtleCryptoProvider() });
    const first = await send(payload, signature);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true });
    const again = await send(payload, signature);
    expect(await again.json()).toEqual({ received: true, duplicate: true });
  });

  it.each([
    ["a forged signature", async () => `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}`],
    ["a signature made with another secret", async (payload: string) => stripe.webhooks.generateTestHeaderStringAsync({ payload, secret: "whsec_other", cryptoProvider: Stripe.createSubtleCryptoProvider() })],
    ["a stale signature", async (payload: string) => stripe.webhooks.generateTestHeaderStringAsync({ payload, secret: "whsec_test_storefront", timestamp: Math.floor(Date.now() / 1000) - 3600, cryptoProvider: Stripe.createSubtleCryptoProvider() })],
  ])("refuses %s with 400", async (_label, sign) => {
    const id = `evt_${crypto.randomUUID()}`;
    const payload = event(id, "ord_x");
    const response = await send(payload, await sign(payload));
    expect(response.status).toBe(400);
    expect(await env.DB.prepare("SELECT id FROM webhook_events WHERE id = ?").bind(id).first()).toBeNull();
  });

  it("refuses a missing signature with 400", async () => {
    const response = await api("/webhooks/stripe", { method: "POST", json: { id: "evt_1" } });
    expect(response.status).toBe(400);
  });
});
