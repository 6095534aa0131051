import { and, desc, eq, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { Db } from "../../factory";
import { normaliseEmailForUsage, normalizeCode, type Promotion, type PromotionUsage } from "../../domain/promotions";
import { BASE_CURRENCY } from "../../domain/markets";
import { orders, promotionRedemptions, promotions } from "../schema";

type PromotionRow = typeof promotions.$inferSelect;

export function toPromotion(row: PromotionRow): Promotion {
  return {
    id: row.id,
    name: row.name,
    code: row.code,
    kind: row.kind,
    value: row.value,
    appliesTo: row.appliesTo ?? null,
    minSubtotalCents: row.minSubtotalCents,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    usageLimit: row.usageLimit,
    perCustomerLimit: row.perCustomerLimit,
    exclusive: row.exclusive,
    active: row.active,
    buyQuantity: row.buyQuantity,
    getQuantity: row.getQuantity,
    maxApplications: row.maxApplications,
    customerEmail: row.customerEmail,
  };
}

export async function findPromotionByCode(db: Db, code: string): Promise<Promotion | undefined> {
  const row = await db.select().from(promotions).where(eq(promotions.code, normalizeCode(code))).get();
  return row ? toPromotion(row) : undefined;
}

/** Who a customer is for per-customer limits: the account, and the email (guests, or the same person signed out). */
export interface CustomerIdentity {
  userId?: string | null;
  email?: string | null;
}

/**
 * The promotions that may apply to a cart (active automatic ones and the cart's code) with
 * their usage: uses not given back, in all and by this customer. These D1 counts decide what a
 * cart is shown; checkout asks each promotion's PromotionUsage object, the authority.
 */
export async function pricingPromotions(
  db: Db,
  code: string | null | undefined,
  customer: CustomerIdentity,
): Promise<PricingPromotions> {
  return toPricingPromotions(await pricingPromotionsQuery(db, code, customer));
}

export interface PricingPromotions {
  promotions: Promotion[];
  usage: Record<string, PromotionUsage>;
  accountEmail: string | null;
}

/** `pricingPromotions`' one query, as a statement for a D1 batch (see `toPricingPromotions`). */
export function pricingPromotionsQuery(db: Db, code: string | null | undefined, customer: CustomerIdentity) {
  const email = normaliseEmailForUsage(customer.email);
  // Written out with table names: drizzle leaves columns unqualified here, and inside the
  // subquery "id" would name the redemption's own column.
  const mine =
    customer.userId || email
      ? sql`(${customer.userId ? sql`r.user_id = ${customer.userId}` : sql`0`} OR ${email ? sql`r.email = ${email}` : sql`0`})`
      : null;
  // One query: the promotions with their counts (only limited ones need them), on the checkout path.
  return db
    .select({
      promotion: promotions,
      used: sql<number>`CASE WHEN promotions.usage_limit IS NULL AND promotions.per_customer_limit IS NULL THEN 0 ELSE (SELECT count(*) FROM promotion_redemptions r WHERE r.promotion_id = promotions.id AND r.status != 'released') END`.as("p_used"),
      byCustomer: mine
        ? sql<number>`CASE WHEN promotions.per_customer_limit IS NULL THEN 0 ELSE (SELECT count(*) FROM promotion_redemptions r WHERE r.promotion_id = promotions.id AND r.status != 'released' AND ${mine}) END`.as("p_by_customer")
        : sql<number>`0`.as("p_by_customer"),
      // The account's email rides along (same query) for codes issued to one customer.
      accountEmail: customer.userId ? sql<string | null>`(SELECT email FROM users WHERE users.id = ${customer.userId})`.as("p_account_email") : sql<string | null>`NULL`.as("p_account_email"),
    })
    .from(promotions)
    .where(and(eq(promotions.active, true), code ? or(isNull(promotions.code), eq(promotions.code, normalizeCode(code))) : isNull(promotions.code)));
}

export function toPricingPromotions(
  rows: readonly { promotion: PromotionRow; used: number; byCustomer: number; accountEmail: string | null }[],
): PricingPromotions {
  const usage: Record<string, PromotionUsage> = {};
  for (const row of rows) usage[row.promotion.id] = { used: Number(row.used), byCustomer: Number(row.byCustomer) };
  return { promotions: rows.map((row) => toPromotion(row.promotion)), usage, accountEmail: rows[0]?.accountEmail ?? null };
}

function customerMatch(customer: CustomerIdentity) {
  const email = customer.email?.trim().toLowerCase();
  const parts = [
    ...(customer.userId ? [eq(promotionRedemptions.userId, customer.userId)] : []),
    ...(email ? [eq(promotionRedemptions.email, email)] : []),
  ];
  return parts.length ? or(...parts) : undefined;
}

/** Uses of a promotion by one customer that were not given back (checkout's per-customer check). */
export async function customerRedemptions(db: Db, promotionId: string, customer: CustomerIdentity): Promise<number> {
  const mine = customerMatch(customer);
  if (!mine) return 0;
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(promotionRedemptions)
    .where(and(eq(promotionRedemptions.promotionId, promotionId), ne(promotionRedemptions.status, "released"), mine))
    .get();
  return Number(row?.n ?? 0);
}

export async function listRedemptions(db: Db, promotionId: string) {
  return db
    .select({
      orderId: promotionRedemptions.orderId,
      userId: promotionRedemptions.userId,
      email: promotionRedemptions.email,
      amountCents: promotionRedemptions.amountCents,
      // The discount is in the order's currency (a promotion applies at each market's rate).
      currency: sql<string>`coalesce(${orders.currency}, ${BASE_CURRENCY})`,
      orderNumber: orders.number,
      status: promotionRedemptions.status,
      createdAt: promotionRedemptions.createdAt,
    })
    .from(promotionRedemptions)
    .leftJoin(orders, eq(orders.id, promotionRedemptions.orderId))
    .where(eq(promotionRedemptions.promotionId, promotionId))
    .orderBy(desc(promotionRedemptions.createdAt))
    .limit(500);
}

/** Uses by paid orders, per promotion, for the admin list. */
export async function committedCounts(db: Db, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ promotionId: promotionRedemptions.promotionId, n: sql<number>`count(*)` })
    .from(promotionRedemptions)
    .where(and(inArray(promotionRedemptions.promotionId, ids), eq(promotionRedemptions.status, "committed")))
    .groupBy(promotionRedemptions.promotionId);
  return new Map(rows.map((row) => [row.promotionId, Number(row.n)]));
}

/** Marks an order's redemptions (all its promotions) with a new status. */
export function setRedemptionStatus(db: Db, orderId: string, status: "committed" | "released") {
  return db
    .update(promotionRedemptions)
    .set({ status, updatedAt: new Date().toISOString() })
    .where(and(eq(promotionRedemptions.orderId, orderId), ne(promotionRedemptions.status, status)));
}

export function redemptionsOfOrder(db: Db, orderId: string) {
  return db.select().from(promotionRedemptions).where(eq(promotionRedemptions.orderId, orderId));
}
