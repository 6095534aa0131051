import { z } from "@hono/zod-openapi";
const countryField = z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "Use an ISO 3166-1 alpha-2 code, like US.");

const cents = z.number().int().min(0).max(100_000_000);
const days = z.number().int().min(0).max(365);

export const shippingRateSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("flat"), amountCents: cents }).strict(),
    z
      .object({
        kind: z.literal("subtotal_bands"),
        bands: z.array(z.object({ minSubtotalCents: cents, amountCents: cents }).strict()).min(1).max(20),
      })
      .strict(),
  ])
  .openapi("ShippingRate");

export const shippingMethodBody = z
  .object({
    id: z.string().min(1).max(64).optional().openapi({ description: "Keep an existing method's id when editing a zone" }),
    name: z.string().trim().min(1, "Enter a name.").max(80),
    rate: shippingRateSchema,
    freeOverCents: cents.nullable().optional(),
    minDays: days.nullable().optional(),
    maxDays: days.nullable().optional(),
  })
  .strict()
  .refine((method) => method.minDays == null || method.maxDays == null || method.minDays <= method.maxDays, {
    message: "The fastest delivery cannot be slower than the slowest.",
    path: ["maxDays"],
  });

const zoneFields = {
  name: z.string().trim().min(1, "Enter a name.").max(80),
  countries: z
    .array(z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "Use ISO 3166-1 alpha-2 codes, like US."))
    .min(1, "List at least one country.")
    .max(250)
    .refine((list) => new Set(list).size === list.length, "A country is listed twice."),
  methods: z.array(shippingMethodBody).min(1, "Add at least one method.").max(20),
};

export const createShippingZoneBody = z
  .object({
    ...zoneFields,
    marketId: z.string().trim().toLowerCase().min(1).max(32).optional().openapi({ description: "The market it serves; amounts are in its currency. Default: the base market" }),
  })
  .strict()
  .openapi("CreateShippingZoneRequest");

export const updateShippingZoneBody = z
  .object({ name: zoneFields.name.optional(), countries: zoneFields.countries.optional(), methods: zoneFields.methods.optional() })
  .strict()
  .openapi("UpdateShippingZoneRequest");

export const shippingMethodSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    rate: shippingRateSchema,
    freeOverCents: z.number().int().nullable(),
    minDays: z.number().int().nullable(),
    maxDays: z.number().int().nullable(),
  })
  .openapi("ShippingMethod");

export const shippingZoneSchema = z
  .object({ id: z.string(), name: z.string(), marketId: z.string(), countries: z.array(z.string()), methods: z.array(shippingMethodSchema) })
  .openapi("ShippingZone");

export const shippingZoneListSchema = z.object({ items: z.array(shippingZoneSchema) }).openapi("ShippingZoneList");

export const shippingMethodsQuery = z.object({ country: countryField.openapi({ example: "US" }) });

export const shippingQuoteSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    amountCents: z.number().int().openapi({ description: "For the caller's cart (after its discounts); the base rate without one" }),
    currency: z.string(),
    minDays: z.number().int().nullable(),
    maxDays: z.number().int().nullable(),
    freeOverCents: z.number().int().nullable(),
  })
  .openapi("ShippingQuote");

export const shippingQuoteListSchema = z
  .object({
    items: z.array(shippingQuoteSchema),
    tax: z
      .object({
        inclusive: z.boolean().openapi({ description: "The market's prices include tax (shown as incl. VAT); otherwise it is added" }),
        rateBps: z.number().int().openapi({ description: "The rate for this country, in basis points" }),
        shipping: z.boolean().openapi({ description: "Whether shipping is taxed too" }),
      })
      .openapi({ description: "How the request's market taxes an order to this country, so a checkout page can show the totals checkout will charge" }),
  })
  .openapi("ShippingQuoteList");
