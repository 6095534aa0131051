import { createMiddleware } from "hono/factory";
import { appConfig, ConfigError } from "../env";
import { createDb, type AppEnv } from "../factory";
import { forgetCacheVersion } from "../lib/edge-cache";
import { ApiError } from "../lib/problem";
import { logRequest, requestIdOf } from "../lib/request-log";

/**
 * Puts requestId, config, db and the client address on c.var, echoes x-request-id, and
 * writes one structured JSON log line per request.
 */
const HEALTH_PATH = "/api/v1/health";

export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const started = Date.now();
  const requestId = requestIdOf(c.req.raw);
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
    // A healthy answer to a health probe is noise in the log; a failing one is logged.
    if (!(c.req.path === HEALTH_PATH && c.res.status === 200)) {
      logRequest({ requestId, method: c.req.method, path: c.req.path, status: c.res.status, durationMs: Date.now() - started, userId: c.var.auth?.userId });
    }
  }
});
