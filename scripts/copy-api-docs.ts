/**
 * Copies Scalar's standalone API reference into the client build, so /api/docs works offline
 * and under the site's CSP (no script from a CDN). Run by `npm run build` after the Remix build.
 */
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const viewer = require.resolve("@scalar/api-reference/browser/standalone.js");
const target = join(root, "build", "client", "api-docs");
mkdirSync(target, { recursive: true });
copyFileSync(viewer, join(target, "scalar.js"));
console.log("Copied the API reference viewer to build/client/api-docs/scalar.js");
