/**
 * Stock arithmetic with no I/O: the rules the Inventory object applies inside its single
 * thread, and the result shapes it returns over RPC. Expected refusals (not enough stock,
 * below what is reserved) are values, never exceptions.
 */

/** Largest on-hand count one SKU may hold; keeps every sum far from float precision limits. */
export const MAX_ON_HAND = 1_000_000_000;
/** Largest quantity a single reservation may hold (an order line is at most 99 per SKU). */
export const MAX_RESERVATION_QUANTITY = 10_000;
/** Reservations live at most a day: anything longer is a stuck checkout, not a hold. */
export const MAX_RESERVATION_TTL_SECONDS = 24 * 60 * 60;

export interface StockLevels {
  sku: string;
  onHand: number;
  /** Units held by unexpired reservations. */
  reserved: number;
  /** onHand − reserved: what a new reservation or cart line may take. */
  available: number;
}

export type StockRefusal =
  | { ok: false; reason: "insufficient_stock"; available: number }
  | { ok: false; reason: "below_reserved"; onHand: number; reserved: number }
  | { ok: false; reason: "invalid_argument"; message: string };

export type StockChangeResult = { ok: true; previousOnHand: number; stock: StockLevels } | StockRefusal;

export type InitializeResult =
  | { ok: true; applied: boolean; stock: StockLevels }
  | Extract<StockRefusal, { reason: "invalid_argument" }>;

export interface ReservationView {
  id: string;
  quantity: number;
  /** ISO 8601. */
  expiresAt: string;
}

export type ReserveResult =
  | { ok: true; reservation: ReservationView; alreadyReserved: boolean; stock: StockLevels }
  | { ok: false; reason: "insufficient_stock"; available: number }
  | { ok: false; reason: "reservation_mismatch"; reservedQuantity: number }
  | { ok: false; reason: "already_committed" }
  /** The id was cancelled: an order's hold can never come back once its order ended. */
  | { ok: false; reason: "cancelled" }
  | Extract<StockRefusal, { reason: "invalid_argument" }>;

export type CommitResult =
  | { ok: true; quantity: number; alreadyCommitted: boolean; stock: StockLevels }
  | { ok: false; reason: "expired" }
  | { ok: false; reason: "released" }
  | { ok: false; reason: "unknown_reservation" }
  | { ok: false; reason: "cancelled" }
  | Extract<StockRefusal, { reason: "invalid_argument" }>;

export type RestockResult =
  | { ok: true; restocked: number; alreadyRestocked: boolean; stock: StockLevels }
  | { ok: false; reason: "not_committed" }
  | Extract<StockRefusal, { reason: "invalid_argument" }>;

/**
 * Cancelling an id is final and commutes with everything else done to it: whether the hold
 * is live, expired, committed or not made yet, its units end up back on the shelf once and
 * the id can never reserve or commit again.
 */
export type CancelResult =
  | { ok: true; returned: number; was: "held" | "committed" | "expired" | "none" | "cancelled"; stock: StockLevels }
  | Extract<StockRefusal, { reason: "invalid_argument" }>;

export type ReleaseResult =
  | { ok: true; released: number; alreadyCommitted: boolean; stock: StockLevels }
  | Extract<StockRefusal, { reason: "invalid_argument" }>;

export function levels(sku: string, onHand: number, reserved: number): StockLevels {
  return { sku, onHand, reserved, available: Math.max(0, onHand - reserved) };
}

function isCount(value: unknown, max: number): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 && value <= max;
}

/** A whole number of units in 1..max, or why not. */
export function checkQuantity(quantity: unknown, max = MAX_RESERVATION_QUANTITY): string | null {
  if (!isCount(quantity, max) || quantity < 1) return `quantity must be a whole number from 1 to ${max}`;
  return null;
}

/** Reservation ids come from our own code (order ids); bound them so a bug cannot bloat storage. */
export function checkReservationId(id: unknown): string | null {
  if (typeof id !== "string" || id.length < 1 || id.length > 128) return "reservationId must be 1..128 characters";
  return null;
}

/** Seconds, fractions allowed (tests use a tiny TTL), within (0, MAX_RESERVATION_TTL_SECONDS]. */
export function checkTtl(ttlSeconds: unknown): string | null {
  if (typeof ttlSeconds !== "number" || !Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    return "ttlSeconds must be a positive number";
  }
  if (ttlSeconds > MAX_RESERVATION_TTL_SECONDS) return `ttlSeconds may be at most ${MAX_RESERVATION_TTL_SECONDS}`;
  return null;
}

/** May `quantity` more units be reserved? */
export function decideReserve(
  current: { onHand: number; reserved: number },
  quantity: number,
): { ok: true } | { ok: false; reason: "insufficient_stock"; available: number } {
  const available = Math.max(0, current.onHand - current.reserved);
  return quantity <= available ? { ok: true } : { ok: false, reason: "insufficient_stock", available };
}

/** The new on-hand count after setting it outright, refused below what is reserved. */
export function decideSetOnHand(
  current: { onHand: number; reserved: number },
  onHand: unknown,
): { ok: true; onHand: number } | StockRefusal {
  if (!isCount(onHand, MAX_ON_HAND)) {
    return { ok: false, reason: "invalid_argument", message: `onHand must be a whole number from 0 to ${MAX_ON_HAND}` };
  }
  if (onHand < current.reserved) {
    return { ok: false, reason: "below_reserved", onHand: current.onHand, reserved: current.reserved };
  }
  return { ok: true, onHand };
}

/** The new on-hand count after adding `delta` (negative to remove), with the same floor. */
export function decideAdjust(
  current: { onHand: number; reserved: number },
  delta: unknown,
): { ok: true; onHand: number } | StockRefusal {
  if (typeof delta !== "number" || !Number.isSafeInteger(delta) || Math.abs(delta) > MAX_ON_HAND) {
    return { ok: false, reason: "invalid_argument", message: `delta must be a whole number within ±${MAX_ON_HAND}` };
  }
  const next = current.onHand + delta;
  if (next > MAX_ON_HAND) {
    return { ok: false, reason: "invalid_argument", message: `onHand may be at most ${MAX_ON_HAND}` };
  }
  if (next < current.reserved) {
    return { ok: false, reason: "below_reserved", onHand: current.onHand, reserved: current.reserved };
  }
  return { ok: true, onHand: next };
}
