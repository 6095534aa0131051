/** Rounds `amount × bps / 10000` half up, in integers only (bps: 1/100 of a percent). */
export function applyBasisPoints(amountCents: number, bps: number): number {
  return Math.floor((amountCents * bps + 5_000) / 10_000);
}
