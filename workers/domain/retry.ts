/**
 * Queue retry delays: exponential with full jitter, capped, so a recovering gateway is not
 * hit by every retry at once. `attempts` is the message's delivery count (1 on first try).
 */
export function retryDelaySeconds(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(300, 2 ** Math.max(0, attempts - 1) * 2);
  return Math.max(1, Math.ceil(base / 2 + (random() * base) / 2));
}
