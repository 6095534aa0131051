import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig(async () => ({
  test: {
    projects: [
      {
        // Inside workerd with the Worker's real bindings from wrangler.toml; migrations are
        // applied by test/setup.ts. The site must be built first (npm test does).
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations(fromRoot("./migrations")),
                JWT_SIGNING_KEYS:
                  "test-2:dGVzdC1zaWduaW5nLWtleS1udW1iZXItdHdvLTMyYnl0ZXMhIQ,test-1:dGVzdC1zaWduaW5nLWtleS1udW1iZXItb25lLTMyYnl0ZXMhIQ",
                SESSION_SECRET: "test-session-secret-0123456789abcdef0123456789abcdef",
                STRIPE_SECRET_KEY: "sk_test_storefront",
                STRIPE_WEBHOOK_SECRET: "whsec_test_storefront",
                EMAIL_API_KEY: "re_test_storefront",
                // Fast and deterministic: tests choose outcomes with test tokens and fault knobs.
                PAYMENT_LATENCY_MS: "20",
                PAYMENT_FAILURE_RATE: "0",
                EMAIL_LATENCY_MS: "10",
              },
            },
          }),
        ],
        resolve: {
          alias: { "virtual:remix/server-build": fromRoot("./build/server/index.js") },
        },
        test: {
          name: "workers",
          include: ["test/*.test.ts", "workers/**/*.test.ts", "durable-objects/**/*.test.ts", "queues/**/*.test.ts"],
          setupFiles: ["./test/setup.ts"],
          testTimeout: 30_000,
        },
      },
      {
        // Node-side checks of the toolchain: the deploy bundle, later the browser journeys.
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          environment: "node",
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // The journeys wait on a real browser and a cold Worker: a first search or render on a
          // loaded CI machine can take longer than expect.poll's default second.
          expect: { poll: { timeout: 15_000, interval: 100 } },
        },
      },
    ],
  },
}));
