/**
 * Order and checkout constants the pages render with. Client-safe: the API calls and the
 * schemas live in orders.server.ts.
 */

export const ADDRESS_KEYS = ["name", "line1", "line2", "city", "region", "postalCode", "country"] as const;
export type AddressKey = (typeof ADDRESS_KEYS)[number];

/** The test card tokens offered at checkout; Stripe's test mode honours the same names. */
export const TEST_CARD_TOKENS = [
  { token: "tok_visa", label: "Visa ending 4242", outcome: "succeeds" },
  { token: "tok_chargeDeclined", label: "Declined card", outcome: "is declined" },
] as const;

export interface CountryOption {
  code: string;
  name: string;
}

/** The page size of a shopper's order history. */
export const ORDERS_PER_PAGE = 10;
/** How many notifications the page lists (the API answers at most 100, newest first). */
export const NOTIFICATIONS_SHOWN = 50;
