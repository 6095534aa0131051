import { z } from "@hono/zod-openapi";
import { MAX_ON_HAND } from "../stock";
import { skuField } from "./catalog";
import { pageOf, pagingQuery } from "./common";

export const stockSchema = z
  .object({
    sku: z.string(),
    available: z.number().int(),
    onHand: z.number().int().optional().openapi({ description: "Admins only" }),
    reserved: z.number().int().optional().openapi({ description: "Admins only" }),
  })
  .openapi("Stock");

const onHandField = z.number().int("Use a whole number.").min(0, "Stock cannot be negative.").max(MAX_ON_HAND);

export const inventoryUpdateBody = z
  .object({
    onHand: onHandField.optional(),
    delta: z.number().int("Use a whole number.").min(-MAX_ON_HAND).max(MAX_ON_HAND).optional(),
  })
  .strict()
  .refine((body) => (body.onHand === undefined) !== (body.delta === undefined), {
    message: "Send exactly one of onHand or delta.",
  })
  .openapi("InventoryUpdateRequest");

export const initialStockBody = z
  .object({
    items: z
      .array(z.object({ sku: skuField, onHand: onHandField }).strict())
      .min(1)
      .max(100)
      .refine((items) => new Set(items.map((item) => item.sku)).size === items.length, "Each SKU may appear once."),
  })
  .strict()
  .openapi("InitialStockRequest");

export const initialStockResult = z
  .object({
    items: z.array(z.object({ sku: z.string(), applied: z.boolean(), onHand: z.number().int(), available: z.number().int() })),
  })
  .openapi("InitialStockResult");

/** GET /inventory: the stock list, searched by SKU prefix or part of the product's name. */
export const inventoryListQuery = pagingQuery
  .extend({
    q: z
      .string()
      .trim()
      .max(100, "Search for at most 100 characters.")
      .optional()
      .openapi({ description: "The start of a SKU, or part of the product's name (either case)" }),
  })
  .strict();

export const stockListItemSchema = z
  .object({
    sku: z.string(),
    productId: z.string(),
    productName: z.string(),
    variantTitle: z.string(),
    isActive: z.boolean().openapi({ description: "The variant and its product are both active" }),
    available: z.number().int(),
    onHand: z.number().int(),
    reserved: z.number().int(),
  })
  .openapi("StockListItem");

export const stockListSchema = pageOf(stockListItemSchema).openapi("StockList");
