/**
 * A bounded in-memory cache for one isolate: least recently used entries go first once either
 * the entry count or the byte total passes its cap, and every entry expires. Production
 * isolates have 128 MB, so nothing kept here may grow without bound (docs/decisions/016).
 */
export interface IsolateCacheLimits {
  maxEntries: number;
  maxBytes: number;
}

interface Slot<V> {
  value: V;
  bytes: number;
  expiresAt: number;
}

export class IsolateCache<V> {
  /** A Map iterates in insertion order; re-inserting on a hit makes that the recency order. */
  readonly #slots = new Map<string, Slot<V>>();
  #bytes = 0;

  constructor(readonly limits: IsolateCacheLimits) {}

  get size(): number {
    return this.#slots.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get(key: string, now = Date.now()): V | undefined {
    const slot = this.#slots.get(key);
    if (!slot) return undefined;
    this.#slots.delete(key);
    if (slot.expiresAt <= now) {
      this.#bytes -= slot.bytes;
      return undefined;
    }
    this.#slots.set(key, slot);
    return slot.value;
  }

  /** Keeps `value` for `ttlMs`; a value larger than the byte cap is not kept at all. */
  set(key: string, value: V, bytes: number, ttlMs: number, now = Date.now()): void {
    this.delete(key);
    if (bytes > this.limits.maxBytes || this.limits.maxEntries < 1) return;
    this.#slots.set(key, { value, bytes, expiresAt: now + ttlMs });
    this.#bytes += bytes;
    for (const [oldest, slot] of this.#slots) {
      if (this.#slots.size <= this.limits.maxEntries && this.#bytes <= this.limits.maxBytes) break;
      this.#slots.delete(oldest);
      this.#bytes -= slot.bytes;
    }
  }

  delete(key: string): void {
    const slot = this.#slots.get(key);
    if (!slot) return;
    this.#slots.delete(key);
    this.#bytes -= slot.bytes;
  }

  clear(): void {
    this.#slots.clear();
    this.#bytes = 0;
  }
}
