/**
 * Sliding-window rate limiting (the two-bucket approximation): the previous fixed window's
 * count is weighted by how much of it still overlaps the sliding window. Pure, so it is
 * tested without a Durable Object.
 */
export interface RateWindowState {
  windowStart: number;
  current: number;
  previous: number;
}

export interface RateDecision {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
  state: RateWindowState;
}

/** A window carried forward to `now`, with the sliding estimate of how much it holds. */
export interface SlidWindow extends RateWindowState {
  estimated: number;
}

export function slide(state: RateWindowState | undefined, now: number, windowMs: number): SlidWindow {
  const windowStart = Math.floor(now / windowMs) * windowMs;
  let current = 0;
  let previous = 0;
  if (state) {
    if (state.windowStart === windowStart) {
      current = state.current;
      previous = state.previous;
    } else if (state.windowStart === windowStart - windowMs) {
      previous = state.current;
    }
  }
  const overlap = 1 - (now - windowStart) / windowMs;
  return { windowStart, current, previous, estimated: previous * overlap + current };
}

/** Whether one more would go over `limit`. */
export function isFull(window: SlidWindow, limit: number): boolean {
  return window.estimated + 1 > limit;
}

/** Seconds until a full window has room for one more. */
export function secondsUntilRoom(window: SlidWindow, now: number, limit: number, windowMs: number): number {
  // The estimate falls as the previous window slides out; if the current window alone is
  // full, nothing frees up before it turns over.
  const untilTurnover = window.windowStart + windowMs - now;
  const waitMs =
    window.current + 1 > limit || window.previous === 0
      ? untilTurnover
      : Math.min(untilTurnover, ((window.estimated + 1 - limit) / window.previous) * windowMs);
  return Math.max(1, Math.ceil(waitMs / 1000));
}

/** The window with one more counted in it. */
export function counted(window: SlidWindow): RateWindowState {
  return { windowStart: window.windowStart, current: window.current + 1, previous: window.previous };
}

export function decide(
  state: RateWindowState | undefined,
  now: number,
  limit: number,
  windowMs: number,
): RateDecision {
  const window = slide(state, now, windowMs);
  const { windowStart, current, previous, estimated } = window;
  if (isFull(window, limit)) {
    return {
      allowed: false,
      remaining: 0,
      retryAfterSeconds: secondsUntilRoom(window, now, limit, windowMs),
      state: { windowStart, current, previous },
    };
  }
  return {
    allowed: true,
    remaining: Math.max(0, Math.floor(limit - estimated - 1)),
    retryAfterSeconds: 0,
    state: counted(window),
  };
}
