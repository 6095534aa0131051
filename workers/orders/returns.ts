/**
 * Returns on the order lifecycle: requested by the shopper on a delivered order inside the
 * window, approved or rejected by an admin, then received (restocked and refunded). Each step
 * is an order event guarded by the return's own status in the same statement, so a double
 * click or a racing admin moves a return once, and its refund (`ref_<return id>`) is
 * recorded once, never beyond what is still refundable on the payment.
 */
import { and, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import { auditEntryIf } from "../db/queries/audit";
import { orderHistory, orderLines, orders, returnLines, returns } from "../db/schema";
import { refundableForLine } from "../domain/pricing";
import { returnLinesProblem, returnRefundCents, returnWindowProblem, type ReturnReason, type ReturnableLine } from "../domain/returns";
import { newId } from "../lib/ids";
import { ApiError } from "../lib/problem";
import { applyEventEffects, type LifecycleDeps } from "./effects";
import { runOrderEvent, syncPaymentStatus } from "./events";

export type ReturnRow = typeof returns.$inferSelect;
export type ReturnLineRow = typeof returnLines.$inferSelect;

export interface ReturnView {
  id: string;
  orderId: string;
  status: ReturnRow["status"];
  note: string | null;
  refundShipping: boolean;
  refundCents: number;
  currency: string;
  lines: { sku: string; name: string; quantity: number; receivedQuantity: number; reason: ReturnReason }[];
  createdAt: string;
  updatedAt: string;
}

async function linesOf(deps: LifecycleDeps, orderId: string) {
  return deps.db.select().from(orderLines).where(eq(orderLines.orderId, orderId));
}

/** What the shopper paid for each line, after its discount when the order has one. */
function returnable(line: typeof orderLines.$inferSelect): ReturnableLine {
  return { sku: line.sku, quantity: line.quantity, paidCents: refundableForLine(line) };
}

export async function returnsOf(deps: LifecycleDeps, orderId: string): Promise<ReturnView[]> {
  const { db } = deps;
  const [rows, lines, bought, order] = await db.batch([
    db.select().from(returns).where(eq(returns.orderId, orderId)).orderBy(returns.createdAt),
    db.select().from(returnLines).where(inArray(returnLines.returnId, db.select({ id: returns.id }).from(returns).where(eq(returns.orderId, orderId)))),
    db.select({ sku: orderLines.sku, name: orderLines.name }).from(orderLines).where(eq(orderLines.orderId, orderId)),
    db.select({ currency: orders.currency }).from(orders).where(eq(orders.id, orderId)),
  ]);
  const names = new Map(bought.map((line) => [line.sku, line.name]));
  return rows.map((row) => ({
    id: row.id,
    orderId: row.orderId,
    status: row.status,
    note: row.note,
    refundShipping: row.refundShipping,
    refundCents: row.refundCents,
    currency: order[0]?.currency ?? "USD",
    lines: lines
      .filter((line) => line.returnId === row.id)
      .map((line) => ({ sku: line.sku, name: names.get(line.sku) ?? line.sku, quantity: line.quantity, receivedQuantity: line.receivedQuantity, reason: line.reason })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }));
}

/** Units of a SKU already asked back on this order by returns that were not rejected. */
function unitsReturning(orderId: string, sku: string): SQL {
  return sql`(SELECT coalesce(sum(rl.quantity), 0) FROM return_lines rl JOIN returns r ON r.id = rl.return_id
              WHERE r.order_id = ${orderId} AND r.status != 'rejected' AND rl.sku = ${sku})`;
}

export async function requestReturn(
  deps: LifecycleDeps,
  input: { orderId: string; actorId: string | null; lines: { sku: string; quantity: number; reason: ReturnReason }[]; note?: string; windowDays: number; now?: Date },
): Promise<ReturnView> {
  const { db } = deps;
  const order = await db.query.orders.findFirst({ where: (orders, { eq: equals }) => equals(orders.id, input.orderId) });
  if (!order) throw new ApiError("not_found", "No such order.");
  const delivered = await db
    .select({ at: orderHistory.at })
    .from(orderHistory)
    .where(and(eq(orderHistory.orderId, order.id), eq(orderHistory.eventKey, `order_delivered:${order.id}`)))
    .get();
  const closed = returnWindowProblem({ status: order.status, deliveredAt: delivered?.at ?? null }, input.now ?? new Date(), input.windowDays);
  if (closed) throw new ApiError("invalid_transition", closed);
  const bought = (await linesOf(deps, order.id)).map(returnable);
  const existing = await returnsOf(deps, order.id);
  const returning = new Map<string, number>();
  for (const entry of existing.filter((candidate) => candidate.status !== "rejected")) {
    for (const line of entry.lines) returning.set(line.sku, (returning.get(line.sku) ?? 0) + line.quantity);
  }
  const problem = returnLinesProblem(input.lines, bought, returning);
  if (problem) throw new ApiError("conflict", problem.message, { errors: [problem] });

  const returnId = newId("rtn");
  const key = `return_requested:${returnId}`;
  // Checked again inside the statement: two requests at once cannot together ask back more than was bought.
  const fits = sql.join(
    input.lines.map((line) => sql`${unitsReturning(order.id, line.sku)} + ${line.quantity} <= (SELECT quantity FROM order_lines WHERE order_id = ${order.id} AND sku = ${line.sku})`),
    sql` AND `,
  );
  const result = await runOrderEvent(
    db,
    {
      orderId: order.id,
      key,
      kind: "return_requested",
      from: ["delivered"],
      to: null,
      guard: fits,
      note: `Return requested: ${input.lines.map((line) => `${line.quantity} × ${line.sku}`).join(", ")}`,
      actorId: input.actorId,
      details: { returnId },
    },
    {
      after: (guard) => [
        sql`INSERT INTO returns (id, order_id, status, note) SELECT ${returnId}, ${order.id}, 'requested', ${input.note ?? null} WHERE ${guard(key)}`,
        ...input.lines.map(
          (line) => sql`INSERT INTO return_lines (return_id, sku, quantity, reason) SELECT ${returnId}, ${line.sku}, ${line.quantity}, ${line.reason} WHERE ${guard(key)}`,
        ),
      ],
    },
  );
  if (!result.fresh || !result.event) throw new ApiError("conflict", "The order changed meanwhile (another return may have taken these items); reload it and try again.");
  await applyEventEffects(deps, result.event);
  return (await returnsOf(deps, order.id)).find((entry) => entry.id === returnId)!;
}

async function returnRow(deps: LifecycleDeps, returnId: string) {
  const row = await deps.db.query.returns.findFirst({ where: eq(returns.id, returnId) });
  if (!row) throw new ApiError("not_found", "No such return.");
  return row;
}

async function decide(deps: LifecycleDeps, input: { returnId: string; actorId: string; approve: boolean }): Promise<ReturnView> {
  const { db } = deps;
  const row = await returnRow(deps, input.returnId);
  const to = input.approve ? "approved" : "rejected";
  const key = `return_${to}:${row.id}`;
  const result = await runOrderEvent(
    db,
    {
      orderId: row.orderId,
      key,
      kind: input.approve ? "return_approved" : "return_rejected",
      from: ["delivered"],
      to: null,
      guard: sql`EXISTS (SELECT 1 FROM returns WHERE id = ${row.id} AND status = 'requested')`,
      note: input.approve ? "Return approved" : "Return declined",
      actorId: input.actorId,
      details: { returnId: row.id },
    },
    {
      after: (guard) => [
        sql`UPDATE returns SET status = ${to}, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ${row.id} AND ${guard(key)}`,
        auditEntryIf({ actorId: input.actorId, action: `return.${to}`, entityType: "return", entityId: row.id, details: { orderId: row.orderId }, requestId: deps.requestId }, guard(key)),
      ],
    },
  );
  if (result.event) await applyEventEffects(deps, result.event);
  if (!result.fresh) throw new ApiError("invalid_transition", `A return that is ${(await returnRow(deps, row.id)).status} cannot be ${to}.`);
  return (await returnsOf(deps, row.orderId)).find((entry) => entry.id === row.id)!;
}

export const approveReturn = (deps: LifecycleDeps, input: { returnId: string; actorId: string }) => decide(deps, { ...input, approve: true });
export const rejectReturn = (deps: LifecycleDeps, input: { returnId: string; actorId: string }) => decide(deps, { ...input, approve: false });

/**
 * The items arrived: restock what came back and refund what was paid for it (shipping too
 * when the admin chooses), through the refund path, once.
 */
export async function receiveReturn(
  deps: LifecycleDeps,
  input: { returnId: string; actorId: string; lines: { sku: string; quantity: number }[]; refundShipping: boolean },
): Promise<ReturnView> {
  const { db } = deps;
  const row = await returnRow(deps, input.returnId);
  if (row.status !== "approved") throw new ApiError("invalid_transition", `A return that is ${row.status} cannot be received.`);
  const [order, pricing] = await Promise.all([
    db.query.orders.findFirst({ where: (orders, { eq: equals }) => equals(orders.id, row.orderId) }).then((found) => found!),
    db.query.orderPricing.findFirst({ columns: { taxInclusive: true }, where: (table, { eq: equals }) => equals(table.orderId, row.orderId) }),
  ]);
  const [requested, bought, earlier] = await db.batch([
    db.select().from(returnLines).where(eq(returnLines.returnId, row.id)),
    db.select().from(orderLines).where(eq(orderLines.orderId, row.orderId)),
    db
      .select({ sku: returnLines.sku, received: sql<number>`sum(${returnLines.receivedQuantity})`, shipping: sql<number>`max(${returns.refundShipping})` })
      .from(returnLines)
      .innerJoin(returns, eq(returns.id, returnLines.returnId))
      .where(and(eq(returns.orderId, row.orderId), ne(returns.id, row.id), inArray(returns.status, ["received", "refunded"])))
      .groupBy(returnLines.sku),
  ]);
  for (const line of input.lines) {
    const asked = requested.find((candidate) => candidate.sku === line.sku);
    if (!asked) throw new ApiError("conflict", `${line.sku} is not part of this return.`, { errors: [{ path: line.sku, message: "Not part of this return." }] });
    if (line.quantity > asked.quantity) {
      throw new ApiError("conflict", `At most ${asked.quantity} of ${line.sku} were asked back.`, { errors: [{ path: line.sku, message: `At most ${asked.quantity}.` }] });
    }
  }
  const shippingRefunded = (
    await db
      .select({ n: sql<number>`count(*)` })
      .from(returns)
      .where(and(eq(returns.orderId, row.orderId), ne(returns.id, row.id), eq(returns.refundShipping, true), inArray(returns.status, ["received", "refunded"])))
      .get()
  )?.n;
  // The order's discount is the sum of its line discounts (decision 011): tax was charged on what was left.
  const discountCents = bought.reduce((sum, line) => sum + line.discountCents, 0);
  const refund = returnRefundCents({
    lines: input.lines.map((line) => {
      const item = bought.find((candidate) => candidate.sku === line.sku)!;
      return { line: returnable(item), refundedBefore: Number(earlier.find((entry) => entry.sku === line.sku)?.received ?? 0), received: line.quantity };
    }),
    // In a tax-inclusive market the prices paid already hold the tax: refunding them refunds it.
    money: { taxableCents: order.subtotalCents - discountCents + order.shippingCents, taxCents: order.taxCents, taxAdded: !pricing?.taxInclusive },
    shipping: { cents: order.shippingCents, refund: input.refundShipping, alreadyRefunded: Number(shippingRefunded ?? 0) > 0 },
  });
  const refundId = `ref_${row.id}`;
  const key = `return_received:${row.id}`;
  const remaining = sql`(p.amount_cents - coalesce((SELECT sum(r.amount_cents) FROM refunds r WHERE r.payment_id = p.id AND r.status != 'failed'), 0))`;
  const result = await runOrderEvent(
    db,
    {
      orderId: row.orderId,
      key,
      kind: "return_received",
      from: ["delivered"],
      to: null,
      guard: sql`EXISTS (SELECT 1 FROM returns WHERE id = ${row.id} AND status = 'approved')`,
      note: `Return received: ${input.lines.map((line) => `${line.quantity} × ${line.sku}`).join(", ")}`,
      actorId: input.actorId,
      details: { returnId: row.id, refundId, lines: input.lines },
    },
    {
      after: (guard) => [
        sql`UPDATE returns SET status = 'received', refund_shipping = ${input.refundShipping ? 1 : 0}, refund_id = ${refund.totalCents > 0 ? refundId : null},
              refund_cents = ${refund.totalCents}, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
            WHERE id = ${row.id} AND ${guard(key)}`,
        ...input.lines.map((line) => sql`UPDATE return_lines SET received_quantity = ${line.quantity} WHERE return_id = ${row.id} AND sku = ${line.sku} AND ${guard(key)}`),
        // Through the refund path: capped by what is still refundable on the payment that paid.
        sql`INSERT INTO refunds (id, payment_id, order_id, amount_cents, reason, actor_id)
            SELECT ${refundId}, p.id, p.order_id, min(${refund.totalCents}, ${remaining}), 'return received', ${input.actorId}
            FROM payments p
            WHERE p.order_id = ${row.orderId} AND p.status IN ('succeeded') AND ${refund.totalCents} > 0 AND ${remaining} > 0 AND ${guard(key)}
            ON CONFLICT (id) DO NOTHING`,
        syncPaymentStatus(row.orderId),
        auditEntryIf({ actorId: input.actorId, action: "return.received", entityType: "return", entityId: row.id, details: { refundCents: refund.totalCents, lines: input.lines }, requestId: deps.requestId }, guard(key)),
      ],
    },
  );
  if (result.event) await applyEventEffects(deps, result.event);
  if (!result.fresh) throw new ApiError("invalid_transition", `A return that is ${(await returnRow(deps, row.id)).status} cannot be received.`);
  return (await returnsOf(deps, row.orderId)).find((entry) => entry.id === row.id)!;
}
