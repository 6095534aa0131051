/**
 * Order totals in integer cents. Pure, so checkout, the cart page and the tests agree.
 *
 * Shipping: a flat rate, free from a threshold. Tax: a per-country standard rate on goods and
 * shipping, rounded half up to the cent. These are the store's published rules, not a tax
 * engine: a production store would replace `taxRateFor` with its tax provider's answer.
 */
export const FREE_SHIPPING_THRESHOLD_CENTS = 7_500;
export const FLAT_SHIPPING_CENTS = 599;

/** Basis points (1/100 of a percent), so rates stay integers too. */
const TAX_RATE_BPS: Record<string, number> = {
  US: 0,
  CA: 500,
  GB: 2_000,
  IE: 2_300,
  DE: 1_900,
  FR: 2_000,
  NL: 2_100,
  ES: 2_100,
  IT: 2_200,
  AU: 1_000,
  NZ: 1_500,
  JP: 1_000,
};

export function taxRateFor(country: string): number {
  return TAX_RATE_BPS[country.toUpperCase()] ?? 0;
}

export interface PricedLine {
  unitPriceCents: number;
  quantity: number;
}

export interface OrderTotals {
  subtotalCents: number;
  shippingCents: number;
  taxCents: number;
  totalCents: number;
}

export function lineTotal(line: PricedLine): number {
  assertCents(line.unitPriceCents);
  if (!Number.isInteger(line.quantity) || line.quantity < 1) throw new RangeError("quantity must be a positive integer");
  return line.unitPriceCents * line.quantity;
}

/** Rounds `amount × bps / 10000` half up, in integers only. */
export function applyBasisPoints(amountCents: number, bps: number): number {
  return Math.floor((amountCents * bps + 5_000) / 10_000);
}

export function orderTotals(lines: readonly PricedLine[], country: string): OrderTotals {
  const subtotalCents = lines.reduce((sum, line) => sum + lineTotal(line), 0);
  const shippingCents = subtotalCents === 0 || subtotalCents >= FREE_SHIPPING_THRESHOLD_CENTS ? 0 : FLAT_SHIPPING_CENTS;
  const taxCents = applyBasisPoints(subtotalCents + shippingCents, taxRateFor(country));
  return { subtotalCents, shippingCents, taxCents, totalCents: subtotalCents + shippingCents + taxCents };
}

function assertCents(value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError("money must be a non-negative integer of cents");
}

/** How much of a payment may still be refunded. */
export function refundableCents(paidCents: number, refundedCents: number): number {
  return Math.max(0, paidCents - refundedCents);
}

/**
 * What may still be refunded on a payment: nothing unless it was taken, else the amount
 * minus every refund done or under way (a failed refund frees its amount again).
 */
export function refundableOfPayment(
  payment: { amountCents: number; status: string },
  refunds: readonly { amountCents: number; status: string }[],
): number {
  if (payment.status !== "succeeded") return 0;
  const claimed = refunds.filter((refund) => refund.status !== "failed").reduce((sum, refund) => sum + refund.amountCents, 0);
  return refundableCents(payment.amountCents, claimed);
}
