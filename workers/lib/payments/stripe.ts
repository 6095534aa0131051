import Stripe from "stripe";
import type { AppConfig } from "../../env";
import { GatewayUnavailableError, type ChargeOutcome, type PaymentGateway } from "./contract";

const clients = new Map<string, Stripe>();

/** The SDK on its fetch HTTP client: Workers have no Node http module. */
export function stripeClient(config: AppConfig): Stripe {
  const key = config.STRIPE_SECRET_KEY;
  if (!key) throw new Error("STRIPE_SECRET_KEY is not set");
  let client = clients.get(key);
  if (!client) {
    client = new Stripe(key, {
      httpClient: Stripe.createFetchHttpClient(),
      maxNetworkRetries: 1,
      timeout: 20_000,
    });
    clients.set(key, client);
  }
  return client;
}

/**
 * Browsers send a PaymentMethod id (`pm_…`) made by Stripe.js. Stripe's test tokens map to the
 * matching test PaymentMethods (`tok_visa` → `pm_card_visa`), so the same test tokens work
 * with both gateways.
 */
export function paymentMethodFor(token: string | null): string {
  if (!token) return "pm_card_visa";
  if (token.startsWith("tok_")) return `pm_card_${token.slice(4)}`;
  return token;
}

/** Which Stripe failures are worth retrying (network, Stripe's 5xx, rate limits). */
function isTransient(error: unknown): boolean {
  return (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    (error instanceof Stripe.errors.StripeError && (error.statusCode ?? 0) >= 500)
  );
}

/**
 * One PaymentIntent per order, created and confirmed server-side from the card token, with an
 * idempotency key derived from the order: a retried job gets the same PaymentIntent back. The
 * final word comes by webhook (`payment_intent.succeeded` / `payment_intent.payment_failed`),
 * which feeds the same queue; the synchronous answer settles the common case early.
 */
export function stripeGateway(config: AppConfig): PaymentGateway {
  return {
    provider: "stripe",
    async charge(request): Promise<ChargeOutcome> {
      const stripe = stripeClient(config);
      try {
        const intent = await stripe.paymentIntents.create(
          {
            amount: request.amountCents,
            currency: request.currency.toLowerCase(),
            confirm: true,
            payment_method: paymentMethodFor(request.token),
            automatic_payment_methods: { enabled: true, allow_redirects: "never" },
            metadata: { orderId: request.orderId, paymentId: request.paymentId },
          },
          { idempotencyKey: request.idempotencyKey },
        );
        if (intent.status === "succeeded") return { status: "succeeded", providerRef: intent.id };
        if (intent.status === "requires_payment_method" || intent.status === "canceled") {
          return { status: "declined", reason: intent.last_payment_error?.code ?? "card_declined", providerRef: intent.id };
        }
        return { status: "processing", providerRef: intent.id };
      } catch (error) {
        if (error instanceof Stripe.errors.StripeCardError) {
          const intentId = (error.raw as { payment_intent?: { id?: string } } | undefined)?.payment_intent?.id;
          return { status: "declined", reason: error.decline_code ?? error.code ?? "card_declined", ...(intentId ? { providerRef: intentId } : {}) };
        }
        if (isTransient(error)) throw new GatewayUnavailableError(error instanceof Error ? error.message : String(error));
        throw error;
      }
    },
    async lookupCharge(request) {
      const stripe = stripeClient(config);
      try {
        const found = await stripe.paymentIntents.search({ query: `metadata['paymentId']:'${request.paymentId.replace(/[^A-Za-z0-9_]/g, "")}'`, limit: 10 });
        const succeeded = found.data.find((intent) => intent.status === "succeeded");
        if (succeeded) return { status: "succeeded", providerRef: succeeded.id };
        const pending = found.data.find((intent) => intent.status === "processing");
        if (pending) return { status: "processing", providerRef: pending.id };
        const declined = found.data[0];
        return declined ? { status: "declined", reason: declined.last_payment_error?.code ?? "card_declined", providerRef: declined.id } : null;
      } catch (error) {
        if (isTransient(error)) throw new GatewayUnavailableError(error instanceof Error ? error.message : String(error));
        throw error;
      }
    },
    async refund(request) {
      const stripe = stripeClient(config);
      try {
        const refund = await stripe.refunds.create(
          { payment_intent: request.providerRef, amount: request.amountCents },
          { idempotencyKey: request.refundId },
        );
        return refund.status === "failed" || refund.status === "canceled"
          ? { status: "failed", reason: refund.failure_reason ?? refund.status }
          : { status: "succeeded", providerRef: refund.id };
      } catch (error) {
        if (isTransient(error)) throw new GatewayUnavailableError(error instanceof Error ? error.message : String(error));
        if (error instanceof Stripe.errors.StripeInvalidRequestError) return { status: "failed", reason: error.code ?? error.message };
        throw error;
      }
    },
  };
}

/** Verifies a webhook's `Stripe-Signature` with WebCrypto (the SDK's async verifier). */
export async function verifyStripeEvent(config: AppConfig, payload: string, signature: string): Promise<Stripe.Event | null> {
  if (!config.STRIPE_WEBHOOK_SECRET || !config.STRIPE_SECRET_KEY) return null;
  try {
    return await stripeClient(config).webhooks.constructEventAsync(
      payload,
      signature,
      config.STRIPE_WEBHOOK_SECRET,
      300,
      Stripe.createSubtleCryptoProvider(),
    );
  } catch {
    return null;
  }
}
