import { flatRoutes } from "@remix-run/fs-routes";
import type { RouteConfig } from "@remix-run/route-config";

// File-system routes under web/app/routes (Remix flat-routes naming). Helpers live in
// web/app/lib and web/app/components, never in routes/, since every file there is a route.
export default flatRoutes() satisfies RouteConfig;
