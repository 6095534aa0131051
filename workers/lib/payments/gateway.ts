import type { AppConfig } from "../../env";
import type { PaymentGateway } from "./contract";
import { simulatedGateway } from "./simulated";
import { stripeGateway } from "./stripe";

export * from "./contract";

/** The configured gateway: Stripe in production, the local ledger otherwise. */
export function paymentGateway(env: Env, config: AppConfig): PaymentGateway {
  return config.PAYMENT_PROVIDER === "stripe" ? stripeGateway(config) : simulatedGateway(env, config);
}
