import type { AppLoadContext } from "@remix-run/cloudflare";
import type { z } from "zod";
import { shippingQuoteListSchema } from "../../../workers/domain/schemas/shipping";
import { readJson } from "./api.server";
import { guestCartToken } from "./cart.server";
import { apiAsUser } from "./session.server";

export type ShippingQuote = z.infer<typeof shippingQuoteListSchema>["items"][number];
export type CountryTax = z.infer<typeof shippingQuoteListSchema>["tax"];

/**
 * The methods offered for a country, priced by the API for this visitor's cart (signed in, or
 * the guest cart cookie's token), and how the visitor's market taxes an order there. No
 * methods when nothing ships there or the API cannot say.
 */
export async function shippingMethodsFor(request: Request, context: AppLoadContext, country: string): Promise<{ methods: ShippingQuote[]; tax: CountryTax | null }> {
  const guestToken = await guestCartToken(request, context);
  const { response } = await apiAsUser(request, context, `/shipping/methods?country=${encodeURIComponent(country)}`, {
    ...(guestToken ? { headers: { "x-cart-token": guestToken } } : {}),
  });
  if (!response.ok) return { methods: [], tax: null };
  const { items, tax } = await readJson(response, shippingQuoteListSchema, "GET /shipping/methods");
  return { methods: items, tax };
}
