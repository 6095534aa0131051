/**
 * The one builder of order-event statements. Every transition of an order is an event: a row
 * in `order_history` with a deterministic key, inserted by a statement that reads the order's
 * status and checks it in the same SQL statement. D1 runs a batch as one transaction, one batch
 * at a time, so of two racing transitions exactly one finds the status it expects; the other
 * finds the status the winner left. Nothing here decides from a copy of the order read earlier.
 *
 * The statements that must happen only with the event (the status change, a refund row, a
 * payment update) are guarded by "the event exists with this call's nonce", so they run in
 * the batch that inserted the event and never in a replay of it.
 */
import { sql, type Query, type SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { Db } from "../factory";
import type { OrderStatus } from "../domain/order-status";
import { ORDER_STATUSES } from "../domain/statuses";
import type { OrderEventKind } from "../domain/order-events";
import { newId } from "../lib/ids";

export interface OrderEventSpec {
  orderId: string;
  /** Deterministic: the same logical event (a redelivered job, a second click) has the same key. */
  key: string;
  kind: OrderEventKind;
  /** Statuses the order must be in for the event to happen. */
  from: readonly OrderStatus[];
  /** The status it moves to, or null for an event that leaves the status alone (a refund). */
  to: OrderStatus | null;
  note: string;
  actorId?: string | null;
  details?: Record<string, unknown>;
  /** Detail values read from the order's row (aliased `orders`) by the inserting statement itself. */
  computedDetails?: Record<string, SQL>;
  /** A further SQL condition on the order row (aliased `orders`), checked in the same statement. */
  guard?: SQL;
  /** Columns set on the order with the status change. */
  set?: SQL[];
}

export interface OrderEventRow {
  id: number;
  orderId: string;
  key: string;
  kind: OrderEventKind;
  fromStatus: OrderStatus;
  status: OrderStatus;
  note: string | null;
  actorId: string | null;
  details: Record<string, unknown>;
  at: string;
  effectsDone: boolean;
}

export interface OrderEventResult {
  /** The event, whether this call made it or an earlier one did; null when it did not happen. */
  event: OrderEventRow | null;
  /** True only for the call whose batch inserted the event. */
  fresh: boolean;
}

export const ANY_STATUS: readonly OrderStatus[] = ORDER_STATUSES;

/** "This call's batch inserted the event `key`": the guard for everything that goes with it. */
export function freshGuard(key: string, nonce: string): SQL {
  return sql`EXISTS (SELECT 1 FROM order_history WHERE event_key = ${key} AND nonce = ${nonce})`;
}

function statusList(statuses: readonly OrderStatus[]): SQL {
  return sql.join(
    statuses.map((status) => sql`${status}`),
    sql`, `,
  );
}

/**
 * A statement for an event batch: raw SQL, or a drizzle builder. The batch goes to D1 as
 * prepared statements directly, because drizzle cannot batch raw SQL with parameters.
 */
export type BatchStatement = SQL | { toSQL(): Query };

const dialect = new SQLiteSyncDialect();

function prepare(db: Db, statement: BatchStatement): D1PreparedStatement {
  const query = "toSQL" in statement ? statement.toSQL() : dialect.sqlToQuery(statement);
  return db.$client.prepare(query.sql).bind(...query.params);
}

function insertEvent(spec: OrderEventSpec, nonce: string): SQL {
  let details: SQL = sql`${JSON.stringify(spec.details ?? {})}`;
  for (const [name, value] of Object.entries(spec.computedDetails ?? {})) {
    details = sql`json_set(${details}, ${`$.${name}`}, ${value})`;
  }
  return sql`
    INSERT INTO order_history (order_id, status, note, actor_id, event_key, kind, from_status, details, nonce)
    SELECT orders.id, ${spec.to === null ? sql`orders.status` : sql`${spec.to}`}, ${spec.note}, ${spec.actorId ?? null},
           ${spec.key}, ${spec.kind}, orders.status, ${details}, ${nonce}
    FROM orders
    WHERE orders.id = ${spec.orderId} AND orders.status IN (${statusList(spec.from)})
      ${spec.guard ? sql`AND (${spec.guard})` : sql``}
    ON CONFLICT (event_key) DO NOTHING`;
}

function updateOrder(spec: OrderEventSpec, nonce: string): SQL {
  const sets = [
    ...(spec.to === null ? [] : [sql`status = ${spec.to}`]),
    ...(spec.set ?? []),
    sql`updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
  ];
  return sql`UPDATE orders SET ${sql.join(sets, sql`, `)} WHERE id = ${spec.orderId} AND ${freshGuard(spec.key, nonce)}`;
}

type EventRecord = {
  id: number;
  order_id: string;
  event_key: string;
  kind: OrderEventKind;
  from_status: OrderStatus;
  status: OrderStatus;
  note: string | null;
  actor_id: string | null;
  details: string | null;
  nonce: string | null;
  created_at: string;
  effects_done_at: string | null;
};

export function toEventRow(record: EventRecord): OrderEventRow {
  return {
    id: record.id,
    orderId: record.order_id,
    key: record.event_key,
    kind: record.kind,
    fromStatus: record.from_status,
    status: record.status,
    note: record.note,
    actorId: record.actor_id,
    details: record.details ? (JSON.parse(record.details) as Record<string, unknown>) : {},
    at: record.created_at,
    effectsDone: record.effects_done_at !== null,
  };
}

export const EVENT_COLUMNS = sql.raw(
  "id, order_id, event_key, kind, from_status, status, note, actor_id, details, nonce, created_at, effects_done_at",
);

export interface EventBatch {
  /** Statements before the events (e.g. the payment update an event's guard then reads). */
  before?: BatchStatement[];
  /** Statements after the events; build them with `guard(key)` to tie them to an event. */
  after?: (guard: (key: string) => SQL) => BatchStatement[];
}

/**
 * Runs candidate events for one order in one batch. Their `from` sets and guards decide which
 * (if any) happens; a spec whose key already exists is a replay and returns the stored event.
 */
export async function runOrderEvents(
  db: Db,
  specs: readonly OrderEventSpec[],
  batch: EventBatch = {},
): Promise<Map<string, OrderEventResult>> {
  const nonce = newId("evt");
  const guard = (key: string) => freshGuard(key, nonce);
  const keys = specs.map((spec) => spec.key);
  const statements: BatchStatement[] = [
    ...(batch.before ?? []),
    ...specs.flatMap((spec) => [insertEvent(spec, nonce), updateOrder(spec, nonce)]),
    ...(batch.after?.(guard) ?? []),
    sql`SELECT ${EVENT_COLUMNS} FROM order_history WHERE event_key IN (${sql.join(keys.map((key) => sql`${key}`), sql`, `)})`,
  ];
  const results = await db.$client.batch<EventRecord>(statements.map((statement) => prepare(db, statement)));
  const rows = results.at(-1)?.results ?? [];
  const byKey = new Map(rows.map((row) => [row.event_key, row]));
  return new Map(
    specs.map((spec) => {
      const row = byKey.get(spec.key);
      return [spec.key, { event: row ? toEventRow(row) : null, fresh: row?.nonce === nonce }];
    }),
  );
}

/** The one event a single-spec call produced. */
export async function runOrderEvent(db: Db, spec: OrderEventSpec, batch: EventBatch = {}): Promise<OrderEventResult> {
  const results = await runOrderEvents(db, [spec], batch);
  return results.get(spec.key)!;
}

/** Keeps `orders.payment_status` equal to the status of the payment attempt in force. */
export function syncPaymentStatus(orderId: string): SQL {
  return sql`
    UPDATE orders SET payment_status = coalesce((SELECT status FROM payments WHERE payments.id = orders.payment_id), payment_status)
    WHERE id = ${orderId}`;
}
