/**
 * Prices a cart with what D1 holds now: the promotions that may apply, their usage, and the
 * shipping zones. One function for the cart view, the methods list and checkout, so the three
 * agree (docs/decisions/011-promotions-and-shipping.md).
 */
import type { Db } from "../../factory";
import { priceOrder, type PricedOrder } from "../../domain/pricing";
import type { Promotion, PromotionLine, PromotionUsage } from "../../domain/promotions";
import { chooseMethod, type ShippingMethod, type ShippingZone } from "../../domain/shipping";
import { pricingPromotions, type CustomerIdentity } from "./promotions";
import { listShippingZones } from "./shipping";
import { taxRulesOf, type Market } from "../../domain/markets";

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

export async function priceCart(
  db: Db,
  input: {
    lines: readonly PromotionLine[];
    /** Null on the cart page before an address is known. */
    country: string | null;
    methodId?: string | null;
    code?: string | null;
    customer: CustomerIdentity;
    now?: Date;
    /** Its shipping zones and tax rules apply; without one, the base market's. */
    market?: Market;
  },
): Promise<CartPricing> {
  const [{ promotions, usage, accountEmail }, zones] = await Promise.all([
    pricingPromotions(db, input.code, input.customer),
    listShippingZones(db, input.market?.id),
  ]);
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
  const buyable = view.items.filter((item) => !item.unavailable);
  const { priced } = await priceCart(db, {
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
