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
      CREATE TABLE IF NOT EXISTS held (
        tag TEXT NOT NULL,
        sku TEXT NOT NULL,
        product_id TEXT NOT NULL,
        name TEXT NOT NULL,
        variant_title TEXT NOT NULL,
        image_url TEXT,
        quantity INTEGER NOT NULL,
        added_price_cents INTEGER NOT NULL,
        currency TEXT NOT NULL,
        added_at INTEGER NOT NULL,
        PRIMARY KEY (tag, sku)
      );
      CREATE TABLE IF NOT EXISTS hold_tags (
        tag TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS cart_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS discount_code (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        code TEXT NOT NULL
      );
    `);
  }

  /**
   * Sets the cart's one discount code (null removes it). The route checks the code against the
   * promotions first; the cart only remembers it, and checkout prices with it.
   */
  async setDiscountCode(code: string | null): Promise<CartSnapshot> {
    if (code !== null && (typeof code !== "string" || code.length < 1 || code.length > 40)) return this.snapshot();
    const now = Date.now();
    if (code === null) this.sql.exec("DELETE FROM discount_code");
    else this.sql.exec("INSERT INTO discount_code (id, code) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET code = excluded.code", code);
    this.touch(now);
    await this.armGuestExpiry(now);
    return this.snapshot();
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
    const cartCurrency = this.currency(line.sku);
    if (cartCurrency && cartCurrency !== line.currency) {
      return { ok: false, reason: "currency_mismatch", cartCurrency, currency: line.currency };
    }
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
    this.sql.exec("DELETE FROM discount_code");
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
      const cartCurrency = this.currency(line.sku);
      if (cartCurrency && cartCurrency !== line.currency) {
        adjustments.push({ sku: line.sku, requested: line.quantity, added: 0, reason: "currency_mismatch" });
        continue;
      }
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

  /**
   * Takes today's prices for the given lines (the shopper accepted them): their
   * `addedPriceCents` becomes the catalog's price, so the price-changed flag clears.
   */
  async reprice(prices: { sku: string; priceCents: number; currency: string }[]): Promise<CartSnapshot> {
    const now = Date.now();
    for (const price of prices) {
      if (!Number.isSafeInteger(price.priceCents) || price.priceCents < 0) continue;
      this.sql.exec("UPDATE lines SET added_price_cents = ?, currency = ?, updated_at = ? WHERE sku = ?", price.priceCents, price.currency, now, price.sku);
    }
    this.touch(now);
    return this.snapshot();
  }

  /**
   * Checkout moves the lines a payment attempt pays for out of the cart and holds them under
   * the attempt's tag: the shopper sees an empty cart while the card is charged. A decline
   * puts them back (`returnHeld`), a success drops them (`dropHeld`). `only` limits the hold
   * to those SKUs and quantities (a retried payment holds what its order bought). Each tag is
   * held, returned or dropped once, however often it is called.
   */
  async holdLines(tag: string, only: { sku: string; quantity: number }[] | null = null, { dropDiscountCode = false } = {}): Promise<void> {
    if (this.sql.exec("SELECT 1 FROM hold_tags WHERE tag = ?", tag).toArray().length > 0) return;
    const now = Date.now();
    // The code went with the order placed from these lines (checkout asks in the same call).
    if (dropDiscountCode) this.sql.exec("DELETE FROM discount_code");
    this.sql.exec("INSERT INTO hold_tags (tag, state, at) VALUES (?, 'held', ?)", tag, now);
    this.sql.exec("DELETE FROM hold_tags WHERE at < ?", now - GUEST_CART_TTL_MS);
    const wanted = only ? new Map(only.map((line) => [line.sku, line.quantity])) : null;
    for (const line of this.snapshot().lines) {
      const quantity = wanted ? Math.min(wanted.get(line.sku) ?? 0, line.quantity) : line.quantity;
      if (quantity <= 0) continue;
      this.sql.exec(
        `INSERT INTO held (tag, sku, product_id, name, variant_title, image_url, quantity, added_price_cents, currency, added_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        tag, line.sku, line.productId, line.name, line.variantTitle, line.imageUrl ?? null, quantity, line.addedPriceCents, line.currency, now,
      );
      if (quantity === line.quantity) this.sql.exec("DELETE FROM lines WHERE sku = ?", line.sku);
      else this.sql.exec("UPDATE lines SET quantity = quantity - ?, updated_at = ? WHERE sku = ?", quantity, now, line.sku);
    }
    this.touch(now);
  }

  /** Puts a held attempt's lines back into the cart (a declined payment). */
  async returnHeld(tag: string): Promise<void> {
    if (!this.settleHold(tag, "returned")) return;
    const rows = this.sql.exec<LineRow>("SELECT * FROM held WHERE tag = ?", tag).toArray();
    const now = Date.now();
    for (const row of rows) {
      const inCart = this.quantityOf(row.sku);
      if (inCart === 0 && this.lineCount() >= MAX_CART_LINES) continue;
      const quantity = Math.min(MAX_LINE_QUANTITY, inCart + row.quantity);
      if (inCart === 0) {
        this.upsert(
          { sku: row.sku, productId: row.product_id, name: row.name, variantTitle: row.variant_title, imageUrl: row.image_url, quantity, addedPriceCents: row.added_price_cents, currency: row.currency },
          now,
        );
      } else {
        this.sql.exec("UPDATE lines SET quantity = ?, updated_at = ? WHERE sku = ?", quantity, now, row.sku);
      }
    }
    this.sql.exec("DELETE FROM held WHERE tag = ?", tag);
    this.touch(now);
    await this.armGuestExpiry(now);
  }

  /** Forgets a held attempt's lines: they were bought. */
  async dropHeld(tag: string): Promise<void> {
    if (!this.settleHold(tag, "dropped")) return;
    this.sql.exec("DELETE FROM held WHERE tag = ?", tag);
  }

  /** Marks a hold settled; false when it was never held or is settled already. */
  private settleHold(tag: string, state: "returned" | "dropped"): boolean {
    const row = this.sql.exec<{ state: string }>("SELECT state FROM hold_tags WHERE tag = ?", tag).toArray()[0];
    if (row?.state !== "held") return false;
    this.sql.exec("UPDATE hold_tags SET state = ?, at = ? WHERE tag = ?", state, Date.now(), tag);
    return true;
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
    const code = this.sql.exec<{ code: string }>("SELECT code FROM discount_code WHERE id = 1").toArray()[0]?.code ?? null;
    return { lines, updatedAt: updated ? new Date(updated.updated_at).toISOString() : null, discountCode: code };
  }

  /** The cart's one currency, from its lines other than `exceptSku`; null when there are none. */
  private currency(exceptSku: string): string | null {
    return this.sql.exec<{ currency: string }>("SELECT currency FROM lines WHERE sku != ? ORDER BY added_at, sku LIMIT 1", exceptSku).toArray()[0]?.currency ?? null;
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
