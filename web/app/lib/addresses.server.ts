import type { AppLoadContext } from "@remix-run/cloudflare";
import { savedAddressList, savedAddressSchema, type SavedAddress } from "../../../workers/domain/schemas/addresses";
import type { AddressFormData } from "./address-form";
import { readJson, readProblem } from "./api.server";
import type { Outcome } from "./orders.server";
import { apiAsUser, getSessionTokens } from "./session.server";

const BOOK = "/users/me/addresses";

/** The shopper's saved addresses, default shipping first. */
export async function listAddresses(request: Request, context: AppLoadContext): Promise<Outcome<SavedAddress[]>> {
  const { response, headers } = await apiAsUser(request, context, BOOK);
  if (!response.ok) return { ok: false, problem: await readProblem(response), headers };
  return { ok: true, value: (await readJson(response, savedAddressList, `GET ${BOOK}`)).items, headers };
}

/** Saves a new address, or replaces an existing one's fields (cleared lines are cleared). */
export async function saveAddress(request: Request, context: AppLoadContext, id: string | undefined, form: AddressFormData): Promise<Outcome<SavedAddress>> {
  const { response, headers } = id
    ? await apiAsUser(request, context, `${BOOK}/${encodeURIComponent(id)}`, {
        method: "PATCH",
        json: { ...form, line2: form.line2 ?? null, region: form.region ?? null, phone: form.phone ?? null },
      })
    : await apiAsUser(request, context, BOOK, { method: "POST", json: form });
  if (!response.ok) return { ok: false, problem: await readProblem(response), headers };
  return { ok: true, value: await readJson(response, savedAddressSchema, id ? `PATCH ${BOOK}/:id` : `POST ${BOOK}`), headers };
}

export async function makeDefault(request: Request, context: AppLoadContext, id: string, kind: "shipping" | "billing"): Promise<Outcome<SavedAddress>> {
  const json = kind === "shipping" ? { isDefaultShipping: true } : { isDefaultBilling: true };
  const { response, headers } = await apiAsUser(request, context, `${BOOK}/${encodeURIComponent(id)}`, { method: "PATCH", json });
  if (!response.ok) return { ok: false, problem: await readProblem(response), headers };
  return { ok: true, value: await readJson(response, savedAddressSchema, `PATCH ${BOOK}/:id`), headers };
}

export async function deleteAddress(request: Request, context: AppLoadContext, id: string): Promise<Outcome<null>> {
  const { response, headers } = await apiAsUser(request, context, `${BOOK}/${encodeURIComponent(id)}`, { method: "DELETE" });
  if (!response.ok) return { ok: false, problem: await readProblem(response), headers };
  return { ok: true, value: null, headers };
}

/** A saved address as checkout offers it: its id, a one-line summary, and the fields to fill. */
export interface CheckoutAddressChoice {
  id: string;
  summary: string;
  isDefaultShipping: boolean;
  isDefaultBilling: boolean;
}

export interface CheckoutAddressBook {
  choices: CheckoutAddressChoice[];
  /** The address the shipping fields start with: `?shipTo=`, else the default, else none. */
  shipping: PostalFields | null;
  shipToId: string | null;
  /** The billing fields' start, when it is not the shipping address. */
  billing: PostalFields | null;
  billToId: string | null;
}

type PostalFields = { name: string; line1: string; line2?: string; city: string; region?: string; postalCode: string; country: string };

function postal(address: SavedAddress): PostalFields {
  const { name, line1, line2, city, region, postalCode, country } = address;
  return { name, line1, ...(line2 ? { line2 } : {}), city, ...(region ? { region } : {}), postalCode, country };
}

/**
 * What checkout fills in for a signed-in shopper: their default shipping (and billing) address,
 * or the saved ones chosen with `?shipTo=` / `?billTo=` (links that work without JavaScript).
 * A guest, or an address book that cannot be read just now, fills nothing.
 */
export async function checkoutAddressBook(request: Request, context: AppLoadContext): Promise<CheckoutAddressBook> {
  const empty: CheckoutAddressBook = { choices: [], shipping: null, shipToId: null, billing: null, billToId: null };
  if (!(await getSessionTokens(request, context))) return empty;
  const listed = await listAddresses(request, context);
  if (!listed.ok || listed.value.length === 0) return empty;
  const url = new URL(request.url);
  const byId = (id: string | null) => (id ? listed.value.find((address) => address.id === id) : undefined);
  const shipTo = byId(url.searchParams.get("shipTo")) ?? listed.value.find((address) => address.isDefaultShipping);
  const billTo = byId(url.searchParams.get("billTo")) ?? listed.value.find((address) => address.isDefaultBilling);
  const differentBilling = billTo && billTo.id !== shipTo?.id ? billTo : undefined;
  return {
    choices: listed.value.map((address) => ({
      id: address.id,
      summary: [address.name, address.line1, address.line2, address.city, address.postalCode, address.country].filter(Boolean).join(", "),
      isDefaultShipping: address.isDefaultShipping,
      isDefaultBilling: address.isDefaultBilling,
    })),
    shipping: shipTo ? postal(shipTo) : null,
    shipToId: shipTo?.id ?? null,
    billing: differentBilling ? postal(differentBilling) : null,
    billToId: differentBilling?.id ?? null,
  };
}
