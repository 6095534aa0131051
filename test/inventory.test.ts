import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Inventory } from "../durable-objects/inventory";
import { commitAll, releaseAll, reserveAll, restockAll, setInitialStock } from "../workers/lib/stock";
import { createProduct, createSku, d1Available } from "./factories/stock";
import { api, createAdmin, problemOf, registerUser } from "./helpers";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stubOf = (sku: string) => env.INVENTORY.getByName(sku);

/** Rows the object logged for one reservation id, by kind. */
async function logOf(sku: string, reference: string): Promise<string[]> {
  return runInDurableObject(stubOf(sku), (_instance: Inventory, state) =>
    state.storage.sql
      .exec<{ kind: string }>("SELECT kind FROM adjustments WHERE reference = ? ORDER BY seq", reference)
      .toArray()
      .map((row) => row.kind),
  );
}

/** How many changes the object's D1 copy is behind (0 once the last change's copy landed). */
async function copyBehind(sku: string): Promise<number> {
  return runInDurableObject(stubOf(sku), (_instance: Inventory, state) =>
    state.storage.sql.exec<{ behind: number }>("SELECT version - copied AS behind FROM d1_copy").one().behind,
  );
}

/**
 * The D1 copy once the object says it reflects its latest change: the object answers before
 * its copy lands, so a test that reads the copy right after a change waits for it (bounded).
 */
async function settledCopy(sku: string): Promise<{ variant: number; product: number }> {
  await expect.poll(() => copyBehind(sku), { timeout: 5_000, interval: 10 }).toBe(0);
  return d1Available(sku);
}

/**
 * Stops the object's alarm from firing by itself, so a test decides when the sweep runs. It
 * first lets the copy started by the last change land, as a landing copy re-arms the alarm.
 */
async function holdAlarm(sku: string): Promise<void> {
  await settledCopy(sku);
  await runInDurableObject(stubOf(sku), (_instance: Inventory, state) => state.storage.deleteAlarm());
}

/** Polls inside the object until `done()` holds, for at most `ms`. */
async function until(done: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(5);
  }
}

/** The object's D1 binding, for test-only fault injection on its copy's writes. */
const dbOf = (instance: Inventory) => (instance as unknown as { env: Env }).env.DB;

async function expectConsistent(sku: string) {
  const stock = await stubOf(sku).read();
  expect(stock.onHand).toBeGreaterThanOrEqual(0);
  expect(stock.reserved).toBeGreaterThanOrEqual(0);
  expect(stock.available).toBeGreaterThanOrEqual(0);
  expect(stock.onHand - stock.reserved).toBe(stock.available);
  return stock;
}

describe("Inventory object: reservations under contention", () => {
  it("200 concurrent one-unit reservations against 10 on hand: exactly 10 succeed", async () => {
    const sku = await createSku(10);
    const stub = stubOf(sku);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => stub.reserve(`ord_race_${i}`, 1, 60)));
    const succeeded = results.filter((result) => result.ok);
    expect(succeeded).toHaveLength(10);
    expect(results.filter((result) => !result.ok && result.reason === "insufficient_stock")).toHaveLength(190);
    expect(await expectConsistent(sku)).toEqual({ sku, onHand: 10, reserved: 10, available: 0 });
    expect(await settledCopy(sku)).toEqual({ variant: 0, product: 0 });
  });

  it("keeps onHand, reserved and available adding up through a concurrent mix of operations", async () => {
    const sku = await createSku(25);
    const stub = stubOf(sku);
    const operations = Array.from({ length: 120 }, (_, i) => {
      const id = `ord_mix_${i % 40}`;
      switch (i % 6) {
        case 0:
        case 1:
          return stub.reserve(id, 1 + (i % 3), 60);
        case 2:
          return stub.commit(id);
        case 3:
          return stub.release(id);
        case 4:
          return stub.adjust(i % 4 === 0 ? 2 : -3, "test");
        default:
          return stub.read();
      }
    });
    for (const result of await Promise.all(operations)) {
      if ("stock" in result) {
        expect(result.stock.onHand - result.stock.reserved).toBe(result.stock.available);
        expect(result.stock.available).toBeGreaterThanOrEqual(0);
      }
    }
    const stock = await expectConsistent(sku);
    expect((await settledCopy(sku)).variant).toBe(stock.available);
  });
});

describe("Inventory object: reserve, commit, release", () => {
  it("reserving twice with one id reserves once; another quantity under the same id is refused", async () => {
    const sku = await createSku(5);
    const stub = stubOf(sku);
    const first = await stub.reserve("ord_twice", 2, 60);
    const second = await stub.reserve("ord_twice", 2, 60);
    expect(first).toMatchObject({ ok: true, alreadyReserved: false });
    expect(second).toMatchObject({ ok: true, alreadyReserved: true });
    if (first.ok && second.ok) expect(second.reservation.expiresAt).toBe(first.reservation.expiresAt);
    expect(await stub.reserve("ord_twice", 3, 60)).toEqual({ ok: false, reason: "reservation_mismatch", reservedQuantity: 2 });
    expect(await stub.read()).toMatchObject({ onHand: 5, reserved: 2, available: 3 });
  });

  it("commits a sale once: on-hand drops, the reservation is gone, a second commit says alreadyCommitted", async () => {
    const sku = await createSku(5);
    const stub = stubOf(sku);
    await stub.reserve("ord_sale", 2, 60);
    expect(await stub.commit("ord_sale")).toMatchObject({ ok: true, quantity: 2, alreadyCommitted: false, stock: { onHand: 3, reserved: 0, available: 3 } });
    expect(await stub.commit("ord_sale")).toMatchObject({ ok: true, quantity: 2, alreadyCommitted: true, stock: { onHand: 3 } });
    // Neither a release nor a re-reserve under a committed id touches stock.
    expect(await stub.release("ord_sale")).toMatchObject({ ok: true, released: 0, alreadyCommitted: true });
    expect(await stub.reserve("ord_sale", 2, 60)).toEqual({ ok: false, reason: "already_committed" });
    expect(await expectConsistent(sku)).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
    expect(await settledCopy(sku)).toEqual({ variant: 3, product: 3 });
  });

  it("releases idempotently", async () => {
    const sku = await createSku(5);
    const stub = stubOf(sku);
    await stub.reserve("ord_rel", 4, 60);
    expect(await stub.release("ord_rel")).toMatchObject({ ok: true, released: 4 });
    expect(await stub.release("ord_rel")).toMatchObject({ ok: true, released: 0 });
    expect(await stub.read()).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    expect(await stub.commit("ord_rel")).toEqual({ ok: false, reason: "released" });
    expect(await stub.commit("ord_never")).toEqual({ ok: false, reason: "unknown_reservation" });
  });

  it("answers bad arguments with a typed refusal, not an exception", async () => {
    const sku = await createSku(5);
    const stub = stubOf(sku);
    for (const quantity of [0, -1, 1.5, Number.NaN, 1e12]) {
      expect(await stub.reserve("ord_bad", quantity, 60)).toMatchObject({ ok: false, reason: "invalid_argument" });
    }
    expect(await stub.reserve("ord_bad", 1, 0)).toMatchObject({ ok: false, reason: "invalid_argument" });
    expect(await stub.reserve("", 1, 60)).toMatchObject({ ok: false, reason: "invalid_argument" });
    expect(await stub.setOnHand(-1, "test")).toMatchObject({ ok: false, reason: "invalid_argument" });
    expect(await stub.adjust(0.5, "test")).toMatchObject({ ok: false, reason: "invalid_argument" });
    expect(await stub.read()).toMatchObject({ onHand: 5, reserved: 0 });
  });

  it("never sets or adjusts on-hand below what is reserved", async () => {
    const sku = await createSku(10);
    const stub = stubOf(sku);
    await stub.reserve("ord_floor", 4, 60);
    expect(await stub.setOnHand(3, "test")).toEqual({ ok: false, reason: "below_reserved", onHand: 10, reserved: 4 });
    expect(await stub.adjust(-7, "test")).toEqual({ ok: false, reason: "below_reserved", onHand: 10, reserved: 4 });
    expect(await stub.setOnHand(4, "test")).toMatchObject({ ok: true, previousOnHand: 10, stock: { onHand: 4, reserved: 4, available: 0 } });
    expect(await stub.adjust(6, "test")).toMatchObject({ ok: true, previousOnHand: 4, stock: { onHand: 10, available: 6 } });
    expect(await settledCopy(sku)).toEqual({ variant: 6, product: 6 });
  });
});

describe("Inventory object: expiry", () => {
  it("counts an expired reservation as released on read, before any alarm has run", async () => {
    const sku = await createSku(3);
    const stub = stubOf(sku);
    expect(await stub.reserve("ord_lapse", 2, 60)).toMatchObject({ ok: true });
    await holdAlarm(sku);
    expect(await stub.read()).toMatchObject({ reserved: 2, available: 1 });
    // Its expiry passes (set in storage, so a slow machine cannot make it pass early).
    await runInDurableObject(stub, (_instance: Inventory, state) => {
      state.storage.sql.exec("UPDATE reservations SET expires_at = ? WHERE id = 'ord_lapse'", Date.now() - 1);
    });
    expect(await stub.read()).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
    // The row is still stored (no sweep ran), yet a new reservation may take all three units.
    expect(await stub.reserve("ord_next", 3, 60)).toMatchObject({ ok: true });
  });

  it("returns stock through the alarm, and running the alarm twice releases once", async () => {
    const sku = await createSku(4);
    const stub = stubOf(sku);
    await stub.reserve("ord_alarm", 3, 0.05);
    await stub.reserve("ord_later", 1, 3600);
    await holdAlarm(sku);
    await sleep(80);
    expect(await d1Available(sku)).toEqual({ variant: 0, product: 0 });

    // runDurableObjectAlarm needs a scheduled alarm; put one back far away so it cannot fire by itself.
    await runInDurableObject(stubOf(sku), (_instance: Inventory, state) => state.storage.setAlarm(Date.now() + 3_600_000));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await runInDurableObject(stub, (instance: Inventory) => instance.alarm());
    expect(await logOf(sku, "ord_alarm")).toEqual(["expire"]);
    expect(await stub.read()).toEqual({ sku, onHand: 4, reserved: 1, available: 3 });
    expect(await d1Available(sku)).toEqual({ variant: 3, product: 3 });

    // Re-armed for the remaining reservation, not cleared.
    const next = await runInDurableObject(stub, (_instance: Inventory, state) => state.storage.getAlarm());
    expect(next).toBeGreaterThan(Date.now() + 3_000_000);
  });

  it("schedules its own alarm at the earliest expiry, which fires and releases", async () => {
    const sku = await createSku(2);
    const stub = stubOf(sku);
    await stub.reserve("ord_self", 2, 0.05);
    const scheduled = await runInDurableObject(stub, (_instance: Inventory, state) => state.storage.getAlarm());
    expect(scheduled).not.toBeNull();
    await expect.poll(() => d1Available(sku), { timeout: 5_000, interval: 50 }).toEqual({ variant: 2, product: 2 });
    expect(await logOf(sku, "ord_self")).toEqual(["expire"]);
  });

  it("refuses to commit a reservation after its expiry, cleanly", async () => {
    const sku = await createSku(2);
    const stub = stubOf(sku);
    await stub.reserve("ord_late", 1, 0.05);
    await holdAlarm(sku);
    await sleep(80);
    expect(await stub.commit("ord_late")).toEqual({ ok: false, reason: "expired" });
    expect(await stub.commit("ord_late")).toEqual({ ok: false, reason: "expired" });
    expect(await stub.read()).toMatchObject({ onHand: 2, reserved: 0, available: 2 });
  });

  it("lets an id whose reservation expired reserve again", async () => {
    const sku = await createSku(2);
    const stub = stubOf(sku);
    await stub.reserve("ord_again", 2, 0.05);
    await holdAlarm(sku);
    await sleep(80);
    expect(await stub.reserve("ord_again", 2, 60)).toMatchObject({ ok: true, alreadyReserved: false });
    expect(await stub.read()).toMatchObject({ reserved: 2, available: 0 });
  });
});

describe("Inventory object: storage and the D1 copy", () => {
  it("keeps stock and reservations across an eviction", async () => {
    const sku = await createSku(6);
    const stub = stubOf(sku);
    await stub.reserve("ord_evict", 2, 3600);
    await evictDurableObject(stub);
    expect(await stubOf(sku).read()).toEqual({ sku, onHand: 6, reserved: 2, available: 4 });
    expect(await stubOf(sku).commit("ord_evict")).toMatchObject({ ok: true, alreadyCommitted: false });
  });

  it("refreshes the product's sum over its active variants", async () => {
    const { productId, skus } = await createProduct({
      variants: [{ onHand: 5 }, { onHand: 7 }, { onHand: 100, isActive: false }],
    });
    const product = () => env.DB.prepare("SELECT available FROM products WHERE id = ?").bind(productId).first<{ available: number }>();
    expect(await product()).toEqual({ available: 12 });
    await stubOf(skus[0]!).reserve("ord_sum", 2, 60);
    await settledCopy(skus[0]!);
    expect(await product()).toEqual({ available: 10 });
  });

  it("answers without waiting for D1: a hung then failed copy fails no change, and the alarm catches the copy up", async () => {
    const sku = await createSku(5);
    const stub = stubOf(sku);
    await runInDurableObject(stub, async (instance: Inventory) => {
      const db = dbOf(instance);
      const batch = db.batch.bind(db);
      let failD1: ((error: Error) => void) | undefined;
      // Test-only fault injection: the copy's D1 write hangs until the test makes it fail.
      db.batch = () => new Promise((_resolve, reject) => (failD1 = reject));
      try {
        // With the copy awaited these would never answer.
        expect(await instance.reserve("ord_outage", 2, 60)).toMatchObject({ ok: true, stock: { available: 3 } });
        expect(failD1).toBeDefined();
        expect(await instance.reserve("ord_outage_2", 1, 60)).toMatchObject({ ok: true, stock: { available: 2 } });
        expect(await instance.release("ord_outage_2")).toMatchObject({ ok: true, released: 1 });
        failD1!(new Error("D1 is unavailable"));
      } finally {
        db.batch = batch;
      }
    });
    await expect
      .poll(() => runInDurableObject(stub, (_instance: Inventory, state) => state.storage.sql.exec<{ failures: number }>("SELECT failures FROM d1_copy").one().failures), { timeout: 5_000, interval: 10 })
      .toBe(1);
    expect(await stub.read()).toMatchObject({ reserved: 2, available: 3 });
    expect(await d1Available(sku)).toEqual({ variant: 5, product: 5 });
    expect(await copyBehind(sku)).toBeGreaterThan(0);
    // D1 is back; the alarm (armed for the retry) writes the latest figure.
    const retryAt = await runInDurableObject(stub, (_instance: Inventory, state) => state.storage.getAlarm());
    expect(retryAt).toBeGreaterThan(Date.now());
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await copyBehind(sku)).toBe(0);
    expect(await d1Available(sku)).toEqual({ variant: 3, product: 3 });
    // Caught up, the alarm goes back to the reservation's expiry, an hour away.
    expect(await runInDurableObject(stub, (_instance: Inventory, state) => state.storage.getAlarm())).toBeGreaterThan(Date.now() + 30_000);
  });

  it("coalesces a burst of changes into a few D1 writes, the last carrying the object's final figure", async () => {
    const sku = await createSku(100);
    const stub = stubOf(sku);
    let writes = 0;
    await runInDurableObject(stub, (instance: Inventory) => {
      const db = dbOf(instance);
      const batch = db.batch.bind(db);
      // Test-only: counts the copy's D1 writes.
      db.batch = (statements) => {
        writes += 1;
        return batch(statements);
      };
      (instance as unknown as { restoreBatch: () => void }).restoreBatch = () => (db.batch = batch);
    });
    try {
      const operations = Array.from({ length: 120 }, (_, i) =>
        i % 4 === 3 ? stub.release(`ord_burst_${i - 1}`) : stub.reserve(`ord_burst_${i}`, 1 + (i % 2), 60),
      );
      expect((await Promise.all(operations)).every((result) => result.ok)).toBe(true);
      const stock = await expectConsistent(sku);
      expect(await settledCopy(sku)).toEqual({ variant: stock.available, product: stock.available });
      expect(writes).toBeGreaterThan(0);
      expect(writes).toBeLessThan(operations.length / 4);
    } finally {
      await runInDurableObject(stub, (instance: Inventory) => (instance as unknown as { restoreBatch: () => void }).restoreBatch());
    }
  });

  it("never lets an older figure land after a newer one: one copy in flight, then one more with the latest", async () => {
    const sku = await createSku(10);
    await runInDurableObject(stubOf(sku), async (instance: Inventory, state) => {
      const db = dbOf(instance);
      const batch = db.batch.bind(db);
      const held: (() => void)[] = [];
      let inFlight = 0;
      let mostInFlight = 0;
      // Test-only: each copy write waits until the test lets it through.
      db.batch = <T>(statements: D1PreparedStatement[]) => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        return new Promise<void>((resolve) => held.push(resolve))
          .then(() => batch<T>(statements))
          .finally(() => (inFlight -= 1));
      };
      const copied = () => db.prepare("SELECT available FROM product_variants WHERE sku = ?").bind(sku).first<{ available: number }>();
      const behind = () => state.storage.sql.exec<{ behind: number }>("SELECT version - copied AS behind FROM d1_copy").one().behind;
      try {
        expect(await instance.reserve("ord_old", 1, 60)).toMatchObject({ ok: true, stock: { available: 9 } });
        expect(held).toHaveLength(1); // the copy of 9 is in flight
        expect(await instance.reserve("ord_new", 2, 60)).toMatchObject({ ok: true, stock: { available: 7 } });
        expect(await instance.release("ord_old")).toMatchObject({ ok: true, stock: { available: 8 } });
        expect(held).toHaveLength(1); // no second write races the first
        held[0]!();
        await until(() => held.length === 2);
        expect(await copied()).toEqual({ available: 9 });
        expect(behind()).toBeGreaterThan(0);
        held[1]!();
        await until(() => behind() === 0);
        expect(await copied()).toEqual({ available: 8 });
        expect(mostInFlight).toBe(1);
        expect(held).toHaveLength(2);
      } finally {
        db.batch = batch;
        for (const release of held) release();
      }
    });
    expect(await stubOf(sku).read()).toMatchObject({ available: 8 });
    expect(await d1Available(sku)).toEqual({ variant: 8, product: 8 });
  });

  it("initialises once: a second setInitialStock leaves stock alone", async () => {
    const { skus } = await createProduct();
    const sku = skus[0]!;
    await setInitialStock(env, [{ sku, onHand: 8 }]);
    await stubOf(sku).reserve("ord_init", 3, 60);
    await setInitialStock(env, [{ sku, onHand: 8 }]);
    expect(await stubOf(sku).read()).toMatchObject({ onHand: 8, reserved: 3, available: 5 });
    await expect(setInitialStock(env, [{ sku, onHand: -1 }])).rejects.toThrow(RangeError);
  });
});

describe("checkout helpers: reserveAll, commitAll, releaseAll", () => {
  it("reserves every line or nothing, releasing what it took when one line is short", async () => {
    const a = await createSku(5);
    const b = await createSku(1);
    const failed = await reserveAll(env, "ord_all_fail", [{ sku: a, quantity: 2 }, { sku: b, quantity: 2 }], 60);
    expect(failed).toEqual({ ok: false, sku: b, failure: { ok: false, reason: "insufficient_stock", available: 1 } });
    expect(await stubOf(a).read()).toMatchObject({ reserved: 0, available: 5 });
    expect(await stubOf(b).read()).toMatchObject({ reserved: 0, available: 1 });
  });

  it("reserves the lines side by side; two checkouts racing for the last unit of the same SKUs never both keep the other out", async () => {
    for (let round = 0; round < 5; round++) {
      const a = await createSku(1);
      const b = await createSku(1);
      const c = await createSku(1);
      const lines = [{ sku: c, quantity: 1 }, { sku: a, quantity: 1 }, { sku: b, quantity: 1 }];
      // The second lists its lines the other way round: order in the cart must not matter.
      const results = await Promise.all([reserveAll(env, `ord_duel_${round}_1`, lines, 60), reserveAll(env, `ord_duel_${round}_2`, [...lines].reverse(), 60)]);
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      for (const sku of [a, b, c]) expect(await expectConsistent(sku)).toMatchObject({ reserved: 1, available: 0 });
    }
  });

  it("reserves, is safe to retry, then commits each SKU once", async () => {
    const a = await createSku(5);
    const b = await createSku(5);
    const lines = [{ sku: b, quantity: 1 }, { sku: a, quantity: 2 }, { sku: b, quantity: 1 }];
    expect(await reserveAll(env, "ord_all", lines, 60)).toMatchObject({ ok: true });
    expect(await reserveAll(env, "ord_all", lines, 60)).toMatchObject({ ok: true });
    expect(await stubOf(a).read()).toMatchObject({ reserved: 2 });
    expect(await stubOf(b).read()).toMatchObject({ reserved: 2 });
    expect(await commitAll(env, "ord_all", [a, b])).toEqual({ ok: true });
    expect(await commitAll(env, "ord_all", [a, b])).toEqual({ ok: true });
    expect(await stubOf(a).read()).toMatchObject({ onHand: 3, reserved: 0 });
    expect(await stubOf(b).read()).toMatchObject({ onHand: 3, reserved: 0 });
  });

  it("reports SKUs whose reservation expired before the commit, and releases idempotently", async () => {
    const a = await createSku(5);
    const b = await createSku(5);
    await reserveAll(env, "ord_partial", [{ sku: a, quantity: 1 }], 60);
    await reserveAll(env, "ord_partial_b", [{ sku: b, quantity: 1 }], 0.05);
    await holdAlarm(b);
    await sleep(80);
    expect(await commitAll(env, "ord_partial_b", [b])).toEqual({ ok: false, failures: [{ sku: b, failure: { ok: false, reason: "expired" } }] });
    expect(await releaseAll(env, "ord_partial", [a, a])).toEqual({ [a]: 1 });
    expect(await releaseAll(env, "ord_partial", [a])).toEqual({ [a]: 0 });
  });
});

describe("restock (a cancelled sale)", () => {
  it("returns a committed sale's units once, however often it is asked", async () => {
    const sku = await createSku(5);
    const stub = stubOf(sku);
    await stub.reserve("ord_cancel", 2, 60);
    expect(await stub.restock("ord_cancel", "test")).toEqual({ ok: false, reason: "not_committed" });
    await stub.commit("ord_cancel");
    expect(await stub.read()).toMatchObject({ onHand: 3 });
    expect(await restockAll(env, "ord_cancel", [sku, sku])).toEqual({ [sku]: 2 });
    expect(await restockAll(env, "ord_cancel", [sku])).toEqual({ [sku]: 0 });
    expect(await stub.restock("ord_cancel", "test")).toMatchObject({ ok: true, restocked: 2, alreadyRestocked: true });
    expect(await expectConsistent(sku)).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    expect(await settledCopy(sku)).toEqual({ variant: 5, product: 5 });
  });
});

describe("GET /inventory/:sku", () => {
  it("shows anyone what is available, and an admin on-hand and reserved too", async () => {
    const sku = await createSku(9);
    await stubOf(sku).reserve("ord_view", 2, 60);
    const anonymous = await api(`/inventory/${sku}`);
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toEqual({ sku, available: 7 });
    const customer = await registerUser();
    expect(await (await api(`/inventory/${sku}`, { token: customer.accessToken })).json()).toEqual({ sku, available: 7 });
    const admin = await createAdmin();
    expect(await (await api(`/inventory/${sku}`, { token: admin.accessToken })).json()).toEqual({ sku, available: 7, onHand: 9, reserved: 2 });
  });

  it("404s an unknown SKU, and a deactivated one for everyone but admins", async () => {
    expect((await api("/inventory/NO-SUCH-SKU")).status).toBe(404);
    const { skus } = await createProduct({ isActive: false, variants: [{ onHand: 3 }] });
    expect((await api(`/inventory/${skus[0]}`)).status).toBe(404);
    const admin = await createAdmin();
    expect((await api(`/inventory/${skus[0]}`, { token: admin.accessToken })).status).toBe(200);
  });

  it("finds a SKU whatever its case", async () => {
    const sku = await createSku(4);
    expect(await (await api(`/inventory/${sku.toLowerCase()}`)).json()).toEqual({ sku, available: 4 });
  });

  it("400s a malformed SKU", async () => {
    expect((await api(`/inventory/${encodeURIComponent("bad sku!")}`)).status).toBe(400);
    expect((await api(`/inventory/${"A".repeat(65)}`)).status).toBe(400);
  });
});

describe("PUT /inventory/:sku", () => {
  it("is 401 anonymous, 403 for a customer, and changes nothing for either", async () => {
    const sku = await createSku(5);
    const customer = await registerUser();
    expect((await api(`/inventory/${sku}`, { method: "PUT", json: { onHand: 50 } })).status).toBe(401);
    expect((await api(`/inventory/${sku}`, { method: "PUT", token: customer.accessToken, json: { onHand: 50 } })).status).toBe(403);
    expect((await api(`/inventory/${sku}`, { method: "PUT", token: "not.a.token", json: { onHand: 50 } })).status).toBe(401);
    expect(await stubOf(sku).read()).toMatchObject({ onHand: 5 });
  });

  it("sets on-hand as an admin, refreshes the D1 copy and writes the audit log", async () => {
    const sku = await createSku(5);
    const admin = await createAdmin();
    const response = await api(`/inventory/${sku}`, { method: "PUT", token: admin.accessToken, json: { onHand: 12 } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sku, onHand: 12, reserved: 0, available: 12 });
    expect(await settledCopy(sku)).toEqual({ variant: 12, product: 12 });
    const audit = await env.DB.prepare("SELECT actor_id, action, details FROM audit_log WHERE entity_type = 'sku' AND entity_id = ?")
      .bind(sku)
      .first<{ actor_id: string; action: string; details: string }>();
    expect(audit).toMatchObject({ actor_id: admin.user.id, action: "inventory.set" });
    expect(JSON.parse(audit!.details)).toEqual({ from: 5, to: 12, reserved: 0 });
  });

  it("adjusts by a delta", async () => {
    const sku = await createSku(5);
    const admin = await createAdmin();
    const response = await api(`/inventory/${sku}`, { method: "PUT", token: admin.accessToken, json: { delta: -2 } });
    expect(await response.json()).toMatchObject({ onHand: 3, available: 3 });
    const audit = await env.DB.prepare("SELECT action FROM audit_log WHERE entity_id = ?").bind(sku).first();
    expect(audit).toEqual({ action: "inventory.adjusted" });
  });

  it("refuses to go below what is reserved with 409, changing nothing", async () => {
    const sku = await createSku(5);
    await stubOf(sku).reserve("ord_hold", 4, 60);
    const admin = await createAdmin();
    for (const json of [{ onHand: 3 }, { delta: -2 }]) {
      const response = await api(`/inventory/${sku}`, { method: "PUT", token: admin.accessToken, json });
      expect(response.status).toBe(409);
      expect((await problemOf(response)).errors?.[0]?.path).toBe(Object.keys(json)[0]);
    }
    expect(await stubOf(sku).read()).toMatchObject({ onHand: 5, reserved: 4 });
    expect(await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE entity_id = ?").bind(sku).first()).toEqual({ n: 0 });
  });

  it.each([
    [{}],
    [{ onHand: 5, delta: 1 }],
    [{ onHand: -1 }],
    [{ onHand: 1.5 }],
    [{ onHand: "7" }],
    [{ onHand: 1e12 }],
    [{ delta: 0.5 }],
    [{ delta: null }],
    [{ onHand: 5, extra: true }],
  ])("rejects %j with 400 and changes nothing", async (json) => {
    const sku = await createSku(5);
    const admin = await createAdmin();
    const response = await api(`/inventory/${sku}`, { method: "PUT", token: admin.accessToken, json });
    expect(response.status).toBe(400);
    await problemOf(response);
    expect(await stubOf(sku).read()).toMatchObject({ onHand: 5 });
  });

  it("404s an unknown SKU without creating stock for it", async () => {
    const admin = await createAdmin();
    const sku = "NO-SUCH-SKU-PUT";
    expect((await api(`/inventory/${sku}`, { method: "PUT", token: admin.accessToken, json: { onHand: 5 } })).status).toBe(404);
    expect(await stubOf(sku).read()).toMatchObject({ onHand: 0 });
  });
});

describe("POST /inventory/initial-stock", () => {
  it("initialises SKUs without stock and leaves the rest alone, so repeating it is harmless", async () => {
    const { skus } = await createProduct({ variants: [{}, {}] });
    const stocked = await createSku(3);
    const admin = await createAdmin();
    const items = [{ sku: skus[0]!, onHand: 4 }, { sku: skus[1]!, onHand: 6 }, { sku: stocked, onHand: 40 }];
    const first = await api("/inventory/initial-stock", { method: "POST", token: admin.accessToken, json: { items } });
    expect(first.status).toBe(200);
    expect(((await first.json()) as { items: unknown[] }).items).toEqual([
      { sku: skus[0], applied: true, onHand: 4, available: 4 },
      { sku: skus[1], applied: true, onHand: 6, available: 6 },
      { sku: stocked, applied: false, onHand: 3, available: 3 },
    ]);
    const again = (await (await api("/inventory/initial-stock", { method: "POST", token: admin.accessToken, json: { items } })).json()) as {
      items: { applied: boolean }[];
    };
    expect(again.items.map((item) => item.applied)).toEqual([false, false, false]);
    expect(await d1Available(skus[0]!)).toEqual({ variant: 4, product: 10 });
  });

  it("404s when any SKU is unknown, applying nothing", async () => {
    const { skus } = await createProduct();
    const admin = await createAdmin();
    const response = await api("/inventory/initial-stock", {
      method: "POST",
      token: admin.accessToken,
      json: { items: [{ sku: skus[0], onHand: 4 }, { sku: "NO-SUCH-SKU-INIT", onHand: 1 }] },
    });
    expect(response.status).toBe(404);
    expect((await problemOf(response)).errors).toEqual([{ path: "items.1.sku", message: "No such SKU: NO-SUCH-SKU-INIT" }]);
    expect(await stubOf(skus[0]!).read()).toMatchObject({ onHand: 0 });
  });

  it("is for admins only, and validates its items", async () => {
    const customer = await registerUser();
    const admin = await createAdmin();
    const items = [{ sku: "ANY", onHand: 1 }];
    expect((await api("/inventory/initial-stock", { method: "POST", json: { items } })).status).toBe(401);
    expect((await api("/inventory/initial-stock", { method: "POST", token: customer.accessToken, json: { items } })).status).toBe(403);
    for (const json of [{ items: [] }, { items: [{ sku: "A", onHand: -1 }] }, { items: [{ sku: "A", onHand: 1 }, { sku: "A", onHand: 2 }] }]) {
      expect((await api("/inventory/initial-stock", { method: "POST", token: admin.accessToken, json })).status).toBe(400);
    }
  });
});
