import { DurableObject } from "cloudflare:workers";
import {
  decideAdd,
  decideSetQuantity,
  MAX_CART_LINES,
  MAX_LINE_QUANTITY,
  mergeQuantity,
  type CartChangeResult,
  type CartLine,
  type CartLineInput,
  type CartMergeResult,
  type CartSnapshot,
  type MergeAdjustment,
} from "../workers/domain/cart";

/** A guest cart nobody touched for this long is emptied by its alarm. */
const GUEST_CART_TTL_MS = 30 * 24 * 60 * 60 * 1000;

interface LineRow {
  sku: string;
  product_id: string;
  name: string;
  variant_title: string;
  image_url: string | null;
  quantity: number;
  added_price_cents: number;
  currency: string;
  added_at: number;
  [key: string]: SqlStorageValue;
}

function checkLine(line: CartLineInput): string | null {
  const text = (value: unknown, max: number) => typeof value === "string" && value.length >= 1 && value.length <= max;
  if (!text(line.sku, 64)) return "sku must be 1..64 characters";
  if (!text(line.productId, 64) || !text(line.name, 500) || typeof line.variantTitle !== "string") {
    return "productId, name and variantTitle are required";
  }
  if (!Number.isSafeInteger(line.addedPriceCents) || line.addedPriceCents < 0) return "addedPriceCents must be whole cents";
  if (!text(line.currency, 3)) return "currency must be an ISO 4217 code";
  return null;
}

/**
 * One object per shopper: `user:<verified user id>` or `guest:<signed guest id>` (see
 * workers/lib/cart.ts; the name never comes from unverified input). Lines are rows in the
 * object's SQLite storage, so they survive eviction. The cart holds no stock: availability is
 * passed in by the route, read from the SKU's Inventory object just before the call.
 */
export class Cart extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS lines (
        sku TEXT PRIMARY KEY,
        product_id TEXT NOT NULL,
        name TEXT NOT NULL,
        variant_title TEXT NOT NULL,
        image_url TEXT,
        quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND ${MAX_LINE_QUANTITY}),
        added_price_cents INTEGER NOT NULL CHECK (added_price_cents >= 0),
        currency TEXT NOT NULL,
        added_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS cart_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        updated_at INTEGER NOT NULL
      );
    `);
  }

  get(): CartSnapshot {
    return this.snapshot();
  }

  /**
   * Adds `line.quantity` units to the SKU's line (creating it), refusing beyond 99 per line,
   * 100 lines, or `maxQuantityAvailable` in total. Re-adding refreshes the stored price and
   * display fields: the shopper has just seen them.
   */
  async add(line: CartLineInput, maxQuantityAvailable: number): Promise<CartChangeResult> {
    const invalid = checkLine(line);
    if (invalid) return { ok: false, reason: "invalid_argument", message: invalid };
    const decision = decideAdd({
      inCart: this.quantityOf(line.sku),
      adding: line.quantity,
      available: maxQuantityAvailable,
      lineCount: this.lineCount(),
    });
    if (!decision.ok) return decision;
    const now = Date.now();
    this.upsert({ ...line, quantity: decision.quantity }, now);
    this.touch(now);
    await this.armGuestExpiry(now);
    return { ok: true, cart: this.snapshot() };
  }

  /**
   * Sets a line's quantity; 0 removes it. `maxQuantityAvailable` (null: unchecked) only
   * limits an increase.
   */
  async setQuantity(sku: string, quantity: number, maxQuantityAvailable: number | null = null): Promise<CartChangeResult> {
    const inCart = this.quantityOf(sku);
    if (inCart === 0) return { ok: false, reason: "not_in_cart" };
    const decision = decideSetQuantity({ inCart, quantity, available: maxQuantityAvailable });
    if (!decision.ok) return decision;
    const now = Date.now();
    if (decision.quantity === 0) this.sql.exec("DELETE FROM lines WHERE sku = ?", sku);
    else this.sql.exec("UPDATE lines SET quantity = ?, updated_at = ? WHERE sku = ?", decision.quantity, now, sku);
    this.touch(now);
    await this.armGuestExpiry(now);
    return { ok: true, cart: this.snapshot() };
  }

  async remove(sku: string): Promise<CartChangeResult> {
    if (this.quantityOf(sku) === 0) return { ok: false, reason: "not_in_cart" };
    const now = Date.now();
    this.sql.exec("DELETE FROM lines WHERE sku = ?", sku);
    this.touch(now);
    await this.armGuestExpiry(now);
    return { ok: true, cart: this.snapshot() };
  }

  async clear(): Promise<void> {
    this.sql.exec("DELETE FROM lines");
    this.touch(Date.now());
    await this.ctx.storage.deleteAlarm();
  }

  /**
   * Merges another cart's lines (a guest cart at sign-in): the same SKU adds quantities,
   * capped at 99 and at `maxQuantityAvailable` (never lowering what this cart already held);
   * new SKUs become lines while there is room. What could not be merged in full is reported.
   */
  async mergeFrom(lines: Array<CartLineInput & { maxQuantityAvailable: number }>): Promise<CartMergeResult> {
    for (const line of lines) {
      const invalid = checkLine(line);
      if (invalid) return { ok: false, reason: "invalid_argument", message: `${line.sku}: ${invalid}` };
      if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
        return { ok: false, reason: "invalid_argument", message: `${line.sku}: quantity must be a whole number of at least 1` };
      }
    }
    const now = Date.now();
    const adjustments: MergeAdjustment[] = [];
    let lineCount = this.lineCount();
    let changed = false;
    for (const line of lines) {
      const inCart = this.quantityOf(line.sku);
      if (inCart === 0 && lineCount >= MAX_CART_LINES) {
        adjustments.push({ sku: line.sku, requested: line.quantity, added: 0, reason: "line_limit" });
        continue;
      }
      const merged = mergeQuantity({ inCart, incoming: line.quantity, available: line.maxQuantityAvailable });
      if (merged.capped) {
        adjustments.push({ sku: line.sku, requested: line.quantity, added: merged.quantity - inCart, reason: merged.capped });
      }
      if (merged.quantity === 0 || merged.quantity === inCart) continue;
      if (inCart === 0) {
        lineCount += 1;
        this.upsert({ ...line, quantity: merged.quantity }, now);
      } else {
        // The cart's own line keeps the price its owner saw; only the quantity grows.
        this.sql.exec("UPDATE lines SET quantity = ?, updated_at = ? WHERE sku = ?", merged.quantity, now, line.sku);
      }
      changed = true;
    }
    if (changed) {
      this.touch(now);
      await this.armGuestExpiry(now);
    }
    return { ok: true, cart: this.snapshot(), adjustments };
  }

  /** Empties an abandoned guest cart; user carts never arm this alarm. Idempotent. */
  override async alarm(): Promise<void> {
    const updated = this.sql.exec<{ updated_at: number }>("SELECT updated_at FROM cart_meta WHERE id = 1").toArray()[0];
    const now = Date.now();
    if (updated && updated.updated_at + GUEST_CART_TTL_MS > now) {
      await this.ctx.storage.setAlarm(updated.updated_at + GUEST_CART_TTL_MS);
      return;
    }
    this.sql.exec("DELETE FROM lines");
    this.sql.exec("DELETE FROM cart_meta");
  }

  // ── storage helpers (synchronous) ─────────────────────────────────────────

  private snapshot(): CartSnapshot {
    const lines = this.sql
      .exec<LineRow>(
        `SELECT sku, product_id, name, variant_title, image_url, quantity, added_price_cents, currency, added_at
         FROM lines ORDER BY added_at, sku`,
      )
      .toArray()
      .map(
        (row): CartLine => ({
          sku: row.sku,
          productId: row.product_id,
          name: row.name,
          variantTitle: row.variant_title,
          imageUrl: row.image_url,
          quantity: row.quantity,
          addedPriceCents: row.added_price_cents,
          currency: row.currency,
          addedAt: new Date(row.added_at).toISOString(),
        }),
      );
    const updated = this.sql.exec<{ updated_at: number }>("SELECT updated_at FROM cart_meta WHERE id = 1").toArray()[0];
    return { lines, updatedAt: updated ? new Date(updated.updated_at).toISOString() : null };
  }

  private quantityOf(sku: string): number {
    return this.sql.exec<{ quantity: number }>("SELECT quantity FROM lines WHERE sku = ?", sku).toArray()[0]?.quantity ?? 0;
  }

  private lineCount(): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM lines").toArray()[0]?.n ?? 0;
  }

  private upsert(line: CartLineInput, now: number): void {
    this.sql.exec(
      `INSERT INTO lines (sku, product_id, name, variant_title, image_url, quantity, added_price_cents, currency, added_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (sku) DO UPDATE SET
         product_id = excluded.product_id, name = excluded.name, variant_title = excluded.variant_title,
         image_url = excluded.image_url, quantity = excluded.quantity,
         added_price_cents = excluded.added_price_cents, currency = excluded.currency,
         updated_at = excluded.updated_at`,
      line.sku,
      line.productId,
      line.name,
      line.variantTitle,
      line.imageUrl,
      line.quantity,
      line.addedPriceCents,
      line.currency,
      now,
      now,
    );
  }

  private touch(now: number): void {
    this.sql.exec(
      "INSERT INTO cart_meta (id, updated_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at",
      now,
    );
  }

  private async armGuestExpiry(now: number): Promise<void> {
    if (this.ctx.id.name?.startsWith("guest:")) await this.ctx.storage.setAlarm(now + GUEST_CART_TTL_MS);
  }
}
