import { DurableObject } from "cloudflare:workers";

/** Released and committed ids are remembered this long, so late retries stay idempotent. */
const RETENTION_MS = 365 * 24 * 60 * 60 * 1000;

export type UsageReserveResult =
  | { ok: true; used: number; reserved: number }
  | { ok: false; reason: "exhausted" | "customer_limit" | "released" | "invalid_argument" };

export interface UsageLevels {
  /** Uses of paid orders. */
  used: number;
  /** Uses held by orders still being charged. */
  reserved: number;
}

function validId(id: unknown): id is string {
  return typeof id === "string" && id.length > 0 && id.length <= 200;
}

/**
 * One object per promotion (`env.PROMOTION_USAGE.getByName(promotionId)`), the authority for
 * how many times it was used, built like Inventory: `reserve` holds a use for an order attempt
 * at checkout (idempotent per id), `commit` keeps it when the charge succeeds, `release` gives
 * it back when the order does not sell. A released id is a tombstone: a reserve that arrives
 * after its release is refused, so a release can never be undone by a slow reserve. Every
 * read-decide-write is synchronous SQL, so 200 shoppers racing for the last 50 uses get
 * exactly 50. See docs/decisions/011-promotions-and-shipping.md.
 */
export class PromotionUsage extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS holds (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL CHECK (state IN ('reserved', 'committed', 'released')),
        expires_at INTEGER NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS holds_state_idx ON holds (state, expires_at);
      CREATE TABLE IF NOT EXISTS hold_customers (
        id TEXT NOT NULL,
        customer TEXT NOT NULL,
        PRIMARY KEY (id, customer)
      );
      CREATE INDEX IF NOT EXISTS hold_customers_customer_idx ON hold_customers (customer);
    `);
  }

  read(): UsageLevels {
    return this.levelsAt(Date.now());
  }

  /**
   * Holds one use for `id` while there is room under `limit` (null: no limit) and, when
   * `customer` is given, under the per-customer limit counted over every key that names the
   * buyer (their account, their email): two checkouts of one shopper at once cannot both pass.
   * A hold that expires without a commit or release stops counting, like a stock reservation.
   */
  reserve(id: string, limit: number | null, ttlSeconds: number, customer: { keys: string[]; limit: number } | null = null): UsageReserveResult {
    if (!validId(id) || (limit !== null && (!Number.isSafeInteger(limit) || limit < 0)) || !Number.isSafeInteger(ttlSeconds) || ttlSeconds < 1) {
      return { ok: false, reason: "invalid_argument" };
    }
    const now = Date.now();
    const existing = this.sql.exec<{ state: string; expires_at: number }>("SELECT state, expires_at FROM holds WHERE id = ?", id).toArray()[0];
    if (existing?.state === "released") return { ok: false, reason: "released" };
    if (existing && (existing.state === "committed" || existing.expires_at > now)) return { ok: true, ...this.levelsAt(now) };
    const levels = this.levelsAt(now);
    if (limit !== null && levels.used + levels.reserved >= limit) return { ok: false, reason: "exhausted" };
    const keys = customer?.keys.filter((key) => typeof key === "string" && key.length > 0 && key.length <= 300) ?? [];
    if (customer && keys.length > 0) {
      const placeholders = keys.map(() => "?").join(", ");
      const held = this.sql
        .exec<{ n: number }>(
          `SELECT count(DISTINCT h.id) AS n FROM holds h JOIN hold_customers c ON c.id = h.id
           WHERE c.customer IN (${placeholders}) AND (h.state = 'committed' OR (h.state = 'reserved' AND h.expires_at > ?))`,
          ...keys,
          now,
        )
        .one();
      if (Number(held.n) >= customer.limit) return { ok: false, reason: "customer_limit" };
    }
    this.sql.exec(
      "INSERT INTO holds (id, state, expires_at, at) VALUES (?, 'reserved', ?, ?) ON CONFLICT (id) DO UPDATE SET state = 'reserved', expires_at = excluded.expires_at, at = excluded.at",
      id,
      now + ttlSeconds * 1000,
      now,
    );
    for (const key of keys) this.sql.exec("INSERT INTO hold_customers (id, customer) VALUES (?, ?) ON CONFLICT DO NOTHING", id, key);
    return { ok: true, ...this.levelsAt(now) };
  }

  /**
   * Keeps the use of a paid order. A hold that expired while the card was charged is kept too:
   * the shopper paid the discounted price, so the use happened. Refused only after a release.
   */
  commit(id: string): { ok: true; used: number } | { ok: false; reason: "released" | "invalid_argument" } {
    if (!validId(id)) return { ok: false, reason: "invalid_argument" };
    const now = Date.now();
    const existing = this.sql.exec<{ state: string }>("SELECT state FROM holds WHERE id = ?", id).toArray()[0];
    if (existing?.state === "released") return { ok: false, reason: "released" };
    this.sql.exec(
      "INSERT INTO holds (id, state, expires_at, at) VALUES (?, 'committed', ?, ?) ON CONFLICT (id) DO UPDATE SET state = 'committed', at = excluded.at",
      id,
      now,
      now,
    );
    this.prune(now);
    return { ok: true, used: this.levelsAt(now).used };
  }

  /** Gives the use back for good (decline, abandonment, cancellation), even before its reserve arrived. */
  release(id: string): { ok: boolean } {
    if (!validId(id)) return { ok: false };
    const now = Date.now();
    this.sql.exec(
      "INSERT INTO holds (id, state, expires_at, at) VALUES (?, 'released', ?, ?) ON CONFLICT (id) DO UPDATE SET state = 'released', at = excluded.at",
      id,
      now,
      now,
    );
    return { ok: true };
  }

  private levelsAt(now: number): UsageLevels {
    const row = this.sql
      .exec<{ used: number; reserved: number }>(
        "SELECT COALESCE(SUM(state = 'committed'), 0) AS used, COALESCE(SUM(state = 'reserved' AND expires_at > ?), 0) AS reserved FROM holds",
        now,
      )
      .one();
    return { used: Number(row.used), reserved: Number(row.reserved) };
  }

  /** Expired holds and old tombstones go; committed uses stay, they are the count. */
  private prune(now: number): void {
    this.sql.exec("DELETE FROM holds WHERE (state = 'reserved' AND expires_at <= ?) OR (state = 'released' AND at <= ?)", now - RETENTION_MS, now - RETENTION_MS);
  }
}
