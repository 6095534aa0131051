import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../factory";
import type { ShippingRate } from "../../domain/shipping";
import { shippingMethods, shippingZones } from "../schema";

type MutableRate = { kind: "flat"; amountCents: number } | { kind: "subtotal_bands"; bands: { minSubtotalCents: number; amountCents: number }[] };

/** A zone as the API shows it; also a domain ShippingZone. */
export interface ShippingZoneView {
  id: string;
  name: string;
  /** The market whose shoppers it serves; amounts are in that market's currency. */
  marketId: string;
  countries: string[];
  methods: { id: string; name: string; rate: MutableRate; freeOverCents: number | null; minDays: number | null; maxDays: number | null }[];
}

function mutableRate(rate: ShippingRate): MutableRate {
  return rate.kind === "flat" ? { kind: "flat", amountCents: rate.amountCents } : { kind: "subtotal_bands", bands: rate.bands.map((band) => ({ ...band })) };
}

/**
 * Every zone with its methods, in display order: the shape the domain prices with. With a
 * market, only that market's zones (their amounts are in its currency).
 */
export async function listShippingZones(db: Db, marketId?: string): Promise<ShippingZoneView[]> {
  const [zones, methods] = await db.batch(shippingZonesQueries(db, marketId));
  return toZoneViews(zones, methods);
}

/** `listShippingZones`' two reads, as statements for a D1 batch (see `toZoneViews`). */
export function shippingZonesQueries(db: Db, marketId?: string) {
  return [
    db
      .select()
      .from(shippingZones)
      .where(marketId ? eq(shippingZones.marketId, marketId) : undefined)
      .orderBy(asc(shippingZones.position), asc(shippingZones.id)),
    db
      .select()
      .from(shippingMethods)
      .where(marketId ? inArray(shippingMethods.zoneId, db.select({ id: shippingZones.id }).from(shippingZones).where(eq(shippingZones.marketId, marketId))) : undefined)
      .orderBy(asc(shippingMethods.position), asc(shippingMethods.id)),
  ] as const;
}

export function toZoneViews(
  zones: readonly (typeof shippingZones.$inferSelect)[],
  methods: readonly (typeof shippingMethods.$inferSelect)[],
): ShippingZoneView[] {
  return zones.map((zone) => ({
    id: zone.id,
    name: zone.name,
    marketId: zone.marketId,
    countries: zone.countries,
    methods: methods
      .filter((method) => method.zoneId === zone.id)
      .map((method) => ({
        id: method.id,
        name: method.name,
        rate: mutableRate(method.rate),
        freeOverCents: method.freeOverCents,
        minDays: method.minDays,
        maxDays: method.maxDays,
      })),
  }));
}

export async function findShippingZone(db: Db, id: string): Promise<ShippingZoneView | undefined> {
  const zones = await listShippingZones(db);
  return zones.find((zone) => zone.id === id);
}

export function zoneExists(db: Db, id: string) {
  return db.select({ id: shippingZones.id }).from(shippingZones).where(eq(shippingZones.id, id)).get();
}
