/**
 * Stock operations that span SKUs, through the per-SKU Inventory objects (the authority;
 * D1's `available` columns are copies they refresh). Used by product creation, seeding and
 * checkout.
 */
import type { CommitResult, ReserveResult } from "../domain/stock";
import { ApiError } from "./problem";

export interface StockLine {
  sku: string;
  quantity: number;
}

/**
 * Sets the first stock of new SKUs. Idempotent: a SKU that already has stock keeps it, so a
 * retried product creation or a second seed run changes nothing. Throws on a bad count.
 */
export async function setInitialStock(env: Env, items: { sku: string; onHand: number }[]): Promise<void> {
  const results = await Promise.all(
    items.map(async (item) => ({ sku: item.sku, result: await env.INVENTORY.getByName(item.sku).initialize(item.onHand, null) })),
  );
  const failed = results.find((entry) => !entry.result.ok);
  if (failed && !failed.result.ok) throw new RangeError(`setInitialStock ${failed.sku}: ${failed.result.message}`);
}

/** Quantities per SKU in a fixed (sorted) order, duplicates summed. */
export function normalizeLines(lines: readonly StockLine[]): StockLine[] {
  const bySku = new Map<string, number>();
  for (const line of lines) bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + line.quantity);
  return [...bySku.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([sku, quantity]) => ({ sku, quantity }));
}

export type ReserveAllResult =
  | { ok: true; expiresAt: string }
  | { ok: false; sku: string; failure: Exclude<ReserveResult, { ok: true }> };

/**
 * Reserves every line under one reservation id, all SKUs at once (one round trip however
 * many lines). All or nothing: when a line is refused (or a call throws) every line is
 * released before returning (or rethrowing). When the refusal may be another checkout's
 * passing hold (a line short of stock while others were taken), the lines are tried once
 * more one by one in SKU order, as two contenders then cannot each keep the other out
 * (decision 005). Retrying with the same id and lines is safe: each SKU answers with its
 * existing reservation. `expiresAt` is the earliest expiry among the lines.
 */
export async function reserveAll(
  env: Env,
  reservationId: string,
  lines: readonly StockLine[],
  ttlSeconds: number,
): Promise<ReserveAllResult> {
  const normalized = normalizeLines(lines);
  const skus = normalized.map((line) => line.sku);
  const settled = await Promise.allSettled(normalized.map((line) => env.INVENTORY.getByName(line.sku).reserve(reservationId, line.quantity, ttlSeconds)));
  const thrown = settled.find((result) => result.status === "rejected");
  if (thrown) {
    // A failed call may have landed before the error reached us; release it too.
    await releaseAll(env, reservationId, skus).catch(() => undefined);
    throw thrown.reason;
  }
  const results = settled.map((result) => (result as PromiseFulfilledResult<ReserveResult>).value);
  const refused = results.findIndex((result) => !result.ok);
  if (refused === -1) return { ok: true, expiresAt: earliestExpiry(results) };
  const failure = results[refused] as Exclude<ReserveResult, { ok: true }>;
  // Including the refused SKU: a mismatch there is an earlier hold under this id.
  await releaseAll(env, reservationId, skus);
  const contended = failure.reason === "insufficient_stock" && results.some((result) => result.ok && !result.alreadyReserved);
  if (contended) return reserveInOrder(env, reservationId, normalized, ttlSeconds);
  return { ok: false, sku: normalized[refused]!.sku, failure };
}

function earliestExpiry(results: readonly ReserveResult[]): string {
  let expiresAt: string | null = null;
  for (const result of results) {
    if (result.ok && (expiresAt === null || result.reservation.expiresAt < expiresAt)) expiresAt = result.reservation.expiresAt;
  }
  return expiresAt ?? new Date().toISOString();
}

/** `reserveAll`'s second try: SKU by SKU in sorted order, stopping (and releasing) at the first refusal. */
async function reserveInOrder(env: Env, reservationId: string, lines: readonly StockLine[], ttlSeconds: number): Promise<ReserveAllResult> {
  const attempted: string[] = [];
  const results: ReserveResult[] = [];
  try {
    for (const line of lines) {
      attempted.push(line.sku);
      const result = await env.INVENTORY.getByName(line.sku).reserve(reservationId, line.quantity, ttlSeconds);
      if (!result.ok) {
        await releaseAll(env, reservationId, attempted);
        return { ok: false, sku: line.sku, failure: result };
      }
      results.push(result);
    }
  } catch (error) {
    await releaseAll(env, reservationId, attempted).catch(() => undefined);
    throw error;
  }
  return { ok: true, expiresAt: earliestExpiry(results) };
}

/** The 409 for a refused reservation, naming the line and what is left of it. */
export function stockShortage(
  refused: Extract<ReserveAllResult, { ok: false }>,
  lines: readonly { sku: string; name: string }[],
  detail: string,
): ApiError {
  const line = lines.find((candidate) => candidate.sku === refused.sku);
  const available = refused.failure.reason === "insufficient_stock" ? refused.failure.available : 0;
  return new ApiError("insufficient_stock", detail, {
    errors: [{ path: refused.sku, message: `Only ${available} of ${line?.name ?? refused.sku} left.` }],
  });
}

/** Releases the reservation on each SKU. Idempotent; returns the units given back per SKU. */
export async function releaseAll(env: Env, reservationId: string, skus: readonly string[]): Promise<Record<string, number>> {
  const results = await Promise.all(
    [...new Set(skus)].map(async (sku) => {
      const result = await env.INVENTORY.getByName(sku).release(reservationId);
      return [sku, result.ok ? result.released : 0] as const;
    }),
  );
  return Object.fromEntries(results);
}

export type CommitAllResult =
  | { ok: true }
  | { ok: false; failures: { sku: string; failure: Exclude<CommitResult, { ok: true }> }[] };

/**
 * Commits the reservation on each SKU (the sale). Idempotent per SKU, so a retry after a
 * partial failure commits only what is left. A SKU whose reservation expired is reported,
 * not hidden: the caller decides whether to re-reserve or refund.
 */
export async function commitAll(env: Env, reservationId: string, skus: readonly string[]): Promise<CommitAllResult> {
  const results = await Promise.all(
    [...new Set(skus)].sort().map(async (sku) => ({ sku, result: await env.INVENTORY.getByName(sku).commit(reservationId) })),
  );
  const failures = results.flatMap(({ sku, result }) => (result.ok ? [] : [{ sku, failure: result }]));
  return failures.length === 0 ? { ok: true } : { ok: false, failures };
}

/**
 * Ends reservation ids for good on each SKU (see Inventory.cancel): held units are released,
 * sold units restocked, and ids not used yet can never reserve. Idempotent and order-free, so
 * it is safe to call from every transition that ends an order unsold. Returns the units given
 * back per SKU.
 */
export async function cancelAll(
  env: Env,
  reservationIds: readonly string[],
  skus: readonly string[],
  actor: string | null = null,
): Promise<Record<string, number>> {
  const uniqueSkus = [...new Set(skus)];
  const results = await Promise.all(
    uniqueSkus.flatMap((sku) =>
      [...new Set(reservationIds)].map(async (id) => {
        const result = await env.INVENTORY.getByName(sku).cancel(id, actor);
        if (!result.ok) throw new RangeError(`cancel ${sku} ${id}: ${result.message}`);
        return [sku, result.returned] as const;
      }),
    ),
  );
  const returned: Record<string, number> = Object.fromEntries(uniqueSkus.map((sku) => [sku, 0]));
  for (const [sku, units] of results) returned[sku] = (returned[sku] ?? 0) + units;
  return returned;
}

/**
 * Returns a committed order's units to stock (cancellation, refund). Idempotent per SKU and
 * id, unlike `adjust`, so a redelivered queue message cannot restock twice. Returns the units
 * put back per SKU (0 where already restocked or never committed under this id).
 */
export async function restockAll(
  env: Env,
  reservationId: string,
  skus: readonly string[],
  actor: string | null = null,
): Promise<Record<string, number>> {
  const results = await Promise.all(
    [...new Set(skus)].map(async (sku) => {
      const result = await env.INVENTORY.getByName(sku).restock(reservationId, actor);
      return [sku, result.ok && !result.alreadyRestocked ? result.restocked : 0] as const;
    }),
  );
  return Object.fromEntries(results);
}
