import { z } from "@hono/zod-openapi";
import { ADMIN_FULFILMENT_STATUSES, ORDER_STATUSES } from "../order-status";
import { PAYMENT_PROVIDERS, PAYMENT_STATUSES, REFUND_STATUSES } from "../statuses";
import { emailField } from "./auth";
import { pagingQuery } from "./common";
import { appliedDiscountSchema } from "./promotions";

/** Countries the store ships to (ISO 3166-1 alpha-2). */
export const SHIPPING_COUNTRIES = {
  US: "United States",
  CA: "Canada",
  GB: "United Kingdom",
  IE: "Ireland",
  DE: "Germany",
  FR: "France",
  NL: "Netherlands",
  ES: "Spain",
  IT: "Italy",
  AU: "Australia",
  NZ: "New Zealand",
  JP: "Japan",
} as const;
export type ShippingCountry = keyof typeof SHIPPING_COUNTRIES;

const printable = /^[^\p{Cc}]*$/u;
const text = (label: string, max: number) =>
  z
    .string(`Enter ${label}.`)
    .trim()
    .min(1, `Enter ${label}.`)
    .max(max, `Use at most ${max} characters.`)
    .regex(printable, "Remove control characters.");

/** Shared by the checkout API and the site's checkout form. */
export const addressSchema = z
  .object({
    name: text("the recipient's name", 100),
    line1: text("the street address", 200),
    line2: z.string().trim().max(200).regex(printable, "Remove control characters.").optional(),
    city: text("the city", 100),
    region: z.string().trim().max(100).regex(printable, "Remove control characters.").optional(),
    postalCode: z
      .string("Enter the postal code.")
      .trim()
      .min(2, "Enter the postal code.")
      .max(12)
      .regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, "Enter a valid postal code."),
    country: z
      .string("Choose a country.")
      .trim()
      .toUpperCase()
      .refine((code): code is ShippingCountry => code in SHIPPING_COUNTRIES, "We don't ship to that country."),
  })
  .strict()
  .openapi("Address");

export const paymentTokenField = z
  .string()
  .regex(/^(tok|pm)_[A-Za-z0-9_]{1,100}$/, "Not a valid card token.")
  .openapi({ example: "tok_visa", description: "A card token: Stripe's test tokens such as tok_visa and tok_chargeDeclined work locally." });

export const checkoutBody = z
  .object({
    shippingAddress: addressSchema,
    billingAddress: addressSchema.optional(),
    payment: z.object({ method: z.literal("card"), token: paymentTokenField.optional() }).strict(),
    shippingMethodId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .openapi({ description: "One of GET /shipping/methods?country=…; absent: the zone's first (cheapest) method" }),
    /** A guest's address for the order's emails; required without Authorization, ignored with it. */
    email: emailField.optional(),
  })
  .strict()
  .openapi("CheckoutRequest");
export type CheckoutBody = z.infer<typeof checkoutBody>;

export const retryPaymentBody = z
  .object({ payment: z.object({ method: z.literal("card"), token: paymentTokenField.optional() }).strict() })
  .strict()
  .openapi("RetryPaymentRequest");
export type RetryPaymentBody = z.infer<typeof retryPaymentBody>;

/** What a guest presents for their order: the token from checkout or from an emailed link. */
export const orderTokenField = z.string().min(1).max(200).openapi({ description: "An order token (from checkout or an emailed link)" });

export const orderAccessQuery = z.object({ token: orderTokenField.optional() });
export const orderAccessHeader = z.object({ "x-order-token": orderTokenField.optional() });

export const orderLookupBody = z
  .object({
    email: emailField,
    number: z.string().trim().toUpperCase().regex(/^ORD-[0-9A-Z]{4,12}$/, "Enter the order number, e.g. ORD-7K3F9Q."),
  })
  .strict()
  .openapi("OrderLookupRequest");

export const claimOrdersBody = z
  .object({ orderId: z.string().min(1).max(64), token: orderTokenField })
  .strict()
  .openapi("ClaimGuestOrdersRequest");

export const idempotencyKeyHeader = z.object({
  "idempotency-key": z
    .string("Send an Idempotency-Key header.")
    .min(8, "The Idempotency-Key must be 8 to 255 characters.")
    .max(255, "The Idempotency-Key must be 8 to 255 characters.")
    .regex(/^[\x21-\x7E]+$/, "The Idempotency-Key must be printable ASCII without spaces.")
    .openapi({ example: "9f1c2d3e-checkout" }),
});

/** The orders list's filters, shared by `GET /orders` and the admin's orders export. */
export const orderFilterQuery = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  userId: z.string().min(1).max(64).optional(),
  number: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^ORD-[0-9A-Z]{1,16}$/, "An order number looks like ORD-7K3F9Q.")
    .optional()
    .openapi({ example: "ORD-7K3F9Q", description: "Exactly this order number" }),
  q: z.string().trim().max(100).optional().openapi({ description: "Part of the order number or of the customer's email" }),
});

export const orderListQuery = pagingQuery.extend(orderFilterQuery.shape);

export const orderStatusBody = z
  .object({
    status: z.enum(ADMIN_FULFILMENT_STATUSES),
    carrier: z.string().trim().min(1).max(60).optional(),
    trackingNumber: z.string().trim().regex(/^[A-Za-z0-9-]{4,40}$/, "Enter a valid tracking number.").optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.status === "shipped") {
      if (!body.carrier) ctx.addIssue({ code: "custom", path: ["carrier"], message: "Shipping needs a carrier." });
      if (!body.trackingNumber) ctx.addIssue({ code: "custom", path: ["trackingNumber"], message: "Shipping needs a tracking number." });
    }
  })
  .openapi("OrderStatusChange");

export const refundBody = z
  .object({ amountCents: z.number().int().min(1).max(100_000_000).optional() })
  .strict()
  .openapi("RefundRequest");

const moneyLine = z.object({
  sku: z.string(),
  productId: z.string(),
  name: z.string(),
  variantTitle: z.string(),
  unitPriceCents: z.number().int(),
  quantity: z.number().int(),
  lineTotalCents: z.number().int(),
});

export const paymentSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    provider: z.enum(PAYMENT_PROVIDERS),
    amountCents: z.number().int(),
    refundedCents: z.number().int(),
    currency: z.string(),
    status: z.enum(PAYMENT_STATUSES),
    failureReason: z.string().nullable(),
    /** What an admin may still refund: the amount taken minus refunds done or under way. */
    refundableCents: z.number().int(),
    refunds: z.array(z.object({ id: z.string(), amountCents: z.number().int(), status: z.enum(REFUND_STATUSES), reason: z.string(), createdAt: z.string() })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Payment");

const addressView = z.object({
  name: z.string(),
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  region: z.string().optional(),
  postalCode: z.string(),
  country: z.string(),
});

export const orderSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    /** Null for a guest's order not attached to an account. */
    userId: z.string().nullable(),
    /** The address a guest checked out with; null for an account's order. */
    guestEmail: z.string().nullable(),
    status: z.enum(ORDER_STATUSES),
    paymentStatus: z.enum(PAYMENT_STATUSES),
    items: z.array(moneyLine.extend({ discountCents: z.number().int().openapi({ description: "This line's share of the discounts" }) })),
    subtotalCents: z.number().int(),
    discountCents: z.number().int().openapi({ description: "subtotal − discount + shipping + tax = total" }),
    discounts: z.array(appliedDiscountSchema),
    shippingMethod: z.object({ id: z.string(), name: z.string() }).nullable(),
    taxCents: z.number().int().openapi({ description: "Added to the total, or (taxInclusive) the tax the prices contain" }),
    taxInclusive: z.boolean().openapi({ description: "The prices include tax: taxCents is contained in the total, not added" }),
    taxRates: z
      .array(z.object({ country: z.string(), rateBps: z.number().int(), shipping: z.boolean(), inclusive: z.boolean() }))
      .openapi({ description: "The rates the order's tax used, as they were when it was placed" }),
    market: z.string().openapi({ description: "The market the order was priced in" }),
    language: z.string().openapi({ description: "The language of the order's emails" }),
    shippingCents: z.number().int(),
    totalCents: z.number().int(),
    refundedCents: z.number().int(),
    currency: z.string(),
    shippingAddress: addressView,
    billingAddress: addressView,
    carrier: z.string().nullable(),
    trackingNumber: z.string().nullable(),
    payments: z.array(paymentSchema),
    history: z.array(z.object({ status: z.enum(ORDER_STATUSES), at: z.string(), note: z.string().optional() })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Order");

export const orderSummarySchema = z
  .object({
    id: z.string(),
    number: z.string(),
    /** Null for a guest's order not attached to an account. */
    userId: z.string().nullable(),
    /** The address a guest checked out with; null for an account's order. */
    guestEmail: z.string().nullable(),
    status: z.enum(ORDER_STATUSES),
    paymentStatus: z.enum(PAYMENT_STATUSES),
    totalCents: z.number().int(),
    currency: z.string(),
    itemCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("OrderSummary");

export const notificationSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    message: z.string(),
    orderId: z.string().nullable(),
    read: z.boolean(),
    createdAt: z.string(),
  })
  .openapi("Notification");

export const notificationQuery = z.object({
  unread: z.enum(["true", "false"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
