import { z } from "@hono/zod-openapi";
import { phoneField } from "./auth";
import { addressSchema } from "./orders";

/** How many addresses one shopper may keep; one more is a 409. */
export const MAX_SAVED_ADDRESSES = 20;

/**
 * A saved address: the checkout's own address rules (so any saved address can be posted to
 * checkout as it is), plus a phone for the courier and the two default flags.
 */
export const savedAddressBody = z
  .object({
    ...addressSchema.shape,
    phone: phoneField.optional(),
    isDefaultShipping: z.boolean().optional(),
    isDefaultBilling: z.boolean().optional(),
  })
  .strict()
  .openapi("SavedAddressRequest");
export type SavedAddressBody = z.infer<typeof savedAddressBody>;

/** A partial edit; `null` clears one of the optional lines. At least one field. */
export const savedAddressPatch = z
  .object({
    ...savedAddressBody.partial().shape,
    line2: addressSchema.shape.line2.unwrap().nullable().optional(),
    region: addressSchema.shape.region.unwrap().nullable().optional(),
    phone: phoneField.nullable().optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, "Send at least one field to change.")
  .openapi("SavedAddressPatch");
export type SavedAddressPatch = z.infer<typeof savedAddressPatch>;

export const savedAddressSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    line1: z.string(),
    line2: z.string().optional(),
    city: z.string(),
    region: z.string().optional(),
    postalCode: z.string(),
    country: z.string(),
    phone: z.string().optional(),
    isDefaultShipping: z.boolean(),
    isDefaultBilling: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("SavedAddress");
export type SavedAddress = z.infer<typeof savedAddressSchema>;

export const savedAddressList = z.object({ items: z.array(savedAddressSchema) }).openapi("SavedAddressList");
