import type { AppConfig } from "../../env";
import { GatewayUnavailableError, type PaymentGateway } from "./contract";

/** Stripe's test-mode token names, honoured exactly. */
const TOKEN_OUTCOMES: Record<string, "succeed" | "decline"> = {
  tok_visa: "succeed",
  tok_mastercard: "succeed",
  tok_amex: "succeed",
  tok_chargeDeclined: "decline",
  tok_chargeDeclinedInsufficientFunds: "decline",
};

const sleep = (ms: number) => (ms > 0 ? scheduler.wait(ms) : Promise.resolve());

/**
 * The local gateway: waits PAYMENT_LATENCY_MS like a card network, decides by test token (or
 * at PAYMENT_FAILURE_RATE without one), and records the charge in the SimulatedGateway ledger
 * under the idempotency key. PAYMENT_ERROR_RATE injects transient failures, half of them after
 * the ledger recorded the charge (the "charged, but the answer was lost" case a retry must
 * survive without charging twice).
 */
export function simulatedGateway(env: Env, config: AppConfig, random: () => number = Math.random): PaymentGateway {
  const ledger = () => env.SIMULATED_GATEWAY.getByName("ledger");
  /** Whether this call fails, and if so on which side of the ledger write. */
  const drawFailure = (): "before" | "after" | null =>
    random() < config.PAYMENT_ERROR_RATE ? (random() < 0.5 ? "before" : "after") : null;
  const fail = (where: string) => new GatewayUnavailableError(`simulated gateway error ${where} the charge`);
  // (lookupCharge fails at the same rate, so fault runs exercise a gateway that stays down.)
  return {
    provider: "simulated",
    async charge(request) {
      await sleep(config.PAYMENT_LATENCY_MS);
      const failure = drawFailure();
      if (failure === "before") throw fail("before");
      const rule = request.token ? TOKEN_OUTCOMES[request.token] : undefined;
      const decline =
        request.token && !rule
          ? "invalid_token"
          : rule === "decline" || (!rule && random() < config.PAYMENT_FAILURE_RATE)
            ? "card_declined"
            : undefined;
      const { record, answer } = await ledger().chargeThroughGate({
        idempotencyKey: request.idempotencyKey,
        orderId: request.orderId,
        amountCents: request.amountCents,
        currency: request.currency,
        decline,
      });
      if (!record) throw fail("before");
      if (failure === "after" || answer === "lost") throw fail("after");
      // Like Stripe's asynchronous confirmations: the verdict comes by webhook.
      if (answer === "processing") return { status: "processing", providerRef: record.status === "succeeded" ? record.chargeId : `ch_sim_declined_${request.paymentId}` };
      return record.status === "succeeded"
        ? { status: "succeeded", providerRef: record.chargeId }
        : { status: "declined", reason: record.reason };
    },
    async lookupCharge(request) {
      if (random() < config.PAYMENT_ERROR_RATE) throw fail("looking up");
      const record = await ledger().findCharge(request.idempotencyKey);
      if (!record) return null;
      return record.status === "succeeded" ? { status: "succeeded", providerRef: record.chargeId } : { status: "declined", reason: record.reason };
    },
    async refund(request) {
      await sleep(Math.min(config.PAYMENT_LATENCY_MS, 500));
      const record = await ledger().refund({
        idempotencyKey: request.refundId,
        chargeId: request.providerRef,
        amountCents: request.amountCents,
      });
      return record.status === "succeeded"
        ? { status: "succeeded", providerRef: record.refundId }
        : { status: "failed", reason: record.reason };
    },
  };
}
