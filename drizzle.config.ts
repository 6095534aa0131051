import { defineConfig } from "drizzle-kit";

// Generates SQL migrations into migrations/, which `wrangler d1 migrations apply` and the
// tests apply. Hand-written migrations (FTS5) are made with `drizzle-kit generate --custom`.
export default defineConfig({
  dialect: "sqlite",
  schema: "./workers/db/schema.ts",
  out: "./migrations",
});
