/**
 * Placing an order, the lifecycle's first event: reserve, record, enqueue, answer. Nothing
 * here waits for the card network or the mail server; the payments queue does that after the
 * shopper already has their 202.
 */
import { and, eq } from "drizzle-orm";
import type { AppConfig } from "../env";
import type { Db } from "../factory";
import { idempotencyKeys, orderHistory, orderLines, orders, payments } from "../db/schema";
import { findVariants } from "../db/queries/skus";
import { readMarkets } from "../db/queries/markets";
import { baseMarket } from "../domain/markets";
import { loadOrder, notify, orderEmailData, orderView, type OrderView } from "../db/queries/orders";
import { cartCurrencyProblem } from "../domain/cart";
import { canonicalJson } from "../domain/canonical-json";
import { orderEventMessage } from "../domain/order-events";
import { lineTotal } from "../domain/pricing";
import type { CheckoutBody } from "../domain/schemas/orders";
import type { PaymentJob } from "../domain/schemas/jobs";
import { cartOf } from "../lib/cart";
import { enqueueEmails, queueEmail } from "../lib/email/outbox";
import { newId, newOrderNumber, sha256Hex } from "../lib/ids";
import { ApiError, type FieldError } from "../lib/problem";
import { formatMoney } from "../domain/money";
import { releaseAll, reserveAll, stockShortage } from "../lib/stock";
import { checkoutPricing, pricingStatements, releasePromotionUses, reservePromotionUses } from "./promotion-uses";
import { normaliseEmail } from "../db/queries/users";
import { guestOrderToken, hashOrderToken, orderLinkFor } from "./guest";

/** Order numbers are short and random; a collision with an existing one is drawn again. */
const ORDER_NUMBER_ATTEMPTS = 5;

function isOrderNumberCollision(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? "")}` : String(error);
  return /UNIQUE constraint failed: orders\.number/.test(text);
}

const IDEMPOTENCY_SCOPE = "orders.create";
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** `orderToken` is the guest's key to the order; absent for an account's order. */
export type CheckoutResult = { replayed: boolean; order: OrderView; orderToken?: string };

/**
 * Where the shopper checks out from: the request's market (its currency, tax and shipping
 * zones) and language (the order's emails). Without them, the base market and its language.
 */
export interface CheckoutContext {
  marketId?: string;
  language?: string;
}

/** Who checks out: an account, or a guest with the cart their token names and an address to write to. */
export type Buyer = { userId: string; guest?: undefined } | { userId?: undefined; guest: { guestId: string; email: string } };

/** Guests' idempotency keys are scoped to their cart, as an account's are to the account. */
function keyOwnerOf(buyer: Buyer): string {
  return buyer.guest ? `guest:${buyer.guest.guestId}` : buyer.userId;
}

/**
 * Claims an idempotency key for this user and body. Returns the stored order when the same
 * request was already answered; refuses another body (422) or a request still in flight (409).
 */
async function claimIdempotencyKey(db: Db, userId: string, key: string, requestHash: string) {
  const now = Date.now();
  const inserted = await db
    .insert(idempotencyKeys)
    .values({ userId, key, scope: IDEMPOTENCY_SCOPE, requestHash, expiresAt: new Date(now + IDEMPOTENCY_TTL_MS).toISOString() })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length === 1) return { claimed: true as const };
  const existing = await db.query.idempotencyKeys.findFirst({
    where: and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.scope, IDEMPOTENCY_SCOPE), eq(idempotencyKeys.key, key)),
  });
  if (!existing) return { claimed: false as const, retry: true as const };
  if (existing.requestHash !== requestHash) {
    throw new ApiError("idempotency_mismatch", "This Idempotency-Key was already used with a different request body.");
  }
  if (!existing.resourceId) {
    throw new ApiError("conflict", "A request with this Idempotency-Key is still being processed. Retry shortly.", {
      headers: { "retry-after": "1" },
    });
  }
  return { claimed: false as const, orderId: existing.resourceId };
}

function releaseClaim(db: Db, userId: string, key: string) {
  return db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.scope, IDEMPOTENCY_SCOPE), eq(idempotencyKeys.key, key)));
}

export async function placeOrder(
  env: Env,
  config: AppConfig,
  db: Db,
  input: Buyer & CheckoutContext & { idempotencyKey: string; body: CheckoutBody; requestId: string; orderNumber?: () => string },
): Promise<CheckoutResult> {
  const { idempotencyKey, body } = input;
  const userId = keyOwnerOf(input);
  const requestHash = await sha256Hex(canonicalJson(body));
  const claim = await claimIdempotencyKey(db, userId, idempotencyKey, requestHash);
  if (!claim.claimed) {
    if ("orderId" in claim && claim.orderId) {
      const aggregate = await loadOrder(db, claim.orderId);
      if (aggregate) return { replayed: true, order: orderView(aggregate), ...(input.guest ? { orderToken: await guestOrderToken(config, aggregate.order.id) } : {}) };
    }
    throw new ApiError("conflict", "A request with this Idempotency-Key is still being processed. Retry shortly.");
  }
  try {
    const order = await createOrder(env, config, db, input);
    return { replayed: false, order, ...(input.guest ? { orderToken: await guestOrderToken(config, order.id) } : {}) };
  } catch (error) {
    // Nothing was recorded: let the shopper fix the problem and retry with the same key.
    await releaseClaim(db, userId, idempotencyKey);
    throw error;
  }
}

async function createOrder(
  env: Env,
  config: AppConfig,
  db: Db,
  input: Buyer & CheckoutContext & { idempotencyKey: string; body: CheckoutBody; requestId: string; orderNumber?: () => string },
): Promise<OrderView> {
  const { idempotencyKey, body, requestId, orderNumber = newOrderNumber, guest } = input;
  const keyOwner = keyOwnerOf(input);
  const userId = input.userId ?? null;
  const cart = cartOf(env, guest ? { kind: "guest", guestId: guest.guestId } : { kind: "user", userId: input.userId });
  // The market from D1 itself, not an isolate's copy: an order is priced at today's rate.
  const [{ lines, discountCode }, markets] = await Promise.all([cart.get(), readMarkets(db)]);
  if (lines.length === 0) throw new ApiError("conflict", "Your cart is empty.");
  const market = markets.find((candidate) => candidate.id === input.marketId) ?? baseMarket(markets);
  const language = input.language && market.languages.includes(input.language) ? input.language : (input.language ?? market.defaultLanguage);

  // The catalog has the last word on what is for sale and at what price.
  const current = await findVariants(db, lines.map((line) => line.sku), market);
  // A cart still priced in another market's currency (the shopper changed market): reading the
  // cart re-prices it, so the shopper sees the new prices before paying them.
  const stale = lines.find((line) => current.has(line.sku) && line.currency !== current.get(line.sku)!.currency);
  if (stale) {
    const now = current.get(stale.sku)!.currency;
    const message = `Your cart is priced in ${stale.currency}, and prices in ${market.name} are in ${now}. Review your cart to see it in ${now}, then check out.`;
    throw new ApiError("currency_mismatch", message, { errors: [{ path: "currency", message }] });
  }
  // One order, one currency: a cart that somehow mixes them is never added up.
  const mixed = cartCurrencyProblem(lines.map((line) => ({ sku: line.sku, currency: current.get(line.sku)?.currency ?? line.currency })));
  if (mixed) throw new ApiError("currency_mismatch", mixed.message, { errors: [{ path: mixed.sku, message: mixed.message }] });
  const problems: FieldError[] = [];
  for (const line of lines) {
    const variant = current.get(line.sku);
    if (!variant || !variant.active) {
      problems.push({ path: line.sku, message: `${line.name} is no longer available.` });
    } else if (variant.priceCents !== line.addedPriceCents) {
      problems.push({
        path: line.sku,
        message: `The price of ${line.name} changed from ${formatMoney(line.addedPriceCents, variant.currency)} to ${formatMoney(variant.priceCents, variant.currency)}. Accept the new price in your cart to continue.`,
      });
    }
  }
  if (problems.length) throw new ApiError("conflict", "Some items in your cart changed. Review your cart and try again.", { errors: problems });

  // Promotions and the shipping method, priced as the cart and the methods list price them.
  const buyerEmail = guest?.email ?? null;
  const pricing = await checkoutPricing(db, {
    lines,
    current,
    country: body.shippingAddress.country,
    methodId: body.shippingMethodId,
    code: discountCode ?? null,
    customer: { userId, email: buyerEmail },
    market,
  });

  const orderId = newId("ord");
  // A promotion's uses are held next to the stock, under the same id, at the same time; when
  // either is refused the other is given back.
  const [reservation, usesRefused] = await Promise.all([
    reserveAll(env, orderId, lines, config.RESERVATION_TTL_SECONDS),
    reservePromotionUses(env, orderId, pricing, config.RESERVATION_TTL_SECONDS, { userId, email: buyerEmail }).then(
      () => null,
      (error: unknown) => ({ error }),
    ),
  ]);
  if (!reservation.ok) {
    if (!usesRefused) await releasePromotionUses(env, [orderId], pricing.applied.map((promotion) => promotion.id));
    throw stockShortage(reservation, lines, "Not enough stock for some items in your cart.");
  }
  if (usesRefused) {
    await releaseAll(env, orderId, lines.map((line) => line.sku));
    throw usesRefused.error;
  }

  const priced = lines.map((line) => ({ ...line, unitPriceCents: current.get(line.sku)!.priceCents }));
  const { subtotalCents, shippingCents, taxCents, totalCents } = pricing.priced;
  const totals = { subtotalCents, shippingCents, taxCents, totalCents };
  const currency = current.get(lines[0]!.sku)?.currency ?? market.currency;
  const paymentId = newId("pay");
  const user = userId ? await db.query.users.findFirst({ columns: { email: true, name: true }, where: (users, { eq: equals }) => equals(users.id, userId) }) : undefined;
  const guestTokenHash = guest ? await hashOrderToken(await guestOrderToken(config, orderId)) : null;
  // The confirmation email's link carries a token of its own (decision 012).
  const placedLink = guest ? await orderLinkFor(db, { orderId, dedupeKey: `order_placed:${orderId}`, appOrigin: config.APP_ORIGIN }) : null;
  const provisional = {
    order: {
      id: orderId,
      number: orderNumber(),
      userId,
      guestEmail: guest ? normaliseEmail(guest.email) : null,
      guestTokenHash,
      guestCartId: guest?.guestId ?? null,
      status: "pending" as const,
      paymentStatus: "pending" as const,
      ...totals,
      refundedCents: 0,
      currency,
      shippingAddress: body.shippingAddress,
      billingAddress: body.billingAddress ?? null,
      paymentToken: body.payment.token ?? null,
      reservationId: orderId,
      reservationExpiresAt: reservation.expiresAt,
      paymentId,
      carrier: null,
      trackingNumber: null,
      paidAt: null,
      createdAt: "",
      updatedAt: "",
    },
    lines: priced.map((line) => ({
      orderId,
      sku: line.sku,
      productId: line.productId,
      name: line.name,
      variantTitle: line.variantTitle,
      unitPriceCents: line.unitPriceCents,
      quantity: line.quantity,
      lineTotalCents: lineTotal(line),
      discountCents: pricing.discountOf(line.sku),
    })),
  };
  const placedKey = `order_placed:${orderId}`;
  const recordOrder = (number: string) => {
    const order = { ...provisional.order, number };
    const placed = orderEventMessage("placed", { number, currency }).notification!;
    const email = queueEmail(db, {
      dedupeKey: placedKey,
      to: user?.email ?? order.guestEmail ?? "",
      data: {
        template: "order_placed",
        order: orderEmailData({ order, lines: provisional.lines, payments: [], refunds: [], history: [], customer: user && userId ? { id: userId, ...user } : undefined }, config.APP_ORIGIN, {
          ...(placedLink ? { orderUrl: placedLink.url } : {}),
          language,
          taxInclusive: pricing.priced.taxInclusive,
        }),
      },
    });
    // The order, its lines, its pending payment, its first event (whose notification and email
    // are known now, so it is done at once), and the idempotency record land together or not at all.
    const statements = db.batch([
      db.insert(orders).values({ ...order, createdAt: undefined, updatedAt: undefined }),
      db.insert(orderLines).values(provisional.lines),
      db.insert(payments).values({
        id: paymentId,
        orderId,
        provider: config.PAYMENT_PROVIDER,
        amountCents: totals.totalCents,
        currency,
        reservationId: orderId,
        cardToken: body.payment.token ?? null,
      }),
      db.insert(orderHistory).values({
        orderId,
        status: "pending",
        note: "Order placed",
        actorId: userId,
        eventKey: placedKey,
        kind: "placed",
        fromStatus: "pending",
        details: { paymentId },
        effectsDoneAt: new Date().toISOString(),
      }),
      // A guest has no account to hold notifications; their news comes by email.
      ...(userId ? [notify(db, { userId, ...placed, orderId, dedupeKey: placedKey })] : []),
      ...(placedLink ? [placedLink.statement] : []),
      email.statement,
      ...pricingStatements(db, { orderId, pricing, userId, email: user?.email ?? buyerEmail, marketId: market.id, language }),
      db
        .update(idempotencyKeys)
        .set({ responseStatus: 202, resourceId: orderId })
        .where(and(eq(idempotencyKeys.userId, keyOwner), eq(idempotencyKeys.scope, IDEMPOTENCY_SCOPE), eq(idempotencyKeys.key, idempotencyKey))),
    ]);
    return { statements, email };
  };
  let recorded: ReturnType<typeof recordOrder>;
  try {
    let number = provisional.order.number;
    for (let attempt = 1; ; attempt++) {
      const candidate = recordOrder(number);
      try {
        await candidate.statements;
        recorded = candidate;
        break;
      } catch (error) {
        if (!isOrderNumberCollision(error) || attempt >= ORDER_NUMBER_ATTEMPTS) throw error;
        number = orderNumber();
      }
    }
  } catch (error) {
    await releaseAll(env, orderId, lines.map((line) => line.sku));
    await releasePromotionUses(env, [orderId], pricing.applied.map((promotion) => promotion.id));
    throw error;
  }
  try {
    await env.PAYMENTS_QUEUE.send({ kind: "charge", orderId, paymentId } satisfies PaymentJob);
  } catch (error) {
    // The order is recorded; the scheduled sweep enqueues its charge.
    console.error(JSON.stringify({ level: "error", msg: "charge_enqueue_failed", requestId, orderId, error: String(error) }));
  }
  await enqueueEmails(env, [recorded.email.job], requestId);
  // The lines wait under this attempt until its charge settles: dropped when it is paid,
  // returned to the cart when it is declined.
  // The code goes with this order (in the same call); a shopper whose card is declined enters it again.
  await cart.holdLines(paymentId, null, { dropDiscountCode: Boolean(discountCode) });
  const aggregate = await loadOrder(db, orderId);
  if (!aggregate) throw new Error(`order ${orderId} vanished after it was written`);
  return orderView(aggregate);
}
