/** Shipping words the checkout and order pages share. */

/** "Arrives in 3–7 business days", from a method's estimate; empty when it has none. */
export function deliveryEstimate(quote: { minDays: number | null; maxDays: number | null }): string {
  const { minDays, maxDays } = quote;
  if (minDays == null && maxDays == null) return "";
  if (minDays != null && maxDays != null && minDays !== maxDays) return `${minDays}–${maxDays} business days`;
  const days = maxDays ?? minDays!;
  return `${days} business day${days === 1 ? "" : "s"}`;
}
