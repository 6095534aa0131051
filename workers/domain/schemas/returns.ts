import { z } from "@hono/zod-openapi";
import { RETURN_REASONS, RETURN_STATUSES } from "../returns";
import { pagingQuery } from "./common";

const sku = z.string().trim().min(1).max(64);

export const requestReturnBody = z
  .object({
    lines: z
      .array(z.object({ sku, quantity: z.number().int().min(1).max(99), reason: z.enum(RETURN_REASONS) }).strict())
      .min(1, "Choose at least one item to return.")
      .max(100),
    note: z.string().trim().max(1000).optional(),
  })
  .strict()
  .openapi("ReturnRequest");
export type RequestReturnBody = z.infer<typeof requestReturnBody>;

export const receiveReturnBody = z
  .object({
    lines: z.array(z.object({ sku, quantity: z.number().int().min(0).max(99) }).strict()).min(1).max(100),
    refundShipping: z.boolean().optional(),
  })
  .strict()
  .openapi("ReturnReceipt");

export const returnSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    status: z.enum(RETURN_STATUSES),
    note: z.string().nullable(),
    refundShipping: z.boolean(),
    refundCents: z.number().int(),
    currency: z.string(),
    lines: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.number().int(), receivedQuantity: z.number().int(), reason: z.enum(RETURN_REASONS) })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Return");

export const returnListQuery = pagingQuery.extend({ status: z.enum(RETURN_STATUSES).optional() });
export const adminReturnSchema = returnSchema.extend({ orderNumber: z.string(), customerEmail: z.string().nullable() }).openapi("AdminReturn");
