import { asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../factory";
import {
  notifications,
  orderHistory,
  orderLines,
  orderPricing,
  orders,
  payments,
  refunds,
  users,
} from "../schema";
import type { OrderEmailData } from "../../domain/email-templates";
import { newId } from "../../lib/ids";
import { orderFilterWhere, type OrderFilter } from "./order-filter";
import { refundableOfPayment } from "../../domain/pricing";

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;
export type RefundRow = typeof refunds.$inferSelect;

export interface OrderAggregate {
  order: OrderRow;
  lines: OrderLineRow[];
  payments: PaymentRow[];
  refunds: RefundRow[];
  history: (typeof orderHistory.$inferSelect)[];
  customer: { id: string; email: string; name: string } | undefined;
  /** Its discounts and shipping method; absent for orders placed before promotions existed. */
  pricing?: typeof orderPricing.$inferSelect;
}

/** The order with everything its view shows, in one D1 batch (one round trip). */
export async function loadOrder(db: Db, orderId: string): Promise<OrderAggregate | undefined> {
  const [[order], lines, paymentRows, refundRows, history, customer, pricing] = await db.batch([
    db.select().from(orders).where(eq(orders.id, orderId)).limit(1),
    db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.sku)),
    db.select().from(payments).where(eq(payments.orderId, orderId)).orderBy(asc(payments.createdAt)),
    db.select().from(refunds).where(eq(refunds.orderId, orderId)).orderBy(asc(refunds.createdAt)),
    db.select().from(orderHistory).where(eq(orderHistory.orderId, orderId)).orderBy(asc(orderHistory.id)),
    // A guest's order has no account: its customer stays undefined and its emails go to guestEmail.
    db
      .select({ id: users.id, email: users.email, name: users.name })
      .from(users)
      .where(eq(users.id, db.select({ userId: orders.userId }).from(orders).where(eq(orders.id, orderId)))),
    db.select().from(orderPricing).where(eq(orderPricing.orderId, orderId)),
  ]);
  if (!order) return undefined;
  return { order, lines, payments: paymentRows, refunds: refundRows, history, customer: customer[0], pricing: pricing[0] };
}

export function paymentView(payment: PaymentRow, paymentRefunds: RefundRow[] = []) {
  const own = paymentRefunds.filter((refund) => refund.paymentId === payment.id);
  return {
    id: payment.id,
    orderId: payment.orderId,
    provider: payment.provider,
    amountCents: payment.amountCents,
    refundedCents: payment.refundedCents,
    currency: payment.currency,
    status: payment.status,
    failureReason: payment.failureReason,
    refundableCents: refundableOfPayment(payment, own),
    refunds: own.map((refund) => ({ id: refund.id, amountCents: refund.amountCents, status: refund.status, reason: refund.reason, createdAt: refund.createdAt })),
    createdAt: payment.createdAt,
    updatedAt: payment.updatedAt,
  };
}

/** The contract's order shape. */
export function orderView(aggregate: OrderAggregate) {
  const { order } = aggregate;
  return {
    id: order.id,
    number: order.number,
    userId: order.userId,
    guestEmail: order.guestEmail,
    status: order.status,
    paymentStatus: order.paymentStatus,
    items: aggregate.lines.map((line) => ({
      sku: line.sku,
      productId: line.productId,
      name: line.name,
      variantTitle: line.variantTitle,
      unitPriceCents: line.unitPriceCents,
      quantity: line.quantity,
      lineTotalCents: line.lineTotalCents,
      discountCents: line.discountCents,
    })),
    subtotalCents: order.subtotalCents,
    discountCents: aggregate.pricing?.discountCents ?? 0,
    discounts: aggregate.pricing?.discounts ?? [],
    shippingMethod: aggregate.pricing?.shippingMethodId
      ? { id: aggregate.pricing.shippingMethodId, name: aggregate.pricing.shippingMethodName ?? "" }
      : null,
    taxCents: order.taxCents,
    taxInclusive: aggregate.pricing?.taxInclusive ?? false,
    taxRates: aggregate.pricing?.taxRates ?? [],
    market: aggregate.pricing?.marketId ?? "us",
    language: aggregate.pricing?.language ?? "en",
    shippingCents: order.shippingCents,
    totalCents: order.totalCents,
    refundedCents: order.refundedCents,
    currency: order.currency,
    shippingAddress: order.shippingAddress,
    billingAddress: order.billingAddress ?? order.shippingAddress,
    carrier: order.carrier,
    trackingNumber: order.trackingNumber,
    payments: aggregate.payments.map((payment) => paymentView(payment, aggregate.refunds)),
    history: aggregate.history.map((entry) => ({ status: entry.status, at: entry.at, ...(entry.note ? { note: entry.note } : {}) })),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}

export type OrderView = ReturnType<typeof orderView>;

export function orderSummaryView(order: OrderRow, itemCount: number) {
  return {
    id: order.id,
    number: order.number,
    userId: order.userId,
    guestEmail: order.guestEmail,
    status: order.status,
    paymentStatus: order.paymentStatus,
    totalCents: order.totalCents,
    currency: order.currency,
    itemCount,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}

export async function listOrders(db: Db, filter: OrderFilter & { page: number; limit: number }) {
  const where = orderFilterWhere(filter);
  const [rows, totals] = await db.batch([
    db
      .select()
      .from(orders)
      .where(where)
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(filter.limit)
      .offset((filter.page - 1) * filter.limit),
    db.select({ total: sql<number>`count(*)` }).from(orders).where(where),
  ]);
  const counts = rows.length
    ? await db
        .select({ orderId: orderLines.orderId, items: sql<number>`sum(${orderLines.quantity})` })
        .from(orderLines)
        .where(inArray(orderLines.orderId, rows.map((row) => row.id)))
        .groupBy(orderLines.orderId)
    : [];
  const itemsByOrder = new Map(counts.map((row) => [row.orderId, Number(row.items)]));
  return {
    items: rows.map((row) => orderSummaryView(row, itemsByOrder.get(row.id) ?? 0)),
    total: Number(totals[0]?.total ?? 0),
  };
}

export function orderEmailData(aggregate: OrderAggregate, appOrigin: string, extra: Partial<OrderEmailData> = {}): OrderEmailData {
  const { order } = aggregate;
  return {
    customerName: aggregate.customer?.name ?? (order.userId === null ? order.shippingAddress.name : "there"),
    orderNumber: order.number,
    orderUrl: `${appOrigin}/orders/${order.id}`,
    currency: order.currency,
    language: aggregate.pricing?.language ?? "en",
    taxInclusive: aggregate.pricing?.taxInclusive ?? false,
    lines: aggregate.lines.map((line) => ({ name: line.name, variantTitle: line.variantTitle, quantity: line.quantity, lineTotalCents: line.lineTotalCents })),
    subtotalCents: order.subtotalCents,
    discounts: (aggregate.pricing?.discounts ?? []).map(({ name, code, amountCents }) => ({ name, ...(code ? { code } : {}), amountCents })),
    shippingMethodName: aggregate.pricing?.shippingMethodName ?? null,
    shippingCents: order.shippingCents,
    taxCents: order.taxCents,
    totalCents: order.totalCents,
    carrier: order.carrier,
    trackingNumber: order.trackingNumber,
    refundedCents: order.refundedCents,
    ...extra,
  };
}

/** Where an order's emails go: the account's address, or the guest's. */
export function orderEmailAddress(aggregate: Pick<OrderAggregate, "order" | "customer">): string | null {
  return aggregate.customer?.email ?? aggregate.order.guestEmail ?? null;
}

export function notify(
  db: Db,
  notification: { userId: string; type: string; message: string; orderId?: string; dedupeKey: string },
) {
  return db
    .insert(notifications)
    .values({ id: newId("ntf"), ...notification, orderId: notification.orderId ?? null })
    .onConflictDoNothing({ target: notifications.dedupeKey });
}
