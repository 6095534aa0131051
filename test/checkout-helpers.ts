import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import worker from "../workers/index";
import { api, type TestSession } from "./helpers";

export const ADDRESS = {
  name: "Ada Lovelace",
  line1: "12 Analytical Row",
  city: "London",
  postalCode: "N1 9GU",
  country: "GB",
};

export async function addToCart(session: TestSession, sku: string, quantity = 1) {
  const response = await api("/cart/items", { method: "POST", token: session.accessToken, json: { sku, quantity } });
  expect(response.status, await response.clone().text()).toBe(200);
}

let keyCounter = 0;
export function idempotencyKey(): string {
  keyCounter += 1;
  return `test-key-${Date.now().toString(36)}-${keyCounter}-${Math.random().toString(36).slice(2)}`;
}

export async function checkout(
  session: TestSession,
  options: { token?: string; key?: string; body?: Record<string, unknown> } = {},
): Promise<Response> {
  return api("/orders", {
    method: "POST",
    token: session.accessToken,
    headers: { "idempotency-key": options.key ?? idempotencyKey() },
    json: options.body ?? { shippingAddress: ADDRESS, payment: { method: "card", ...(options.token ? { token: options.token } : {}) } },
  });
}

export interface OrderJson {
  id: string;
  number: string;
  status: string;
  paymentStatus: string;
  totalCents: number;
  refundedCents: number;
  items: { sku: string; quantity: number; unitPriceCents: number }[];
  payments: { id: string; status: string; refundedCents: number; refunds: { status: string; amountCents: number }[] }[];
  history: { status: string; note?: string }[];
}

export async function getOrder(session: TestSession, id: string): Promise<OrderJson> {
  const response = await api(`/orders/${id}`, { token: session.accessToken });
  expect(response.status).toBe(200);
  return (await response.json()) as OrderJson;
}

/** Polls until the order matches, as the site's order page does while a payment processes. */
export async function waitForOrder(
  session: TestSession,
  id: string,
  done: (order: OrderJson) => boolean,
  timeoutMs = 10_000,
): Promise<OrderJson> {
  const started = Date.now();
  for (;;) {
    const order = await getOrder(session, id);
    if (done(order)) return order;
    if (Date.now() - started > timeoutMs) throw new Error(`order ${id} stuck: ${JSON.stringify(order)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Delivers messages to the Worker's queue handler, the way the Queues runtime does. */
export async function deliver(queue: string, bodies: unknown[], options: { attempts?: number; env?: Env } = {}) {
  const batch = createMessageBatch(
    queue,
    bodies.map((body, i) => ({ id: `msg-${Date.now()}-${i}-${Math.random()}`, timestamp: new Date(), attempts: options.attempts ?? 1, body })),
  );
  // The runtime's result does not say how long a retry was delayed; record it on the way.
  const retryDelays: (number | undefined)[] = [];
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    Object.defineProperty(message, "retry", {
      value: (options?: QueueRetryOptions) => {
        retryDelays.push(options?.delaySeconds);
        retry(options);
      },
    });
  }
  const ctx = createExecutionContext();
  await worker.queue(batch, options.env ?? env, ctx);
  return { ...(await getQueueResult(batch, ctx)), retryDelays };
}

export async function stockOf(sku: string) {
  return env.INVENTORY.getByName(sku).read();
}

export async function outboxFor(dedupePrefix: string) {
  const rows = await env.DB.prepare("SELECT dedupe_key, status, attempts, template, to_address FROM email_outbox WHERE dedupe_key LIKE ?")
    .bind(`${dedupePrefix}%`)
    .all<{ dedupe_key: string; status: string; attempts: number; template: string; to_address: string }>();
  return rows.results;
}

export async function gatewayStats() {
  return env.SIMULATED_GATEWAY.getByName("ledger").stats();
}
