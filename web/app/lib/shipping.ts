import type { TFunction } from "i18next";

/** Shipping words the checkout and order pages share. */

/** "3–7 business days" in the page's language, from a method's estimate; empty when it has none. */
export function deliveryEstimate(quote: { minDays: number | null; maxDays: number | null }, t: TFunction): string {
  const { minDays, maxDays } = quote;
  if (minDays == null && maxDays == null) return "";
  if (minDays != null && maxDays != null && minDays !== maxDays) return t("shipping.daysRange", { min: minDays, max: maxDays });
  return t("shipping.days", { count: maxDays ?? minDays! });
}
