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

export function decide(
  state: RateWindowState | undefined,
  now: number,
  limit: number,
  windowMs: number,
): RateDecision {
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
  const estimated = previous * overlap + current;
  if (estimated + 1 > limit) {
    // The estimate falls as the previous window slides out; if the current window alone is
    // full, nothing frees up before it turns over.
    const untilTurnover = windowStart + windowMs - now;
    const waitMs =
      current + 1 > limit || previous === 0
        ? untilTurnover
        : Math.min(untilTurnover, ((estimated + 1 - limit) / previous) * windowMs);
    return {
      allowed: false,
      remaining: 0,
      retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
      state: { windowStart, current, previous },
    };
  }
  return {
    allowed: true,
    remaining: Math.max(0, Math.floor(limit - estimated - 1)),
    retryAfterSeconds: 0,
    state: { windowStart, current: current + 1, previous },
  };
}
