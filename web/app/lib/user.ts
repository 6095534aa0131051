import { useRouteLoaderData } from "@remix-run/react";
import type { loader as rootLoader } from "~/root";

/** The signed-in user from the root loader: null when signed out or on an error page. */
export function useOptionalUser() {
  return useRouteLoaderData<typeof rootLoader>("root")?.user ?? null;
}

/** The layout's data (cart and notification badges, category links); empty on an error page without it. */
export function useRootData() {
  const data = useRouteLoaderData<typeof rootLoader>("root");
  return {
    cartCount: data?.cartCount ?? 0,
    categories: data?.categories ?? [],
    notificationCount: data?.notificationCount ?? 0,
    origin: data?.origin ?? null,
    markets: data?.markets ?? [],
    market: data?.market ?? null,
  };
}

/** Whether the visitor's market shows prices with VAT included (false when unknown). */
export function useTaxInclusive(): boolean {
  return useRouteLoaderData<typeof rootLoader>("root")?.market?.taxInclusive ?? false;
}
