import { z } from "zod";
import { savedAddressBody } from "../../../workers/domain/schemas/addresses";

/**
 * The address book's form, validated with the API's own address rules
 * (workers/domain/schemas/addresses.ts): what the page accepts is exactly what the API does.
 * Browsers post "" for an empty box, which means "none" for the optional lines, and a ticked
 * box as "on".
 */
const shape = savedAddressBody.shape;
/** Site messages are resource keys (see forms.ts). */
const text = z.string({ error: "validation.required" });
const optional = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== "" ? value : undefined));
const ticked = z
  .string()
  .optional()
  .transform((value) => value !== undefined);

export const addressForm = z.object({
  name: text.pipe(shape.name),
  line1: text.pipe(shape.line1),
  line2: optional.pipe(shape.line2),
  city: text.pipe(shape.city),
  region: optional.pipe(shape.region),
  postalCode: text.pipe(shape.postalCode),
  country: text.pipe(shape.country),
  phone: optional.pipe(shape.phone),
  isDefaultShipping: ticked,
  isDefaultBilling: ticked,
});
export type AddressFormData = z.output<typeof addressForm>;

export const ADDRESS_FORM_FIELDS = ["name", "line1", "line2", "city", "region", "postalCode", "country", "phone", "isDefaultShipping", "isDefaultBilling"] as const;
export type AddressFormField = (typeof ADDRESS_FORM_FIELDS)[number];
