import { DurableObject } from "cloudflare:workers";

export type SimulatedChargeRecord =
  | { status: "succeeded"; chargeId: string; amountCents: number; currency: string; orderId: string }
  | { status: "declined"; reason: string; orderId: string };

export type SimulatedRefundRecord =
  | { status: "succeeded"; refundId: string; chargeId: string; amountCents: number }
  | { status: "failed"; reason: string };

/**
 * How a held charge ends when a test releases it: as decided by its token, forced either way,
 * a transient error on either side of the ledger write, or "processing" (the money is taken
 * or declined now, and the answer says only that a webhook will follow, as Stripe's can).
 */
export type HeldChargeRelease =
  | "as_decided"
  | "succeed"
  | "decline"
  | "error_before"
  | "error_after"
  | "processing_succeed"
  | "processing_decline";

export type SimulatedChargeAnswer =
  | { record: SimulatedChargeRecord; answer: "final" | "lost" | "processing" }
  | { record: null; answer: "lost" };

interface Gate {
  arrived: boolean;
  onArrival: Array<() => void>;
  release: (how: HeldChargeRelease) => void;
  released: Promise<HeldChargeRelease>;
}

export interface SimulatedGatewayStats {
  charges: number;
  succeeded: number;
  declined: number;
  chargedCents: number;
  refunds: number;
  refundedCents: number;
  /** Orders charged successfully more than once: always 0 unless idempotency is broken. */
  duplicateChargeOrders: number;
}

/**
 * The local stand-in for a card processor's ledger. Like Stripe, it remembers every request
 * by idempotency key: the same key returns the first outcome instead of charging again. One
 * object holds the whole ledger, so the benchmark and fault runs can count what was charged.
 */
export class SimulatedGateway extends DurableObject<Env> {
  /**
   * Charges a test has asked to hold, by order id. Only tests create gates (holdCharge), so
   * every other charge passes straight through. The gate lives in memory: a held charge
   * keeps its request open, and with it this object.
   */
  private readonly gates = new Map<string, Gate>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS charges (
      idempotency_key TEXT PRIMARY KEY, charge_id TEXT, order_id TEXT NOT NULL, status TEXT NOT NULL,
      amount_cents INTEGER NOT NULL, currency TEXT NOT NULL, reason TEXT, created_at TEXT NOT NULL)`);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS refunds (
      idempotency_key TEXT PRIMARY KEY, refund_id TEXT, charge_id TEXT NOT NULL, status TEXT NOT NULL,
      amount_cents INTEGER NOT NULL, reason TEXT, created_at TEXT NOT NULL)`);
  }

  /** The next charge of this order waits at a gate until `releaseCharge`. */
  holdCharge(orderId: string): void {
    let release: (how: HeldChargeRelease) => void = () => undefined;
    const released = new Promise<HeldChargeRelease>((resolve) => {
      release = resolve;
    });
    this.gates.set(orderId, { arrived: false, onArrival: [], release, released });
  }

  /** Resolves once the order's held charge has reached the gate (the card is "being charged"). */
  async chargeArrived(orderId: string): Promise<void> {
    const gate = this.gates.get(orderId);
    if (!gate) throw new Error(`no charge is held for ${orderId}`);
    if (gate.arrived) return;
    await new Promise<void>((resolve) => gate.onArrival.push(resolve));
  }

  releaseCharge(orderId: string, how: HeldChargeRelease): void {
    const gate = this.gates.get(orderId);
    if (!gate) throw new Error(`no charge is held for ${orderId}`);
    this.gates.delete(orderId);
    // A charge that never came (its order ended first) leaves no one waiting.
    for (const resolve of gate.onArrival.splice(0)) resolve();
    gate.release(how);
  }

  /**
   * The gateway's charge call: waits at a test's gate if there is one, then records the
   * outcome (or returns the one recorded under the key) and says how the answer travels.
   */
  async chargeThroughGate(request: {
    idempotencyKey: string;
    orderId: string;
    amountCents: number;
    currency: string;
    decline?: string;
  }): Promise<SimulatedChargeAnswer> {
    const gate = this.gates.get(request.orderId);
    let how: HeldChargeRelease = "as_decided";
    if (gate) {
      gate.arrived = true;
      for (const resolve of gate.onArrival.splice(0)) resolve();
      how = await gate.released;
    }
    if (how === "error_before") return { record: null, answer: "lost" };
    const decline = how === "succeed" || how === "processing_succeed" ? undefined : how === "decline" || how === "processing_decline" ? "card_declined" : request.decline;
    const record = this.charge({ ...request, decline });
    const answer = how === "error_after" ? "lost" : how === "processing_succeed" || how === "processing_decline" ? "processing" : "final";
    return { record, answer };
  }

  /** Records a charge decided by the caller, or returns the one already recorded for the key. */
  charge(request: {
    idempotencyKey: string;
    orderId: string;
    amountCents: number;
    currency: string;
    decline?: string;
  }): SimulatedChargeRecord {
    const existing = this.ctx.storage.sql
      .exec<{ charge_id: string | null; status: string; amount_cents: number; currency: string; reason: string | null; order_id: string }>(
        "SELECT charge_id, status, amount_cents, currency, reason, order_id FROM charges WHERE idempotency_key = ?",
        request.idempotencyKey,
      )
      .toArray()[0];
    if (existing) {
      return existing.status === "succeeded"
        ? { status: "succeeded", chargeId: existing.charge_id!, amountCents: existing.amount_cents, currency: existing.currency, orderId: existing.order_id }
        : { status: "declined", reason: existing.reason ?? "declined", orderId: existing.order_id };
    }
    const now = new Date().toISOString();
    if (request.decline) {
      this.ctx.storage.sql.exec(
        "INSERT INTO charges (idempotency_key, order_id, status, amount_cents, currency, reason, created_at) VALUES (?, ?, 'declined', ?, ?, ?, ?)",
        request.idempotencyKey, request.orderId, request.amountCents, request.currency, request.decline, now,
      );
      return { status: "declined", reason: request.decline, orderId: request.orderId };
    }
    const chargeId = `ch_sim_${crypto.randomUUID().replaceAll("-", "")}`;
    this.ctx.storage.sql.exec(
      "INSERT INTO charges (idempotency_key, charge_id, order_id, status, amount_cents, currency, created_at) VALUES (?, ?, ?, 'succeeded', ?, ?, ?)",
      request.idempotencyKey, chargeId, request.orderId, request.amountCents, request.currency, now,
    );
    return { status: "succeeded", chargeId, amountCents: request.amountCents, currency: request.currency, orderId: request.orderId };
  }

  /** The charge recorded under an idempotency key, if any. */
  findCharge(idempotencyKey: string): SimulatedChargeRecord | null {
    const row = this.ctx.storage.sql
      .exec<{ charge_id: string | null; status: string; amount_cents: number; currency: string; reason: string | null; order_id: string }>(
        "SELECT charge_id, status, amount_cents, currency, reason, order_id FROM charges WHERE idempotency_key = ?",
        idempotencyKey,
      )
      .toArray()[0];
    if (!row) return null;
    return row.status === "succeeded"
      ? { status: "succeeded", chargeId: row.charge_id!, amountCents: row.amount_cents, currency: row.currency, orderId: row.order_id }
      : { status: "declined", reason: row.reason ?? "declined", orderId: row.order_id };
  }

  refund(request: { idempotencyKey: string; chargeId: string; amountCents: number }): SimulatedRefundRecord {
    const existing = this.ctx.storage.sql
      .exec<{ refund_id: string | null; status: string; amount_cents: number; reason: string | null }>(
        "SELECT refund_id, status, amount_cents, reason FROM refunds WHERE idempotency_key = ?",
        request.idempotencyKey,
      )
      .toArray()[0];
    if (existing) {
      return existing.status === "succeeded"
        ? { status: "succeeded", refundId: existing.refund_id!, chargeId: request.chargeId, amountCents: existing.amount_cents }
        : { status: "failed", reason: existing.reason ?? "failed" };
    }
    const charge = this.ctx.storage.sql
      .exec<{ amount_cents: number }>("SELECT amount_cents FROM charges WHERE charge_id = ? AND status = 'succeeded'", request.chargeId)
      .toArray()[0];
    const refunded =
      this.ctx.storage.sql
        .exec<{ total: number }>("SELECT coalesce(sum(amount_cents), 0) AS total FROM refunds WHERE charge_id = ? AND status = 'succeeded'", request.chargeId)
        .toArray()[0]?.total ?? 0;
    const now = new Date().toISOString();
    let reason: string | null = null;
    if (!charge) reason = "no_such_charge";
    else if (request.amountCents < 1 || refunded + request.amountCents > charge.amount_cents) reason = "amount_too_large";
    if (reason) {
      this.ctx.storage.sql.exec(
        "INSERT INTO refunds (idempotency_key, charge_id, status, amount_cents, reason, created_at) VALUES (?, ?, 'failed', ?, ?, ?)",
        request.idempotencyKey, request.chargeId, request.amountCents, reason, now,
      );
      return { status: "failed", reason };
    }
    const refundId = `re_sim_${crypto.randomUUID().replaceAll("-", "")}`;
    this.ctx.storage.sql.exec(
      "INSERT INTO refunds (idempotency_key, refund_id, charge_id, status, amount_cents, created_at) VALUES (?, ?, ?, 'succeeded', ?, ?)",
      request.idempotencyKey, refundId, request.chargeId, request.amountCents, now,
    );
    return { status: "succeeded", refundId, chargeId: request.chargeId, amountCents: request.amountCents };
  }

  /** Every charge and refund the ledger holds for one order: what the card network really moved. */
  ledgerFor(orderId: string): { charges: { chargeId: string; amountCents: number }[]; refunds: { chargeId: string; amountCents: number; status: string }[] } {
    const charges = this.ctx.storage.sql
      .exec<{ charge_id: string; amount_cents: number }>("SELECT charge_id, amount_cents FROM charges WHERE order_id = ? AND status = 'succeeded'", orderId)
      .toArray()
      .map((row) => ({ chargeId: row.charge_id, amountCents: row.amount_cents }));
    const refunds = this.ctx.storage.sql
      .exec<{ charge_id: string; amount_cents: number; status: string }>(
        "SELECT r.charge_id, r.amount_cents, r.status FROM refunds r JOIN charges c ON c.charge_id = r.charge_id WHERE c.order_id = ?",
        orderId,
      )
      .toArray()
      .map((row) => ({ chargeId: row.charge_id, amountCents: row.amount_cents, status: row.status }));
    return { charges, refunds };
  }

  stats(): SimulatedGatewayStats {
    const one = <T>(query: string) => this.ctx.storage.sql.exec<T & Record<string, SqlStorageValue>>(query).toArray()[0]!;
    const charges = one<{ n: number; ok: number; no: number; cents: number }>(
      "SELECT count(*) AS n, coalesce(sum(status = 'succeeded'), 0) AS ok, coalesce(sum(status = 'declined'), 0) AS no, coalesce(sum(CASE WHEN status = 'succeeded' THEN amount_cents END), 0) AS cents FROM charges",
    );
    const refunds = one<{ n: number; cents: number }>(
      "SELECT count(*) AS n, coalesce(sum(amount_cents), 0) AS cents FROM refunds WHERE status = 'succeeded'",
    );
    const duplicates = one<{ n: number }>(
      "SELECT count(*) AS n FROM (SELECT order_id FROM charges WHERE status = 'succeeded' GROUP BY order_id HAVING count(*) > 1)",
    );
    return {
      charges: charges.n,
      succeeded: charges.ok,
      declined: charges.no,
      chargedCents: charges.cents,
      refunds: refunds.n,
      refundedCents: refunds.cents,
      duplicateChargeOrders: duplicates.n,
    };
  }
}
