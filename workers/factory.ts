import { OpenAPIHono, type Hook } from "@hono/zod-openapi";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import type { AppConfig } from "./env";
import type { Market } from "./domain/markets";
import * as schema from "./db/schema";
import { instrumentD1 } from "./db/d1-session";
import { ApiError } from "./lib/problem";

/** drizzle over D1; `$client` is the D1 binding, for reads drizzle cannot batch (workers/db/raw.ts). */
export type Db = DrizzleD1Database<typeof schema> & { $client: D1Database };

export interface AuthContext {
  userId: string;
  role: "customer" | "admin";
  /** The refresh-token family this access token was issued from (one per signed-in session). */
  sessionId?: string;
}

export interface AppVariables {
  requestId: string;
  config: AppConfig;
  db: Db;
  auth: AuthContext | undefined;
  /** Why a presented bearer token was refused, for the 401 a protected route answers with. */
  authFailure: "expired" | "invalid" | undefined;
  clientIp: string;
  /** Resolved on first use by `requestMarket` (workers/middleware/market.ts). */
  market: Market | undefined;
}

export type AppEnv = { Bindings: Env; Variables: AppVariables };

const databases = new WeakMap<D1Database, Db>();

/**
 * One drizzle instance per D1 binding per isolate: building one walks the whole schema to
 * derive the relational config, which is not work to repeat on every request.
 */
export function createDb(d1: D1Database): Db {
  // The instrumented binding (workers/db/d1-session.ts), itself one per binding per isolate.
  const client = instrumentD1(d1);
  let db = databases.get(client);
  if (!db) {
    db = drizzle(client, { schema });
    databases.set(client, db);
  }
  return db;
}

/** Turns a failed zod validation into the API's one 400 problem shape. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) {
    throw new ApiError("validation_failed", "The request did not pass validation.", {
      errors: result.error.issues.map((issue) => ({
        path: issue.path.map(String).join(".") || "(root)",
        message: issue.message,
      })),
    });
  }
};

/** One sub-app per resource, each validating with the shared hook. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
