import { createContext, useContext, type ReactNode } from "react";

/**
 * The per-request CSP nonce, provided by entry.server from `context.cspNonce`. It is kept
 * out of loader data on purpose: on the client the value is "", which matches what the
 * browser reports for a nonce attribute after applying the policy, so hydration agrees.
 */
const NonceContext = createContext("");

export function NonceProvider({ nonce, children }: { nonce: string; children: ReactNode }) {
  return <NonceContext.Provider value={nonce}>{children}</NonceContext.Provider>;
}

export function useNonce(): string {
  return useContext(NonceContext);
}
