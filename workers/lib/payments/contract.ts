/**
 * What every payment gateway offers the order lifecycle: the simulated one and Stripe's.
 */
export interface ChargeRequest {
  orderId: string;
  /** The payment attempt: one order may be paid again with another card after a decline. */
  paymentId: string;
  amountCents: number;
  currency: string;
  /** A card token such as Stripe's test tokens `tok_visa` / `tok_chargeDeclined`. */
  token: string | null;
  /** The same key for every delivery of this attempt's charge: the gateway charges once. */
  idempotencyKey: string;
}

export type ChargeOutcome =
  | { status: "succeeded"; providerRef: string }
  | { status: "declined"; reason: string; providerRef?: string }
  /** Accepted, final result to come by webhook (Stripe). */
  | { status: "processing"; providerRef: string };

export interface RefundRequest {
  /** The refund row's id: the gateway's idempotency key. */
  refundId: string;
  providerRef: string;
  amountCents: number;
}

export type RefundOutcome = { status: "succeeded"; providerRef: string } | { status: "failed"; reason: string };

/**
 * A transient failure (timeout, 5xx, rate limit): the job is retried with backoff. Declines
 * are outcomes, not errors, and are never retried.
 */
export class GatewayUnavailableError extends Error {
  override name = "GatewayUnavailableError";
}

export interface PaymentGateway {
  readonly provider: "simulated" | "stripe";
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  /**
   * What the gateway knows of an order's charge, without charging: used before giving up on
   * a charge whose answers were lost, since it may have gone through. null: never charged.
   */
  lookupCharge(request: { orderId: string; paymentId: string; idempotencyKey: string }): Promise<ChargeOutcome | null>;
  refund(request: RefundRequest): Promise<RefundOutcome>;
}
