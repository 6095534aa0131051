import { z } from "@hono/zod-openapi";
import { ORDER_STATUSES } from "../order-status";
import { EMAIL_STATUSES, FAILED_JOB_STATUSES } from "../statuses";
import { pagingQuery } from "./common";

export const statsSchema = z
  .object({
    revenueCents: z.object({ today: z.number().int(), last7d: z.number().int(), last30d: z.number().int() }),
    currency: z.string(),
    ordersByStatus: z.record(z.enum(ORDER_STATUSES), z.number().int()),
    revenueByDay: z.array(z.object({ date: z.string(), revenueCents: z.number().int(), orders: z.number().int() })),
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
  entityType: z.string().trim().max(40).optional(),
  entityId: z.string().trim().max(64).optional(),
  actorId: z.string().trim().max(64).optional(),
});

export const auditEntrySchema = z
  .object({
    id: z.string(),
    actorId: z.string().nullable(),
    actorEmail: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    details: z.record(z.string(), z.unknown()).nullable(),
    requestId: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("AuditEntry");
