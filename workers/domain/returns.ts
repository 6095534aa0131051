/**
 * Returns, as rules with no I/O: who may ask for what, and how much receiving it refunds.
 *
 *   requested → approved → received → refunded
 *   requested → rejected
 *
 * A refund gives back what was paid for the units that came back: their share of the line
 * after its discount, and that share of the tax. Shares are cumulative (the first k of n
 * units refund floor(paid × k / n)), so returning a line unit by unit adds up to exactly what
 * was paid for it, never a cent more.
 */
export const RETURN_STATUSES = ["requested", "approved", "rejected", "received", "refunded"] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

/** Days after delivery within which a return may be requested, unless configured otherwise. */
export const DEFAULT_RETURN_WINDOW_DAYS = 30;

export const RETURN_REASONS = ["changed_mind", "wrong_size", "damaged", "not_as_described", "arrived_late", "other"] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

export const RETURN_REASON_LABELS: Record<ReturnReason, string> = {
  changed_mind: "I changed my mind",
  wrong_size: "Wrong size or fit",
  damaged: "Arrived damaged",
  not_as_described: "Not as described",
  arrived_late: "Arrived too late",
  other: "Another reason",
};

export interface ReturnableLine {
  sku: string;
  quantity: number;
  /** What the line cost after its discount (tax not included). */
  paidCents: number;
}

export interface OrderMoney {
  /** Goods after discounts plus shipping: what tax was charged on. */
  taxableCents: number;
  taxCents: number;
  /** Whether tax was added on top of prices (it was part of the total). */
  taxAdded: boolean;
}

/** May a return be asked for now? The order must be delivered, and the window open. */
export function returnWindowProblem(
  order: { status: string; deliveredAt: string | null },
  now: Date,
  windowDays: number,
): string | null {
  if (order.status !== "delivered" || !order.deliveredAt) return "Only a delivered order can be returned.";
  const closes = new Date(order.deliveredAt).getTime() + windowDays * 24 * 60 * 60 * 1000;
  if (now.getTime() > closes) return `Returns close ${windowDays} days after delivery; this order's window has closed.`;
  return null;
}

/**
 * Checks a requested return against what was bought and what is already being returned
 * (requested, approved, received or refunded; rejected returns free their units again).
 */
export function returnLinesProblem(
  requested: readonly { sku: string; quantity: number }[],
  bought: readonly ReturnableLine[],
  alreadyReturning: ReadonlyMap<string, number>,
): { path: string; message: string } | null {
  const seen = new Set<string>();
  for (const line of requested) {
    if (seen.has(line.sku)) return { path: line.sku, message: "Each item may appear once in a return." };
    seen.add(line.sku);
    const item = bought.find((candidate) => candidate.sku === line.sku);
    if (!item) return { path: line.sku, message: "This item is not part of the order." };
    const left = item.quantity - (alreadyReturning.get(line.sku) ?? 0);
    if (line.quantity > left) {
      return { path: line.sku, message: left <= 0 ? "Every unit of this item is already being returned." : `At most ${left} of this item can still be returned.` };
    }
  }
  return null;
}

/** The goods share of `count` more units of a line, after `before` units were already refunded. */
export function goodsRefundCents(line: ReturnableLine, before: number, count: number): number {
  const upTo = (units: number) => Math.floor((line.paidCents * units) / line.quantity);
  return upTo(before + count) - upTo(before);
}

/** The tax that was charged on `goodsCents` of this order. */
export function taxShareCents(goodsCents: number, money: OrderMoney): number {
  if (!money.taxAdded || money.taxableCents <= 0) return 0;
  return Math.floor((goodsCents * money.taxCents) / money.taxableCents);
}

/**
 * What receiving these units refunds: per line, its goods share and that share of the tax;
 * plus, when the admin chooses, the shipping (with its tax), once per order.
 */
export function returnRefundCents(input: {
  lines: readonly { line: ReturnableLine; refundedBefore: number; received: number }[];
  money: OrderMoney;
  shipping: { cents: number; refund: boolean; alreadyRefunded: boolean };
}): { goodsCents: number; taxCents: number; shippingCents: number; totalCents: number } {
  const goodsCents = input.lines.reduce((sum, entry) => sum + goodsRefundCents(entry.line, entry.refundedBefore, entry.received), 0);
  const shippingCents = input.shipping.refund && !input.shipping.alreadyRefunded ? input.shipping.cents : 0;
  const taxCents = taxShareCents(goodsCents + shippingCents, input.money);
  return { goodsCents, taxCents, shippingCents, totalCents: goodsCents + shippingCents + taxCents };
}
