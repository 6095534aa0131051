import { DurableObject } from "cloudflare:workers";
import {
  checkQuantity,
  checkReservationId,
  checkTtl,
  decideAdjust,
  decideReserve,
  decideSetOnHand,
  levels,
  MAX_ON_HAND,
  type CancelResult,
  type CommitResult,
  type InitializeResult,
  type ReleaseResult,
  type ReserveResult,
  type RestockResult,
  type StockChangeResult,
  type StockLevels,
} from "../workers/domain/stock";

/**
 * Committed ids are remembered this long, so a retried commit stays idempotent and a
 * cancelled order can still return its stock exactly once (restock) months later.
 */
const COMMITTED_RETENTION_MS = 365 * 24 * 60 * 60 * 1000;
/** The adjustments log is an operator's trail, not an archive. */
const ADJUSTMENTS_RETENTION_MS = 180 * 24 * 60 * 60 * 1000;
/**
 * When the alarm copies `available` to D1 if the copy started after a change has not landed
 * by then (the object was evicted mid-write, or D1 hung). Normally the copy lands first and
 * the alarm goes back to the next expiry.
 */
const COPY_BACKSTOP_MS = 1_000;
/** A failed copy is retried by the alarm after 1 s, 2 s, 4 s … at most this long. */
const COPY_RETRY_MAX_MS = 30_000;

type AdjustmentKind = "initialize" | "set" | "adjust" | "commit" | "release" | "expire" | "restock" | "cancel";

/**
 * One object per SKU (`env.INVENTORY.getByName(sku)`), the only authority for its stock.
 * Every read-decide-write runs as synchronous SQL with no `await` in between, so concurrent
 * requests cannot interleave inside it: 200 simultaneous reservations of the last 10 units
 * yield exactly 10 successes. `product_variants.available` in D1 is a copy written after the
 * object has answered (see copyUntilCurrent) and never consulted here.
 */
export class Inventory extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** One D1 copy at a time (see startCopy); `copyDone` settles when the running one ends. */
  private copyRunning = false;
  private copyDone: Promise<void> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    // Synchronous DDL: nothing can run against the object before the constructor returns.
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS stock (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        sku TEXT NOT NULL,
        on_hand INTEGER NOT NULL CHECK (on_hand >= 0),
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS reservations (
        id TEXT PRIMARY KEY,
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        expires_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS reservations_expires_idx ON reservations (expires_at);
      CREATE TABLE IF NOT EXISTS committed (
        id TEXT PRIMARY KEY,
        quantity INTEGER NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS committed_at_idx ON committed (at);
      CREATE TABLE IF NOT EXISTS restocked (
        id TEXT PRIMARY KEY,
        quantity INTEGER NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS cancelled (
        id TEXT PRIMARY KEY,
        at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS adjustments (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        delta_on_hand INTEGER NOT NULL,
        on_hand_after INTEGER NOT NULL,
        quantity INTEGER,
        reference TEXT,
        actor TEXT,
        at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS adjustments_reference_idx ON adjustments (reference);
      CREATE INDEX IF NOT EXISTS adjustments_at_idx ON adjustments (at);
      -- The D1 copy's progress: version counts changes to available, copied is the version
      -- the last landed copy reflected, due_at is when the alarm (re)tries an unfinished copy.
      CREATE TABLE IF NOT EXISTS d1_copy (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL,
        copied INTEGER NOT NULL,
        failures INTEGER NOT NULL,
        due_at INTEGER
      );
      INSERT OR IGNORE INTO d1_copy (id, version, copied, failures, due_at) VALUES (1, 0, 0, 0, NULL);
    `);
  }

  /** Current levels; reservations past their expiry already count as released. */
  read(): StockLevels {
    return this.levelsAt(Date.now());
  }

  /**
   * Sets the first stock of a new SKU; a no-op (`applied: false`) once the SKU has any
   * stock record, so product creation and seeding can be retried safely.
   */
  async initialize(onHand: number, actor: string | null): Promise<InitializeResult> {
    if (typeof onHand !== "number" || !Number.isSafeInteger(onHand) || onHand < 0 || onHand > MAX_ON_HAND) {
      return { ok: false, reason: "invalid_argument", message: `onHand must be a whole number from 0 to ${MAX_ON_HAND}` };
    }
    const now = Date.now();
    if (this.hasStockRow()) return { ok: true, applied: false, stock: this.levelsAt(now) };
    this.writeOnHand(onHand, now);
    this.log("initialize", onHand, onHand, { actor, at: now });
    const stock = this.levelsAt(now);
    await this.afterChange();
    // A new SKU's first stock waits for its copy: product creation answers with the listing
    // read back from D1, and it is off every shopper's path. A failed copy is still retried.
    await this.startCopy();
    return { ok: true, applied: true, stock };
  }

  /** Sets on-hand outright (a stock count); refused below what is reserved. */
  async setOnHand(onHand: number, actor: string | null): Promise<StockChangeResult> {
    const now = Date.now();
    const current = this.levelsAt(now);
    const decision = decideSetOnHand(current, onHand);
    if (!decision.ok) return decision;
    this.writeOnHand(decision.onHand, now);
    this.log("set", decision.onHand - current.onHand, decision.onHand, { actor, at: now });
    const stock = this.levelsAt(now);
    await this.afterChange();
    return { ok: true, previousOnHand: current.onHand, stock };
  }

  /** Adds (or with a negative delta removes) units; refused below what is reserved. */
  async adjust(delta: number, actor: string | null): Promise<StockChangeResult> {
    const now = Date.now();
    const current = this.levelsAt(now);
    const decision = decideAdjust(current, delta);
    if (!decision.ok) return decision;
    this.writeOnHand(decision.onHand, now);
    this.log("adjust", decision.onHand - current.onHand, decision.onHand, { actor, at: now });
    const stock = this.levelsAt(now);
    await this.afterChange();
    return { ok: true, previousOnHand: current.onHand, stock };
  }

  /**
   * Holds `quantity` units until `ttlSeconds` from now. Idempotent per id: the same id and
   * quantity returns the live reservation unchanged (its expiry is not extended); the same id
   * with another quantity is refused. An id whose reservation expired may reserve again.
   */
  async reserve(reservationId: string, quantity: number, ttlSeconds: number): Promise<ReserveResult> {
    const invalid = checkReservationId(reservationId) ?? checkQuantity(quantity) ?? checkTtl(ttlSeconds);
    if (invalid) return { ok: false, reason: "invalid_argument", message: invalid };
    const now = Date.now();
    if (this.isCancelled(reservationId)) return { ok: false, reason: "cancelled" };
    if (this.committedQuantity(reservationId) !== null) return { ok: false, reason: "already_committed" };

    const existing = this.reservation(reservationId);
    if (existing && existing.expiresAt > now) {
      if (existing.quantity !== quantity) {
        return { ok: false, reason: "reservation_mismatch", reservedQuantity: existing.quantity };
      }
      return {
        ok: true,
        alreadyReserved: true,
        reservation: { id: reservationId, quantity, expiresAt: new Date(existing.expiresAt).toISOString() },
        stock: this.levelsAt(now),
      };
    }
    if (existing) this.expire(reservationId, existing.quantity, now);

    const decision = decideReserve(this.levelsAt(now), quantity);
    if (!decision.ok) {
      if (existing) await this.afterChange();
      return decision;
    }
    const expiresAt = now + Math.ceil(ttlSeconds * 1000);
    this.sql.exec(
      "INSERT INTO reservations (id, quantity, expires_at, created_at) VALUES (?, ?, ?, ?)",
      reservationId,
      quantity,
      expiresAt,
      now,
    );
    const stock = this.levelsAt(now);
    await this.afterChange();
    return {
      ok: true,
      alreadyReserved: false,
      reservation: { id: reservationId, quantity, expiresAt: new Date(expiresAt).toISOString() },
      stock,
    };
  }

  /**
   * The sale: on-hand drops by the reserved quantity and the reservation becomes a committed
   * record. Committing the same id again answers ok with `alreadyCommitted`; a reservation
   * past its expiry is not committed (its units may already be someone else's).
   */
  async commit(reservationId: string): Promise<CommitResult> {
    const invalid = checkReservationId(reservationId);
    if (invalid) return { ok: false, reason: "invalid_argument", message: invalid };
    const now = Date.now();
    if (this.isCancelled(reservationId)) return { ok: false, reason: "cancelled" };
    const already = this.committedQuantity(reservationId);
    if (already !== null) return { ok: true, quantity: already, alreadyCommitted: true, stock: this.levelsAt(now) };

    const existing = this.reservation(reservationId);
    if (!existing) {
      const ended = this.sql
        .exec<{ kind: string }>(
          "SELECT kind FROM adjustments WHERE reference = ? AND kind IN ('expire', 'release') ORDER BY seq DESC LIMIT 1",
          reservationId,
        )
        .toArray()[0];
      if (ended?.kind === "expire") return { ok: false, reason: "expired" };
      if (ended?.kind === "release") return { ok: false, reason: "released" };
      return { ok: false, reason: "unknown_reservation" };
    }
    if (existing.expiresAt <= now) {
      this.expire(reservationId, existing.quantity, now);
      await this.afterChange();
      return { ok: false, reason: "expired" };
    }

    const onHand = this.onHand() - existing.quantity;
    this.sql.exec("DELETE FROM reservations WHERE id = ?", reservationId);
    this.sql.exec("INSERT INTO committed (id, quantity, at) VALUES (?, ?, ?)", reservationId, existing.quantity, now);
    this.writeOnHand(onHand, now);
    this.log("commit", -existing.quantity, onHand, { quantity: existing.quantity, reference: reservationId, at: now });
    this.sql.exec("DELETE FROM committed WHERE at < ?", now - COMMITTED_RETENTION_MS);
    this.sql.exec("DELETE FROM restocked WHERE at < ?", now - COMMITTED_RETENTION_MS);
    this.sql.exec("DELETE FROM adjustments WHERE at < ?", now - ADJUSTMENTS_RETENTION_MS);
    const stock = this.levelsAt(now);
    // Available is unchanged by a commit (on-hand and reserved both drop), so D1 needs no
    // refresh; only the alarm may need moving.
    await this.scheduleAlarm();
    return { ok: true, quantity: existing.quantity, alreadyCommitted: false, stock };
  }

  /**
   * Returns a committed sale's units to on-hand (a cancelled or refunded order). Idempotent
   * per id: a second call returns nothing more and says `alreadyRestocked`.
   */
  async restock(reservationId: string, actor: string | null): Promise<RestockResult> {
    const invalid = checkReservationId(reservationId);
    if (invalid) return { ok: false, reason: "invalid_argument", message: invalid };
    const now = Date.now();
    const done = this.sql.exec<{ quantity: number }>("SELECT quantity FROM restocked WHERE id = ?", reservationId).toArray()[0];
    if (done) return { ok: true, restocked: done.quantity, alreadyRestocked: true, stock: this.levelsAt(now) };
    const quantity = this.committedQuantity(reservationId);
    if (quantity === null) return { ok: false, reason: "not_committed" };
    const onHand = Math.min(this.onHand() + quantity, MAX_ON_HAND);
    this.sql.exec("INSERT INTO restocked (id, quantity, at) VALUES (?, ?, ?)", reservationId, quantity, now);
    this.writeOnHand(onHand, now);
    this.log("restock", quantity, onHand, { quantity, reference: reservationId, actor, at: now });
    const stock = this.levelsAt(now);
    await this.afterChange();
    return { ok: true, restocked: quantity, alreadyRestocked: false, stock };
  }

  /**
   * Ends an id for good, whatever state it is in: a live hold is released, a sale is put back
   * on the shelf (unless it was already restocked), and an id not seen yet is remembered so a
   * reserve or commit that arrives later is refused. The order lifecycle calls this when an
   * order ends unsold, so a commit racing the cancellation can never keep the units.
   */
  async cancel(reservationId: string, actor: string | null): Promise<CancelResult> {
    const invalid = checkReservationId(reservationId);
    if (invalid) return { ok: false, reason: "invalid_argument", message: invalid };
    const now = Date.now();
    if (this.isCancelled(reservationId)) return { ok: true, returned: 0, was: "cancelled", stock: this.levelsAt(now) };
    this.sql.exec("INSERT INTO cancelled (id, at) VALUES (?, ?)", reservationId, now);
    this.sql.exec("DELETE FROM cancelled WHERE at < ?", now - COMMITTED_RETENTION_MS);
    const hold = this.reservation(reservationId);
    if (hold) {
      this.sql.exec("DELETE FROM reservations WHERE id = ?", reservationId);
      const live = hold.expiresAt > now;
      this.log(live ? "cancel" : "expire", 0, this.onHand(), { quantity: hold.quantity, reference: reservationId, actor, at: now });
      const stock = this.levelsAt(now);
      await this.afterChange();
      return { ok: true, returned: live ? hold.quantity : 0, was: live ? "held" : "expired", stock };
    }
    const sold = this.committedQuantity(reservationId);
    const restocked = this.sql.exec("SELECT 1 FROM restocked WHERE id = ?", reservationId).toArray().length > 0;
    if (sold !== null && !restocked) {
      const onHand = Math.min(this.onHand() + sold, MAX_ON_HAND);
      this.sql.exec("INSERT INTO restocked (id, quantity, at) VALUES (?, ?, ?)", reservationId, sold, now);
      this.writeOnHand(onHand, now);
      this.log("restock", sold, onHand, { quantity: sold, reference: reservationId, actor, at: now });
      const stock = this.levelsAt(now);
      await this.afterChange();
      return { ok: true, returned: sold, was: "committed", stock };
    }
    this.log("cancel", 0, this.onHand(), { reference: reservationId, actor, at: now });
    return { ok: true, returned: 0, was: "none", stock: this.levelsAt(now) };
  }

  /**
   * Puts `quantity` returned units back on the shelf, once per id (a return's receipt for this
   * SKU): receiving the same return twice restocks once.
   */
  async receiveReturn(id: string, quantity: number, actor: string | null): Promise<RestockResult> {
    const invalid = checkReservationId(id) ?? checkQuantity(quantity);
    if (invalid) return { ok: false, reason: "invalid_argument", message: invalid };
    const now = Date.now();
    const done = this.sql.exec<{ quantity: number }>("SELECT quantity FROM restocked WHERE id = ?", id).toArray()[0];
    if (done) return { ok: true, restocked: done.quantity, alreadyRestocked: true, stock: this.levelsAt(now) };
    const onHand = Math.min(this.onHand() + quantity, MAX_ON_HAND);
    this.sql.exec("INSERT INTO restocked (id, quantity, at) VALUES (?, ?, ?)", id, quantity, now);
    this.writeOnHand(onHand, now);
    this.log("restock", quantity, onHand, { quantity, reference: id, actor, at: now });
    const stock = this.levelsAt(now);
    await this.afterChange();
    return { ok: true, restocked: quantity, alreadyRestocked: false, stock };
  }

  /** Gives a reservation's units back. Idempotent: an unknown or already released id releases 0. */
  async release(reservationId: string): Promise<ReleaseResult> {
    const invalid = checkReservationId(reservationId);
    if (invalid) return { ok: false, reason: "invalid_argument", message: invalid };
    const now = Date.now();
    const existing = this.reservation(reservationId);
    if (!existing) {
      return {
        ok: true,
        released: 0,
        alreadyCommitted: this.committedQuantity(reservationId) !== null,
        stock: this.levelsAt(now),
      };
    }
    this.sql.exec("DELETE FROM reservations WHERE id = ?", reservationId);
    // An expired reservation's units were already free; record how it really ended.
    const live = existing.expiresAt > now;
    this.log(live ? "release" : "expire", 0, this.onHand(), {
      quantity: existing.quantity,
      reference: reservationId,
      at: now,
    });
    const stock = this.levelsAt(now);
    await this.afterChange();
    return { ok: true, released: live ? existing.quantity : 0, alreadyCommitted: false, stock };
  }

  /**
   * Sweeps expired reservations, brings the D1 copy up to date if it is behind, and re-arms
   * for the next expiry or copy retry. Idempotent: a second run (or a retry after a crash)
   * finds nothing left to release or copy and changes nothing.
   */
  override async alarm(): Promise<void> {
    const now = Date.now();
    const expired = this.sql
      .exec<{ id: string; quantity: number }>("SELECT id, quantity FROM reservations WHERE expires_at <= ?", now)
      .toArray();
    for (const row of expired) this.expire(row.id, row.quantity, now);
    if (expired.length > 0) this.markCopyDirty();
    // Copies when the copy is behind (a sweep, a failed or unfinished copy); else a no-op.
    await this.startCopy();
    await this.scheduleAlarm();
  }

  // ── storage helpers (all synchronous) ─────────────────────────────────────

  private sku(): string {
    // getByName() gives the object its name; a stored row covers objects reached otherwise.
    const name = this.ctx.id.name ?? this.sql.exec<{ sku: string }>("SELECT sku FROM stock WHERE id = 1").toArray()[0]?.sku;
    if (!name) throw new Error("Inventory objects must be addressed with getByName(sku)");
    return name;
  }

  private hasStockRow(): boolean {
    return this.sql.exec("SELECT 1 FROM stock WHERE id = 1").toArray().length > 0;
  }

  private onHand(): number {
    return this.sql.exec<{ on_hand: number }>("SELECT on_hand FROM stock WHERE id = 1").toArray()[0]?.on_hand ?? 0;
  }

  private levelsAt(now: number): StockLevels {
    const reserved =
      this.sql
        .exec<{ reserved: number }>(
          "SELECT coalesce(sum(quantity), 0) AS reserved FROM reservations WHERE expires_at > ?",
          now,
        )
        .toArray()[0]?.reserved ?? 0;
    return levels(this.sku(), this.onHand(), reserved);
  }

  private writeOnHand(onHand: number, now: number): void {
    this.sql.exec(
      `INSERT INTO stock (id, sku, on_hand, updated_at) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET on_hand = excluded.on_hand, updated_at = excluded.updated_at`,
      this.sku(),
      onHand,
      now,
    );
  }

  private reservation(id: string): { quantity: number; expiresAt: number } | null {
    const row = this.sql
      .exec<{ quantity: number; expires_at: number }>("SELECT quantity, expires_at FROM reservations WHERE id = ?", id)
      .toArray()[0];
    return row ? { quantity: row.quantity, expiresAt: row.expires_at } : null;
  }

  private isCancelled(id: string): boolean {
    return this.sql.exec("SELECT 1 FROM cancelled WHERE id = ?", id).toArray().length > 0;
  }

  private committedQuantity(id: string): number | null {
    return this.sql.exec<{ quantity: number }>("SELECT quantity FROM committed WHERE id = ?", id).toArray()[0]?.quantity ?? null;
  }

  private expire(id: string, quantity: number, now: number): void {
    this.sql.exec("DELETE FROM reservations WHERE id = ?", id);
    this.log("expire", 0, this.onHand(), { quantity, reference: id, at: now });
  }

  private log(
    kind: AdjustmentKind,
    deltaOnHand: number,
    onHandAfter: number,
    extra: { quantity?: number; reference?: string; actor?: string | null; at: number },
  ): void {
    this.sql.exec(
      "INSERT INTO adjustments (kind, delta_on_hand, on_hand_after, quantity, reference, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      kind,
      deltaOnHand,
      onHandAfter,
      extra.quantity ?? null,
      extra.reference ?? null,
      extra.actor ?? null,
      extra.at,
    );
  }

  // ── after a write: alarm and the D1 copy ──────────────────────────────────

  /**
   * After a change to `available`: marks the D1 copy behind in the same synchronous write as
   * the change (so no change is ever left uncopied, even across a crash), starts the copy
   * without waiting for it, and re-arms the alarm, which is the copy's backstop. The caller
   * answers once its own storage has committed; D1 is never on its path.
   */
  private async afterChange(): Promise<void> {
    const { failures } = this.markCopyDirty();
    // While D1 is failing the alarm alone retries, with backoff, instead of every change.
    if (failures === 0) void this.startCopy();
    await this.scheduleAlarm();
  }

  private copyState(): { version: number; copied: number; failures: number; dueAt: number | null } {
    const row = this.sql
      .exec<{ version: number; copied: number; failures: number; due_at: number | null }>(
        "SELECT version, copied, failures, due_at FROM d1_copy WHERE id = 1",
      )
      .one();
    return { version: row.version, copied: row.copied, failures: row.failures, dueAt: row.due_at };
  }

  private markCopyDirty(): { failures: number } {
    this.sql.exec(
      "UPDATE d1_copy SET version = version + 1, due_at = coalesce(due_at, ?) WHERE id = 1",
      Date.now() + COPY_BACKSTOP_MS,
    );
    return this.copyState();
  }

  /**
   * One alarm serves both the earliest live expiry and a pending D1 copy, whichever is due
   * first; it is cleared when neither is left.
   */
  private async scheduleAlarm(): Promise<void> {
    const expiry = this.sql
      .exec<{ next: number | null }>("SELECT min(expires_at) AS next FROM reservations")
      .toArray()[0]?.next ?? null;
    const { version, copied, dueAt } = this.copyState();
    const copyDue = version > copied ? dueAt : null;
    const next = expiry === null ? copyDue : copyDue === null ? expiry : Math.min(expiry, copyDue);
    if (next === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(next);
  }

  /**
   * Starts bringing the D1 copy up to date unless a copy is already running, and returns a
   * promise that settles when the running copy ends. Never rejects.
   */
  private startCopy(): Promise<void> {
    if (!this.copyRunning) {
      this.copyRunning = true;
      this.copyDone = this.copyUntilCurrent().catch((error: unknown) => {
        console.error(JSON.stringify({ level: "error", msg: "inventory_d1_copy_crashed", error: String(error) }));
      });
    }
    return this.copyDone;
  }

  /**
   * Writes `available` to D1 until the copy reflects the latest change. Only one runs at a
   * time and each write waits for the one before, so writes land in the order they were sent.
   * The figure is read when each write is sent, and a change made while one is in flight is
   * picked up by the next turn of the loop: bursts coalesce into a few writes, the last of
   * which carries the latest figure, and an older figure can never land after a newer one.
   * The copy is marked current only up to the version that was read for the write that
   * landed. A D1 failure is logged, never thrown: the alarm retries with backoff.
   */
  private async copyUntilCurrent(): Promise<void> {
    try {
      for (;;) {
        const { version, copied, failures } = this.copyState();
        // Nothing is awaited between this check and the return, so `copyRunning` drops in
        // the same turn: a change made afterwards starts a new copy.
        if (copied >= version) return;
        const { sku, available } = this.levelsAt(Date.now());
        try {
          await this.env.DB.batch([
            this.env.DB.prepare("UPDATE product_variants SET available = ?1 WHERE sku = ?2").bind(available, sku),
            this.env.DB.prepare(
              `UPDATE products SET available = (
                 SELECT coalesce(sum(available), 0) FROM product_variants
                 WHERE product_id = products.id AND is_active = 1
               ) WHERE id = (SELECT product_id FROM product_variants WHERE sku = ?1)`,
            ).bind(sku),
          ]);
        } catch (error) {
          const retryIn = Math.min(COPY_BACKSTOP_MS * 2 ** failures, COPY_RETRY_MAX_MS);
          this.sql.exec("UPDATE d1_copy SET failures = failures + 1, due_at = ? WHERE id = 1", Date.now() + retryIn);
          console.error(
            JSON.stringify({
              level: "error",
              msg: "inventory_d1_copy_failed",
              sku,
              available,
              retryInMs: retryIn,
              error: error instanceof Error ? error.message : String(error),
            }),
          );
          await this.scheduleAlarm();
          return;
        }
        this.sql.exec(
          `UPDATE d1_copy SET copied = max(copied, ?1), failures = 0,
             due_at = CASE WHEN version <= ?1 THEN NULL ELSE ?2 END WHERE id = 1`,
          version,
          Date.now() + COPY_BACKSTOP_MS,
        );
        await this.scheduleAlarm();
      }
    } finally {
      this.copyRunning = false;
    }
  }
}
