import { describe, expect, it } from "vitest";
import { IsolateCache } from "./isolate-cache";

describe("IsolateCache", () => {
  it("returns what was set until it expires", () => {
    const cache = new IsolateCache<string>({ maxEntries: 10, maxBytes: 100 });
    cache.set("a", "one", 3, 1_000, 0);
    expect(cache.get("a", 999)).toBe("one");
    expect(cache.get("a", 1_000)).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it("drops the least recently used entry past the entry cap", () => {
    const cache = new IsolateCache<number>({ maxEntries: 2, maxBytes: 100 });
    cache.set("a", 1, 1, 60_000, 0);
    cache.set("b", 2, 1, 60_000, 0);
    expect(cache.get("a", 1)).toBe(1); // a is now the most recent
    cache.set("c", 3, 1, 60_000, 2);
    expect(cache.get("b", 3)).toBeUndefined();
    expect(cache.get("a", 3)).toBe(1);
    expect(cache.get("c", 3)).toBe(3);
    expect(cache.size).toBe(2);
  });

  it("keeps the byte total under its cap, and refuses a value bigger than the cap", () => {
    const cache = new IsolateCache<string>({ maxEntries: 100, maxBytes: 10 });
    cache.set("a", "a", 4, 60_000, 0);
    cache.set("b", "b", 4, 60_000, 0);
    cache.set("c", "c", 4, 60_000, 0);
    expect(cache.bytes).toBe(8);
    expect(cache.get("a", 1)).toBeUndefined();
    cache.set("huge", "h", 11, 60_000, 0);
    expect(cache.get("huge", 1)).toBeUndefined();
    expect(cache.bytes).toBe(8);
  });

  it("replacing a key counts its bytes once", () => {
    const cache = new IsolateCache<string>({ maxEntries: 10, maxBytes: 100 });
    cache.set("a", "x", 5, 60_000, 0);
    cache.set("a", "y", 7, 60_000, 0);
    expect(cache.bytes).toBe(7);
    expect(cache.get("a", 1)).toBe("y");
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it("stays within both caps under many writes", () => {
    const cache = new IsolateCache<number>({ maxEntries: 50, maxBytes: 1_000 });
    for (let i = 0; i < 10_000; i++) cache.set(`k${i}`, i, (i % 37) + 1, 60_000, 0);
    expect(cache.size).toBeLessThanOrEqual(50);
    expect(cache.bytes).toBeLessThanOrEqual(1_000);
  });
});
