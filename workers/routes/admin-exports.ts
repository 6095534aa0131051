import { createRoute, z } from "@hono/zod-openapi";
import { CUSTOMER_EXPORT_HEADER, customerExportPages, ORDER_EXPORT_HEADER, orderExportPages } from "../db/queries/exports";
import { problems } from "../domain/schemas/common";
import { orderFilterQuery } from "../domain/schemas/orders";
import { createRouter } from "../factory";
import { csvResponse, EXPORT_PAGE_SIZE } from "../lib/csv-stream";
import { requireAdmin } from "../middleware/auth";

const bearer = [{ bearerAuth: [] }];
const csv = (description: string) => ({ description, content: { "text/csv": { schema: z.string() } } });

/**
 * CSV downloads of the admin's lists, filtered by the same query parameters as the lists
 * themselves and streamed page by page from D1. Cells that a spreadsheet would run as formulas
 * are written as text (workers/domain/csv.ts).
 */
export const adminExportRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/orders.csv",
      tags: ["Admin"],
      summary: "Export orders as CSV",
      description: "Takes the filters of `GET /orders` (status, userId, number, q). Amounts are in minor units.",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { query: orderFilterQuery },
      responses: { 200: csv("The orders, newest first"), ...problems(400, 401, 403) },
    }),
    (c) => csvResponse("orders", ORDER_EXPORT_HEADER, orderExportPages(c.var.db, c.req.valid("query"), EXPORT_PAGE_SIZE), c.var.requestId),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/customers.csv",
      tags: ["Admin"],
      summary: "Export customers as CSV",
      description: "Takes the search of `GET /users` (q: part of the email or name).",
      security: bearer,
      middleware: [requireAdmin] as const,
      request: { query: z.object({ q: z.string().trim().max(100).optional() }) },
      responses: { 200: csv("The customers, newest first"), ...problems(400, 401, 403) },
    }),
    (c) => csvResponse("customers", CUSTOMER_EXPORT_HEADER, customerExportPages(c.var.db, c.req.valid("query").q, EXPORT_PAGE_SIZE), c.var.requestId),
  );
