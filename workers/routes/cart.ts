import { createRoute, type z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { countCartStarted } from "../db/queries/cart-starts";
import { findVariants, toCurrentVariants, variantsIn } from "../db/queries/skus";
import { cartView, type CartRefusal, type CartSnapshot, type CurrentVariant, type MergeAdjustment } from "../domain/cart";
import {
  addToCartBody,
  cartSchema,
  guestCartSchema,
  mergeCartBody,
  mergeResultSchema,
  setCartQuantityBody,
  skuParam,
} from "../domain/schemas/cart";
import { problems } from "../domain/schemas/common";
import { cartDiscountBody } from "../domain/schemas/promotions";
import { codeProblemText, promotionProblem, type Promotion, type PromotionUsage } from "../domain/promotions";
import { customerRedemptions, findPromotionByCode, toPricingPromotions, type CustomerIdentity } from "../db/queries/promotions";
import { discountedWith, pricingReads, type PricingData } from "../db/queries/pricing";
import { toZoneViews } from "../db/queries/shipping";
import { findUserById } from "../db/queries/users";
import { createRouter, type AppEnv } from "../factory";
import { cartOf, guestCartIdOf, mintGuestToken, verifyGuestToken, type CartOwner } from "../lib/cart";
import { ApiError } from "../lib/problem";
import { authOf, requireUser } from "../middleware/auth";
import { requestMarket } from "../middleware/market";

const json = <T>(schema: T) => ({ content: { "application/json": { schema } } });
/** Either a signed-in user (bearer) or a guest (X-Cart-Token, or its older name X-Guest-Cart, from POST /cart/guest). */
const cartSecurity: Record<string, string[]>[] = [{ bearerAuth: [] }, { cartToken: [] }, { guestCart: [] }];

/**
 * The cart a request may touch, from verified identity only: a presented bearer token must
 * be valid (a bad one is a 401, never a fall-back to a guest cart), otherwise a guest token
 * must carry a valid signature.
 */
async function ownerOf(c: Context<AppEnv>): Promise<CartOwner> {
  if (c.req.header("authorization") !== undefined) return { kind: "user", userId: authOf(c).userId };
  return { kind: "guest", guestId: await guestCartIdOf(c) };
}

/** What pricing a cart reads from D1, read in one batch: the variants and `pricingReads`. */
interface CartReads {
  skus: ReadonlySet<string>;
  code: string | null;
  current: Map<string, CurrentVariant>;
  pricing: PricingData;
}

/**
 * One D1 round trip for everything a cart's answer is priced with: the variants of `skus` in
 * the request's market, the promotions that may apply (with the cart's code) and the market's
 * shipping zones.
 */
async function readCart(c: Context<AppEnv>, skus: readonly string[], code: string | null): Promise<CartReads> {
  const [market, owner] = await Promise.all([requestMarket(c), ownerOf(c)]);
  const db = c.var.db;
  const [variantRows, promotionRows, zoneRows, methodRows] = await db.batch([
    variantsIn(db, skus, market.isBase ? null : market.id),
    ...pricingReads(db, { code, customer: customerOf(owner), marketId: market.id }),
  ]);
  return {
    skus: new Set(skus),
    code,
    current: toCurrentVariants(variantRows, market),
    pricing: { promotions: toPricingPromotions(promotionRows), zones: toZoneViews(zoneRows, methodRows) },
  };
}

function customerOf(owner: CartOwner): CustomerIdentity {
  return owner.kind === "user" ? { userId: owner.userId } : {};
}

/** `reads` when they cover this cart (its SKUs and code), else a fresh read: the cart may have changed since. */
function readsFor(c: Context<AppEnv>, cart: CartSnapshot, reads: CartReads | undefined): Promise<CartReads> | CartReads {
  const code = cart.discountCode ?? null;
  if (reads && reads.code === code && cart.lines.every((line) => reads.skus.has(line.sku))) return reads;
  return readCart(c, cart.lines.map((line) => line.sku), code);
}

/**
 * The stored lines priced with the catalog's current data in the request's market, its
 * promotions and the market's first shipping method. A cart whose lines are in another
 * currency than the market's (the shopper changed market) is re-priced first, and says so in
 * `repriced`: a cart and an order have exactly the market's one currency (decision 013).
 * `reads` are what the route already read for this cart in its own batch.
 */
async function priced(c: Context<AppEnv>, cart: CartSnapshot, repricedFrom: string | null = null, reads?: CartReads): Promise<z.infer<typeof cartSchema>> {
  const [market, owner, { current, pricing }] = await Promise.all([requestMarket(c), ownerOf(c), readsFor(c, cart, reads)]);
  // Once per request: a line whose SKU is gone cannot be re-priced and is shown unavailable.
  const stale =
    repricedFrom === null ? cart.lines.find((line) => current.has(line.sku) && line.currency !== current.get(line.sku)!.currency) : undefined;
  if (stale) {
    return priced(c, await cartOf(c.env, owner).reprice(todaysPrices(cart.lines, current)), repricedFrom ?? stale.currency, { skus: new Set(current.keys()), code: cart.discountCode ?? null, current, pricing });
  }
  const view = cartView(cart, current);
  const discounted = discountedWith(pricing, view, current, cart.discountCode ?? null, customerOf(owner), market);
  return {
    ...discounted,
    market: market.id,
    taxInclusive: market.taxInclusive,
    // An empty cart is in the market's currency; lines carry their own.
    currency: cart.lines.length ? discounted.currency : market.currency,
    repriced: repricedFrom ? { fromCurrency: repricedFrom, toCurrency: discounted.currency } : null,
  };
}

/** The catalog's price now for each line whose SKU still exists (`activeOnly`: and is for sale). */
function todaysPrices(lines: readonly { sku: string }[], current: ReadonlyMap<string, CurrentVariant>, activeOnly = false) {
  return lines.flatMap((line) => {
    const variant = current.get(line.sku);
    return variant && (!activeOnly || variant.active) ? [{ sku: line.sku, priceCents: variant.priceCents, currency: variant.currency }] : [];
  });
}

function refusal(result: CartRefusal): ApiError {
  switch (result.reason) {
    case "insufficient_stock": {
      const message =
        result.available === 0
          ? "This item is out of stock."
          : `Only ${result.available} available${result.inCart > 0 ? `, and ${result.inCart} already in your cart` : ""}.`;
      return new ApiError("insufficient_stock", message, { errors: [{ path: "quantity", message }] });
    }
    case "quantity_limit": {
      const message = `At most ${result.maxQuantity} of one item${result.inCart > 0 ? `; ${result.inCart} already in your cart` : ""}.`;
      return new ApiError("conflict", message, { errors: [{ path: "quantity", message }] });
    }
    case "line_limit":
      return new ApiError("conflict", `A cart holds at most ${result.maxLines} different items.`);
    case "not_in_cart":
      return new ApiError("not_found", "That item is not in the cart.");
    case "currency_mismatch":
      return new ApiError(
        "currency_mismatch",
        `Your cart is in ${result.cartCurrency} and this item is priced in ${result.currency}. One order holds one currency: check out or empty the cart first.`,
      );
    case "invalid_argument":
      return new ApiError("validation_failed", result.message);
  }
}

export const cartRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["Cart"],
      summary: "Your cart, priced now",
      description:
        "Each item carries the current `unitPriceCents`, the `addedPriceCents` it was added at and `priceChanged`; " +
        "items whose product was deactivated are marked `unavailable` and left out of the subtotal.",
      security: cartSecurity,
      responses: { 200: { description: "The cart", ...json(cartSchema) }, ...problems(401) },
    }),
    async (c) => {
      const cart = cartOf(c.env, await ownerOf(c));
      return c.json(await priced(c, await cart.get()), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/items",
      tags: ["Cart"],
      summary: "Add to the cart",
      description: "Adds to an existing line. The line's total may not exceed what is available now, nor 99.",
      security: cartSecurity,
      request: { body: { ...json(addToCartBody), required: true } },
      responses: { 200: { description: "The cart", ...json(cartSchema) }, ...problems(400, 401, 404, 409, 415) },
    }),
    async (c) => {
      const owner = await ownerOf(c);
      const { sku, quantity } = c.req.valid("json");
      const cart = cartOf(c.env, owner);
      // The cart and the stock side by side, then one D1 batch prices the line and the whole cart.
      const [snapshot, stock] = await Promise.all([cart.get(), c.env.INVENTORY.getByName(sku).read(), requestMarket(c)]);
      const reads = await readCart(c, [...new Set([...snapshot.lines.map((line) => line.sku), sku])], snapshot.discountCode ?? null);
      const variant = reads.current.get(sku);
      if (!variant?.active) throw new ApiError("not_found", "No such product.");
      const line = {
        sku,
        productId: variant.productId,
        name: variant.name,
        variantTitle: variant.variantTitle,
        imageUrl: variant.imageUrl,
        quantity,
        addedPriceCents: variant.priceCents,
        currency: variant.currency,
      };
      let result = await cart.add(line, stock.available);
      let repricedFrom: string | null = null;
      if (!result.ok && result.reason === "currency_mismatch") {
        // The cart is still in the market the shopper left: re-price it into this one, then add.
        repricedFrom = result.cartCurrency;
        const { lines } = await cart.get();
        const current = lines.every((entry) => reads.skus.has(entry.sku)) ? reads.current : await findVariants(c.var.db, lines.map((entry) => entry.sku), await requestMarket(c));
        await cart.reprice(todaysPrices(lines, current));
        result = await cart.add(line, stock.available);
      }
      if (!result.ok) throw refusal(result);
      if (snapshot.lines.length === 0 && result.cart.lines.length > 0) {
        // A cart started: the dashboard's share of carts that become orders counts these. The
        // line is already in the cart, so the count does not hold up the answer, and a failed
        // count is logged, never the shopper's error.
        const counted = countCartStarted(c.var.db).then(
          () => undefined,
          (error: unknown) => {
            console.error(JSON.stringify({ level: "error", msg: "cart_start_count_failed", requestId: c.var.requestId, error: String(error) }));
          },
        );
        try {
          c.executionCtx.waitUntil(counted);
        } catch {
          // No execution context (a direct app.request() call): count before answering.
          await counted;
        }
      }
      return c.json(await priced(c, result.cart, repricedFrom, reads), 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/items/{sku}",
      tags: ["Cart"],
      summary: "Set a line's quantity",
      description: "0 removes the line. An increase may not exceed what is available now.",
      security: cartSecurity,
      request: { params: skuParam, body: { ...json(setCartQuantityBody), required: true } },
      responses: { 200: { description: "The cart", ...json(cartSchema) }, ...problems(400, 401, 404, 409, 415) },
    }),
    async (c) => {
      const owner = await ownerOf(c);
      const { sku } = c.req.valid("param");
      const { quantity } = c.req.valid("json");
      const cart = cartOf(c.env, owner);
      let available: number | null = null;
      let reads: CartReads | undefined;
      if (quantity > 0) {
        const [snapshot, stock] = await Promise.all([cart.get(), c.env.INVENTORY.getByName(sku).read(), requestMarket(c)]);
        reads = await readCart(c, [...new Set([...snapshot.lines.map((line) => line.sku), sku])], snapshot.discountCode ?? null);
        // A deactivated product can still be lowered or removed, never raised.
        available = reads.current.get(sku)?.active ? stock.available : 0;
      }
      const result = await cart.setQuantity(sku, quantity, available);
      if (!result.ok) throw refusal(result);
      // Touching a line takes its price as it is today: the shopper sees it on the cart page.
      const current = reads?.current.get(sku);
      const snapshot = current?.active ? await cart.reprice([{ sku, priceCents: current.priceCents, currency: current.currency }]) : result.cart;
      return c.json(await priced(c, snapshot, null, reads), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/accept-prices",
      tags: ["Cart"],
      summary: "Accept today's prices for every line",
      description: "Re-prices every line at the catalog's current price and clears `priceChanged`. Checkout refuses a cart whose prices changed until they are accepted.",
      security: cartSecurity,
      responses: { 200: { description: "The cart, re-priced", ...json(cartSchema) }, ...problems(401) },
    }),
    async (c) => {
      const cart = cartOf(c.env, await ownerOf(c));
      const snapshot = await cart.get();
      const reads = await readCart(c, snapshot.lines.map((line) => line.sku), snapshot.discountCode ?? null);
      return c.json(await priced(c, await cart.reprice(todaysPrices(snapshot.lines, reads.current, true)), null, reads), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/items/{sku}",
      tags: ["Cart"],
      summary: "Remove a line",
      security: cartSecurity,
      request: { params: skuParam },
      responses: { 200: { description: "The cart", ...json(cartSchema) }, ...problems(400, 401, 404) },
    }),
    async (c) => {
      const owner = await ownerOf(c);
      const { sku } = c.req.valid("param");
      const result = await cartOf(c.env, owner).remove(sku);
      if (!result.ok) throw refusal(result);
      return c.json(await priced(c, result.cart), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/",
      tags: ["Cart"],
      summary: "Empty the cart",
      security: cartSecurity,
      responses: { 204: { description: "Emptied" }, ...problems(401) },
    }),
    async (c) => {
      await cartOf(c.env, await ownerOf(c)).clear();
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/guest",
      tags: ["Cart"],
      summary: "Start a guest cart",
      description:
        "Returns a signed guest cart token as `cartToken` (and, under its first name, `guestToken`: the same value). Send it as " +
        "`X-Cart-Token` (`X-Guest-Cart` is still accepted) without a bearer token to use the cart endpoints and check out as a " +
        "guest, and to `POST /cart/merge` at sign-in. It names the cart: keep it like a session cookie.",
      responses: { 201: { description: "A new guest cart", ...json(guestCartSchema) } },
    }),
    async (c) => {
      const token = await mintGuestToken(c.var.config.SESSION_SECRET);
      return c.json({ cartToken: token, guestToken: token }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/merge",
      tags: ["Cart"],
      summary: "Merge a guest cart into yours (at sign-in)",
      description:
        "Send `{ cartToken }` (or its first name, `{ guestToken }`) to move a guest cart's lines (the guest cart is emptied), or `{ items }`. The same SKU " +
        "adds quantities, capped at 99 and at availability; unknown or deactivated SKUs are skipped. Lines not taken " +
        "in full are listed in `adjustments`.",
      security: [{ bearerAuth: [] }],
      middleware: [requireUser] as const,
      request: { body: { ...json(mergeCartBody), required: true } },
      responses: { 200: { description: "The merged cart", ...json(mergeResultSchema) }, ...problems(400, 401, 415) },
    }),
    async (c) => {
      const { userId } = authOf(c);
      const body = c.req.valid("json");
      let guest: ReturnType<typeof cartOf> | null = null;
      let incoming: { sku: string; quantity: number; addedPriceCents?: number }[];
      const presented = body.cartToken ?? body.guestToken;
      if (presented !== undefined) {
        const guestId = await verifyGuestToken(c.var.config.SESSION_SECRET, presented);
        if (!guestId) {
          const path = body.cartToken !== undefined ? "cartToken" : "guestToken";
          throw new ApiError("validation_failed", "The guest cart token is not valid.", {
            errors: [{ path, message: "The guest cart token is not valid." }],
          });
        }
        guest = cartOf(c.env, { kind: "guest", guestId });
        incoming = (await guest.get()).lines;
      } else {
        incoming = body.items ?? [];
      }

      const current = await findVariants(c.var.db, incoming.map((line) => line.sku), await requestMarket(c));
      const adjustments: MergeAdjustment[] = [];
      const mergeable = incoming.filter((line) => {
        if (current.get(line.sku)?.active) return true;
        adjustments.push({ sku: line.sku, requested: line.quantity, added: 0, reason: "unavailable" });
        return false;
      });
      const lines = await Promise.all(
        mergeable.map(async (line) => {
          const variant = current.get(line.sku)!;
          const stock = await c.env.INVENTORY.getByName(line.sku).read();
          return {
            sku: line.sku,
            productId: variant.productId,
            name: variant.name,
            variantTitle: variant.variantTitle,
            imageUrl: variant.imageUrl,
            quantity: line.quantity,
            // A guest line keeps the price the guest saw, so a change since shows after sign-in.
            addedPriceCents: line.addedPriceCents ?? variant.priceCents,
            currency: variant.currency,
            maxQuantityAvailable: stock.available,
          };
        }),
      );
      const result = await cartOf(c.env, { kind: "user", userId }).mergeFrom(lines);
      if (!result.ok) throw new ApiError("validation_failed", result.message);
      // After the merge has landed: should this clear fail, a retry merges again, and the
      // caps (99, availability) bound what that can add.
      if (guest) await guest.clear();
      return c.json({ ...(await priced(c, result.cart)), adjustments: [...adjustments, ...result.adjustments] }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/discount",
      tags: ["Cart"],
      summary: "Apply a discount code",
      description:
        "Sets the cart's one code (replacing any other). An unknown, inactive, expired, used-up or not-yet-valid code, or one " +
        "this shopper already used as often as it allows, is refused with 409 and the reason in `detail`. A valid code whose " +
        "conditions the cart does not meet yet (a minimum subtotal) is kept and applies once they are met.",
      security: cartSecurity,
      request: { body: { ...json(cartDiscountBody), required: true } },
      responses: { 200: { description: "The cart", ...json(cartSchema) }, ...problems(400, 401, 409, 415) },
    }),
    async (c) => {
      const owner = await ownerOf(c);
      const { code } = c.req.valid("json");
      const promotion = await findPromotionByCode(c.var.db, code);
      const customer = owner.kind === "user" ? { userId: owner.userId } : {};
      // A code issued to one customer: a signed-in shopper is known by the account's email; a
      // guest's email is known only at checkout, which refuses it then.
      const buyerEmail = promotion?.customerEmail && owner.kind === "user" ? ((await findUserById(c.var.db, owner.userId))?.email ?? null) : undefined;
      const problem = promotionProblem(promotion, new Date(), promotion ? await codeUsage(c, promotion, customer) : undefined, buyerEmail);
      if (problem || !promotion?.code) {
        throw new ApiError("conflict", codeProblemText(problem ?? "unknown"), { errors: [{ path: "code", message: codeProblemText(problem ?? "unknown") }] });
      }
      return c.json(await priced(c, await cartOf(c.env, owner).setDiscountCode(promotion.code)), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/discount",
      tags: ["Cart"],
      summary: "Remove the discount code",
      security: cartSecurity,
      responses: { 200: { description: "The cart", ...json(cartSchema) }, ...problems(401) },
    }),
    async (c) => c.json(await priced(c, await cartOf(c.env, await ownerOf(c)).setDiscountCode(null)), 200),
  );

/** A code's uses: the total from its PromotionUsage object (the authority), this shopper's from D1. */
async function codeUsage(c: Context<AppEnv>, promotion: Promotion, customer: CustomerIdentity): Promise<PromotionUsage> {
  const levels = promotion.usageLimit !== null ? await c.env.PROMOTION_USAGE.getByName(promotion.id).read() : { used: 0, reserved: 0 };
  const byCustomer = promotion.perCustomerLimit !== null ? await customerRedemptions(c.var.db, promotion.id, customer) : 0;
  return { used: levels.used + levels.reserved, byCustomer };
}

cartRoutes.openAPIRegistry.registerComponent("securitySchemes", "cartToken", {
  type: "apiKey",
  in: "header",
  name: "X-Cart-Token",
  description: "A guest cart token from POST /cart/guest (`cartToken`)",
});
cartRoutes.openAPIRegistry.registerComponent("securitySchemes", "guestCart", {
  type: "apiKey",
  in: "header",
  name: "X-Guest-Cart",
  description: "The older name of X-Cart-Token, still accepted: the same guest cart token",
});
