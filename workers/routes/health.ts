import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../factory";
import { version } from "../../package.json";

const healthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    checks: z.object({ d1: z.enum(["ok", "error"]) }),
    version: z.string(),
  })
  .openapi("Health");

export const healthRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/health",
    tags: ["Meta"],
    summary: "Liveness and dependency checks",
    responses: {
      200: { description: "Healthy", content: { "application/json": { schema: healthSchema } } },
      503: { description: "A dependency failed", content: { "application/json": { schema: healthSchema } } },
    },
  }),
  async (c) => {
    let d1: "ok" | "error" = "ok";
    try {
      await c.env.DB.prepare("SELECT 1").first();
    } catch (error) {
      console.error(JSON.stringify({ level: "error", msg: "health_d1_failed", requestId: c.var.requestId, error: String(error) }));
      d1 = "error";
    }
    if (d1 === "ok") return c.json({ status: "ok" as const, checks: { d1 }, version }, 200);
    return c.json({ status: "degraded" as const, checks: { d1 }, version }, 503);
  },
);
