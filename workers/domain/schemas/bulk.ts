import { z } from "@hono/zod-openapi";
import { MAX_BULK_IDS, ORDER_BULK_ACTIONS, PRODUCT_BULK_ACTIONS, REVIEW_BULK_ACTIONS } from "../bulk-actions";

const idsField = z
  .array(z.string().trim().min(1).max(64))
  .min(1, "Choose at least one.")
  .max(MAX_BULK_IDS, `At most ${MAX_BULK_IDS} at a time.`)
  .refine((ids) => new Set(ids).size === ids.length, "Each id may appear once.")
  .openapi({ description: `1 to ${MAX_BULK_IDS} distinct ids` });

export const productBulkBody = z
  .object({ ids: idsField, action: z.enum(PRODUCT_BULK_ACTIONS) })
  .strict()
  .openapi("ProductBulkRequest");

export const orderBulkBody = z
  .object({ ids: idsField, action: z.enum(ORDER_BULK_ACTIONS) })
  .strict()
  .openapi("OrderBulkRequest");

export const reviewBulkBody = z
  .object({ ids: idsField, action: z.enum(REVIEW_BULK_ACTIONS) })
  .strict()
  .openapi("ReviewBulkRequest");

export const bulkResultSchema = z
  .object({
    results: z.array(
      z.object({
        id: z.string(),
        ok: z.boolean(),
        problem: z
          .object({ status: z.number().int(), code: z.string(), detail: z.string() })
          .optional()
          .openapi({ description: "Why this record was left unchanged" }),
      }),
    ),
    succeeded: z.number().int(),
    failed: z.number().int(),
  })
  .openapi("BulkResult");
