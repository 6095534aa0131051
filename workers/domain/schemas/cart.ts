import { z } from "@hono/zod-openapi";
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from "../cart";
import { skuField } from "./catalog";
import { appliedDiscountSchema } from "./promotions";

/** SKUs are normalised (trimmed, upper-cased) exactly as the catalog stores them. */
export const skuParam = z.object({ sku: skuField });

/** Shared by the API and the site's add-to-cart form. */
export const addToCartBody = z
  .object({
    sku: skuField,
    quantity: z
      .number("Enter a quantity.")
      .int("Enter a whole number.")
      .min(1, "Add at least 1.")
      .max(MAX_LINE_QUANTITY, `At most ${MAX_LINE_QUANTITY} of one item.`),
  })
  .strict()
  .openapi("AddToCartRequest");

export const setCartQuantityBody = z
  .object({
    quantity: z
      .number("Enter a quantity.")
      .int("Enter a whole number.")
      .min(0, "Use 0 to remove the item.")
      .max(MAX_LINE_QUANTITY, `At most ${MAX_LINE_QUANTITY} of one item.`),
  })
  .strict()
  .openapi("SetCartQuantityRequest");

export const guestTokenField = z.string().min(1).max(200);

/**
 * The site merges a guest cart at sign-in, either by naming the guest cart (its signed token,
 * so the server reads and then empties it) or by sending its lines.
 */
export const mergeCartBody = z
  .object({
    items: z.array(addToCartBody).min(1).max(MAX_CART_LINES).optional(),
    cartToken: guestTokenField.optional().openapi({ description: "The guest cart's token (POST /cart/guest)" }),
    guestToken: guestTokenField.optional().openapi({ description: "The same token under its first name, still accepted" }),
  })
  .strict()
  .refine((body) => [body.items, body.cartToken, body.guestToken].filter((value) => value !== undefined).length === 1, {
    message: "Send exactly one of items or cartToken (guestToken).",
  })
  .openapi("MergeCartRequest");

export const cartItemSchema = z
  .object({
    sku: z.string(),
    productId: z.string(),
    name: z.string(),
    variantTitle: z.string(),
    unitPriceCents: z.number().int().openapi({ description: "The current price; line totals use it" }),
    addedPriceCents: z.number().int().openapi({ description: "The price when the line was added" }),
    priceChanged: z.boolean(),
    quantity: z.number().int(),
    lineTotalCents: z.number().int(),
    imageUrl: z.string().nullable(),
    unavailable: z.boolean().openapi({ description: "The product was deactivated: it cannot be bought" }),
    discountCents: z.number().int().openapi({ description: "This line's share of the cart's discounts" }),
  })
  .openapi("CartItem");

export const cartSchema = z
  .object({
    items: z.array(cartItemSchema),
    subtotalCents: z.number().int().openapi({ description: "Sum over the lines that can be bought" }),
    totalItems: z.number().int(),
    currency: z.string(),
    updatedAt: z.string().nullable(),
    discounts: z.array(appliedDiscountSchema).openapi({ description: "Each promotion applied, in the order of application" }),
    discountCents: z.number().int().openapi({ description: "The sum of the line discounts" }),
    discountCode: z.string().nullable().openapi({ description: "The code entered, whether or not the cart meets its conditions yet" }),
    freeShipping: z.boolean().openapi({ description: "A promotion makes shipping free whatever the method" }),
    freeShippingRemainingCents: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "How much more makes standard shipping free (after discounts); null when no threshold applies" }),
    market: z.string().openapi({ description: "The market the cart is priced in; `currency` is its currency" }),
    taxInclusive: z.boolean().openapi({ description: "Prices include tax (shown as incl. VAT); otherwise tax is added at checkout" }),
    repriced: z
      .object({ fromCurrency: z.string(), toCurrency: z.string() })
      .nullable()
      .openapi({ description: "Set when this request re-priced the cart into the market's currency (the shopper changed market)" }),
  })
  .openapi("Cart");

export const mergeResultSchema = cartSchema
  .extend({
    adjustments: z.array(
      z.object({
        sku: z.string(),
        requested: z.number().int(),
        added: z.number().int().openapi({ description: "Units actually added (0: none)" }),
        reason: z.enum(["quantity_limit", "insufficient_stock", "line_limit", "unavailable", "currency_mismatch"]),
      }),
    ),
  })
  .openapi("CartMergeResult");

export const guestCartSchema = z
  .object({
    cartToken: z.string().openapi({ description: "Send as the X-Cart-Token header" }),
    guestToken: z.string().openapi({ description: "The same token under its first name (X-Guest-Cart), kept for older clients" }),
  })
  .openapi("GuestCart");
