/**
 * Checkout's pricing and the promotion uses an order holds. Uses are reserved in each
 * promotion's PromotionUsage object next to the stock hold, under the same reservation id
 * (the payment attempt's), committed when the charge succeeds and released when the order does
 * not sell, exactly like stock (docs/decisions/011-promotions-and-shipping.md).
 */
import type { Db } from "../factory";
import type { CurrentVariant } from "../domain/cart";
import type { PricedOrder } from "../domain/pricing";
import { codeProblemText, normaliseEmailForUsage, normalizeCode, promotionProblem, type Promotion } from "../domain/promotions";
import type { ShippingMethod } from "../domain/shipping";
import type { Market } from "../domain/markets";
import { orderPricing, promotionRedemptions } from "../db/schema";
import { priceWith, type PricingData } from "../db/queries/pricing";
import { redemptionsOfOrder, setRedemptionStatus } from "../db/queries/promotions";
import { ApiError } from "../lib/problem";

export interface CheckoutPricing {
  priced: PricedOrder;
  method: ShippingMethod;
  /** The promotions that gave this order something, with their limits. */
  applied: Promotion[];
  discountOf(sku: string): number;
}

/**
 * Prices the cart for the address and the chosen method, with what checkout's batch read
 * (`pricingReads`); 409 when nothing ships there or the method is not offered.
 */
export function checkoutPricing(
  data: PricingData,
  input: {
    lines: readonly { sku: string; quantity: number }[];
    current: ReadonlyMap<string, CurrentVariant>;
    country: string;
    methodId: string | undefined;
    code: string | null;
    customer: { userId: string | null; email: string | null };
    market?: Market;
  },
): CheckoutPricing {
  const now = new Date();
  const { priced, shipping, promotions, usage, buyerEmail } = priceWith(data, {
    lines: input.lines.map((line) => {
      const variant = input.current.get(line.sku)!;
      return { sku: line.sku, productId: variant.productId, categoryId: variant.categoryId ?? null, unitPriceCents: variant.priceCents, quantity: line.quantity };
    }),
    country: input.country,
    methodId: input.methodId,
    code: input.code,
    customer: { userId: input.customer.userId, email: normaliseEmailForUsage(input.customer.email) },
    now,
    ...(input.market ? { market: input.market } : {}),
  });
  if (!shipping?.ok) {
    const message =
      shipping?.reason === "method_not_offered"
        ? "That shipping method is not offered for this address. Choose one of the methods listed for its country."
        : "We do not ship to this country yet.";
    throw new ApiError("conflict", message, { errors: [{ path: shipping?.reason === "method_not_offered" ? "shippingMethodId" : "shippingAddress.country", message }] });
  }
  // The cart's code must still hold for this buyer: checkout never quietly charges more than the
  // cart showed. Its use limits are the PromotionUsage objects' to refuse (`reservePromotionUses`).
  if (input.code) {
    const promotion = promotions.find((candidate) => candidate.code !== null && candidate.code === normalizeCode(input.code!));
    const problem = promotion ? promotionProblem(promotion, now, usage[promotion.id], buyerEmail) : "inactive";
    if (problem && problem !== "exhausted" && problem !== "customer_limit") {
      const message = `${codeProblemText(problem)} Remove it from your cart to check out without it.`;
      throw new ApiError("conflict", message, { errors: [{ path: "discountCode", message }] });
    }
  }
  const appliedIds = new Set(priced.discounts.map((entry) => entry.promotionId));
  const discounts = new Map(priced.lines.map((line) => [line.sku, line.discountCents]));
  return {
    priced,
    method: shipping.method,
    applied: promotions.filter((promotion) => appliedIds.has(promotion.id)),
    discountOf: (sku) => discounts.get(sku) ?? 0,
  };
}

/**
 * Holds one use of every applied promotion under `reservationId`, all or nothing: when one
 * is used up, the holds taken so far are released and a 409 names it (the shopper's cart then
 * shows the price without it).
 */
export async function reservePromotionUses(
  env: Env,
  reservationId: string,
  pricing: CheckoutPricing,
  ttlSeconds: number,
  customer: { userId: string | null; email: string | null },
): Promise<void> {
  // A limit (in all, or per customer) needs the object's count; the others are counted in D1.
  const limited = pricing.applied.filter((promotion) => promotion.usageLimit !== null || promotion.perCustomerLimit !== null);
  if (limited.length === 0) return;
  const email = normaliseEmailForUsage(customer.email);
  const keys = [...(customer.userId ? [`account:${customer.userId}`] : []), ...(email ? [`email:${email}`] : [])];
  // Side by side (one round trip), then all or nothing: any refusal gives back every hold.
  const results = await Promise.allSettled(
    limited.map((promotion) =>
      env.PROMOTION_USAGE.getByName(promotion.id).reserve(
        reservationId,
        promotion.usageLimit,
        ttlSeconds,
        promotion.perCustomerLimit !== null && keys.length > 0 ? { keys, limit: promotion.perCustomerLimit } : null,
      ),
    ),
  );
  const refused = limited.find((_, index) => {
    const result = results[index]!;
    return result.status === "rejected" || !result.value.ok;
  });
  if (!refused) return;
  await releasePromotionUses(env, [reservationId], limited.map((promotion) => promotion.id));
  const failure = results.find((result) => result.status === "rejected");
  if (failure?.status === "rejected") throw failure.reason;
  const refusal = results[limited.indexOf(refused)];
  const byCustomer = refusal?.status === "fulfilled" && !refusal.value.ok && refusal.value.reason === "customer_limit";
  const message = byCustomer
    ? `${codeProblemText("customer_limit")}${refused.code ? ` (${refused.code})` : ""}`
    : refused.code
      ? `${codeProblemText("exhausted")} (${refused.code})`
      : `${refused.name} has just ended. Review your cart and try again.`;
  throw new ApiError("conflict", message, { errors: [{ path: "discountCode", message }] });
}

export async function releasePromotionUses(env: Env, reservationIds: readonly string[], promotionIds: readonly string[]): Promise<void> {
  await Promise.all(promotionIds.flatMap((id) => reservationIds.map((reservationId) => env.PROMOTION_USAGE.getByName(id).release(reservationId))));
}

/** The order's discounts and method, and one redemption per applied promotion, for checkout's batch. */
export function pricingStatements(
  db: Db,
  input: { orderId: string; pricing: CheckoutPricing; userId: string | null; email: string | null; marketId?: string; language?: string },
) {
  const { priced, method } = input.pricing;
  const pricingRow = db.insert(orderPricing).values({
    orderId: input.orderId,
    discountCents: priced.discountCents,
    discounts: priced.discounts,
    shippingMethodId: method.id,
    shippingMethodName: method.name,
    ...(input.marketId ? { marketId: input.marketId } : {}),
    ...(input.language ? { language: input.language } : {}),
    taxInclusive: priced.taxInclusive,
    taxRates: priced.taxRates,
  });
  const redemptions = priced.discounts.map((entry) =>
    db.insert(promotionRedemptions).values({
      id: `red_${input.orderId}_${entry.promotionId}`,
      promotionId: entry.promotionId,
      orderId: input.orderId,
      userId: input.userId,
      email: normaliseEmailForUsage(input.email),
      code: entry.code ?? null,
      amountCents: entry.amountCents,
    }),
  );
  return [pricingRow, ...redemptions] as const;
}

/** Keeps (on a successful charge) or gives back (when the order does not sell) an order's promotion uses. */
export async function settlePromotionUses(db: Db, env: Env, orderId: string, reservationIds: readonly string[], outcome: "commit" | "release"): Promise<void> {
  const redemptions = await redemptionsOfOrder(db, orderId);
  if (redemptions.length === 0) return;
  const ids = redemptions.map((row) => row.promotionId);
  if (outcome === "commit") {
    const results = await Promise.all(ids.flatMap((id) => reservationIds.map((reservationId) => env.PROMOTION_USAGE.getByName(id).commit(reservationId))));
    // A commit refused after a release (the order was cancelled meanwhile) keeps D1 as it is.
    if (results.every((result) => result.ok)) await setRedemptionStatus(db, orderId, "committed");
    return;
  }
  await releasePromotionUses(env, reservationIds, ids);
  await setRedemptionStatus(db, orderId, "released");
}
