import type { TFunction } from "i18next";
import { localizePath, requestLanguage } from "./i18n";
import { data, redirect, type AppLoadContext } from "@remix-run/cloudflare";
import { returnSchema, type RequestReturnBody } from "../../../workers/domain/schemas/returns";
import { z } from "zod";
import { pageOf } from "../../../workers/domain/schemas/common";
import {
  checkoutBody,
  idempotencyKeyHeader,
  notificationSchema,
  orderSchema,
  orderSummarySchema,
  SHIPPING_COUNTRIES,
  type CheckoutBody,
  type ShippingCountry,
} from "../../../workers/domain/schemas/orders";
import { appConfig } from "../../../workers/env";
import type { ApiCallInit } from "../../../workers/load-context";
import { readJson, readProblem, type Problem } from "./api.server";
import { ADDRESS_KEYS, NOTIFICATIONS_SHOWN, ORDERS_PER_PAGE, type AddressKey, type CountryOption } from "./orders";
import { safeRedirect } from "./redirect";
import { apiAsUser, getSessionTokens } from "./session.server";

/**
 * The shopper's orders and notifications, through the orders API as the signed-in user.
 * Checkout rules (address, payment token, idempotency key) come from the API's own schemas,
 * so the form can never accept what POST /orders would refuse.
 */

export type OrderView = z.infer<typeof orderSchema>;
export type OrderSummary = z.infer<typeof orderSummarySchema>;
export type NotificationView = z.infer<typeof notificationSchema>;

export type Outcome<T> = { ok: true; value: T; headers: Headers } | { ok: false; problem: Problem; headers: Headers };

const placedOrder = z.object({ order: orderSchema, orderToken: z.string().optional() });
const orderPage = pageOf(orderSummarySchema);
const notificationList = z.object({ items: z.array(notificationSchema), unreadCount: z.number().int() });

/**
 * The session ended while this request ran (the API refused the refreshed token too): back to
 * sign-in, returning here afterwards.
 */
function signInAgain(request: Request, headers: Headers, returnTo?: string): never {
  const url = new URL(request.url);
  const target = localizePath(safeRedirect(returnTo ?? `${url.pathname}${url.search}`), requestLanguage(request));
  throw redirect(localizePath(`/login?${new URLSearchParams({ redirectTo: target })}`, requestLanguage(request)), { headers });
}

/** A passing failure (429, 5xx) on a page that cannot render without the answer. */
function unavailable(problem: Problem, headers: Headers): never {
  throw data(
    { message: problem.status === 429 ? "Too many requests. Please wait a moment and try again." : "This page is unavailable right now." },
    { status: problem.status === 429 ? 429 : 503, headers },
  );
}

async function call(request: Request, context: AppLoadContext, path: string, init: Omit<ApiCallInit, "accessToken"> = {}) {
  return apiAsUser(request, context, path, init);
}

/**
 * How a page reaches an order: as the signed-in user, or, with the order token from a guest's
 * checkout or emailed link (the page's `?token=`), as that guest.
 */
export interface OrderAccess {
  orderToken?: string | null;
}

async function orderCall(request: Request, context: AppLoadContext, path: string, access: OrderAccess, init: Omit<ApiCallInit, "accessToken"> = {}) {
  if (!access.orderToken) return call(request, context, path, init);
  const headers = new Headers(init.headers);
  headers.set("x-order-token", access.orderToken);
  return { response: await context.api(path, { ...init, headers }), headers: new Headers() };
}

/** A guest's checkout: the cart named by the guest cookie, with the email the form gave. */
export async function placeGuestOrder(
  context: AppLoadContext,
  cartToken: string,
  body: CheckoutBody,
  idempotencyKey: string,
): Promise<Outcome<{ order: OrderView; orderToken: string }>> {
  for (let attempt = 0; ; attempt++) {
    const response = await context.api("/orders", {
      method: "POST",
      json: body,
      headers: { "Idempotency-Key": idempotencyKey, "X-Cart-Token": cartToken },
    });
    if (response.status === 202) {
      const placed = await readJson(response, placedOrder, "POST /orders");
      if (!placed.orderToken) throw new Error("a guest checkout answered without an order token");
      return { ok: true, value: { order: placed.order, orderToken: placed.orderToken }, headers: new Headers() };
    }
    const problem = await readProblem(response);
    const inFlight = problem.status === 409 && problem.code === "conflict" && problem.retryAfterSeconds !== undefined;
    if (inFlight && attempt < 20) {
      await sleep(250);
      continue;
    }
    return { ok: false, problem, headers: new Headers() };
  }
}

/** POST /orders/lookup: 202 whatever the answer; only a 400 or 429 says anything. */
export async function lookUpOrder(context: AppLoadContext, body: { email: string; number: string }): Promise<{ ok: true } | { ok: false; problem: Problem }> {
  const response = await context.api("/orders/lookup", { method: "POST", json: body });
  if (response.status === 202) return { ok: true };
  return { ok: false, problem: await readProblem(response) };
}

/** A path segment from a URL param, so an id can never reach another API route. */
function segment(id: string): string {
  return encodeURIComponent(id);
}

// ---------------------------------------------------------------------------------------------
// Checkout

const OPTIONAL_ADDRESS_KEYS: ReadonlySet<AddressKey> = new Set(["line2", "region"]);

export const COUNTRY_OPTIONS: readonly CountryOption[] = Object.entries(SHIPPING_COUNTRIES).map(([code, name]) => ({ code, name }));

/** A country's name for addresses shown back to the shopper ("GB" → "United Kingdom"). */
export function countryName(code: string): string {
  return isShippingCountry(code) ? SHIPPING_COUNTRIES[code] : code;
}

export function isShippingCountry(code: unknown): code is ShippingCountry {
  return typeof code === "string" && Object.hasOwn(SHIPPING_COUNTRIES, code);
}

/** What the checkout page echoes back after a failed submission (never the idempotency key's successor). */
export interface CheckoutFailure {
  ok: false;
  /** Keyed by the API's own paths: `shippingAddress.city`, `billingAddress.postalCode`, `payment.token`. */
  fieldErrors: Record<string, string>;
  formError?: string;
  /** The cart changed under the shopper (409): the message, the affected lines, a way back. */
  conflict?: { message: string; items: string[] };
  /** 422: this page's key already placed a different order. */
  staleCheckout?: boolean;
  values: Record<string, string>;
  /** The key to submit again with (the same one, unless it can never succeed again). */
  idempotencyKey: string | null;
}

function postedText(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !(key in values)) values[key] = value;
  }
  return values;
}

function addressFrom(values: Record<string, string>, prefix: "shippingAddress" | "billingAddress") {
  const address: Record<string, string | undefined> = {};
  for (const key of ADDRESS_KEYS) {
    const value = values[`${prefix}.${key}`];
    // An empty optional box is no value at all; a missing required one gets the schema's message.
    address[key] = OPTIONAL_ADDRESS_KEYS.has(key) && (value === undefined || value.trim() === "") ? undefined : value;
  }
  return address;
}

/** The fields a failed checkout echoes back so a page rendered without JavaScript keeps them. */
function echoCheckout(values: Record<string, string>): Record<string, string> {
  const echoed: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (key === "idempotencyKey" || key === "intent") continue;
    if (key.length > 40 || value.length > 300) continue;
    echoed[key] = value;
  }
  return echoed;
}

export type ParsedCheckout =
  | { ok: true; body: CheckoutBody; idempotencyKey: string; values: Record<string, string> }
  | CheckoutFailure;

/**
 * Validates a checkout form post with the API's `checkoutBody`. Field names are the API's
 * paths (`shippingAddress.city`), so a 400 from either side lands next to the same field.
 */
/** Checkout's own form: `t` gives the site's messages in the page's language. */
export function parseCheckoutForm(formData: FormData, t: TFunction): ParsedCheckout {
  const values = postedText(formData);
  const key = idempotencyKeyHeader.shape["idempotency-key"].safeParse(values.idempotencyKey);
  const echoed = echoCheckout(values);
  if (!key.success) {
    return {
      ok: false,
      fieldErrors: {},
      formError: t("checkout.expired"),
      values: echoed,
      idempotencyKey: null,
    };
  }

  const billingSame = values.billingSame === "on";
  const token = values["payment.token"];
  const candidate = {
    // Present only on a guest's checkout form; the API requires it without a session.
    ...(values.email !== undefined ? { email: values.email.trim() } : {}),
    shippingAddress: addressFrom(values, "shippingAddress"),
    ...(billingSame ? {} : { billingAddress: addressFrom(values, "billingAddress") }),
    payment: { method: "card", ...(token ? { token } : {}) },
    // The method the shopper picked; without one the API takes the zone's first.
    ...(values.shippingMethodId ? { shippingMethodId: values.shippingMethodId } : {}),
  };
  const fieldErrors: Record<string, string> = {};
  let formError: string | undefined;
  // A radio group with nothing chosen: the page always preselects one, so only a hand-made post lands here.
  if (!token) fieldErrors["payment.token"] = t("checkout.choosePayment");
  const parsed = checkoutBody.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join(".");
      if (path.startsWith("shippingAddress.") || path.startsWith("billingAddress.") || path === "payment.token" || path === "email") {
        fieldErrors[path] ??= issue.message;
      } else {
        formError ??= issue.message;
      }
    }
  }
  if (!parsed.success || Object.keys(fieldErrors).length > 0) {
    return { ok: false, fieldErrors, ...(formError ? { formError } : {}), values: echoed, idempotencyKey: key.data };
  }
  return { ok: true, body: parsed.data, idempotencyKey: key.data, values: echoed };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * POST /orders with this checkout page's Idempotency-Key. A second submission of the same page
 * (a double click, a browser retry) gets the first one's order back; one racing the first gets
 * a 409 with Retry-After while it is still being recorded, so it waits and asks again.
 */
export async function placeOrder(
  request: Request,
  context: AppLoadContext,
  body: CheckoutBody,
  idempotencyKey: string,
): Promise<Outcome<OrderView>> {
  for (let attempt = 0; ; attempt++) {
    const { response, headers } = await call(request, context, "/orders", {
      method: "POST",
      json: body,
      headers: { "Idempotency-Key": idempotencyKey },
    });
    if (response.status === 202) {
      return { ok: true, value: (await readJson(response, placedOrder, "POST /orders")).order, headers };
    }
    const problem = await readProblem(response);
    const inFlight = problem.status === 409 && problem.code === "conflict" && problem.retryAfterSeconds !== undefined;
    if (inFlight && attempt < 20) {
      await sleep(250);
      continue;
    }
    return { ok: false, problem, headers };
  }
}

/** Maps a refused checkout onto the page: fields, the cart conflict, the reused key. */
export function checkoutFailureFromProblem(
  problem: Problem,
  values: Record<string, string>,
  idempotencyKey: string,
  /** Per SKU, the line's name and, when the site can say it better, the whole message. */
  lines: ReadonlyMap<string, { name: string; message?: string }>,
  t: TFunction,
): CheckoutFailure {
  const base = { ok: false as const, fieldErrors: {} as Record<string, string>, values, idempotencyKey };
  switch (problem.status) {
    case 400: {
      for (const error of problem.errors) {
        if (/^(shippingAddress|billingAddress)\.[A-Za-z0-9]+$/.test(error.path) || error.path === "payment.token" || error.path === "email") {
          base.fieldErrors[error.path] ??= error.message;
        }
      }
      const matched = Object.keys(base.fieldErrors).length > 0;
      return { ...base, ...(matched ? {} : { formError: problem.detail }) };
    }
    case 409: {
      const items = problem.errors.map((error) => {
        const line = lines.get(error.path);
        if (line?.message) return line.message;
        return line && !error.message.includes(line.name) ? `${line.name}: ${error.message}` : error.message;
      });
      const message =
        problem.code === "insufficient_stock"
          ? t("checkout.insufficientStock")
          : problem.detail;
      return { ...base, conflict: { message, items } };
    }
    case 422:
      return {
        ...base,
        staleCheckout: true,
        formError: t("checkout.alreadySubmitted"),
        idempotencyKey: null,
      };
    case 429:
      return { ...base, formError: t("checkout.tooManyAttempts") };
    default:
      return {
        ...base,
        formError: problem.status >= 500 ? t("checkout.serverError") : problem.detail,
      };
  }
}

/** Whether payments go to the local simulated gateway (the checkout page says so). */
export function usesTestGateway(context: AppLoadContext): boolean {
  return appConfig(context.cloudflare.env).PAYMENT_PROVIDER === "simulated";
}

/** Sends the visitor to sign in again when the API says the session is over. */
export function requireSignedInOutcome(request: Request, outcome: { ok: false; problem: Problem; headers: Headers }, returnTo?: string): void {
  if (outcome.problem.status === 401) signInAgain(request, outcome.headers, returnTo);
}

// ---------------------------------------------------------------------------------------------
// Orders

/** An order of the signed-in user; another user's order (or none) is a 404 page. */
export async function getOrder(
  request: Request,
  context: AppLoadContext,
  id: string,
  access: OrderAccess = {},
): Promise<{ order: OrderView; headers: Headers }> {
  const { response, headers } = await orderCall(request, context, `/orders/${segment(id)}`, access);
  if (response.ok) return { order: await readJson(response, orderSchema, "GET /orders/:id"), headers };
  const problem = await readProblem(response);
  if (problem.status === 401) signInAgain(request, headers);
  if (problem.status === 404 || problem.status === 400) {
    throw data({ message: "We couldn't find that order." }, { status: 404, headers });
  }
  unavailable(problem, headers);
}

/** The signed-in user's orders, newest first. Admins see only their own here too. */
export async function listMyOrders(
  request: Request,
  context: AppLoadContext,
  userId: string,
  page: number,
): Promise<{ orders: z.infer<typeof orderPage>; headers: Headers }> {
  const query = new URLSearchParams({ page: String(page), limit: String(ORDERS_PER_PAGE), userId });
  const { response, headers } = await call(request, context, `/orders?${query}`);
  if (response.ok) return { orders: await readJson(response, orderPage, "GET /orders"), headers };
  const problem = await readProblem(response);
  if (problem.status === 401) signInAgain(request, headers);
  unavailable(problem, headers);
}

export async function cancelOrder(request: Request, context: AppLoadContext, id: string, access: OrderAccess = {}): Promise<Outcome<OrderView>> {
  const { response, headers } = await orderCall(request, context, `/orders/${segment(id)}/cancel`, access, { method: "POST" });
  if (response.ok) return { ok: true, value: await readJson(response, orderSchema, "POST /orders/:id/cancel"), headers };
  return { ok: false, problem: await readProblem(response), headers };
}

/**
 * "Try another card" on an order whose payment failed. The page's Idempotency-Key makes a
 * double submission one attempt.
 */
export async function retryOrderPayment(
  request: Request,
  context: AppLoadContext,
  id: string,
  payment: { token: string },
  idempotencyKey: string,
  access: OrderAccess = {},
): Promise<Outcome<OrderView>> {
  const { response, headers } = await orderCall(request, context, `/orders/${segment(id)}/retry-payment`, access, {
    method: "POST",
    json: { payment: { method: "card", token: payment.token } },
    headers: { "Idempotency-Key": idempotencyKey },
  });
  if (response.status === 202) return { ok: true, value: (await readJson(response, placedOrder, "POST /orders/:id/retry-payment")).order, headers };
  return { ok: false, problem: await readProblem(response), headers };
}

const returnList = z.object({ items: z.array(returnSchema) });

/** An order's returns; none to show when the API cannot say (the order page must still render). */
export async function getOrderReturns(request: Request, context: AppLoadContext, id: string, access: OrderAccess = {}): Promise<z.infer<typeof returnSchema>[]> {
  const { response } = await orderCall(request, context, `/orders/${segment(id)}/returns`, access);
  if (!response.ok) return [];
  return (await readJson(response, returnList, "GET /orders/:id/returns")).items;
}

export async function requestOrderReturn(request: Request, context: AppLoadContext, id: string, body: RequestReturnBody, access: OrderAccess = {}): Promise<Outcome<null>> {
  const { response, headers } = await orderCall(request, context, `/orders/${segment(id)}/returns`, access, { method: "POST", json: body });
  if (response.status === 201) return { ok: true, value: null, headers };
  return { ok: false, problem: await readProblem(response), headers };
}

// ---------------------------------------------------------------------------------------------
// Notifications

/**
 * The header badge's unread count. Nobody signed in: 0 without asking the API; any failure
 * also 0, since the badge must never break a page.
 */
export async function getUnreadNotificationCount(request: Request, context: AppLoadContext): Promise<number> {
  if (!(await getSessionTokens(request, context))) return 0;
  try {
    const { response } = await call(request, context, "/notifications?unread=true&limit=1");
    if (!response.ok) return 0;
    return (await readJson(response, notificationList, "GET /notifications")).unreadCount;
  } catch (error) {
    console.warn(JSON.stringify({ level: "warn", msg: "notification_count_unavailable", error: String(error), requestId: context.requestId }));
    return 0;
  }
}

export async function listNotifications(
  request: Request,
  context: AppLoadContext,
): Promise<{ notifications: z.infer<typeof notificationList>; headers: Headers }> {
  const { response, headers } = await call(request, context, `/notifications?limit=${NOTIFICATIONS_SHOWN}`);
  if (response.ok) return { notifications: await readJson(response, notificationList, "GET /notifications"), headers };
  const problem = await readProblem(response);
  if (problem.status === 401) signInAgain(request, headers);
  unavailable(problem, headers);
}

export async function markNotificationRead(request: Request, context: AppLoadContext, id: string): Promise<Outcome<null>> {
  const { response, headers } = await call(request, context, `/notifications/${segment(id)}/read`, { method: "PUT" });
  if (response.ok) return { ok: true, value: null, headers };
  return { ok: false, problem: await readProblem(response), headers };
}

/**
 * Marks every unread notification read. The API has no bulk call, so this reads the unread
 * ones (at most 100 a page) and marks each, a few rounds at most.
 */
export async function markAllNotificationsRead(request: Request, context: AppLoadContext): Promise<Outcome<number>> {
  let marked = 0;
  let headers = new Headers();
  for (let round = 0; round < 5; round++) {
    const listed = await call(request, context, "/notifications?unread=true&limit=100");
    headers = listed.headers;
    if (!listed.response.ok) return { ok: false, problem: await readProblem(listed.response), headers };
    const { items, unreadCount } = await readJson(listed.response, notificationList, "GET /notifications");
    const unread = items.filter((item) => !item.read);
    if (unread.length === 0) break;
    for (let i = 0; i < unread.length; i += 10) {
      const results = await Promise.all(unread.slice(i, i + 10).map((item) => markNotificationRead(request, context, item.id)));
      const failed = results.find((result) => !result.ok && result.problem.status !== 404);
      if (failed && !failed.ok) return { ok: false, problem: failed.problem, headers: failed.headers };
      marked += results.filter((result) => result.ok).length;
    }
    if (unreadCount <= unread.length) break;
  }
  return { ok: true, value: marked, headers };
}

/** The two fields the order page polls for. */
export const orderStatusView = orderSchema.pick({ status: true, paymentStatus: true });
