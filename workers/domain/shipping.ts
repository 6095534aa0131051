/**
 * Shipping zones and methods, in integer cents. Pure, so the cart page, the methods list and
 * checkout charge the same amount for the same cart.
 *
 * A zone is a set of ISO 3166-1 alpha-2 countries with its methods in the order the shopper
 * sees them; the first is the default for clients that do not choose. A method's charge is
 * computed on the goods subtotal after discounts (see docs/decisions/011-promotions-and-shipping.md).
 */

export type ShippingRate =
  | { kind: "flat"; amountCents: number }
  | { kind: "subtotal_bands"; bands: readonly { minSubtotalCents: number; amountCents: number }[] };

export interface ShippingMethod {
  id: string;
  name: string;
  rate: ShippingRate;
  /** From this discounted subtotal up, the method is free. */
  freeOverCents?: number | null;
  minDays?: number | null;
  maxDays?: number | null;
}

export interface ShippingZone {
  id: string;
  name: string;
  countries: readonly string[];
  methods: readonly ShippingMethod[];
}

/** The zone that ships to a country; a country is in at most one zone (the first listed wins). */
export function zoneFor(zones: readonly ShippingZone[], country: string): ShippingZone | undefined {
  const code = country.trim().toUpperCase();
  return zones.find((zone) => zone.countries.some((listed) => listed.toUpperCase() === code));
}

/** The methods offered for a country, in display order; empty when no zone ships there. */
export function methodsFor(zones: readonly ShippingZone[], country: string): readonly ShippingMethod[] {
  return zoneFor(zones, country)?.methods ?? [];
}

/** The chosen method when it is offered for the country, the zone's first when none was chosen. */
export function chooseMethod(
  zones: readonly ShippingZone[],
  country: string,
  methodId?: string | null,
): { ok: true; method: ShippingMethod } | { ok: false; reason: "no_zone" | "method_not_offered" } {
  const methods = methodsFor(zones, country);
  if (methods.length === 0) return { ok: false, reason: "no_zone" };
  if (!methodId) return { ok: true, method: methods[0]! };
  const method = methods.find((candidate) => candidate.id === methodId);
  return method ? { ok: true, method } : { ok: false, reason: "method_not_offered" };
}

/** What the rate alone asks for this subtotal, before any free-over threshold. */
function rateAmount(rate: ShippingRate, subtotalCents: number): number {
  if (rate.kind === "flat") return rate.amountCents;
  // The band with the highest minimum the subtotal reaches; below every band, the lowest one.
  const bands = [...rate.bands].sort((a, b) => a.minSubtotalCents - b.minSubtotalCents);
  if (bands.length === 0) return 0;
  let chosen = bands[0]!;
  for (const band of bands) if (subtotalCents >= band.minSubtotalCents) chosen = band;
  return chosen.amountCents;
}

/** The charge for a method on a (discounted) goods subtotal. */
export function shippingCharge(method: ShippingMethod, subtotalCents: number): number {
  if (method.freeOverCents != null && subtotalCents >= method.freeOverCents) return 0;
  return rateAmount(method.rate, subtotalCents);
}

/**
 * How much more the shopper must spend for the method to become free, or null when it has no
 * threshold, is free already, or costs nothing anyway.
 */
export function freeShippingRemainingCents(method: ShippingMethod, subtotalCents: number): number | null {
  if (method.freeOverCents == null) return null;
  const remaining = method.freeOverCents - subtotalCents;
  if (remaining <= 0 || rateAmount(method.rate, subtotalCents) === 0) return null;
  return remaining;
}

/** The countries the store has always shipped to, with its historic rate. */
export const DEFAULT_SHIPPING_COUNTRIES = ["US", "CA", "GB", "IE", "DE", "FR", "NL", "ES", "IT", "AU", "NZ", "JP"] as const;

/** Standard $5.99, free from $75: the store's rule before zones existed, and the seed's default. */
export const DEFAULT_STANDARD_METHOD: ShippingMethod = {
  id: "shm_standard",
  name: "Standard",
  rate: { kind: "flat", amountCents: 599 },
  freeOverCents: 7_500,
  minDays: 3,
  maxDays: 7,
};
