/**
 * Prices a cart with what D1 holds now: the promotions that may apply, their usage, and the
 * shipping zones. One function for the cart view, the methods list and checkout, so the three
 * agree (docs/decisions/011-promotions-and-shipping.md).
 */
import type { Db } from "../../factory";
import { priceOrder, type PricedOrder } from "../../domain/pricing";
import type { Promotion, PromotionLine, PromotionUsage } from "../../domain/promotions";
import { chooseMethod, type ShippingMethod, type ShippingZone } from "../../domain/shipping";
import { pricingPromotionsQuery, toPricingPromotions, type CustomerIdentity, type PricingPromotions } from "./promotions";
import { shippingZonesQueries, toZoneViews } from "./shipping";
import { promotionInMarket, taxRulesOf, type Market } from "../../domain/markets";

export interface CartPricing {
  priced: PricedOrder;
  zones: ShippingZone[];
  /** The method priced: the chosen one, the zone's first, or (without a country) the home zone's first. */
  method: ShippingMethod | null;
  shipping: ReturnType<typeof chooseMethod> | null;
  promotions: Promotion[];
  usage: Record<string, PromotionUsage>;
  /** Whose email a code issued to one customer is compared with; undefined while not known (a guest's cart). */
  buyerEmail: string | null | undefined;
}

export interface PriceCartInput {
  lines: readonly PromotionLine[];
  /** Null on the cart page before an address is known. */
  country: string | null;
  methodId?: string | null;
  code?: string | null;
  customer: CustomerIdentity;
  now?: Date;
  /** Its shipping zones and tax rules apply; without one, the base market's. */
  market?: Market;
}

export async function priceCart(db: Db, input: PriceCartInput): Promise<CartPricing> {
  const [promotionRows, zoneRows, methodRows] = await db.batch(pricingReads(db, { code: input.code, customer: input.customer, marketId: input.market?.id }));
  return priceWith({ promotions: toPricingPromotions(promotionRows), zones: toZoneViews(zoneRows, methodRows) }, input);
}

/**
 * What pricing a cart reads from D1 (its promotions with their usage, the market's zones and
 * methods), as statements for a D1 batch, so a route can read them in the same round trip as
 * the cart's variants. `priceWith` prices with what they answered.
 */
export function pricingReads(db: Db, input: { code?: string | null | undefined; customer: CustomerIdentity; marketId?: string | undefined }) {
  return [pricingPromotionsQuery(db, input.code, input.customer), ...shippingZonesQueries(db, input.marketId)] as const;
}

export interface PricingData {
  promotions: PricingPromotions;
  zones: ShippingZone[];
}

/** Prices a cart with what `pricingReads` read: no I/O. */
export function priceWith(data: PricingData, input: PriceCartInput): CartPricing {
  const { promotions: { promotions: basePromotions, usage, accountEmail }, zones } = data;
  const market = input.market;
  const promotions = market ? basePromotions.map((promotion) => promotionInMarket(promotion, market)) : basePromotions;
  // A signed-in buyer is known by the account's email; a guest by the email given at checkout.
  const buyerEmail = input.customer.userId ? accountEmail : (input.customer.email ?? undefined);
  const shipping = input.country ? chooseMethod(zones, input.country, input.methodId) : null;
  const method = shipping ? (shipping.ok ? shipping.method : null) : (zones[0]?.methods[0] ?? null);
  const priced = priceOrder({
    lines: input.lines,
    country: input.country ?? "",
    method,
    promotions,
    code: input.code ?? null,
    now: input.now ?? new Date(),
    usage,
    buyerEmail,
    ...(input.market ? { tax: taxRulesOf(input.market) } : {}),
  });
  return { priced, zones, method, shipping, promotions, usage, buyerEmail };
}

interface CartViewLike {
  items: { sku: string; productId: string; unitPriceCents: number; quantity: number; unavailable: boolean }[];
}

/**
 * A cart view with its discounts: per line `discountCents`, the applied `discounts`, their sum,
 * the cart's code, and how much more makes the home zone's first method free.
 */
export async function withDiscounts<V extends CartViewLike>(
  db: Db,
  view: V,
  current: ReadonlyMap<string, { categoryId?: string | null }>,
  code: string | null,
  customer: CustomerIdentity,
  market?: Market,
) {
  const [promotionRows, zoneRows, methodRows] = await db.batch(pricingReads(db, { code, customer, marketId: market?.id }));
  return discountedWith({ promotions: toPricingPromotions(promotionRows), zones: toZoneViews(zoneRows, methodRows) }, view, current, code, customer, market);
}

/** `withDiscounts` with what `pricingReads` already read (in the caller's own batch): no I/O. */
export function discountedWith<V extends CartViewLike>(
  data: PricingData,
  view: V,
  current: ReadonlyMap<string, { categoryId?: string | null }>,
  code: string | null,
  customer: CustomerIdentity,
  market?: Market,
) {
  const buyable = view.items.filter((item) => !item.unavailable);
  const { priced } = priceWith(data, {
    lines: buyable.map((item) => ({
      sku: item.sku,
      productId: item.productId,
      categoryId: current.get(item.sku)?.categoryId ?? null,
      unitPriceCents: item.unitPriceCents,
      quantity: item.quantity,
    })),
    country: null,
    code,
    customer,
    ...(market ? { market } : {}),
  });
  const discountOf = new Map(priced.lines.map((line) => [line.sku, line.discountCents]));
  return {
    ...view,
    items: view.items.map((item): V["items"][number] & { discountCents: number } => ({ ...item, discountCents: item.unavailable ? 0 : (discountOf.get(item.sku) ?? 0) })),
    discounts: priced.discounts,
    discountCents: priced.discountCents,
    discountCode: code,
    freeShipping: priced.freeShipping,
    freeShippingRemainingCents: priced.freeShippingRemainingCents,
  };
}
