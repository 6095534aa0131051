/**
 * Keys no stored record may have. `JSON.parse` makes `__proto__` an own key, and an own
 * `__proto__` that reaches the shopper's browser through the site's loader data replaces the
 * decoded object's prototype there (turbo-stream 2.4, CVE-2026-34077; see decision 008).
 * `constructor` and `prototype` are the other two names prototype pollution goes through.
 */
export const RESERVED_KEYS = ["__proto__", "constructor", "prototype"] as const;

const reserved: ReadonlySet<string> = new Set(RESERVED_KEYS);

export function isReservedKey(key: string): boolean {
  return reserved.has(key);
}

export const RESERVED_KEY_MESSAGE = `${RESERVED_KEYS.join(", ")} cannot be used as names.`;

/** The reserved keys `value` has as its own, when it is an object. */
export function ownReservedKeys(value: unknown): string[] {
  if (typeof value !== "object" || value === null) return [];
  return RESERVED_KEYS.filter((key) => Object.hasOwn(value, key));
}

/** Whether a reserved key is an own key anywhere in `value`, at any depth. */
export function hasReservedKeyDeep(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (ownReservedKeys(value).length > 0) return true;
  return Object.values(value).some(hasReservedKeyDeep);
}

/**
 * `JSON.parse` that leaves every reserved key out, at any depth (a reviver's `undefined`
 * deletes the property). The site reads every API answer through it.
 */
export function parseJsonWithoutReservedKeys(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => (isReservedKey(key) ? undefined : value));
}
