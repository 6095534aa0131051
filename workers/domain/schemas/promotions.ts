import { z } from "@hono/zod-openapi";
import { PROMOTION_KINDS } from "../promotions";

const idList = z.array(z.string().min(1).max(64)).max(200);
const cents = z.number().int().min(0).max(100_000_000);
const count = z.number().int().min(1).max(1_000_000);
const instant = z.iso.datetime({ offset: true }).openapi({ example: "2026-12-24T00:00:00Z" });

const promotionFields = {
  name: z.string().trim().min(1, "Enter a name.").max(120),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{3,40}$/, "Use 3 to 40 letters, digits, hyphens or underscores.")
    .transform((code) => code.toUpperCase())
    .nullable()
    .openapi({ description: "Absent or null: applied automatically to every cart that qualifies" }),
  kind: z.enum(PROMOTION_KINDS),
  value: z.number().int().min(0).max(100_000_000).nullable().openapi({
    description: "percent: whole percent (1..100); fixed and spend_get: cents off; buy_x_get_y: percent off the free units (default 100)",
  }),
  appliesTo: z.object({ productIds: idList.optional(), categoryIds: idList.optional() }).strict().nullable(),
  minSubtotalCents: cents.nullable().openapi({ description: "Minimum subtotal; for spend_get, the amount to spend per application" }),
  startsAt: instant.nullable(),
  endsAt: instant.nullable(),
  usageLimit: count.nullable(),
  perCustomerLimit: count.nullable(),
  exclusive: z.boolean(),
  active: z.boolean(),
  buyQuantity: z.number().int().min(1).max(99).nullable(),
  getQuantity: z.number().int().min(1).max(99).nullable(),
  maxApplications: z.number().int().min(1).max(1_000).nullable(),
  customerEmail: z
    .email("Enter the customer's email address.")
    .max(254)
    .transform((email) => email.trim().toLowerCase())
    .nullable()
    .openapi({
      description: "Issue the code to one customer: only the account with this email, or a guest checking out with it, may use it. Null: anyone.",
      example: "ada@example.com",
    }),
};

type PromotionShape = {
  kind: (typeof PROMOTION_KINDS)[number];
  value?: number | null;
  startsAt?: string | null;
  endsAt?: string | null;
  buyQuantity?: number | null;
  getQuantity?: number | null;
  minSubtotalCents?: number | null;
};

/** The rules a promotion's fields must satisfy together, for create and for the merged edit. */
export function promotionIssues(promotion: PromotionShape): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const value = promotion.value ?? null;
  if (promotion.kind === "percent" && (value === null || value < 1 || value > 100)) issues.push({ path: "value", message: "A percentage from 1 to 100." });
  if ((promotion.kind === "fixed" || promotion.kind === "spend_get") && (value === null || value < 1)) issues.push({ path: "value", message: "An amount in cents, at least 1." });
  if (promotion.kind === "buy_x_get_y") {
    if (!promotion.buyQuantity) issues.push({ path: "buyQuantity", message: "How many to buy." });
    if (!promotion.getQuantity) issues.push({ path: "getQuantity", message: "How many to get." });
    if (value !== null && (value < 1 || value > 100)) issues.push({ path: "value", message: "A percentage from 1 to 100." });
  }
  if (promotion.kind === "spend_get" && !promotion.minSubtotalCents) issues.push({ path: "minSubtotalCents", message: "How much to spend." });
  if (promotion.startsAt && promotion.endsAt && Date.parse(promotion.endsAt) <= Date.parse(promotion.startsAt)) {
    issues.push({ path: "endsAt", message: "The end must come after the start." });
  }
  return issues;
}

function refineIssues(promotion: PromotionShape, context: z.core.$RefinementCtx) {
  for (const issue of promotionIssues(promotion)) context.addIssue({ code: "custom", path: [issue.path], message: issue.message });
}

const promotionBody = z.object(promotionFields);

/** A new promotion: a name and a kind, the rest optional; the whole is checked with `promotionIssues`. */
export const createPromotionBody = promotionBody
  .partial()
  .required({ name: true, kind: true })
  .strict()
  .superRefine(refineIssues)
  .openapi("CreatePromotionRequest");

/** Every field optional; the merged promotion is checked with `promotionIssues`. `kind` is fixed once created. */
export const updatePromotionBody = promotionBody.omit({ kind: true }).partial().strict().openapi("UpdatePromotionRequest");

export const appliedDiscountSchema = z
  .object({ promotionId: z.string(), name: z.string(), code: z.string().optional(), amountCents: z.number().int() })
  .openapi("AppliedDiscount");

export const redemptionSchema = z
  .object({
    orderId: z.string(),
    userId: z.string().nullable(),
    email: z.string().nullable(),
    amountCents: z.number().int(),
    currency: z.string().openapi({ description: "The order's currency, which `amountCents` is in (minor units)" }),
    orderNumber: z.string().nullable(),
    status: z.enum(["reserved", "committed", "released"]),
    createdAt: z.string(),
  })
  .openapi("PromotionRedemption");

export const promotionSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    code: z.string().nullable(),
    kind: z.enum(PROMOTION_KINDS),
    value: z.number().int().nullable(),
    appliesTo: z.object({ productIds: z.array(z.string()).optional(), categoryIds: z.array(z.string()).optional() }).nullable(),
    minSubtotalCents: z.number().int().nullable(),
    startsAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    usageLimit: z.number().int().nullable(),
    perCustomerLimit: z.number().int().nullable(),
    exclusive: z.boolean(),
    active: z.boolean(),
    buyQuantity: z.number().int().nullable(),
    getQuantity: z.number().int().nullable(),
    maxApplications: z.number().int().nullable(),
    customerEmail: z.string().nullable(),
    usedCount: z.number().int().openapi({ description: "Uses by paid orders" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Promotion");

export const promotionDetailSchema = promotionSchema.extend({ redemptions: z.array(redemptionSchema) }).openapi("PromotionDetail");

export const cartDiscountBody = z
  .object({ code: z.string().trim().min(1, "Enter a code.").max(40, "Codes are at most 40 characters.") })
  .strict()
  .openapi("CartDiscountRequest");
