/**
 * Migration 0007 rebuilds `orders` with foreign keys enforced, as D1 runs every migration.
 * Applied to a database holding an order with its lines, history, payment and refund, it must
 * keep every row (DROP TABLE's implicit DELETE would cascade into lines and history), every
 * index and every foreign key.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";

const dir = fileURLToPath(new URL("../../migrations/", import.meta.url));
const files = readdirSync(dir).filter((name) => /^\d{4}_.*\.sql$/.test(name)).sort();

function apply(db: DatabaseSync, name: string) {
  const statements = readFileSync(`${dir}${name}`, "utf8").split("--> statement-breakpoint");
  // D1 runs a migration as one transaction with foreign keys on.
  db.exec("BEGIN");
  for (const statement of statements) if (statement.trim()) db.exec(statement);
  db.exec("COMMIT");
}

const count = (db: DatabaseSync, table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe("migration 0007 (guest orders)", () => {
  it("keeps every order, line, history entry, payment and refund, and every index and foreign key", () => {
    const db = new DatabaseSync(":memory:");
    db.exec("PRAGMA foreign_keys = ON");
    const before = files.filter((name) => name < "0007");
    for (const name of before) apply(db, name);

    db.exec(`
      INSERT INTO users (id, email, name, password_hash) VALUES ('usr_1', 'a@example.test', 'Ada', 'x');
      INSERT INTO orders (id, number, user_id, subtotal_cents, total_cents, shipping_address, reservation_id, reservation_expires_at, payment_id)
        VALUES ('ord_1', 'ORD-AAAAAA', 'usr_1', 1000, 1000, '{}', 'ord_1', '2026-01-01T00:00:00Z', 'pay_1');
      INSERT INTO order_lines (order_id, sku, product_id, name, variant_title, unit_price_cents, quantity, line_total_cents)
        VALUES ('ord_1', 'SKU-1', 'prd_1', 'Thing', 'Default', 500, 2, 1000);
      INSERT INTO order_history (order_id, status, note, event_key, kind) VALUES ('ord_1', 'pending', 'Order placed', 'order_placed:ord_1', 'placed');
      INSERT INTO order_history (order_id, status, note, event_key, kind) VALUES ('ord_1', 'paid', 'Paid', 'payment_succeeded:pay_1', 'charge_succeeded');
      INSERT INTO payments (id, order_id, provider, amount_cents, status) VALUES ('pay_1', 'ord_1', 'simulated', 1000, 'succeeded');
      INSERT INTO refunds (id, payment_id, order_id, amount_cents, reason) VALUES ('ref_1', 'pay_1', 'ord_1', 100, 'test');
    `);
    const historyIds = db.prepare("SELECT id FROM order_history ORDER BY id").all();

    apply(db, "0007_guest_orders.sql");

    expect([count(db, "orders"), count(db, "order_lines"), count(db, "order_history"), count(db, "payments"), count(db, "refunds")]).toEqual([1, 1, 2, 1, 1]);
    expect(db.prepare("SELECT id FROM order_history ORDER BY id").all()).toEqual(historyIds);
    expect(db.prepare("SELECT user_id, guest_email, payment_id FROM orders").get()).toEqual({ user_id: "usr_1", guest_email: null, payment_id: "pay_1" });
    expect(db.prepare("PRAGMA foreign_key_check").all()).toEqual([]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE '__keep%' OR name = '__new_orders'").all()).toEqual([]);

    const indexes = (db.prepare("PRAGMA index_list(orders)").all() as { name: string }[]).map((row) => row.name).sort();
    expect(indexes).toEqual(
      expect.arrayContaining(["orders_created_idx", "orders_guest_email_created_idx", "orders_number_unique", "orders_paid_at_idx", "orders_status_created_idx", "orders_user_created_idx"]),
    );
    const references = (table: string) => (db.prepare(`PRAGMA foreign_key_list(${table})`).all() as { table: string; on_delete: string }[]).map((row) => `${row.table}:${row.on_delete}`).sort();
    expect(references("orders")).toEqual(["users:NO ACTION"]);
    expect(references("order_lines")).toEqual(["orders:CASCADE"]);
    expect(references("order_history")).toEqual(["orders:CASCADE"]);
    expect(references("payments")).toEqual(["orders:NO ACTION"]);
    expect(references("refunds")).toEqual(["orders:NO ACTION", "payments:NO ACTION"]);
    expect(references("order_links")).toEqual(["orders:CASCADE"]);

    // user_id is nullable now, but an order still needs an owner of some kind.
    db.exec(`INSERT INTO orders (id, number, guest_email, subtotal_cents, total_cents, shipping_address, reservation_id, reservation_expires_at)
      VALUES ('ord_2', 'ORD-BBBBBB', 'g@example.test', 1, 1, '{}', 'ord_2', 'x')`);
    expect(() =>
      db.exec(`INSERT INTO orders (id, number, subtotal_cents, total_cents, shipping_address, reservation_id, reservation_expires_at)
        VALUES ('ord_3', 'ORD-CCCCCC', 1, 1, '{}', 'ord_3', 'x')`),
    ).toThrow(/CHECK constraint failed/);
    // Lines still cascade with their order.
    db.exec("DELETE FROM refunds; DELETE FROM payments; DELETE FROM orders WHERE id = 'ord_1'");
    expect(count(db, "order_lines")).toBe(0);

    for (const name of files.filter((file) => file > "0007_guest_orders.sql")) apply(db, name);
  });
});
