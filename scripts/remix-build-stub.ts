/**
 * Stands in for the Remix server build when scripts/seed-stock.ts starts the Worker: the
 * seeder only calls /api, so stocking the Inventory objects does not wait for (or depend on)
 * `npm run build`. workers/index.ts reads `mode` when the module loads; the rest is only
 * touched when a page is rendered, which never happens here.
 */
export const mode = "production";
export const routes = {};
export const assets = { entry: { module: "", imports: [] }, routes: {}, url: "", version: "stub" };
export const assetsBuildDirectory = "build/client";
export const basename = "/";
export const entry = { module: {} };
export const future = {};
export const isSpaMode = false;
export const publicPath = "/";
