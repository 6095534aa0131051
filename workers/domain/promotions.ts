/**
 * The promotions engine: which promotions a cart gets and how much each line is discounted.
 * Pure and in integer cents, so the cart, the methods list and checkout price alike.
 *
 * Order of application (also docs/decisions/011-promotions-and-shipping.md):
 *  1. Lines are sorted by sku, so the price never depends on the order they were added in.
 *  2. Eligibility: active, inside [startsAt, endsAt), under its total-use and per-customer
 *     limits (counts passed in by the caller), the cart's undiscounted subtotal reaching
 *     `minSubtotalCents`, and, for a promotion with a code, that code being the cart's one code.
 *     Automatic promotions (no code) need no code.
 *  3. Stacking: every eligible non-exclusive promotion stacks. Each exclusive promotion is
 *     tried alone. The option worth most to the shopper wins (discount, plus the shipping a
 *     free-shipping promotion saves); on a tie the stack wins, then the lower promotion id.
 *  4. Within a stack, steps run in this order, each on what the previous ones left of every
 *     line (so percentages compound on the reduced price and nothing goes below zero):
 *     buy X get Y → percent off products/categories → fixed off products/categories →
 *     percent off the order → fixed off the order → spend $N get $M → free shipping.
 *     Promotions in the same step run by id.
 *  5. An order-level amount is split over the eligible lines in proportion to what is left of
 *     each; the cents the floors leave over go one each to the largest fractional parts, ties
 *     to the lower sku. Line discounts therefore add up exactly to each promotion's amount.
 */
import { applyBasisPoints } from "./basis-points";

export const PROMOTION_KINDS = ["percent", "fixed", "free_shipping", "buy_x_get_y", "spend_get"] as const;
export type PromotionKind = (typeof PROMOTION_KINDS)[number];

/** A redemption is held at checkout, kept when the order is paid, given back when it is not. */
export const REDEMPTION_STATUSES = ["reserved", "committed", "released"] as const;

export interface Promotion {
  id: string;
  name: string;
  /** Null: applied automatically to every cart that qualifies. */
  code: string | null;
  kind: PromotionKind;
  /**
   * percent: whole percent off (1..100). fixed: cents off. spend_get: cents off per
   * `minSubtotalCents` spent. buy_x_get_y: percent off the "get" units (default 100, free).
   */
  value: number | null;
  appliesTo: { productIds?: readonly string[]; categoryIds?: readonly string[] } | null;
  minSubtotalCents: number | null;
  startsAt: string | null;
  endsAt: string | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  exclusive: boolean;
  active: boolean;
  buyQuantity: number | null;
  getQuantity: number | null;
  maxApplications: number | null;
  /**
   * A code issued to one customer: only the account with this email, or a guest checking out
   * with it, may use it. Lower-cased; null for everyone.
   */
  customerEmail: string | null;
}

export interface PromotionLine {
  sku: string;
  productId: string;
  categoryId: string | null;
  unitPriceCents: number;
  quantity: number;
}

/** How often a promotion was used: in all, and by this shopper (by account or email). */
export interface PromotionUsage {
  used: number;
  byCustomer: number;
}

export interface PromotionInput {
  lines: readonly PromotionLine[];
  promotions: readonly Promotion[];
  /** The cart's one code, compared case-insensitively. */
  code?: string | null;
  now: Date;
  usage?: Readonly<Record<string, PromotionUsage>>;
  /**
   * The buyer's email, for codes issued to one customer: the account's, or the guest's at
   * checkout. Undefined while it is not known yet (a guest's cart): such a code is then not
   * refused, and checkout, which always knows the email, decides.
   */
  buyerEmail?: string | null;
  /** What shipping would cost without a free-shipping promotion: only to compare options. */
  shippingCentsEstimate?: number;
}

export interface AppliedDiscount {
  promotionId: string;
  name: string;
  code?: string;
  amountCents: number;
}

export interface PromotionResult {
  lines: { sku: string; discountCents: number }[];
  discounts: AppliedDiscount[];
  discountCents: number;
  freeShipping: boolean;
}

export type CodeProblem = "unknown" | "inactive" | "not_yet_valid" | "expired" | "exhausted" | "customer_limit" | "other_customer";

const CODE_PROBLEM_TEXT: Record<CodeProblem, string> = {
  unknown: "This code is not valid.",
  inactive: "This code is no longer active.",
  not_yet_valid: "This code is not valid yet.",
  expired: "This code has expired.",
  exhausted: "This code has been used up.",
  customer_limit: "You have already used this code as often as it allows.",
  other_customer: "This code belongs to another customer.",
};

export function codeProblemText(problem: CodeProblem): string {
  return CODE_PROBLEM_TEXT[problem];
}

/** Per-customer limits count guests and accounts by email too: one spelling per address. */
export function normaliseEmailForUsage(email: string | null | undefined): string | null {
  const trimmed = email?.trim().toLowerCase();
  return trimmed ? trimmed : null;
}

export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

/**
 * Why a promotion cannot be used now, leaving the cart's contents aside; null when it can.
 * `buyerEmail` undefined means "not known yet" (see `PromotionInput.buyerEmail`).
 */
export function promotionProblem(promotion: Promotion | undefined, now: Date, usage?: PromotionUsage, buyerEmail?: string | null): CodeProblem | null {
  if (!promotion) return "unknown";
  if (!promotion.active) return "inactive";
  if (promotion.customerEmail !== null && buyerEmail !== undefined && normaliseEmailForUsage(buyerEmail) !== normaliseEmailForUsage(promotion.customerEmail)) {
    return "other_customer";
  }
  const at = now.getTime();
  if (promotion.startsAt && at < Date.parse(promotion.startsAt)) return "not_yet_valid";
  if (promotion.endsAt && at >= Date.parse(promotion.endsAt)) return "expired";
  if (promotion.usageLimit != null && (usage?.used ?? 0) >= promotion.usageLimit) return "exhausted";
  if (promotion.perCustomerLimit != null && (usage?.byCustomer ?? 0) >= promotion.perCustomerLimit) return "customer_limit";
  return null;
}

interface WorkLine extends PromotionLine {
  remaining: number;
  discount: number;
}

function targets(promotion: Promotion): boolean {
  return Boolean(promotion.appliesTo && ((promotion.appliesTo.productIds?.length ?? 0) > 0 || (promotion.appliesTo.categoryIds?.length ?? 0) > 0));
}

function eligibleLine(promotion: Promotion, line: PromotionLine): boolean {
  if (!targets(promotion)) return true;
  const products = promotion.appliesTo?.productIds ?? [];
  const categories = promotion.appliesTo?.categoryIds ?? [];
  return products.includes(line.productId) || (line.categoryId !== null && categories.includes(line.categoryId));
}

/** Step of a promotion within a stack (point 4 of the header). */
function stepOf(promotion: Promotion): number {
  switch (promotion.kind) {
    case "buy_x_get_y":
      return 0;
    case "percent":
      return targets(promotion) ? 1 : 3;
    case "fixed":
      return targets(promotion) ? 2 : 4;
    case "spend_get":
      return 5;
    case "free_shipping":
      return 6;
  }
}

/**
 * Splits `amount` over the lines in proportion to `weights`, exactly: floors first, then one
 * cent each to the largest fractional parts, ties to the earlier line (lines are in sku order).
 * Never gives a line more than its weight when `amount` ≤ the sum of weights.
 */
export function splitProportionally(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (amount <= 0 || total <= 0) return weights.map(() => 0);
  const shares = weights.map((weight) => Math.floor((amount * weight) / total));
  const fractions = weights.map((weight, index) => ({ index, rest: (amount * weight) % total }));
  let left = amount - shares.reduce((sum, share) => sum + share, 0);
  fractions.sort((a, b) => b.rest - a.rest || a.index - b.index);
  for (const { index } of fractions) {
    if (left === 0) break;
    if (shares[index]! < weights[index]!) {
      shares[index]! += 1;
      left -= 1;
    }
  }
  return shares;
}

/** Takes `amount` (capped at what is left) from the eligible lines in proportion. */
function takeProportionally(lines: WorkLine[], amount: number): number {
  const available = lines.reduce((sum, line) => sum + line.remaining, 0);
  const capped = Math.min(amount, available);
  const shares = splitProportionally(capped, lines.map((line) => line.remaining));
  lines.forEach((line, index) => {
    line.remaining -= shares[index]!;
    line.discount += shares[index]!;
  });
  return capped;
}

function buyXGetY(promotion: Promotion, lines: WorkLine[]): number {
  const buy = promotion.buyQuantity ?? 0;
  const get = promotion.getQuantity ?? 0;
  if (buy < 1 || get < 1) return 0;
  const units = lines.reduce((sum, line) => sum + line.quantity, 0);
  let applications = Math.floor(units / (buy + get));
  if (promotion.maxApplications != null) applications = Math.min(applications, promotion.maxApplications);
  let free = applications * get;
  const percentBps = Math.min(100, Math.max(0, promotion.value ?? 100)) * 100;
  let taken = 0;
  // The cheapest units are the free ones; equal prices go to the lower sku (stable sort).
  const cheapestFirst = [...lines].sort((a, b) => a.unitPriceCents - b.unitPriceCents);
  for (const line of cheapestFirst) {
    if (free === 0) break;
    const count = Math.min(free, line.quantity);
    free -= count;
    const amount = Math.min(line.remaining, applyBasisPoints(line.unitPriceCents * count, percentBps));
    line.remaining -= amount;
    line.discount += amount;
    taken += amount;
  }
  return taken;
}

function applyOne(promotion: Promotion, all: WorkLine[]): number {
  const lines = all.filter((line) => eligibleLine(promotion, line));
  const left = lines.reduce((sum, line) => sum + line.remaining, 0);
  switch (promotion.kind) {
    case "buy_x_get_y":
      return buyXGetY(promotion, lines);
    case "percent": {
      const percent = Math.min(100, Math.max(0, promotion.value ?? 0));
      return takeProportionally(lines, applyBasisPoints(left, percent * 100));
    }
    case "fixed":
      return takeProportionally(lines, Math.max(0, promotion.value ?? 0));
    case "spend_get": {
      const step = promotion.minSubtotalCents ?? 0;
      const undiscounted = lines.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);
      let times = step > 0 ? Math.floor(undiscounted / step) : 1;
      times = Math.min(times, promotion.maxApplications ?? 1);
      return takeProportionally(lines, times * Math.max(0, promotion.value ?? 0));
    }
    case "free_shipping":
      return 0;
  }
}

interface Outcome {
  lines: WorkLine[];
  discounts: AppliedDiscount[];
  discountCents: number;
  freeShipping: boolean;
}

function runStack(base: readonly PromotionLine[], stack: readonly Promotion[]): Outcome {
  const lines: WorkLine[] = base.map((line) => ({ ...line, remaining: line.unitPriceCents * line.quantity, discount: 0 }));
  const ordered = [...stack].sort((a, b) => stepOf(a) - stepOf(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const discounts: AppliedDiscount[] = [];
  let freeShipping = false;
  for (const promotion of ordered) {
    const amountCents = applyOne(promotion, lines);
    if (promotion.kind === "free_shipping") freeShipping = true;
    else if (amountCents === 0) continue;
    discounts.push({ promotionId: promotion.id, name: promotion.name, ...(promotion.code ? { code: promotion.code } : {}), amountCents });
  }
  return { lines, discounts, discountCents: discounts.reduce((sum, entry) => sum + entry.amountCents, 0), freeShipping };
}

function validateLines(lines: readonly PromotionLine[]): void {
  const seen = new Set<string>();
  for (const line of lines) {
    if (!Number.isSafeInteger(line.unitPriceCents) || line.unitPriceCents < 0) throw new RangeError("money must be a non-negative integer of cents");
    if (!Number.isInteger(line.quantity) || line.quantity < 1) throw new RangeError("quantity must be a positive integer");
    if (seen.has(line.sku)) throw new RangeError(`sku ${line.sku} appears on two lines`);
    seen.add(line.sku);
  }
}

/** The promotions a cart qualifies for, before stacking (point 2 of the header). */
export function eligiblePromotions(input: PromotionInput, subtotalCents: number): Promotion[] {
  const code = input.code ? normalizeCode(input.code) : null;
  return input.promotions.filter((promotion) => {
    if (promotion.code !== null && (code === null || normalizeCode(promotion.code) !== code)) return false;
    if (promotionProblem(promotion, input.now, input.usage?.[promotion.id], input.buyerEmail)) return false;
    if (promotion.kind !== "spend_get" && promotion.minSubtotalCents != null && subtotalCents < promotion.minSubtotalCents) return false;
    if (promotion.kind === "spend_get" && subtotalCents < (promotion.minSubtotalCents ?? 0)) return false;
    return true;
  });
}

/** Applies the promotions to a cart (see the header for the order of application). */
export function applyPromotions(input: PromotionInput): PromotionResult {
  validateLines(input.lines);
  const lines = [...input.lines].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  const subtotalCents = lines.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);
  const eligible = lines.length === 0 ? [] : eligiblePromotions(input, subtotalCents);
  // Automatic promotions count once per code too: only the one code can be among them.
  const stack = eligible.filter((promotion) => !promotion.exclusive);
  const options: Outcome[] = [runStack(lines, stack)];
  for (const promotion of [...eligible.filter((candidate) => candidate.exclusive)].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    options.push(runStack(lines, [promotion]));
  }
  const shipping = input.shippingCentsEstimate ?? 0;
  const worth = (outcome: Outcome) => outcome.discountCents + (outcome.freeShipping ? shipping : 0);
  // Strictly better only: on a tie the earlier option (the stack, then lower ids) stays.
  const best = options.reduce((chosen, option) => (worth(option) > worth(chosen) ? option : chosen));
  return {
    lines: best.lines.map((line) => ({ sku: line.sku, discountCents: line.discount })),
    discounts: best.discounts,
    discountCents: best.discountCents,
    freeShipping: best.freeShipping,
  };
}
