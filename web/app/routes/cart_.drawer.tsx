import { data, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/cloudflare";
import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import { PRIVATE_NO_STORE } from "~/lib/cache.server";
import { getCart, type CartView } from "~/lib/cart.server";

/**
 * GET /cart/drawer — the cart drawer's read of the cart (web/app/components/cart-drawer.tsx).
 *
 * The cart page's own loader throws when the cart cannot be read, which is right for a page
 * (its error page, with the status) but not for a panel over another page: a fetcher's thrown
 * error replaces the whole page with the nearest error boundary. So the drawer reads here,
 * where a cart that cannot be read is an answer (with its status) the drawer shows in place.
 */
export type CartDrawerRead = { ok: true; cart: CartView } | { ok: false; status: number };

// Single fetch takes a route's cache headers from here, not from the loader's data().
export const headers: HeadersFunction = () => ({ "Cache-Control": PRIVATE_NO_STORE });

export async function loader({ request, context }: LoaderFunctionArgs) {
  try {
    const { cart, headers } = await getCart(request, context);
    return data<CartDrawerRead>({ ok: true, cart }, { headers });
  } catch (error) {
    // getCart throws a Response (503, or 429 when the cart is busy); anything else is a bug.
    if (!(error instanceof Response)) throw error;
    return data<CartDrawerRead>({ ok: false, status: error.status }, { status: error.status });
  }
}

/**
 * The same read, answered in place when the server cannot be reached at all (the shopper went
 * offline, the connection dropped), for the same reason: never the whole page's error boundary.
 */
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs): Promise<CartDrawerRead> {
  try {
    return await serverLoader<typeof loader>();
  } catch (error) {
    if (error instanceof Response) return { ok: false, status: error.status };
    return { ok: false, status: 0 };
  }
}
