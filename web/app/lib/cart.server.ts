import { createCookie, type AppLoadContext, type Cookie } from "@remix-run/cloudflare";
import type { z } from "zod";
import { cartSchema, guestCartSchema, mergeResultSchema } from "../../../workers/domain/schemas/cart";
import { appConfig } from "../../../workers/env";
import type { ApiCallInit } from "../../../workers/load-context";
import { callApi, readJson, readProblem, type Problem } from "./api.server";
import { apiAsUser, getSessionTokens, getUser, sessionHeaders } from "./session.server";

/**
 * The shopper's cart, through the cart API. A signed-in visitor uses their account's cart
 * (bearer token); a guest uses a guest cart the API keeps in its own Cart object, named by a
 * signed token (POST /cart/guest) that the site keeps in an HttpOnly cookie and sends as
 * X-Cart-Token. Stock checks, limits and pricing therefore have one owner, the API, for
 * guests and customers alike; at sign-in the guest cart is merged into the account
 * (POST /cart/merge) and the cookie cleared.
 */

export type CartView = z.infer<typeof cartSchema>;
export type CartLine = CartView["items"][number];

const GUEST_HEADER = "x-cart-token";
/** Guest carts the API empties after 30 idle days; the cookie lives as long. */
const GUEST_COOKIE_MAX_AGE = 30 * 24 * 60 * 60;

/** The guest cart cookie's name; __Host- (origin-bound) needs https. */
export function guestCartCookieName(secure: boolean): string {
  return secure ? "__Host-sf_cart" : "sf_cart";
}

function guestCookie(request: Request, context: AppLoadContext): Cookie {
  const config = appConfig(context.cloudflare.env);
  const secure = new URL(request.url).protocol === "https:";
  return createCookie(guestCartCookieName(secure), {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    secrets: [config.SESSION_SECRET],
    maxAge: GUEST_COOKIE_MAX_AGE,
  });
}

export const EMPTY_CART: CartView = {
  items: [],
  subtotalCents: 0,
  totalItems: 0,
  currency: "USD",
  updatedAt: null,
  discounts: [],
  discountCents: 0,
  discountCode: null,
  freeShipping: false,
  freeShippingRemainingCents: null,
  market: "us",
  taxInclusive: false,
  repriced: null,
};

interface CartState {
  /** undefined: not read yet; null: no (valid) guest cookie. */
  guestToken?: string | null;
  /** Set-Cookie for the guest cookie, once this request changed it. */
  guestSetCookie?: string;
  cart?: Promise<{ cart: CartView; headers: Headers }>;
}

const states = new WeakMap<AppLoadContext, CartState>();

function stateOf(context: AppLoadContext): CartState {
  let state = states.get(context);
  if (!state) {
    state = {};
    states.set(context, state);
  }
  return state;
}

async function readGuestToken(request: Request, context: AppLoadContext): Promise<string | null> {
  const state = stateOf(context);
  if (state.guestToken === undefined) {
    const value: unknown = await guestCookie(request, context).parse(request.headers.get("Cookie"));
    state.guestToken ??= typeof value === "string" && value.length > 0 && value.length <= 200 ? value : null;
  }
  return state.guestToken;
}

async function setGuestToken(request: Request, context: AppLoadContext, token: string | null): Promise<void> {
  const cookie = guestCookie(request, context);
  const state = stateOf(context);
  state.guestToken = token;
  state.guestSetCookie = token
    ? await cookie.serialize(token)
    : await cookie.serialize("", { maxAge: 0, expires: new Date(0) });
}

/** Set-Cookie headers this request must send: the session's and the guest cart's. */
export function cartHeaders(context: AppLoadContext): Headers {
  const headers = sessionHeaders(context);
  const guest = stateOf(context).guestSetCookie;
  if (guest) headers.append("Set-Cookie", guest);
  return headers;
}

/** The guest cart token from this visitor's cookie, for a guest checkout; null without one. */
export function guestCartToken(request: Request, context: AppLoadContext): Promise<string | null> {
  return readGuestToken(request, context);
}

/** Whether this visitor has a guest cart the site can read (for caching decisions). */
export async function hasGuestCart(request: Request, context: AppLoadContext): Promise<boolean> {
  return (await readGuestToken(request, context)) !== null;
}

async function mintGuestToken(context: AppLoadContext): Promise<string> {
  const response = await callApi(context, "/cart/guest", { method: "POST" });
  if (!response.ok) throw new Error(`POST /cart/guest answered ${response.status}`);
  return (await readJson(response, guestCartSchema, "POST /cart/guest")).cartToken;
}

type CartCall = { response: Response | null; headers: Headers };

/**
 * Calls a cart endpoint as this visitor. Guests without a cart get `response: null` unless
 * `create` is set, in which case a guest cart is started (and its cookie set). A guest token
 * the API no longer accepts (a rotated secret) is dropped, and replaced when `create`.
 */
async function cartCall(
  request: Request,
  context: AppLoadContext,
  path: string,
  init: Omit<ApiCallInit, "accessToken"> = {},
  { create = false }: { create?: boolean } = {},
): Promise<CartCall> {
  const { user } = await getUser(request, context);
  if (user) {
    const { response } = await apiAsUser(request, context, path, init);
    return { response, headers: cartHeaders(context) };
  }

  let token = await readGuestToken(request, context);
  if (!token) {
    if (!create) return { response: null, headers: cartHeaders(context) };
    token = await mintGuestToken(context);
    await setGuestToken(request, context, token);
  }
  const asGuest = (guestToken: string) => {
    const headers = new Headers(init.headers);
    headers.set(GUEST_HEADER, guestToken);
    return callApi(context, path, { ...init, headers });
  };
  let response = await asGuest(token);
  if (response.status === 401) {
    if (!create) {
      await setGuestToken(request, context, null);
      return { response: null, headers: cartHeaders(context) };
    }
    token = await mintGuestToken(context);
    await setGuestToken(request, context, token);
    response = await asGuest(token);
  }
  return { response, headers: cartHeaders(context) };
}

export type CartOutcome =
  | { ok: true; cart: CartView; headers: Headers }
  | { ok: false; problem: Problem; headers: Headers };

async function outcomeOf(call: CartCall, what: string): Promise<CartOutcome> {
  const { response, headers } = call;
  if (!response) return { ok: true, cart: EMPTY_CART, headers };
  if (!response.ok) return { ok: false, problem: await readProblem(response), headers };
  return { ok: true, cart: await readJson(response, cartSchema, what), headers };
}

/**
 * This visitor's cart (empty for a guest who never added anything), read at most once per
 * request: the root loader's badge and the cart page share it.
 */
export function getCart(request: Request, context: AppLoadContext): Promise<{ cart: CartView; headers: Headers }> {
  const state = stateOf(context);
  state.cart ??= (async () => {
    const outcome = await outcomeOf(await cartCall(request, context, "/cart"), "GET /cart");
    if (outcome.ok) return { cart: outcome.cart, headers: outcome.headers };
    // 401: the session ended during this request; anything else is a passing failure. The
    // badge and the page must still render, so both show an empty cart.
    if (outcome.problem.status !== 401) {
      console.warn(JSON.stringify({ level: "warn", msg: "cart_unavailable", status: outcome.problem.status, requestId: context.requestId }));
      throw new Response("The cart is unavailable", { status: outcome.problem.status === 429 ? 429 : 503 });
    }
    return { cart: EMPTY_CART, headers: outcome.headers };
  })();
  return state.cart;
}

/** The number of items for the header badge; never fails the page. */
export async function getCartCount(request: Request, context: AppLoadContext): Promise<number> {
  // Nobody signed in and no guest cart: nothing to ask the API.
  if (!(await getSessionTokens(request, context)) && !(await readGuestToken(request, context))) return 0;
  try {
    return (await getCart(request, context)).cart.totalItems;
  } catch {
    return 0;
  }
}

function changed(context: AppLoadContext) {
  stateOf(context).cart = undefined;
}

export async function addToCart(
  request: Request,
  context: AppLoadContext,
  line: { sku: string; quantity: number },
): Promise<CartOutcome> {
  changed(context);
  const call = await cartCall(request, context, "/cart/items", { method: "POST", json: line }, { create: true });
  return outcomeOf(call, "POST /cart/items");
}

/** Sets a line's quantity; 0 removes it. */
export async function setCartQuantity(
  request: Request,
  context: AppLoadContext,
  sku: string,
  quantity: number,
): Promise<CartOutcome> {
  changed(context);
  const call = await cartCall(request, context, `/cart/items/${encodeURIComponent(sku)}`, { method: "PUT", json: { quantity } });
  return outcomeOf(call, "PUT /cart/items/:sku");
}

/** Takes today's price for every line whose price changed since it was added. */
export async function acceptCartPrices(request: Request, context: AppLoadContext): Promise<CartOutcome> {
  changed(context);
  const call = await cartCall(request, context, "/cart/accept-prices", { method: "POST" });
  return outcomeOf(call, "POST /cart/accept-prices");
}

export async function removeFromCart(request: Request, context: AppLoadContext, sku: string): Promise<CartOutcome> {
  changed(context);
  const call = await cartCall(request, context, `/cart/items/${encodeURIComponent(sku)}`, { method: "DELETE" });
  return outcomeOf(call, "DELETE /cart/items/:sku");
}

/**
 * At sign-in: moves the guest cart (if this browser has one) into the account with the new
 * access token, and returns the Set-Cookie that clears the guest cookie. A merge that fails
 * for a passing reason keeps the cookie, so the next sign-in tries again (the API empties the
 * guest cart once merged, and caps what a repeat could add). See docs/decisions/007.
 */
export async function mergeGuestCart(request: Request, context: AppLoadContext, accessToken: string): Promise<string[]> {
  const guestToken = await readGuestToken(request, context);
  if (!guestToken) return [];
  try {
    const response = await callApi(context, "/cart/merge", { method: "POST", json: { guestToken }, accessToken });
    if (response.ok) {
      const merged = await readJson(response, mergeResultSchema, "POST /cart/merge");
      if (merged.adjustments.length > 0) {
        console.log(JSON.stringify({ level: "info", msg: "guest_cart_merge_adjusted", adjustments: merged.adjustments.length, requestId: context.requestId }));
      }
    } else if (response.status !== 400) {
      // 400: the token is no longer valid, so there is nothing to keep it for.
      console.warn(JSON.stringify({ level: "warn", msg: "guest_cart_merge_failed", status: response.status, requestId: context.requestId }));
      return [];
    }
  } catch (error) {
    console.warn(JSON.stringify({ level: "warn", msg: "guest_cart_merge_failed", error: String(error), requestId: context.requestId }));
    return [];
  }
  changed(context);
  await setGuestToken(request, context, null);
  const cleared = stateOf(context).guestSetCookie;
  return cleared ? [cleared] : [];
}

/** Sets the cart's discount code through the API, which says why a code is refused. */
export async function applyDiscountCode(request: Request, context: AppLoadContext, code: string): Promise<CartOutcome> {
  changed(context);
  const call = await cartCall(request, context, "/cart/discount", { method: "POST", json: { code } });
  return outcomeOf(call, "POST /cart/discount");
}

export async function removeDiscountCode(request: Request, context: AppLoadContext): Promise<CartOutcome> {
  changed(context);
  const call = await cartCall(request, context, "/cart/discount", { method: "DELETE" });
  return outcomeOf(call, "DELETE /cart/discount");
}
