/**
 * Placing an order, the lifecycle's first event: reserve, record, enqueue, answer. Nothing
 * here waits for the card network or the mail server; the payments queue does that after the
 * shopper already has their 202.
 */
import { and, asc, eq } from "drizzle-orm";
import type { AppConfig } from "../env";
import type { Db } from "../factory";
import { idempotencyKeys, markets as marketsTable, orderHistory, orderLines, orders, payments, users } from "../db/schema";
import { toCurrentVariants, variantsIn } from "../db/queries/skus";
import { toMarket } from "../db/queries/markets";
import { pricingReads, type PricingData } from "../db/queries/pricing";
import { toPricingPromotions } from "../db/queries/promotions";
import { listShippingZones, toZoneViews } from "../db/queries/shipping";
import { baseMarket, type Market } from "../domain/markets";
import { normaliseEmailForUsage } from "../domain/promotions";
import { loadOrder, notify, orderEmailData, orderView, type OrderView } from "../db/queries/orders";
import { cartCurrencyProblem, type CartSnapshot, type CurrentVariant } from "../domain/cart";
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

function idempotencyKeyIs(userId: string, key: string) {
  return and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.scope, IDEMPOTENCY_SCOPE), eq(idempotencyKeys.key, key));
}

/**
 * What checkout reads before it reserves, in one D1 batch (one round trip, one snapshot):
 * it claims the idempotency key (the insert, then the row as it stands after it), and reads
 * the markets (from D1 itself, not an isolate's copy: an order is priced at today's rate),
 * the cart's variants priced in the request's market, the promotions with their usage, the
 * market's shipping zones, and the buyer's account.
 */
async function readForCheckout(
  db: Db,
  input: { keyOwner: string; idempotencyKey: string; requestHash: string; userId: string | null; buyerEmail: string | null; marketId: string | undefined; snapshot: CartSnapshot },
) {
  const { keyOwner, idempotencyKey, requestHash, userId, marketId, snapshot } = input;
  const [inserted, [key], marketRows, variantRows, promotionRows, zoneRows, methodRows, [user]] = await db.batch([
    db
      .insert(idempotencyKeys)
      .values({ userId: keyOwner, key: idempotencyKey, scope: IDEMPOTENCY_SCOPE, requestHash, expiresAt: new Date(Date.now() + IDEMPOTENCY_TTL_MS).toISOString() })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key }),
    db.select().from(idempotencyKeys).where(idempotencyKeyIs(keyOwner, idempotencyKey)),
    db.select().from(marketsTable).orderBy(asc(marketsTable.position), asc(marketsTable.id)),
    variantsIn(db, snapshot.lines.map((line) => line.sku), marketId ?? null),
    ...pricingReads(db, { code: snapshot.discountCode ?? null, customer: { userId, email: normaliseEmailForUsage(input.buyerEmail) }, marketId }),
    db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, userId ?? "")),
  ]);
  return {
    claimed: inserted.length === 1,
    key,
    markets: marketRows.map(toMarket),
    variantRows,
    pricing: { promotions: toPricingPromotions(promotionRows), zones: toZoneViews(zoneRows, methodRows) } satisfies PricingData,
    user,
  };
}

type CheckoutReads = Awaited<ReturnType<typeof readForCheckout>>;

/** The stored order a claimed key already answered with; 422 for another body, 409 while the first request is still in flight. */
function replayedOrderId(key: CheckoutReads["key"], requestHash: string): string {
  if (!key) {
    throw new ApiError("conflict", "A request with this Idempotency-Key is still being processed. Retry shortly.", { headers: { "retry-after": "1" } });
  }
  if (key.requestHash !== requestHash) {
    throw new ApiError("idempotency_mismatch", "This Idempotency-Key was already used with a different request body.");
  }
  if (!key.resourceId) {
    throw new ApiError("conflict", "A request with this Idempotency-Key is still being processed. Retry shortly.", {
      headers: { "retry-after": "1" },
    });
  }
  return key.resourceId;
}

function releaseClaim(db: Db, userId: string, key: string) {
  return db.delete(idempotencyKeys).where(idempotencyKeyIs(userId, key));
}

type PlaceInput = Buyer & CheckoutContext & { idempotencyKey: string; body: CheckoutBody; requestId: string; orderNumber?: () => string };

/**
 * Checkout's 202 in two D1 round trips: one batch claims the key and reads everything the
 * order is priced with, the other records it; the answer is built from the rows written.
 * The cart is read first (it names the SKUs and the code the batch reads for), and a replay
 * needs no cart: the stored order comes back whatever the cart holds now.
 */
export async function placeOrder(env: Env, config: AppConfig, db: Db, input: PlaceInput): Promise<CheckoutResult> {
  const { idempotencyKey, body, guest } = input;
  const keyOwner = keyOwnerOf(input);
  const cart = cartOf(env, guest ? { kind: "guest", guestId: guest.guestId } : { kind: "user", userId: input.userId });
  const [requestHash, snapshot] = await Promise.all([sha256Hex(canonicalJson(body)), cart.get()]);
  const reads = await readForCheckout(db, {
    keyOwner,
    idempotencyKey,
    requestHash,
    userId: input.userId ?? null,
    buyerEmail: guest?.email ?? null,
    marketId: input.marketId,
    snapshot,
  });
  if (!reads.claimed) {
    const aggregate = await loadOrder(db, replayedOrderId(reads.key, requestHash));
    if (aggregate) return { replayed: true, order: orderView(aggregate), ...(guest ? { orderToken: await guestOrderToken(config, aggregate.order.id) } : {}) };
    throw new ApiError("conflict", "A request with this Idempotency-Key is still being processed. Retry shortly.");
  }
  try {
    const order = await createOrder(env, config, db, input, cart, snapshot, reads);
    return { replayed: false, order, ...(guest ? { orderToken: await guestOrderToken(config, order.id) } : {}) };
  } catch (error) {
    // Nothing was recorded: let the shopper fix the problem and retry with the same key.
    await releaseClaim(db, keyOwner, idempotencyKey);
    throw error;
  }
}

/**
 * The request's market as D1 has it now, and the cart's variants priced in it. Only when that
 * market is gone since the request chose it (the base market stands in) are the zones read again.
 */
async function checkoutMarket(db: Db, input: PlaceInput, reads: CheckoutReads): Promise<{ market: Market; current: Map<string, CurrentVariant>; pricing: PricingData }> {
  const named = reads.markets.find((candidate) => candidate.id === input.marketId);
  const market = named ?? baseMarket(reads.markets);
  const current = toCurrentVariants(reads.variantRows, market);
  if (named || input.marketId === undefined) return { market, current, pricing: reads.pricing };
  return { market, current, pricing: { ...reads.pricing, zones: await listShippingZones(db, market.id) } };
}

async function createOrder(
  env: Env,
  config: AppConfig,
  db: Db,
  input: PlaceInput,
  cart: ReturnType<typeof cartOf>,
  { lines, discountCode }: CartSnapshot,
  reads: CheckoutReads,
): Promise<OrderView> {
  const { idempotencyKey, body, requestId, orderNumber = newOrderNumber, guest } = input;
  const keyOwner = keyOwnerOf(input);
  const userId = input.userId ?? null;
  if (lines.length === 0) throw new ApiError("conflict", "Your cart is empty.");
  const { market, current, pricing: pricingData } = await checkoutMarket(db, input, reads);
  const language = input.language && market.languages.includes(input.language) ? input.language : (input.language ?? market.defaultLanguage);

  // The catalog has the last word on what is for sale and at what price.
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
  const pricing = checkoutPricing(pricingData, {
    lines,
    current,
    country: body.shippingAddress.country,
    methodId: body.shippingMethodId,
    code: discountCode ?? null,
    customer: { userId, email: buyerEmail },
    market,
  });

  const orderId = newId("ord");
  const paymentId = newId("pay");
  // A promotion's uses are held next to the stock, under the same id, at the same time; when
  // either is refused the other is given back. The guest's tokens are hashed meanwhile.
  const [reservation, usesRefused, guestTokenHash, placedLink] = await Promise.all([
    reserveAll(env, orderId, lines, config.RESERVATION_TTL_SECONDS),
    reservePromotionUses(env, orderId, pricing, config.RESERVATION_TTL_SECONDS, { userId, email: buyerEmail }).then(
      () => null,
      (error: unknown) => ({ error }),
    ),
    guest ? guestOrderToken(config, orderId).then(hashOrderToken) : null,
    // The confirmation email's link carries a token of its own (decision 012).
    guest ? orderLinkFor(db, { orderId, dedupeKey: `order_placed:${orderId}`, appOrigin: config.APP_ORIGIN }) : null,
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
  const { user } = reads;
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
    const [pricingRow, ...redemptions] = pricingStatements(db, { orderId, pricing, userId, email: user?.email ?? buyerEmail, marketId: market.id, language });
    const placed = orderEventMessage("placed", { number, currency }).notification!;
    const email = queueEmail(db, {
      dedupeKey: placedKey,
      to: user?.email ?? order.guestEmail ?? "",
      data: {
        template: "order_placed",
        order: orderEmailData({ order, lines: provisional.lines, payments: [], refunds: [], history: [], customer: user }, config.APP_ORIGIN, {
          ...(placedLink ? { orderUrl: placedLink.url } : {}),
          language,
          taxInclusive: pricing.priced.taxInclusive,
        }),
      },
    });
    // The order, its lines, its pending payment, its first event (whose notification and email
    // are known now, so it is done at once), and the idempotency record land together or not at all.
    // Each row comes back as written (RETURNING), so the answer needs no read after.
    const statements = db.batch([
      db.insert(orders).values({ ...order, createdAt: undefined, updatedAt: undefined }).returning(),
      db.insert(orderLines).values(provisional.lines).returning(),
      db.insert(payments).values({
        id: paymentId,
        orderId,
        provider: config.PAYMENT_PROVIDER,
        amountCents: totals.totalCents,
        currency,
        reservationId: orderId,
        cardToken: body.payment.token ?? null,
      }).returning(),
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
      }).returning(),
      pricingRow.returning(),
      // A guest has no account to hold notifications; their news comes by email.
      ...(userId ? [notify(db, { userId, ...placed, orderId, dedupeKey: placedKey })] : []),
      ...(placedLink ? [placedLink.statement] : []),
      email.statement,
      ...redemptions,
      db.update(idempotencyKeys).set({ responseStatus: 202, resourceId: orderId }).where(idempotencyKeyIs(keyOwner, idempotencyKey)),
    ]);
    return { statements, email };
  };
  let written: Awaited<ReturnType<typeof recordOrder>["statements"]>;
  let recorded: ReturnType<typeof recordOrder>;
  try {
    let number = provisional.order.number;
    for (let attempt = 1; ; attempt++) {
      const candidate = recordOrder(number);
      try {
        written = await candidate.statements;
        recorded = candidate;
        break;
      } catch (error) {
        if (!isOrderNumberCollision(error) || attempt >= ORDER_NUMBER_ATTEMPTS) throw error;
        number = orderNumber();
      }
    }
  } catch (error) {
    await Promise.all([
      releaseAll(env, orderId, lines.map((line) => line.sku)),
      releasePromotionUses(env, [orderId], pricing.applied.map((promotion) => promotion.id)),
    ]);
    throw error;
  }
  const [[order], lineRows, [payment], [placedEvent], [pricingRow]] = written;
  if (!order || !payment || !placedEvent) throw new Error(`order ${orderId} was not returned by the batch that wrote it`);
  await Promise.all([
    env.PAYMENTS_QUEUE.send({ kind: "charge", orderId, paymentId } satisfies PaymentJob).catch((error: unknown) => {
      // The order is recorded; the scheduled sweep enqueues its charge.
      console.error(JSON.stringify({ level: "error", msg: "charge_enqueue_failed", requestId, orderId, error: String(error) }));
    }),
    enqueueEmails(env, [recorded.email.job], requestId),
    // The lines wait under this attempt until its charge settles: dropped when it is paid,
    // returned to the cart when it is declined.
    // The code goes with this order (in the same call); a shopper whose card is declined enters it again.
    cart.holdLines(paymentId, null, { dropDiscountCode: Boolean(discountCode) }),
  ]);
  return orderView({
    order,
    lines: [...lineRows].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0)),
    payments: [payment],
    refunds: [],
    history: [placedEvent],
    customer: user,
    pricing: pricingRow,
  });
}
