import { createMiddleware } from "hono/factory";
import { appConfig, ConfigError } from "../env";
import { createDb, type AppEnv } from "../factory";
import { forgetCacheVersion } from "../lib/edge-cache";
import { ApiError } from "../lib/problem";

const clientRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Puts requestId, config, db and the client address on c.var, echoes x-request-id, and
 * writes one structured JSON log line per request.
 */
export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const started = Date.now();
  const incoming = c.req.header("x-request-id");
  const requestId = incoming && clientRequestId.test(incoming) ? incoming : crypto.randomUUID();
  c.set("requestId", requestId);
  c.set("clientIp", c.req.header("cf-connecting-ip") ?? "unknown");
  c.set("auth", undefined);
  try {
    c.set("config", appConfig(c.env));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(JSON.stringify({ level: "error", requestId, message: error.message }));
      throw new ApiError("unavailable", "The service is misconfigured.");
    }
    throw error;
  }
  c.set("db", createDb(c.env.DB));
  try {
    await next();
  } finally {
    // A write in this isolate may have bumped the catalog version: its next read re-reads it.
    if (c.req.method !== "GET" && c.req.method !== "HEAD") forgetCacheVersion();
    c.res.headers.set("x-request-id", requestId);
    const status = c.res.status;
    console.log(
      JSON.stringify({
        level: status >= 500 ? "error" : "info",
        msg: "request",
        requestId,
        method: c.req.method,
        path: c.req.path,
        status,
        durationMs: Date.now() - started,
        userId: c.var.auth?.userId,
      }),
    );
  }
});
