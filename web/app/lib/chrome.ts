import { useMatches } from "@remix-run/react";

/**
 * Which frame the root layout draws around a page, chosen by the deepest route that says so in
 * its `handle`: the store's header and footer, checkout's reduced frame, or none for the admin
 * section, which draws its own shell.
 */
export type Chrome = "store" | "checkout" | "admin";

export interface ChromeHandle {
  chrome?: Chrome;
}

export function useChrome(): Chrome {
  const matches = useMatches();
  for (let i = matches.length - 1; i >= 0; i--) {
    const chrome = (matches[i]?.handle as ChromeHandle | undefined)?.chrome;
    if (chrome) return chrome;
  }
  return "store";
}
