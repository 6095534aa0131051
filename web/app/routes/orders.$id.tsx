import { fixedT, INTL_LOCALES, languageFromPath, localizePath, requestLanguage, useLanguage, useLocalePath } from "~/lib/i18n";
import type { TFunction } from "i18next";
import { Trans, useTranslation } from "react-i18next";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { PostalAddress } from "~/components/postal-address";
import {
  Form,
  isRouteErrorResponse,
  Link,
  useActionData,
  useFetcher,
  useLoaderData,
  useRevalidator,
  useRouteError,
} from "@remix-run/react";
import { useEffect, useRef } from "react";
import {
  historyLabel,
  isCancellable,
  orderStatusLabel,
  OrderStepper,
  paymentStatusLabel,
} from "~/components/order-status";
import { FormAlert } from "~/components/form-alert";
import { PRIVATE_NO_STORE } from "~/lib/cache.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { readFormData } from "~/lib/forms.server";
import { formatMoney } from "../../../workers/domain/money";
import { cancelOrder, countryName, getOrder, getOrderReturns, requestOrderReturn, requireSignedInOutcome, retryOrderPayment, type OrderView } from "~/lib/orders.server";
import { ReturnsSection } from "~/components/order-returns";
import { requestReturnBody } from "../../../workers/domain/schemas/returns";
import { TEST_CARD_TOKENS } from "~/lib/orders";
import { TestCardChoices } from "~/components/test-card-choices";
import { failureReasonText } from "../../../workers/domain/order-events";
import { canRetryPayment } from "../../../workers/domain/order-status";
import { idempotencyKeyHeader, paymentTokenField } from "../../../workers/domain/schemas/orders";
import { seoMeta } from "~/lib/seo";
import { LocalTime } from "~/components/local-time";
import { requestTimeZone } from "~/lib/time-zone";
import { requireUser } from "~/lib/session.server";
import { orderTokenOf, rememberOrderLink } from "~/lib/guest-orders.server";

export const headers: HeadersFunction = () => ({ "Cache-Control": PRIVATE_NO_STORE });

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, location }) => {
  const t = fixedT(languageFromPath(location.pathname));
  if (!loaderData) return seoMeta({ title: t("order.notFoundTitle"), description: t("order.notFoundBody"), noindex: true });
  const { order } = loaderData;
  return seoMeta({
    title: t("order.title", { number: order.number }),
    description: t("order.metaDescription", { number: order.number, status: orderStatusLabel(order.status, t) }),
    noindex: true,
  });
};

/** Success notices, chosen by a fixed key in the URL after a redirect (never free text). */
/** Stands for the date in "Placed {{date}}" while the sentence is split around it. */
const DATE_SLOT = "\u2063DATE\u2063";

const NOTICES = {
  cancelled: "order.notice.cancelled",
  retrying: "order.notice.retrying",
  "return-requested": "order.notice.returnRequested",
} as const;

/** The order page's own URL, keeping a guest's token so the next page still opens the order. */
function orderPath(request: Request, id: string, orderToken: string | null, done?: string): string {
  const query = new URLSearchParams({ ...(orderToken ? { token: orderToken } : {}), ...(done ? { done } : {}) }).toString();
  return localizePath(`/orders/${encodeURIComponent(id)}${query ? `?${query}` : ""}`, requestLanguage(request));
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  // With ?token= (a guest's confirmation page or emailed link) the token is the key, not a session.
  const orderToken = orderTokenOf(request);
  if (!orderToken) await requireUser(request, context);
  const { order, headers } = await getOrder(request, context, params.id ?? "", { orderToken });
  if (orderToken) headers.append("Set-Cookie", await rememberOrderLink(request, context, order.id, orderToken));
  const { userId: owner, ...view } = order;
  const done = new URL(request.url).searchParams.get("done");
  const t = fixedT(requestLanguage(request));
  return data(
    {
      order: view,
      countries: { shipping: countryName(order.shippingAddress.country), billing: countryName(order.billingAddress.country) },
      notice: done === "cancelled" || done === "retrying" || done === "return-requested" ? t(NOTICES[done]) : null,
      returns: order.status === "delivered" ? await getOrderReturns(request, context, order.id, { orderToken }) : [],
      guest: orderToken ? { token: orderToken, email: order.guestEmail, inAccount: owner !== null } : null,
      // A fresh key per page view: submitting this page twice is one payment attempt.
      retryKey: canRetryPayment(order.status) ? crypto.randomUUID() : null,
      timeZone: requestTimeZone(request),
    },
    { headers },
  );
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const orderToken = orderTokenOf(request);
  if (!orderToken) await requireUser(request, context);
  const id = params.id ?? "";
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  if (intent === "retry-payment") return retryPayment(request, context, id, formData, orderToken);
  if (intent === "return") return askForReturn(request, context, id, formData, orderToken);
  const t = fixedT(requestLanguage(request));
  if (intent !== "cancel") throw data({ message: t("product.unknownForm") }, { status: 400 });

  const outcome = await cancelOrder(request, context, id, { orderToken });
  if (outcome.ok) {
    throw redirect(orderPath(request, id, orderToken, "cancelled"), { status: 303, headers: outcome.headers });
  }
  return refusal(request, outcome, (message) => ({ cancelError: message }), t("cart.serverError"));
}

/** A refused order action on the page: the API's reason, or plain words for 429 and 5xx. */
function refusal<T>(
  request: Request,
  outcome: Extract<Awaited<ReturnType<typeof cancelOrder>>, { ok: false }>,
  shape: (message: string) => T,
  onServerError: string,
) {
  requireSignedInOutcome(request, outcome);
  const t = fixedT(requestLanguage(request));
  if (outcome.problem.status === 404) throw data({ message: t("order.notFoundBody") }, { status: 404, headers: outcome.headers });
  const message = outcome.problem.status === 429 ? t("order.tooManyRequests") : outcome.problem.status >= 500 ? onServerError : outcome.problem.detail;
  return data(shape(message), { status: outcome.problem.status >= 500 ? 503 : outcome.problem.status, headers: outcome.headers });
}

async function retryPayment(request: Request, context: ActionFunctionArgs["context"], id: string, formData: FormData, orderToken: string | null) {
  const token = paymentTokenField.safeParse(formData.get("payment.token"));
  const key = idempotencyKeyHeader.shape["idempotency-key"].safeParse(formData.get("idempotencyKey"));
  const t = fixedT(requestLanguage(request));
  if (!token.success) return data({ retryError: t("order.chooseCard") }, { status: 400 });
  if (!key.success) return data({ retryError: t("order.pageExpired") }, { status: 400 });
  const outcome = await retryOrderPayment(request, context, id, { token: token.data }, key.data, { orderToken });
  if (outcome.ok) throw redirect(orderPath(request, id, orderToken, "retrying"), { status: 303, headers: outcome.headers });
  return refusal(request, outcome, (message) => ({ retryError: message }), t("order.retryServerError"));
}

/** The return form: one quantity (qty.<sku>) and one reason (reason.<sku>) per line; lines left at 0 stay. */
async function askForReturn(request: Request, context: ActionFunctionArgs["context"], id: string, formData: FormData, orderToken: string | null) {
  const lines: { sku: string; quantity: number; reason: string }[] = [];
  for (const [key, value] of formData) {
    if (!key.startsWith("qty.") || typeof value !== "string" || value === "0") continue;
    const sku = key.slice("qty.".length);
    lines.push({ sku, quantity: Number(value), reason: String(formData.get(`reason.${sku}`) ?? "") });
  }
  const note = formData.get("note");
  const t = fixedT(requestLanguage(request));
  const body = requestReturnBody.safeParse({ lines, ...(typeof note === "string" && note.trim() ? { note } : {}) });
  if (!body.success) {
    const message = lines.length === 0 ? t("returns.chooseQuantity") : (body.error.issues[0]?.message ?? t("returns.checkForm"));
    return data({ returnError: message }, { status: 400 });
  }
  const outcome = await requestOrderReturn(request, context, id, body.data, { orderToken });
  if (outcome.ok) throw redirect(orderPath(request, id, orderToken, "return-requested"), { status: 303, headers: outcome.headers });
  return refusal(request, outcome, (message) => ({ returnError: message }), t("cart.serverError"));
}

type Order = Omit<OrderView, "userId">;

/** The payment attempt in force: the latest one. */
function currentPayment(order: Order) {
  return order.payments.at(-1);
}

/**
 * While the payment is processing, asks the small status route every second (then every five,
 * after a minute) and reloads the page's data when the order moved on. Without JavaScript
 * the page refreshes itself instead (see the <noscript> in the page).
 */
function usePaymentPolling(order: Order, orderToken: string | null) {
  const fetcher = useFetcher<{ status: string; paymentStatus: string }>();
  const revalidator = useRevalidator();
  const load = useRef(fetcher.load);
  load.current = fetcher.load;

  const pending = order.status === "pending";
  useEffect(() => {
    if (!pending) return;
    let polls = 0;
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      polls += 1;
      const query = orderToken ? `?${new URLSearchParams({ token: orderToken })}` : "";
      if (document.visibilityState === "visible") load.current(`/orders/${encodeURIComponent(order.id)}/status${query}`);
      timer = setTimeout(tick, polls < 60 ? 1000 : 5000);
    };
    timer = setTimeout(tick, 1000);
    return () => clearTimeout(timer);
  }, [pending, order.id, orderToken]);

  const latest = fetcher.data;
  useEffect(() => {
    if (!latest || revalidator.state !== "idle") return;
    if (latest.status !== order.status || latest.paymentStatus !== order.paymentStatus) revalidator.revalidate();
    // Only a new answer from the status route should trigger a reload, not every render.
  }, [latest]);
}

function statusMessage(order: Order, t: TFunction): string {
  switch (order.status) {
    case "pending":
      return t("order.message.pending");
    case "paid":
      return t("order.message.paid");
    case "processing":
      return t("order.message.processing");
    case "shipped":
      return order.carrier && order.trackingNumber
        ? t("order.message.shippedTracked", { carrier: order.carrier, tracking: order.trackingNumber })
        : t("order.message.shipped");
    case "delivered":
      return t("order.message.delivered");
    case "payment_failed":
      // The failure reason is the domain's own (English) sentence.
      return t("order.message.paymentFailed", { reason: failureReasonText(currentPayment(order)?.failureReason) });
    case "cancelled": {
      const taken = order.payments.some((payment) => payment.status === "succeeded" || payment.status === "refunded");
      if (order.paymentStatus === "refunded") return t("order.message.cancelledRefunded");
      return taken ? t("order.message.cancelledRefunding") : t("order.message.cancelled");
    }
  }
}

/** Whether a history note (the API's English words) only repeats the entry's own label. */
function repeatsLabel(note: string, status: Order["status"], t: TFunction): boolean {
  return note === historyLabel(status, t) || note === historyLabel(status, fixedT("en"));
}

function Address({ address, country }: { address: Order["shippingAddress"]; country: string }) {
  return <PostalAddress address={address} country={country} className="text-stone-700" />;
}

function sameAddress(a: Order["shippingAddress"], b: Order["shippingAddress"]): boolean {
  return (["name", "line1", "line2", "city", "region", "postalCode", "country"] as const).every((key) => (a[key] ?? "") === (b[key] ?? ""));
}

export default function OrderPage() {
  const lp = useLocalePath();
  const { t } = useTranslation();
  const lang = useLanguage();
  const money = (minor: number, currency = order.currency) => formatMoney(minor, currency, INTL_LOCALES[lang]);
  const dateTime = (iso: string) => <LocalTime iso={iso} locale={INTL_LOCALES[lang]} timeZone={timeZone} />;
  // "Placed {{date}}" with the moment as a <time> element inside the sentence, in any language.
  const [placedBefore, placedAfter = ""] = t("order.placed", { date: DATE_SLOT }).split(DATE_SLOT);
  const { order, countries, notice, retryKey, returns, guest, timeZone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const result = actionData && "cancelError" in actionData ? actionData : undefined;
  const retryError = actionData && "retryError" in actionData ? actionData.retryError : undefined;
  const returnError = actionData && "returnError" in actionData ? actionData.returnError : undefined;
  usePaymentPolling(order, guest?.token ?? null);
  const pending = order.status === "pending";
  const stopped = order.status === "payment_failed" || order.status === "cancelled";
  const cancelRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result?.cancelError) cancelRef.current?.focus();
  }, [result]);

  return (
    <div className="mx-auto max-w-4xl px-4 py-8 sm:px-6 sm:py-10">
      {/* Without JavaScript, a pending order's page reloads itself until the payment settles. */}
      {pending ? (
        <noscript>
          <meta httpEquiv="refresh" content="2" />
        </noscript>
      ) : null}

      <p className="text-sm">
        <Link to={lp(guest ? "/orders/lookup" : "/orders")} className="font-medium text-brand-700 underline hover:text-brand-800">
          {guest ? t("order.findAnother") : t("order.yourOrders")}
        </Link>
      </p>
      <div className="mt-2 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">{t("order.title", { number: order.number })}</h1>
        <p className="text-sm text-stone-600">
          {placedBefore}
          {dateTime(order.createdAt)}
          {placedAfter}
        </p>
      </div>
      {guest && !guest.inAccount ? (
        <section aria-labelledby="account-offer" className="mt-4 rounded-lg border border-brand-200 bg-brand-50 p-4 text-sm text-stone-800">
          <h2 id="account-offer" className="font-semibold text-stone-900">
            {t("order.guest.title")}
          </h2>
          <p className="mt-1">
            <Trans
              t={t}
              i18nKey={guest.email ? "order.guest.body" : "order.guest.bodyNoEmail"}
              values={{ email: guest.email }}
              components={{
                register: <Link to={lp(`/register?${new URLSearchParams({ redirectTo: lp("/orders") })}`)} className="font-medium text-brand-700 underline hover:text-brand-800" />,
                signIn: <Link to={lp(`/login?${new URLSearchParams({ redirectTo: lp("/orders") })}`)} className="font-medium text-brand-700 underline hover:text-brand-800" />,
              }}
            />
          </p>
        </section>
      ) : null}

      {notice && !result ? (
        <div className="mt-4">
          <FormAlert tone="success">{notice}</FormAlert>
        </div>
      ) : null}
      {/* The order moved on before the cancel landed: the API's reason, where the button was. */}
      {result?.cancelError && !isCancellable(order.status) ? (
        <div ref={cancelRef} tabIndex={-1} className="mt-4 outline-none">
          <FormAlert tone="error">{result.cancelError}</FormAlert>
        </div>
      ) : null}

      <section aria-labelledby="status-heading" className="mt-6 rounded-lg border border-stone-200 p-5 sm:p-6">
        <h2 id="status-heading" className="sr-only">
          {t("order.status")}
        </h2>
        <div aria-live="polite" aria-atomic="true">
          <p className="text-lg font-semibold">
            {t("order.statusLabel")}{" "}
            <span className={stopped ? "text-red-800" : "text-brand-800"} data-status={order.status}>
              {orderStatusLabel(order.status, t)}
            </span>
          </p>
          <p className="mt-1 text-stone-700">
            {pending ? (
              <span aria-hidden="true" className="mr-2 inline-block size-3 animate-pulse rounded-full bg-amber-500 align-middle" />
            ) : null}
            {statusMessage(order, t)}
          </p>
        </div>
        <div className="mt-6">
          <OrderStepper status={order.status} reached={order.history.map((entry) => entry.status)} />
        </div>
        {order.status === "shipped" || order.status === "delivered" ? (
          <dl className="mt-6 grid grid-cols-1 gap-2 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-stone-600">{t("order.carrier")}</dt>
              <dd className="font-medium">{order.carrier ?? "—"}</dd>
            </div>
            <div>
              <dt className="text-stone-600">{t("order.tracking")}</dt>
              <dd className="font-mono font-medium break-all">{order.trackingNumber ?? "—"}</dd>
            </div>
          </dl>
        ) : null}
      </section>

      <div className="mt-8 grid grid-cols-1 gap-8 md:grid-cols-[1fr_18rem]">
        <section aria-labelledby="items-heading">
          <h2 id="items-heading" className="text-lg font-semibold">
            {t("order.items")}
          </h2>
          <ul className="mt-3 divide-y divide-stone-200 border-y border-stone-200">
            {order.items.map((item) => (
              <li key={item.sku} className="flex justify-between gap-4 py-3 text-sm">
                <div className="min-w-0 break-words">
                  <p className="font-medium text-stone-900">{item.name}</p>
                  <p className="text-stone-600">
                    {item.variantTitle && item.variantTitle !== "Default" ? `${item.variantTitle} · ` : ""}
                    {t("checkout.qty", { count: item.quantity, price: money(item.unitPriceCents) })}
                  </p>
                </div>
                <p className="shrink-0 font-medium">{money(item.lineTotalCents)}</p>
              </li>
            ))}
          </ul>
          <dl className="mt-3 space-y-1.5 text-sm">
            <div className="flex justify-between">
              <dt className="text-stone-600">{t("cart.subtotal")}</dt>
              <dd>{money(order.subtotalCents)}</dd>
            </div>
            {order.discounts.map((discount) => (
              <div key={discount.promotionId} className="flex justify-between gap-3 text-emerald-800">
                <dt className="min-w-0 break-words">
                  {discount.name}
                  {discount.code ? ` (${discount.code})` : ""}
                </dt>
                <dd>{discount.amountCents > 0 ? `−${money(discount.amountCents)}` : t("checkout.freeShipping")}</dd>
              </div>
            ))}
            <div className="flex justify-between">
              <dt className="text-stone-600">
                {t("checkout.shipping")}
                {order.shippingMethod ? ` (${order.shippingMethod.name})` : ""}
              </dt>
              <dd>{order.shippingCents === 0 ? t("checkout.free") : money(order.shippingCents)}</dd>
            </div>
            {/* Tax-inclusive prices already contain the VAT: it is named under the total, not added. */}
            {order.taxInclusive ? null : (
              <div className="flex justify-between">
                <dt className="text-stone-600">{t("order.tax")}</dt>
                <dd>{money(order.taxCents)}</dd>
              </div>
            )}
            <div className="flex justify-between border-t border-stone-200 pt-2 text-base font-semibold">
              <dt>{t("checkout.total")}</dt>
              <dd>{money(order.totalCents)}</dd>
            </div>
            {order.taxInclusive ? (
              <p className="text-right text-stone-600" data-testid="order-vat">
                {t("order.inclVat", { amount: money(order.taxCents) })}
              </p>
            ) : null}
            {order.refundedCents > 0 ? (
              <div className="flex justify-between text-emerald-800">
                <dt>{t("order.refunded")}</dt>
                <dd>−{money(order.refundedCents)}</dd>
              </div>
            ) : null}
          </dl>
        </section>

        <div className="space-y-6">
          <section aria-labelledby="shipping-heading">
            <h2 id="shipping-heading" className="text-base font-semibold">
              {t("checkout.shippingAddress")}
            </h2>
            <div className="mt-2">
              <Address address={order.shippingAddress} country={countries.shipping} />
            </div>
          </section>
          <section aria-labelledby="billing-heading">
            <h2 id="billing-heading" className="text-base font-semibold">
              {t("checkout.billingAddress")}
            </h2>
            <div className="mt-2">
              {sameAddress(order.shippingAddress, order.billingAddress) ? (
                <p className="text-sm text-stone-700">{t("order.sameAsShipping")}</p>
              ) : (
                <Address address={order.billingAddress} country={countries.billing} />
              )}
            </div>
          </section>
          <section aria-labelledby="payment-heading">
            <h2 id="payment-heading" className="text-base font-semibold">
              {t("checkout.payment")}
            </h2>
            <p className="mt-2 text-sm">
              <span className="text-stone-600">{t("order.statusLabel")} </span>
              <span className="font-medium">{paymentStatusLabel(order.paymentStatus, t)}</span>
            </p>
            <ul className="mt-2 space-y-2 text-sm">
              {order.payments.map((payment) => (
                <li key={payment.id} className="rounded-md bg-stone-50 px-3 py-2">
                  <p>
                    {t("order.cardPayment", { amount: money(payment.amountCents, payment.currency) })}{" "}
                    <span className="font-medium">{paymentStatusLabel(payment.status, t)}</span>
                  </p>
                  {payment.failureReason ? <p className="text-stone-600">{failureReasonText(payment.failureReason)}</p> : null}
                  {payment.refunds.map((refund) => (
                    <p key={refund.id} className="text-stone-600">
                      {t("order.refundOf", { amount: money(refund.amountCents, payment.currency) })} {t(`refundStatus.${refund.status}`)}
                    </p>
                  ))}
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>

      <section aria-labelledby="history-heading" className="mt-8">
        <h2 id="history-heading" className="text-lg font-semibold">
          {t("order.history")}
        </h2>
        <ol className="mt-3 space-y-3 border-l-2 border-stone-200 pl-5">
          {[...order.history].reverse().map((entry, index) => (
            <li key={`${entry.at}-${entry.status}-${index}`} className="relative text-sm">
              <span aria-hidden="true" className="absolute top-1.5 -left-[27px] size-3 rounded-full border-2 border-white bg-brand-700" />
              <p className="font-medium text-stone-900">{historyLabel(entry.status, t)}</p>
              <p className="text-stone-600">
                {dateTime(entry.at)}
                {entry.note && !repeatsLabel(entry.note, entry.status, t) ? ` · ${entry.note}` : ""}
              </p>
            </li>
          ))}
        </ol>
      </section>

      {order.status === "delivered" ? <ReturnsSection order={order} returns={returns} error={returnError} /> : null}

      {retryKey ? (
        <section aria-labelledby="retry-heading" className="mt-8 rounded-lg border border-stone-200 p-5 sm:p-6">
          <h2 id="retry-heading" className="text-lg font-semibold">
            {t("order.retryTitle")}
          </h2>
          <p className="mt-1 text-sm text-stone-700">{t("order.retryBody")}</p>
          {retryError ? (
            <div className="mt-3">
              <FormAlert tone="error">{retryError}</FormAlert>
            </div>
          ) : null}
          <Form method="post" className="mt-4 space-y-3">
            <input type="hidden" name="intent" value="retry-payment" />
            <input type="hidden" name="idempotencyKey" value={retryKey} />
            <fieldset>
              <legend className="sr-only">{t("order.card")}</legend>
              <TestCardChoices selected={TEST_CARD_TOKENS[0].token} />
            </fieldset>
            <div className="flex flex-wrap items-center gap-4">
              <button type="submit" className="rounded-md bg-brand-700 px-5 py-2.5 font-semibold text-white hover:bg-brand-800">
                {t("order.pay", { amount: money(order.totalCents) })}
              </button>
              <Link to={lp("/checkout")} className="text-sm font-medium text-brand-700 underline hover:text-brand-800">
                {t("order.backToCheckout")}
              </Link>
            </div>
          </Form>
        </section>
      ) : null}

      {isCancellable(order.status) ? (
        <section aria-labelledby="cancel-heading" className="mt-10 border-t border-stone-200 pt-6">
          <h2 id="cancel-heading" className="sr-only">
            {t("order.cancelHeading")}
          </h2>
          <div ref={cancelRef} tabIndex={-1} className="outline-none">
            <FormAlert tone="error">{result?.cancelError}</FormAlert>
          </div>
          {/* A disclosure asks for confirmation without needing JavaScript. */}
          <details className="mt-3 rounded-md border border-stone-200 px-4 py-3" open={Boolean(result?.cancelError) || undefined}>
            <summary className="cursor-pointer font-medium text-red-700">{t("order.cancel")}</summary>
            <div className="mt-3 space-y-3 text-sm text-stone-700">
              <p>
                {t("order.cancelConfirm", { number: order.number })}{" "}
                {order.paymentStatus === "succeeded" ? t("order.cancelRefund") : t("order.cancelNoCharge")} {t("order.cannotUndo")}
              </p>
              <Form method="post">
                <input type="hidden" name="intent" value="cancel" />
                <button
                  type="submit"
                  className="w-full rounded-md bg-red-700 px-4 py-2.5 font-semibold text-white hover:bg-red-800 sm:w-auto"
                >
                  {t("order.cancelSubmit")}
                </button>
              </Form>
            </div>
          </details>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  const lp = useLocalePath();
  const { t } = useTranslation();
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <div className="mx-auto max-w-2xl px-4 py-16 text-center sm:px-6">
      <p className="text-sm font-semibold tracking-wide text-brand-700">{notFound ? t("errors.status", { status: 404 }) : t("order.error")}</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">{notFound ? t("order.notFoundHeading") : t("order.errorHeading")}</h1>
      <p className="mt-4 text-stone-600">{notFound ? t("order.notFoundHint") : t("order.errorHint")}</p>
      <Link to={lp("/orders")} className="mt-8 inline-block rounded-md bg-brand-700 px-5 py-2.5 font-semibold text-white hover:bg-brand-800">
        {t("order.seeOrders")}
      </Link>
    </div>
  );
}
