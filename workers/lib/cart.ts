/**
 * Which Cart object a request may use. The name is derived only from a verified identity:
 * the user id from a verified access token, or a guest id whose HMAC signature checks out.
 * Nothing in a request body or path ever names a cart.
 */
import type { Context } from "hono";
import type { AppEnv } from "../factory";
import { base64url } from "./ids";
import { ApiError } from "./problem";

export type CartOwner = { kind: "user"; userId: string } | { kind: "guest"; guestId: string };

/** The Cart object for a verified owner. */
export function cartOf(env: Env, owner: CartOwner) {
  return env.CART.getByName(owner.kind === "user" ? `user:${owner.userId}` : `guest:${owner.guestId}`);
}

const TOKEN_PREFIX = "gc1";
const guestIdPattern = /^[A-Za-z0-9_-]{22}$/;
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    // A purpose label keeps this MAC from ever verifying for another use of the same secret.
    key = crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(`guest-cart:${secret}`),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
    keys.set(secret, key);
  }
  return key;
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return null; // an impossible base64 length
  }
}

/** A new guest cart token, `gc1.<guest id>.<signature>`, for the site to keep in a cookie. */
export async function mintGuestToken(secret: string): Promise<string> {
  const guestId = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const signature = await crypto.subtle.sign("HMAC", await hmacKey(secret), new TextEncoder().encode(guestId));
  return `${TOKEN_PREFIX}.${guestId}.${base64url(new Uint8Array(signature))}`;
}

/** The guest id of a genuine token, or null (forged, altered or malformed). */
export async function verifyGuestToken(secret: string, token: string): Promise<string | null> {
  const [prefix, guestId, signature, ...rest] = token.split(".");
  if (prefix !== TOKEN_PREFIX || !guestId || !signature || rest.length > 0 || !guestIdPattern.test(guestId)) return null;
  const mac = fromBase64url(signature);
  if (!mac || mac.length !== 32) return null;
  // crypto.subtle.verify compares in constant time.
  const valid = await crypto.subtle.verify("HMAC", await hmacKey(secret), mac, new TextEncoder().encode(guestId));
  return valid ? guestId : null;
}

/** The contract's header for a guest cart, and the name it had first (still accepted). */
export const CART_TOKEN_HEADERS = ["x-cart-token", "x-guest-cart"] as const;

/** The guest cart token a request sends, in either header; undefined when it sends none. */
export function presentedCartToken(c: Context<AppEnv>): string | undefined {
  for (const name of CART_TOKEN_HEADERS) {
    const value = c.req.header(name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The guest id of the request's cart token, or a 401 when it has none or a forged one. */
export async function guestCartIdOf(c: Context<AppEnv>): Promise<string> {
  const token = presentedCartToken(c);
  if (token === undefined) {
    throw new ApiError("unauthenticated", "Sign in, or send a guest cart token in X-Cart-Token.", { headers: { "www-authenticate": "Bearer" } });
  }
  const guestId = token.length <= 200 ? await verifyGuestToken(c.var.config.SESSION_SECRET, token) : null;
  if (!guestId) throw new ApiError("unauthenticated", "The guest cart token is not valid.");
  return guestId;
}
