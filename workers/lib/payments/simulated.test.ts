import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { appConfig } from "../../env";
import { GatewayUnavailableError } from "./gateway";
import { simulatedGateway } from "./simulated";

const config = (overrides: Partial<ReturnType<typeof appConfig>>) => ({ ...appConfig(env), PAYMENT_LATENCY_MS: 0, ...overrides });
const request = (orderId: string, token: string | null) => ({ orderId, amountCents: 1_000, currency: "USD", token, paymentId: "pay_test", idempotencyKey: `charge_${orderId}` });

describe("the simulated gateway", () => {
  it("honours Stripe's test tokens", async () => {
    const gateway = simulatedGateway(env, config({}));
    expect((await gateway.charge(request(`o-${crypto.randomUUID()}`, "tok_visa"))).status).toBe("succeeded");
    expect(await gateway.charge(request(`o-${crypto.randomUUID()}`, "tok_chargeDeclined"))).toEqual({ status: "declined", reason: "card_declined" });
    expect(await gateway.charge(request(`o-${crypto.randomUUID()}`, "tok_unknown"))).toEqual({ status: "declined", reason: "invalid_token" });
  });

  it("declines token-less charges at PAYMENT_FAILURE_RATE", async () => {
    const always = simulatedGateway(env, config({ PAYMENT_FAILURE_RATE: 1 }));
    const never = simulatedGateway(env, config({ PAYMENT_FAILURE_RATE: 0 }));
    expect((await always.charge(request(`o-${crypto.randomUUID()}`, null))).status).toBe("declined");
    expect((await never.charge(request(`o-${crypto.randomUUID()}`, null))).status).toBe("succeeded");
  });

  it("fails every call at PAYMENT_ERROR_RATE = 1, on either side of the ledger write", async () => {
    let sides = 0;
    const gateway = simulatedGateway(env, config({ PAYMENT_ERROR_RATE: 1 }), () => (sides++ % 2 === 0 ? 0 : 0.9));
    await expect(gateway.charge(request(`o-${crypto.randomUUID()}`, "tok_visa"))).rejects.toBeInstanceOf(GatewayUnavailableError);
  });

  it("returns the first outcome for a repeated idempotency key", async () => {
    const gateway = simulatedGateway(env, config({}));
    const orderId = `o-${crypto.randomUUID()}`;
    const first = await gateway.charge(request(orderId, "tok_visa"));
    const again = await gateway.charge(request(orderId, "tok_chargeDeclined"));
    expect(again).toEqual(first);
  });
});
