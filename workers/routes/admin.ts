import { createRoute } from "@hono/zod-openapi";
import { and, count, desc, eq, gte, isNotNull, lte, sql, type SQL } from "drizzle-orm";
import { auditEntry, auditRecordNames } from "../db/queries/audit";
import { auditLog, cartStarts, emailOutbox, failedJobs, orders, products, productVariants, users } from "../db/schema";
import { BASE_CURRENCY } from "../domain/markets";
import { ORDER_STATUSES, type OrderStatus } from "../domain/order-status";
import { auditEntrySchema, auditQuery, emailDetailSchema, emailListQuery, emailSummarySchema, failedJobQuery, failedJobSchema, statsQuery, statsSchema } from "../domain/schemas/admin";
import { idParam, pageOf, problems } from "../domain/schemas/common";
import { emailJob, paymentJob } from "../domain/schemas/jobs";
import { createRouter } from "../factory";
import { ApiError } from "../lib/problem";
import { authOf, requireAdmin } from "../middleware/auth";
import { QUEUES } from "../domain/queues";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
const bearer = [{ bearerAuth: [] }];

/** A SKU at or below this many available units shows on the dashboard. */
export const LOW_STOCK_THRESHOLD = 5;

const DAY_MS = 24 * 60 * 60 * 1000;
const startOfUtcDay = (time: number) => new Date(Math.floor(time / DAY_MS) * DAY_MS);

type OutboxRow = typeof emailOutbox.$inferSelect;
const emailSummary = (row: OutboxRow) => ({
  id: row.id,
  to: row.to,
  subject: row.subject,
  template: row.template,
  status: row.status,
  attempts: row.attempts,
  lastError: row.lastError,
  createdAt: row.createdAt,
  sentAt: row.sentAt,
});

export const adminRoutes = createRouter();

// Every admin route checks the stored role first (requireAdmin reads it from D1).
adminRoutes.use("*", requireAdmin);

adminRoutes
  .openapi(
    createRoute({
      method: "get",
      path: "/stats",
      tags: ["Admin"],
      summary: "Dashboard figures: revenue per currency, orders, carts that become orders, low stock, recent orders",
      description:
        "Revenue is what was paid less what was refunded, by the day the payment arrived (UTC), per currency: amounts in different currencies are never added together. `revenueCents` and `revenueByDay` are the base currency's.",
      security: bearer,
      request: { query: statsQuery },
      responses: { 200: { description: "Figures", ...json(statsSchema) }, ...problems(400, 401, 403) },
    }),
    async (c) => {
      const db = c.var.db;
      const { days } = c.req.valid("query");
      const now = Date.now();
      const today = startOfUtcDay(now).toISOString();
      const since7 = startOfUtcDay(now - 6 * DAY_MS).toISOString();
      const since30 = startOfUtcDay(now - 29 * DAY_MS).toISOString();
      const sinceDays = startOfUtcDay(now - (days - 1) * DAY_MS).toISOString();
      // D1 names result columns by their SQL text; computed columns get aliases so that two
      // with the same text and different parameters do not collapse into one.
      const net = () => sql<number>`coalesce(sum(${orders.totalCents} - ${orders.refundedCents}), 0)`;
      const paid = isNotNull(orders.paidAt);
      const paidDay = sql<string>`substr(${orders.paidAt}, 1, 10)`;
      const [revenue, byStatus, byDay, placed, carts, lowStock, recent] = await db.batch([
        db
          .select({
            currency: orders.currency,
            today: sql<number>`coalesce(sum(CASE WHEN ${orders.paidAt} >= ${today} THEN ${orders.totalCents} - ${orders.refundedCents} END), 0)`.as("revenue_today"),
            last7d: sql<number>`coalesce(sum(CASE WHEN ${orders.paidAt} >= ${since7} THEN ${orders.totalCents} - ${orders.refundedCents} END), 0)`.as("revenue_7d"),
            last30d: sql<number>`coalesce(sum(CASE WHEN ${orders.paidAt} >= ${since30} THEN ${orders.totalCents} - ${orders.refundedCents} END), 0)`.as("revenue_30d"),
            paidOrders: sql<number>`count(CASE WHEN ${orders.paidAt} >= ${sinceDays} THEN 1 END)`.as("paid_orders"),
            paidTotal: sql<number>`coalesce(sum(CASE WHEN ${orders.paidAt} >= ${sinceDays} THEN ${orders.totalCents} END), 0)`.as("paid_total"),
          })
          .from(orders)
          .where(and(paid, gte(orders.paidAt, since30)))
          .groupBy(orders.currency),
        db.select({ status: orders.status, n: count() }).from(orders).groupBy(orders.status),
        db
          .select({ currency: orders.currency, date: paidDay, revenueCents: net().as("revenue"), orders: count() })
          .from(orders)
          .where(and(paid, gte(orders.paidAt, sinceDays)))
          .groupBy(orders.currency, paidDay),
        db
          .select({
            placed: count(),
            paid: sql<number>`count(${orders.paidAt})`.as("placed_paid"),
          })
          .from(orders)
          .where(gte(orders.createdAt, sinceDays)),
        db
          .select({
            started: sql<number>`coalesce(sum(CASE WHEN ${cartStarts.day} >= ${sinceDays.slice(0, 10)} THEN ${cartStarts.carts} END), 0)`.as("carts_started"),
            since: sql<string | null>`min(${cartStarts.day})`.as("carts_since"),
          })
          .from(cartStarts),
        db
          .select({ sku: productVariants.sku, productId: products.id, name: products.name, variantTitle: productVariants.title, available: productVariants.available })
          .from(productVariants)
          .innerJoin(products, eq(products.id, productVariants.productId))
          .where(and(eq(products.isActive, true), eq(productVariants.isActive, true), lte(productVariants.available, LOW_STOCK_THRESHOLD)))
          .orderBy(productVariants.available, productVariants.sku)
          .limit(20),
        db
          .select({ id: orders.id, number: orders.number, status: orders.status, totalCents: orders.totalCents, currency: orders.currency, customerEmail: users.email, createdAt: orders.createdAt })
          .from(orders)
          .leftJoin(users, eq(users.id, orders.userId))
          .orderBy(desc(orders.createdAt))
          .limit(8),
      ]);
      const ordersByStatus = Object.fromEntries(ORDER_STATUSES.map((status) => [status, 0])) as Record<OrderStatus, number>;
      for (const row of byStatus) ordersByStatus[row.status] = row.n;
      // Every one of the days, zero-filled, so the chart has no gaps; one series per currency.
      const daily = new Map(byDay.map((row) => [`${row.currency}|${row.date}`, row]));
      const seriesOf = (currency: string) =>
        Array.from({ length: days }, (_, i) => {
          const date = new Date(Date.parse(sinceDays) + i * DAY_MS).toISOString().slice(0, 10);
          const row = daily.get(`${currency}|${date}`);
          return { date, revenueCents: Number(row?.revenueCents ?? 0), orders: Number(row?.orders ?? 0) };
        });
      const currencies = [...new Set([BASE_CURRENCY, ...revenue.map((row) => row.currency)])].sort((a, b) => (a === BASE_CURRENCY ? -1 : b === BASE_CURRENCY ? 1 : a.localeCompare(b)));
      const byCurrency = currencies.map((currency) => {
        const row = revenue.find((entry) => entry.currency === currency);
        const paidOrders = Number(row?.paidOrders ?? 0);
        return {
          currency,
          revenueCents: { today: Number(row?.today ?? 0), last7d: Number(row?.last7d ?? 0), last30d: Number(row?.last30d ?? 0) },
          paidOrders,
          averageOrderCents: paidOrders > 0 ? Math.round(Number(row?.paidTotal ?? 0) / paidOrders) : null,
          revenueByDay: seriesOf(currency),
        };
      });
      const base = byCurrency[0]!;
      const started = Number(carts[0]?.started ?? 0);
      const ordered = Number(placed[0]?.paid ?? 0);
      return c.json(
        {
          revenueCents: base.revenueCents,
          currency: BASE_CURRENCY,
          ordersByStatus,
          revenueByDay: base.revenueByDay,
          days,
          byCurrency,
          orders: { placed: Number(placed[0]?.placed ?? 0), paid: ordered },
          carts: { started, ordered, share: started > 0 ? ordered / started : null, countingSince: carts[0]?.since ?? null },
          lowStock,
          recentOrders: recent,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/emails",
      tags: ["Admin"],
      summary: "The email outbox (the local mail catcher)",
      security: bearer,
      request: { query: emailListQuery },
      responses: { 200: { description: "A page of emails, newest first", ...json(pageOf(emailSummarySchema)) }, ...problems(400, 401, 403) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const conditions: SQL[] = [];
      if (query.status) conditions.push(eq(emailOutbox.status, query.status));
      if (query.to) conditions.push(eq(emailOutbox.to, query.to.toLowerCase()));
      const where = conditions.length ? and(...conditions) : undefined;
      const db = c.var.db;
      const [rows, totals] = await db.batch([
        db.select().from(emailOutbox).where(where).orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id)).limit(query.limit).offset((query.page - 1) * query.limit),
        db.select({ n: count() }).from(emailOutbox).where(where),
      ]);
      return c.json({ items: rows.map(emailSummary), page: query.page, limit: query.limit, total: totals[0]?.n ?? 0 }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/emails/{id}",
      tags: ["Admin"],
      summary: "One email with its HTML and text",
      security: bearer,
      request: { params: idParam },
      responses: { 200: { description: "The email", ...json(emailDetailSchema) }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      const row = await c.var.db.query.emailOutbox.findFirst({ where: eq(emailOutbox.id, c.req.valid("param").id) });
      if (!row) throw new ApiError("not_found", "No such email.");
      return c.json({ ...emailSummary(row), html: row.html, text: row.text }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/failed-jobs",
      tags: ["Admin"],
      summary: "Queue messages that exhausted their retries",
      security: bearer,
      request: { query: failedJobQuery },
      responses: { 200: { description: "A page of failed jobs", ...json(pageOf(failedJobSchema)) }, ...problems(400, 401, 403) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const where = query.status ? eq(failedJobs.status, query.status) : undefined;
      const db = c.var.db;
      const [rows, totals] = await db.batch([
        db.select().from(failedJobs).where(where).orderBy(desc(failedJobs.createdAt), desc(failedJobs.id)).limit(query.limit).offset((query.page - 1) * query.limit),
        db.select({ n: count() }).from(failedJobs).where(where),
      ]);
      return c.json({ items: rows, page: query.page, limit: query.limit, total: totals[0]?.n ?? 0 }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/failed-jobs/{id}/retry",
      tags: ["Admin"],
      summary: "Send a failed job back to its queue",
      description: "Consumers are idempotent, so a retry of work that meanwhile succeeded changes nothing.",
      security: bearer,
      request: { params: idParam },
      responses: { 200: { description: "The job, marked retried", ...json(failedJobSchema) }, ...problems(401, 403, 404, 409) },
    }),
    async (c) => {
      const auth = authOf(c);
      const db = c.var.db;
      const id = c.req.valid("param").id;
      const job = await db.query.failedJobs.findFirst({ where: eq(failedJobs.id, id) });
      if (!job) throw new ApiError("not_found", "No such failed job.");
      if (job.status !== "failed") throw new ApiError("conflict", `This job was already ${job.status}.`);
      const payment = paymentJob.safeParse(job.body);
      const email = emailJob.safeParse(job.body);
      if (job.queue === QUEUES.payments && payment.success) {
        await c.env.PAYMENTS_QUEUE.send(payment.data);
      } else if (job.queue === QUEUES.emails && email.success) {
        // Give the email another round of attempts.
        await db.update(emailOutbox).set({ status: "queued", lastError: null }).where(and(eq(emailOutbox.dedupeKey, email.data.dedupeKey), eq(emailOutbox.status, "failed")));
        await c.env.EMAILS_QUEUE.send(email.data);
      } else {
        throw new ApiError("conflict", "This job's message is not one the queues understand, so it cannot be retried.");
      }
      const now = new Date().toISOString();
      const [updated] = await db.batch([
        db.update(failedJobs).set({ status: "retried", retriedAt: now }).where(and(eq(failedJobs.id, id), eq(failedJobs.status, "failed"))).returning(),
        auditEntry(db, { actorId: auth.userId, action: "failed_job.retried", entityType: "failed_job", entityId: id, details: { queue: job.queue }, requestId: c.var.requestId }),
      ]);
      return c.json(updated[0] ?? { ...job, status: "retried" as const, retriedAt: now }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/audit-log",
      tags: ["Admin"],
      summary: "Admin actions, newest first",
      description: "Each entry names its actor and its record as they are now; `details.changes` holds a change's fields as `{ from, to }`.",
      security: bearer,
      request: { query: auditQuery },
      responses: { 200: { description: "A page of audit entries", ...json(pageOf(auditEntrySchema)) }, ...problems(400, 401, 403) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const conditions: SQL[] = [];
      if (query.action) conditions.push(eq(auditLog.action, query.action));
      if (query.entityType) conditions.push(eq(auditLog.entityType, query.entityType));
      if (query.entityId) conditions.push(eq(auditLog.entityId, query.entityId));
      if (query.actorId) conditions.push(eq(auditLog.actorId, query.actorId));
      const where = conditions.length ? and(...conditions) : undefined;
      const db = c.var.db;
      const [rows, totals] = await db.batch([
        db
          .select({ entry: auditLog, actorEmail: users.email, actorName: users.name })
          .from(auditLog)
          .leftJoin(users, eq(users.id, auditLog.actorId))
          .where(where)
          .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
          .limit(query.limit)
          .offset((query.page - 1) * query.limit),
        db.select({ n: count() }).from(auditLog).where(where),
      ]);
      // Named on read, one query per record type on the page (docs/decisions/025).
      const names = await auditRecordNames(db, rows.map(({ entry }) => entry));
      return c.json(
        {
          items: rows.map(({ entry, actorEmail, actorName }) => ({ ...entry, actorEmail, actorName, entityName: names.get(`${entry.entityType}:${entry.entityId}`) ?? null })),
          page: query.page,
          limit: query.limit,
          total: totals[0]?.n ?? 0,
        },
        200,
      );
    },
  );

