import { z } from "@hono/zod-openapi";
import { ownReservedKeys, RESERVED_KEY_MESSAGE, RESERVED_KEYS } from "../reserved-keys";

/** `?page=1&limit=20` on every list (limit 1..100). */
export const pagingQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1).openapi({ example: 1 }),
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ example: 20 }),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    page: z.number().int(),
    limit: z.number().int(),
    total: z.number().int(),
  });
}

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string(),
  })
  .openapi("Problem");

const problemContent = { "application/problem+json": { schema: problemSchema } };

/** OpenAPI response entries for the problems a route can answer with. */
export function problems(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: "Malformed JSON or failed validation",
    401: "Missing, invalid or expired credentials",
    403: "Authenticated but not allowed",
    404: "Not found",
    409: "Conflict",
    413: "Body too large",
    415: "Wrong content type",
    422: "Idempotency key reused with a different body",
    429: "Rate limited (see Retry-After)",
  };
  return Object.fromEntries(
    statuses.map((status) => [status, { description: descriptions[status] ?? "Problem", content: problemContent }]),
  );
}

export const idParam = z.object({ id: z.string().min(1).max(64) });

/**
 * A free-form record (specifications, variant options) that refuses `__proto__`,
 * `constructor` and `prototype` as keys with a 400 naming the key. The check looks at the
 * parsed body itself: zod's record skips an own `__proto__` without a word, so a refinement
 * on its output would never see one.
 */
export function safeRecord<K extends z.core.$ZodRecordKey, V extends z.ZodType>(key: K, value: V) {
  return z
    .preprocess((input, ctx) => {
      for (const reservedKey of ownReservedKeys(input)) {
        ctx.issues.push({ code: "custom", path: [reservedKey], message: RESERVED_KEY_MESSAGE, input });
      }
      return input;
    }, z.record(key, value))
    .openapi({ description: `Names may not be ${RESERVED_KEYS.join(", ")}.` });
}
