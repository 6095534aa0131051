/**
 * Guest orders' keys (docs/decisions/012-guest-checkout.md). A guest holds two kinds of token,
 * both unguessable (256 bits) and stored only as SHA-256:
 * - the order token answered at checkout (`orders.guest_token_hash`, derived from the order id
 *   under the server's secret), the key of whoever placed the order, whatever address they typed;
 * - link tokens minted for each emailed link (`order_links`), which only someone reading that
 *   mailbox can hold. Only these prove the address, so only these attach orders to an account.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../factory";
import { orderLinks, orders } from "../db/schema";
import { loadOrder, type OrderAggregate } from "../db/queries/orders";
import { normaliseEmail } from "../db/queries/users";
import type { AppConfig } from "../env";
import { base64url, randomToken, sha256Hex } from "../lib/ids";

const TOKEN_PREFIX = "ot_";
/** Tokens are `ot_` + 43 base64url characters; anything else is refused before hashing. */
const tokenPattern = /^ot_[A-Za-z0-9_-]{43}$/;

/** A new order or link token: 256 random bits. */
export function newOrderToken(): string {
  return `${TOKEN_PREFIX}${randomToken(32)}`;
}

const tokenKeys = new Map<string, Promise<CryptoKey>>();

/**
 * The order token answered at checkout: an HMAC of the order id under the server's secret
 * (with its own purpose label), so an idempotent replay can answer the same token again
 * while D1 keeps only its hash. Unguessable without the secret: 256 bits.
 */
export async function guestOrderToken(config: Pick<AppConfig, "SESSION_SECRET">, orderId: string): Promise<string> {
  let key = tokenKeys.get(config.SESSION_SECRET);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(`order-token:${config.SESSION_SECRET}`), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    tokenKeys.set(config.SESSION_SECRET, key);
  }
  const mac = await crypto.subtle.sign("HMAC", await key, new TextEncoder().encode(orderId));
  return `${TOKEN_PREFIX}${base64url(new Uint8Array(mac))}`;
}

export function hashOrderToken(token: string): Promise<string> {
  return sha256Hex(token);
}

export type OrderTokenKind = "checkout" | "link";

/**
 * The order a token opens, and which kind of token it was; undefined for a wrong, malformed
 * or foreign token, so a caller answers 404 alike for all of them.
 */
export async function orderForToken(db: Db, orderId: string, token: string): Promise<{ aggregate: OrderAggregate; kind: OrderTokenKind } | undefined> {
  if (!tokenPattern.test(token)) return undefined;
  const hash = await hashOrderToken(token);
  const order = await db.query.orders.findFirst({ columns: { id: true, guestTokenHash: true }, where: eq(orders.id, orderId) });
  if (!order) return undefined;
  let kind: OrderTokenKind | undefined;
  if (order.guestTokenHash !== null && order.guestTokenHash === hash) kind = "checkout";
  else {
    const link = await db.query.orderLinks.findFirst({ columns: { id: true }, where: and(eq(orderLinks.orderId, orderId), eq(orderLinks.tokenHash, hash)) });
    if (link) {
      kind = "link";
      await db.update(orderLinks).set({ openedAt: sql`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')` }).where(and(eq(orderLinks.id, link.id), isNull(orderLinks.openedAt)));
    }
  }
  if (!kind) return undefined;
  const aggregate = await loadOrder(db, orderId);
  return aggregate ? { aggregate, kind } : undefined;
}

/**
 * A link for an email about a guest's order, with a fresh token. The row's id derives from the
 * email's dedupe key and the insert does nothing on conflict, so an email recorded twice (a
 * redelivered event) keeps the one token whose hash was stored with it.
 */
export async function orderLinkFor(db: Db, input: { orderId: string; dedupeKey: string; appOrigin: string }) {
  const token = newOrderToken();
  const statement = db
    .insert(orderLinks)
    .values({ id: `oln_${(await sha256Hex(input.dedupeKey)).slice(0, 32)}`, orderId: input.orderId, tokenHash: await hashOrderToken(token) })
    .onConflictDoNothing();
  return { url: `${input.appOrigin}/orders/${input.orderId}?token=${token}`, statement };
}

/**
 * Attaches a guest's orders to the signed-in account when the caller presents a link token
 * for one of them (proof they read the mailbox) and the account has that very address.
 * Every guest order placed with the address is attached, none of another address's.
 */
export async function attachGuestOrders(
  db: Db,
  input: { user: { id: string; email: string }; orderId: string; token: string },
): Promise<{ attached: string[] } | { refused: "not_found" | "not_proof" | "other_address" }> {
  const found = await orderForToken(db, input.orderId, input.token);
  if (!found) return { refused: "not_found" };
  if (found.kind !== "link") return { refused: "not_proof" };
  const email = found.aggregate.order.guestEmail;
  if (!email || email !== normaliseEmail(input.user.email)) return { refused: "other_address" };
  const attached = await db
    .update(orders)
    .set({ userId: input.user.id, updatedAt: sql`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')` })
    .where(and(eq(orders.guestEmail, email), isNull(orders.userId)))
    .returning({ id: orders.id });
  return { attached: attached.map((row) => row.id) };
}

/** The guest order with this address and number, if there is one. */
export async function findGuestOrder(db: Db, email: string, number: string) {
  return db.query.orders.findFirst({
    columns: { id: true },
    where: and(eq(orders.guestEmail, normaliseEmail(email)), eq(orders.number, number.trim().toUpperCase())),
  });
}
