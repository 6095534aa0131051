import { adminMarketRoutes, marketRoutes } from "./routes/markets";
import { OpenAPIHono } from "@hono/zod-openapi";
import { except } from "hono/combine";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "./factory";
import { validationHook } from "./factory";
import { ApiError, problemResponse } from "./lib/problem";
import { apiDocsContentSecurityPolicy } from "./lib/security-headers";
import { authenticate } from "./middleware/auth";
import { JSON_BODY_LIMIT, jsonBodies, limitBody, RAW_BODY_ROUTES } from "./middleware/body";
import { requestContext } from "./middleware/request-context";
import { addressRoutes } from "./routes/addresses";
import { authRoutes } from "./routes/auth";
import { cartRoutes } from "./routes/cart";
import { categoryRoutes } from "./routes/categories";
import { healthRoutes } from "./routes/health";
import { inventoryRoutes } from "./routes/inventory";
import { productRoutes } from "./routes/products";
import { productReviewRoutes, reviewRoutes } from "./routes/reviews";
import { searchRoutes } from "./routes/search";
import { userRoutes } from "./routes/users";
import { adminRoutes } from "./routes/admin";
import { adminUserRoutes } from "./routes/admin-users";
import { adminExportRoutes } from "./routes/admin-exports";
import { catalogTranslationRoutes } from "./routes/catalog-translations";
import { notificationRoutes } from "./routes/notifications";
import { orderRoutes } from "./routes/orders";
import { adminReturnRoutes, orderReturnRoutes } from "./routes/returns";
import { paymentRoutes } from "./routes/payments";
import { webhookRoutes } from "./routes/webhooks";
import { promotionRoutes } from "./routes/promotions";
import { adminShippingRoutes, shippingRoutes } from "./routes/shipping";
import { version } from "../package.json";

/** Maps anything thrown to the one problem+json shape; unknown errors are logged as bugs. */
function toApiError(error: unknown, requestId: string): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException) {
    // Hono's own validators throw these, e.g. for a body that is not valid JSON.
    if (error.status === 400) return new ApiError("malformed_json", "The request body is not valid JSON.");
    if (error.status === 413) return new ApiError("payload_too_large");
    if (error.status === 415) return new ApiError("unsupported_media_type");
    if (error.status === 401) return new ApiError("unauthenticated");
  }
  console.error(
    JSON.stringify({
      level: "error",
      msg: "unhandled_error",
      requestId,
      error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
    }),
  );
  return new ApiError("internal", "Something went wrong on our side. It has been logged.");
}

const v1 = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
v1.use("*", authenticate);
v1.route("/", healthRoutes);
v1.route("/auth", authRoutes);
v1.route("/users/me/addresses", addressRoutes);
v1.route("/users", userRoutes);
v1.route("/cart", cartRoutes);
v1.route("/inventory", inventoryRoutes);
v1.route("/categories", categoryRoutes);
v1.route("/products", productRoutes);
v1.route("/products", productReviewRoutes);
v1.route("/reviews", reviewRoutes);
v1.route("/search", searchRoutes);
v1.route("/orders", orderRoutes);
v1.route("/orders", orderReturnRoutes);
v1.route("/payments", paymentRoutes);
v1.route("/notifications", notificationRoutes);
v1.route("/webhooks", webhookRoutes);
v1.route("/shipping", shippingRoutes);
v1.route("/markets", marketRoutes);
v1.route("/admin/markets", adminMarketRoutes);
v1.route("/admin/promotions", promotionRoutes);
v1.route("/admin/shipping-zones", adminShippingRoutes);
v1.route("/admin", adminRoutes);
v1.route("/admin", adminExportRoutes);
v1.route("/admin", catalogTranslationRoutes);
v1.route("/admin/users", adminUserRoutes);
v1.route("/admin/returns", adminReturnRoutes);

v1.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
  type: "http",
  scheme: "bearer",
  bearerFormat: "JWT",
});

v1.doc31("/openapi.json", (c) => ({
  openapi: "3.1.0",
  info: {
    title: "Edge Storefront API",
    version,
    description: "The storefront's public HTTP API. Errors are RFC 9457 problem+json.",
  },
  servers: [{ url: `${new URL(c.req.url).origin}/api/v1` }],
}));

const docsPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Edge Storefront API reference</title>
</head>
<body>
<script id="api-reference" data-url="/api/v1/openapi.json" data-configuration='{"withDefaultFonts":false,"hideClientButton":true,"agent":{"disabled":true},"telemetry":false}'></script>
<script src="/api-docs/scalar.js"></script>
</body>
</html>`;

/** The API under /api: request context, limits and content types, then /v1 and the docs. */
export const api = new OpenAPIHono<AppEnv>()
  .basePath("/api")
  .use("*", requestContext)
  .use("*", except(RAW_BODY_ROUTES, limitBody(JSON_BODY_LIMIT), jsonBodies))
  .get("/docs", (c) => c.html(docsPage, 200, { "content-security-policy": apiDocsContentSecurityPolicy }))
  .route("/v1", v1);

api.notFound((c) => problemResponse(new ApiError("not_found", `No route for ${c.req.method} ${c.req.path}.`), c.var.requestId ?? crypto.randomUUID()));

api.onError((error, c) => {
  const requestId = c.var.requestId ?? crypto.randomUUID();
  const response = problemResponse(toApiError(error, requestId), requestId);
  response.headers.set("x-request-id", requestId);
  return response;
});
