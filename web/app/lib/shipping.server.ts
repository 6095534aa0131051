import type { AppLoadContext } from "@remix-run/cloudflare";
import type { z } from "zod";
import { shippingQuoteListSchema } from "../../../workers/domain/schemas/shipping";
import { readJson } from "./api.server";
import { guestCartToken } from "./cart.server";
import { apiAsUser } from "./session.server";

export type ShippingQuote = z.infer<typeof shippingQuoteListSchema>["items"][number];

/**
 * The methods offered for a country, priced by the API for this visitor's cart (signed in, or
 * the guest cart cookie's token). Empty when nothing ships there or the API cannot say.
 */
export async function shippingMethodsFor(request: Request, context: AppLoadContext, country: string): Promise<ShippingQuote[]> {
  const guestToken = await guestCartToken(request, context);
  const { response } = await apiAsUser(request, context, `/shipping/methods?country=${encodeURIComponent(country)}`, {
    ...(guestToken ? { headers: { "x-cart-token": guestToken } } : {}),
  });
  if (!response.ok) return [];
  return (await readJson(response, shippingQuoteListSchema, "GET /shipping/methods")).items;
}
