/**
 * Limits for guests' orders (docs/decisions/012-guest-checkout.md). Order lookup emails a link
 * to whoever owns the address, so its limits stop it being used to flood a mailbox or to
 * probe order numbers: per address, and per client address.
 */
export const ORDER_LOOKUP_LIMITS = {
  perEmail: { limit: 5, windowSeconds: 60 * 60 },
  perClient: { limit: 20, windowSeconds: 60 * 60 },
} as const;
