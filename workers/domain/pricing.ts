/**
 * Order totals in integer cents. Pure, so checkout, the cart page and the tests agree.
 *
 * Shipping: the chosen method's rate (workers/domain/shipping.ts); `orderTotals` keeps the
 * historic Standard rate for callers without a method. Tax: the market's rules (workers/domain/tax.ts),
 * added on top or contained in the prices; without a market, the base market's per-country table.
 */
import { applyBasisPoints } from "./basis-points";
import { applyPromotions, type AppliedDiscount, type Promotion, type PromotionLine, type PromotionUsage } from "./promotions";
import { quoteTax, totalWithTax, type TaxQuote, type TaxRateUsed, type TaxRules } from "./tax";
import { DEFAULT_STANDARD_METHOD, freeShippingRemainingCents, shippingCharge, type ShippingMethod } from "./shipping";

export { applyBasisPoints };

export const FREE_SHIPPING_THRESHOLD_CENTS = DEFAULT_STANDARD_METHOD.freeOverCents!;
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

/** The base market's rules, for callers that price without a market. */
export const BASE_TAX_RULES: TaxRules = { inclusive: false, rates: TAX_RATE_BPS, taxShipping: true };

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

export function orderTotals(lines: readonly PricedLine[], country: string): OrderTotals {
  const subtotalCents = lines.reduce((sum, line) => sum + lineTotal(line), 0);
  const shippingCents = subtotalCents === 0 ? 0 : shippingCharge(DEFAULT_STANDARD_METHOD, subtotalCents);
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

export interface PricingInput {
  lines: readonly PromotionLine[];
  country: string;
  /** The chosen shipping method; null when none applies (nothing is charged for shipping). */
  method: ShippingMethod | null;
  promotions?: readonly Promotion[];
  code?: string | null;
  now?: Date;
  usage?: Readonly<Record<string, PromotionUsage>>;
  /** See `PromotionInput.buyerEmail`: undefined while not known. */
  buyerEmail?: string | null;
  /**
   * The market's tax rules (decision 013); without them, the base market's table (tax added).
   * `taxQuote` is an answer a tax provider already gave for this order's figures, and wins.
   */
  tax?: TaxRules;
  taxQuote?: TaxQuote;
}

export interface PricedOrder extends OrderTotals {
  /** Whether `taxCents` is contained in the prices (and not added to the total). */
  taxInclusive: boolean;
  taxRates: TaxRateUsed[];
  discountCents: number;
  /** In sku order; `lineTotalCents − discountCents` is what the line costs. */
  lines: { sku: string; lineTotalCents: number; discountCents: number }[];
  discounts: AppliedDiscount[];
  freeShipping: boolean;
  /** How much more makes the method free; null when no threshold applies. */
  freeShippingRemainingCents: number | null;
}

/**
 * The whole price of a cart, in one order of steps (decision 011): subtotal → promotions →
 * shipping on the discounted subtotal (zero with a free-shipping promotion) → tax on the
 * discounted goods plus shipping → total. Always
 * `subtotalCents − discountCents + shippingCents + taxCents = totalCents` when tax is added, and
 * `subtotalCents − discountCents + shippingCents = totalCents` when the prices contain it.
 */
export function priceOrder(input: PricingInput): PricedOrder {
  const subtotalCents = input.lines.reduce((sum, line) => sum + lineTotal(line), 0);
  const empty = input.lines.length === 0;
  const estimate = input.method && !empty ? shippingCharge(input.method, subtotalCents) : 0;
  const promotion = applyPromotions({
    lines: input.lines,
    promotions: input.promotions ?? [],
    code: input.code ?? null,
    now: input.now ?? new Date(),
    usage: input.usage,
    ...(input.buyerEmail !== undefined ? { buyerEmail: input.buyerEmail } : {}),
    shippingCentsEstimate: estimate,
  });
  const discountedCents = subtotalCents - promotion.discountCents;
  const shippingCents = empty || !input.method || promotion.freeShipping ? 0 : shippingCharge(input.method, discountedCents);
  const tax =
    input.taxQuote ??
    quoteTax(input.tax ?? BASE_TAX_RULES, { country: input.country, currency: "", goodsCents: discountedCents, shippingCents });
  const bySku = new Map(input.lines.map((line) => [line.sku, line]));
  return {
    subtotalCents,
    discountCents: promotion.discountCents,
    shippingCents,
    taxCents: tax.taxCents,
    taxInclusive: tax.inclusive,
    taxRates: tax.rates,
    totalCents: totalWithTax(discountedCents, shippingCents, tax),
    lines: promotion.lines.map((line) => ({ sku: line.sku, lineTotalCents: lineTotal(bySku.get(line.sku)!), discountCents: line.discountCents })),
    discounts: promotion.discounts,
    freeShipping: promotion.freeShipping,
    freeShippingRemainingCents:
      empty || !input.method || promotion.freeShipping ? null : freeShippingRemainingCents(input.method, discountedCents),
  };
}

/**
 * What was paid for an order line: its total less its discount. Refunds and returns never pay
 * back more than this for a line.
 */
export function refundableForLine(line: { lineTotalCents: number; discountCents?: number | null }): number {
  return Math.max(0, line.lineTotalCents - (line.discountCents ?? 0));
}
