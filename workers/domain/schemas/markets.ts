import { z } from "@hono/zod-openapi";
import { CURRENCIES } from "../money";
import { LANGUAGES } from "../languages";
import { ROUNDING_RULES, roundingProblem } from "../markets";

const country = z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "Use ISO 3166-1 alpha-2 codes, like DE.");
const bps = z.number().int().min(0).max(10_000);

const marketFields = {
  name: z.string().trim().min(1, "Enter a name.").max(80),
  currency: z.enum(CURRENCIES),
  countries: z
    .array(country)
    .max(250)
    .refine((list) => new Set(list).size === list.length, "A country is listed twice."),
  languages: z
    .array(z.enum(LANGUAGES))
    .min(1, "Choose at least one language.")
    .refine((list) => new Set(list).size === list.length, "A language is listed twice."),
  defaultLanguage: z.enum(LANGUAGES),
  taxInclusive: z.boolean().openapi({ description: "Prices include tax (EU, UK, Japan), or tax is added at checkout (US)" }),
  taxRates: z.record(country, bps).openapi({ description: "Basis points by destination country, e.g. { \"DE\": 1900 }" }),
  taxShipping: z.boolean().openapi({ description: "Whether shipping is taxed at the same rate" }),
  exchangeRateMicros: z
    .number()
    .int()
    .min(1)
    .max(1_000_000_000_000)
    .openapi({ description: "Units of the market's currency per US dollar, in millionths: 0.92 → 920000" }),
  rounding: z.enum(ROUNDING_RULES).openapi({ description: "exact, whole units, x.99, or tens of units" }),
  position: z.number().int().min(0).max(1_000),
};

type MarketShape = { currency?: string; rounding?: (typeof ROUNDING_RULES)[number]; languages?: readonly string[]; defaultLanguage?: string };

/** The rules a market's fields must satisfy together, for create and the merged edit. */
export function marketIssues(market: MarketShape): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (market.currency && market.rounding) {
    const problem = roundingProblem(market.currency, market.rounding);
    if (problem) issues.push({ path: "rounding", message: problem });
  }
  if (market.languages && market.defaultLanguage && !market.languages.includes(market.defaultLanguage)) {
    issues.push({ path: "defaultLanguage", message: "The default language must be one of the market's languages." });
  }
  return issues;
}

export const createMarketBody = z
  .object({ id: z.string().trim().toLowerCase().regex(/^[a-z][a-z0-9_-]{1,31}$/, "Use 2 to 32 lower-case letters, digits, hyphens or underscores."), ...marketFields })
  .partial({ countries: true, taxRates: true, taxShipping: true, taxInclusive: true, rounding: true, position: true, exchangeRateMicros: true })
  .strict()
  .superRefine((market, context) => {
    for (const issue of marketIssues(market)) context.addIssue({ code: "custom", path: [issue.path], message: issue.message });
  })
  .openapi("CreateMarketRequest");

export const updateMarketBody = z.object(marketFields).partial().strict().openapi("UpdateMarketRequest");

export const marketSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    countries: z.array(z.string()),
    currency: z.string(),
    languages: z.array(z.string()),
    defaultLanguage: z.string(),
    taxInclusive: z.boolean(),
  })
  .openapi("Market");

/** A market as the storefront lists it: with what it can promise about free shipping. */
export const storefrontMarketSchema = marketSchema
  .extend({
    freeShippingOverCents: z
      .number()
      .int()
      .nullable()
      .openapi({
        description:
          "The order amount, in the market's minor units, from which shipping is free to every country of the market that is shipped to; null when the market cannot promise that.",
      }),
  })
  .openapi("StorefrontMarket");

export const marketListSchema = z.object({ items: z.array(storefrontMarketSchema) }).openapi("MarketList");

export const adminMarketSchema = marketSchema
  .extend({
    taxRates: z.record(z.string(), z.number().int()),
    taxShipping: z.boolean(),
    exchangeRateMicros: z.number().int(),
    rounding: z.enum(ROUNDING_RULES),
    isBase: z.boolean(),
    position: z.number().int(),
    /** An example of the rule at work: $24.99 in this market. */
    example: z.object({ baseCents: z.number().int(), convertedMinor: z.number().int(), priceMinor: z.number().int() }),
  })
  .openapi("AdminMarket");

export const adminMarketListSchema = z.object({ items: z.array(adminMarketSchema) }).openapi("AdminMarketList");

export const marketPriceSchema = z
  .object({
    sku: z.string(),
    productId: z.string(),
    title: z.string(),
    baseCents: z.number().int().openapi({ description: "The catalog (USD) price" }),
    derivedMinor: z.number().int().openapi({ description: "The base price through the market's rate and rounding rule" }),
    setMinor: z.number().int().nullable().openapi({ description: "A price set for this market, if any" }),
    priceMinor: z.number().int().openapi({ description: "What shoppers in the market pay" }),
    currency: z.string(),
  })
  .openapi("MarketPrice");

export const marketPriceListSchema = z.object({ items: z.array(marketPriceSchema) }).openapi("MarketPriceList");

export const setMarketPriceBody = z
  .object({ priceMinor: z.number().int().min(0).max(100_000_000_000).openapi({ description: "In the market currency's minor units (JPY has none)" }) })
  .strict()
  .openapi("SetMarketPriceRequest");
