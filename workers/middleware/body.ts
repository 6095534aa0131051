import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { MAX_IMAGE_BYTES } from "../domain/image-type";
import type { AppEnv } from "../factory";
import { ApiError } from "../lib/problem";

export const JSON_BODY_LIMIT = 64 * 1024;
export const IMAGE_BODY_LIMIT = MAX_IMAGE_BYTES;

/**
 * Routes whose body is not JSON (raw image uploads): the global JSON type check and 64 KiB
 * limit skip them, and each checks its own type and applies its own limit.
 */
export const RAW_BODY_ROUTES = ["/api/v1/products/:id/images"];

const methodsWithBody = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const jsonType = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

function hasBody(headers: Headers): boolean {
  const length = headers.get("content-length");
  if (length !== null) return Number(length) > 0;
  return headers.has("transfer-encoding");
}

/** Request bodies are JSON unless a route says otherwise (415), and at most 64 KiB (413). */
export const jsonBodies = createMiddleware<AppEnv>(async (c, next) => {
  if (methodsWithBody.has(c.req.method) && hasBody(c.req.raw.headers)) {
    const type = c.req.header("content-type") ?? "";
    if (!jsonType.test(type)) {
      throw new ApiError("unsupported_media_type", "Request bodies must be application/json.");
    }
  }
  await next();
});

export function limitBody(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError("payload_too_large", `Request bodies may be at most ${maxSize} bytes.`);
    },
  });
}
