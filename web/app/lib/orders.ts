/**
 * Order and checkout constants the pages render with. Client-safe: the API calls and the
 * schemas live in orders.server.ts.
 */

export const ADDRESS_KEYS = ["name", "line1", "line2", "city", "region", "postalCode", "country"] as const;
export type AddressKey = (typeof ADDRESS_KEYS)[number];

/**
 * The test card tokens offered at checkout; Stripe's test mode honours the same names. Each
 * card's words are the resources' `testCard.<key>` and `testCard.<key>Outcome`.
 */
export const TEST_CARD_TOKENS = [
  { token: "tok_visa", key: "visa" },
  { token: "tok_chargeDeclined", key: "declined" },
] as const;

export interface CountryOption {
  code: string;
  name: string;
}

/** The page size of a shopper's order history. */
export const ORDERS_PER_PAGE = 10;
/** How many notifications the page lists (the API answers at most 100, newest first). */
export const NOTIFICATIONS_SHOWN = 50;
