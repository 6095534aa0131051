import { z } from "@hono/zod-openapi";
import { ORDER_STATUSES } from "../order-status";
import { EMAIL_STATUSES, FAILED_JOB_STATUSES } from "../statuses";
import { pagingQuery } from "./common";

/** The dashboard's chart spans. */
export const STATS_DAYS = [14, 30] as const;

export const statsQuery = z
  .object({
    days: z
      .enum(["14", "30"], { message: "Choose 14 or 30 days." })
      .optional()
      .transform((value) => (value === "14" ? 14 : 30))
      .openapi({ description: "Days in the per-day series and the period figures (default 30)", type: "string", enum: ["14", "30"] }),
  })
  .strict();

const revenueWindows = z.object({ today: z.number().int(), last7d: z.number().int(), last30d: z.number().int() });
const revenueDay = z.object({ date: z.string(), revenueCents: z.number().int(), orders: z.number().int() });

export const statsSchema = z
  .object({
    revenueCents: revenueWindows.openapi({ description: "In the base currency (`currency`) only: amounts in different currencies are never added together; see `byCurrency`" }),
    currency: z.string().openapi({ description: "The base currency" }),
    ordersByStatus: z.record(z.enum(ORDER_STATUSES), z.number().int()),
    revenueByDay: z.array(revenueDay).openapi({ description: "The base currency's revenue per UTC day, `days` long" }),
    days: z.number().int(),
    byCurrency: z
      .array(
        z.object({
          currency: z.string(),
          revenueCents: revenueWindows,
          paidOrders: z.number().int().openapi({ description: "Orders paid in the last `days` days" }),
          averageOrderCents: z.number().int().nullable().openapi({ description: "Their average total, before refunds; null without any" }),
          revenueByDay: z.array(revenueDay),
        }),
      )
      .openapi({ description: "One entry per currency with a paid order in the last 30 days (the base currency always)" }),
    orders: z.object({
      placed: z.number().int().openapi({ description: "Orders placed in the last `days` days, in any state" }),
      paid: z.number().int().openapi({ description: "Of those, the ones whose payment arrived" }),
    }),
    carts: z
      .object({
        started: z.number().int().openapi({ description: "Carts that got their first item in the last `days` days" }),
        ordered: z.number().int().openapi({ description: "Orders placed and paid in the same days (checkout empties the cart, so each is one cart)" }),
        share: z.number().nullable().openapi({ description: "ordered ÷ started, null before any cart was started" }),
        countingSince: z.string().nullable().openapi({ description: "The first day carts were counted (YYYY-MM-DD), null before any" }),
      })
      .openapi({ description: "The share of carts that become orders" }),
    lowStock: z.array(z.object({ sku: z.string(), productId: z.string(), name: z.string(), variantTitle: z.string(), available: z.number().int() })),
    recentOrders: z.array(
      z.object({ id: z.string(), number: z.string(), status: z.enum(ORDER_STATUSES), totalCents: z.number().int(), currency: z.string(), customerEmail: z.string().nullable(), createdAt: z.string() }),
    ),
  })
  .openapi("AdminStats");

export const emailListQuery = pagingQuery.extend({
  status: z.enum(EMAIL_STATUSES).optional(),
  to: z.string().trim().max(254).optional(),
});

export const emailSummarySchema = z
  .object({
    id: z.string(),
    to: z.string(),
    subject: z.string(),
    template: z.string(),
    status: z.enum(EMAIL_STATUSES),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi("OutboxEmail");

export const emailDetailSchema = emailSummarySchema.extend({ html: z.string(), text: z.string() }).openapi("OutboxEmailDetail");

export const failedJobQuery = pagingQuery.extend({ status: z.enum(FAILED_JOB_STATUSES).optional() });

export const failedJobSchema = z
  .object({
    id: z.string(),
    queue: z.string(),
    messageId: z.string(),
    body: z.unknown(),
    error: z.string().nullable(),
    attempts: z.number().int(),
    status: z.enum(FAILED_JOB_STATUSES),
    retriedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("FailedJob");

export const auditQuery = pagingQuery.extend({
  action: z.string().trim().max(60).optional().openapi({ description: "One action type, e.g. product.updated" }),
  entityType: z.string().trim().max(40).optional(),
  entityId: z.string().trim().max(64).optional(),
  actorId: z.string().trim().max(64).optional(),
});

export const auditEntrySchema = z
  .object({
    id: z.string(),
    actorId: z.string().nullable(),
    actorEmail: z.string().nullable(),
    actorName: z.string().nullable(),
    entityName: z
      .string()
      .nullable()
      .openapi({ description: "The record's name now (a product's, an order's number, a SKU's product and variant, a review's product); null once it is gone" }),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    details: z.record(z.string(), z.unknown()).nullable(),
    requestId: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("AuditEntry");
