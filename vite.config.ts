import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";

declare module "@remix-run/cloudflare" {
  interface Future {
    v3_singleFetch: true;
  }
}

// The site is built here and served by the Worker (workers/index.ts) through
// createRequestHandler; there is no separate Remix dev server, because it cannot run the
// Durable Objects and queue consumers the site depends on.
export default defineConfig({
  // Static files (favicon, _headers) are copied from here into build/client.
  publicDir: "web/public",
  plugins: [
    tailwindcss(),
    remix({
      appDirectory: "web/app",
      buildDirectory: "build",
      serverModuleFormat: "esm",
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
  ],
  resolve: {
    alias: { "~": new URL("./web/app", import.meta.url).pathname },
  },
  ssr: {
    target: "webworker",
    resolve: { conditions: ["workerd", "worker", "browser"], externalConditions: ["workerd", "worker"] },
  },
  build: { minify: true },
});
