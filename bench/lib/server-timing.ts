/**
 * The Worker's own account of a request, from its `Server-Timing` header (sent while the var
 * SERVER_TIMING is "on"):
 *
 *   Server-Timing: d1;dur=12.3;calls=3;trips=2, do;dur=4.0;calls=2;trips=1, queue;…, render;dur=…, total;dur=…
 *
 * `trips` is the number of sequential round trips on the request's critical path (calls made
 * side by side count once). The bench only reads these figures; it never infers them.
 */

export interface TimingEntry {
  dur?: number;
  calls?: number;
  trips?: number;
}

export type ServerTiming = Record<string, TimingEntry>;

/** The header's entries by name, or null when the response has no Server-Timing header. */
export function parseServerTiming(header: string | null): ServerTiming | null {
  if (header === null || header.trim() === "") return null;
  const timing: ServerTiming = {};
  for (const part of header.split(",")) {
    const [name, ...params] = part.split(";").map((piece) => piece.trim());
    if (!name) continue;
    const entry: TimingEntry = {};
    for (const param of params) {
      const [key, raw] = param.split("=").map((piece) => piece.trim());
      const value = Number(raw?.replace(/^"|"$/g, ""));
      if ((key === "dur" || key === "calls" || key === "trips") && Number.isFinite(value)) entry[key] = value;
    }
    timing[name] = entry;
  }
  return timing;
}

/**
 * Round trips of one kind: 0 when the header is there without that kind (no such call), null
 * without a header or when the entry carries no `trips`.
 */
export function tripsOf(timing: ServerTiming | null, kind: "d1" | "do" | "queue"): number | null {
  if (timing === null) return null;
  const entry = timing[kind];
  if (entry === undefined) return 0;
  return entry.trips ?? null;
}
