import { useTranslation } from "react-i18next";
import { VatNote } from "~/components/product-card";
import { fixedT, INTL_LOCALES, languageFromPath, localizePath, requestLanguage, useLanguage, useLocalePath } from "~/lib/i18n";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useId } from "react";
import { FormAlert } from "~/components/form-alert";
import { PRIVATE_NO_STORE } from "~/lib/cache.server";
import {
  acceptCartPrices,
  applyDiscountCode,
  getCart,
  removeDiscountCode,
  removeFromCart,
  setCartQuantity,
  type CartView,
} from "~/lib/cart.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { cartDiscountForm, cartLineForm, cartQuantityForm } from "~/lib/forms";
import { parseForm, readFormData } from "~/lib/forms.server";
import { readCartForm, targetQuantities } from "~/lib/cart-form";
import { CART_NOTICES, CartLinesForm, useCartLines, useCartLinesFetcher, type CartFailure } from "~/components/cart-lines";
import { formatMoney } from "../../../workers/domain/money";
import { seoMeta } from "~/lib/seo";

export const headers: HeadersFunction = () => ({ "Cache-Control": PRIVATE_NO_STORE });

export const meta: MetaFunction = ({ location }) => {
  const t = fixedT(languageFromPath(location.pathname));
  return seoMeta({ title: t("cart.title"), description: t("cart.description"), noindex: true });
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { cart, headers } = await getCart(request, context);
  const t = fixedT(requestLanguage(request));
  const url = new URL(request.url);
  const done = url.searchParams.get("done");
  // From /checkout, which sends an empty (or unbuyable) cart back here.
  const fromCheckout = url.searchParams.get("notice") === "checkout-empty";
  const notice =
    done === "updated" || done === "removed" || done === "prices-accepted" || done === "discount-applied" || done === "discount-removed"
      ? t(CART_NOTICES[done])
      : fromCheckout
        ? t(CART_NOTICES["checkout-empty"])
        : null;
  return data({ cart, notice }, { headers });
}

/** Where a refused code's message goes (no sku is spelled like this). */
const DISCOUNT_FIELD = "#discount";

/** Each discount by name, the code form (apply or remove) and how far free shipping is; works without JavaScript. */
function DiscountSummary({ cart, failure }: { cart: CartView; failure: CartFailure | undefined }) {
  const inputId = useId();
  const errorId = useId();
  const { t } = useTranslation();
  const locale = INTL_LOCALES[useLanguage()];
  const error = failure?.sku === DISCOUNT_FIELD ? failure.message : undefined;
  return (
    <>
      {cart.discounts.map((discount) => (
        <div key={discount.promotionId} className="flex justify-between gap-3 text-emerald-800">
          <dt className="min-w-0 break-words">
            {discount.name}
            {discount.code ? <span className="ml-1 text-xs text-stone-600">({discount.code})</span> : null}
          </dt>
          <dd className="font-medium">{discount.amountCents > 0 ? `−${formatMoney(discount.amountCents, cart.currency, locale)}` : t("cart.applied")}</dd>
        </div>
      ))}
      <div className="border-t border-stone-200 pt-2">
        {cart.discountCode ? (
          <Form method="post" className="flex items-center justify-between gap-2">
            <p>
              {t("cart.code")} <strong>{cart.discountCode}</strong>
              {cart.discounts.some((discount) => discount.code === cart.discountCode) ? null : (
                <span className="block text-xs text-stone-600">{t("cart.notApplied")}</span>
              )}
            </p>
            <input type="hidden" name="intent" value="remove-discount" />
            <button type="submit" className="text-sm font-medium text-brand-700 hover:underline">
              {t("cart.remove")}<span className="sr-only"> {t("cart.codeLower")} {cart.discountCode}</span>
            </button>
          </Form>
        ) : (
          <Form method="post" className="space-y-1">
            <input type="hidden" name="intent" value="apply-discount" />
            <label htmlFor={inputId} className="block text-stone-600">
              {t("cart.discountCode")}
            </label>
            <div className="flex gap-2">
              <input
                id={inputId}
                name="code"
                autoComplete="off"
                maxLength={40}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? errorId : undefined}
                className="min-w-0 flex-1 rounded-md border border-stone-300 px-2 py-1.5 uppercase"
              />
              <button type="submit" className="rounded-md border border-stone-300 bg-white px-3 py-1.5 font-medium hover:bg-stone-100">
                {t("cart.apply")}
              </button>
            </div>
            {error ? (
              <p id={errorId} role="alert" className="text-sm font-medium text-red-700">
                {error}
              </p>
            ) : null}
          </Form>
        )}
      </div>
    </>
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const noStore = { "Cache-Control": PRIVATE_NO_STORE };
  const lang = requestLanguage(request);
  const t = fixedT(lang);

  let outcome;
  let done: keyof typeof CART_NOTICES;
  // The whole cart's form: every line's quantity at once, or one line's − / + / Remove.
  if (intent === "update-cart" || (intent === null && (formData.has("step") || formData.has("remove")))) {
    const submission = readCartForm(formData);
    if (!submission) return data<CartFailure>({ sku: null, message: t("cart.checkQuantity") }, { status: 400, headers: noStore });
    // Every typed quantity is checked before anything changes: one bad line changes nothing.
    for (const line of submission.lines) {
      const fields = new FormData();
      fields.set("sku", line.sku);
      fields.set("quantity", line.quantity);
      const parsed = parseForm(cartQuantityForm, fields, ["sku", "quantity"], lang);
      if (!parsed.ok) {
        return data<CartFailure>(
          { sku: line.sku, message: parsed.fieldErrors.quantity ?? parsed.fieldErrors.sku ?? t("cart.checkQuantity") },
          { status: 400, headers: noStore },
        );
      }
    }
    let current;
    try {
      current = await getCart(request, context);
    } catch (error) {
      // The cart cannot be read (getCart throws a Response): an answer to this form, never
      // the error page over it, and nothing changed.
      if (!(error instanceof Response)) throw error;
      return data<CartFailure>({ sku: null, message: t("cart.serverError") }, { status: error.status, headers: noStore });
    }
    outcome = { ok: true as const, cart: current.cart, headers: current.headers } as Awaited<ReturnType<typeof setCartQuantity>>;
    let removed = false;
    for (const [sku, quantity] of targetQuantities(submission)) {
      const line = current.cart.items.find((item) => item.sku === sku);
      if (!line || line.quantity === quantity) continue;
      outcome = quantity === 0 ? await removeFromCart(request, context, sku) : await setCartQuantity(request, context, sku, quantity);
      if (!outcome.ok) break;
      removed ||= quantity === 0;
    }
    done = removed && targetQuantities(submission).size === 1 ? "removed" : "updated";
  } else if (intent === "update") {
    const parsed = parseForm(cartQuantityForm, formData, ["sku", "quantity"], lang);
    if (!parsed.ok) {
      const sku = typeof formData.get("sku") === "string" ? String(formData.get("sku")) : null;
      const message = parsed.fieldErrors.quantity ?? parsed.fieldErrors.sku ?? parsed.formError ?? t("cart.checkQuantity");
      return data<CartFailure>({ sku, message }, { status: 400, headers: noStore });
    }
    outcome = await setCartQuantity(request, context, parsed.data.sku, parsed.data.quantity);
    done = parsed.data.quantity === 0 ? "removed" : "updated";
  } else if (intent === "accept-prices") {
    outcome = await acceptCartPrices(request, context);
    done = "prices-accepted";
  } else if (intent === "apply-discount") {
    const parsed = parseForm(cartDiscountForm, formData, ["code"], lang);
    if (!parsed.ok) {
      return data<CartFailure>({ sku: DISCOUNT_FIELD, message: parsed.fieldErrors.code ?? t("cart.enterCode") }, { status: 400, headers: noStore });
    }
    outcome = await applyDiscountCode(request, context, parsed.data.code);
    done = "discount-applied";
  } else if (intent === "remove-discount") {
    outcome = await removeDiscountCode(request, context);
    done = "discount-removed";
  } else if (intent === "remove") {
    const parsed = parseForm(cartLineForm, formData, ["sku"], lang);
    if (!parsed.ok) return data<CartFailure>({ sku: null, message: t("cart.notInCart") }, { status: 400, headers: noStore });
    outcome = await removeFromCart(request, context, parsed.data.sku);
    done = "removed";
  } else {
    throw data({ message: t("product.unknownForm") }, { status: 400 });
  }

  if (!outcome.ok) {
    // Already gone (another tab removed it): the cart page shows the truth.
    if (outcome.problem.status === 404) throw redirect(localizePath("/cart", lang), { headers: outcome.headers });
    const sku = intent === "apply-discount" ? DISCOUNT_FIELD : typeof formData.get("sku") === "string" ? String(formData.get("sku")) : null;
    const message =
      outcome.problem.status >= 500 ? t("cart.serverError") : outcome.problem.detail;
    const headers = new Headers(outcome.headers);
    headers.set("Cache-Control", PRIVATE_NO_STORE);
    return data<CartFailure>({ sku, message }, { status: outcome.problem.status, headers });
  }
  // The enhanced form (a fetcher) stays on the page; the loaders revalidate.
  if (formData.get("respond") === "data") {
    const headers = new Headers(outcome.headers);
    headers.set("Cache-Control", PRIVATE_NO_STORE);
    return data<CartFailure | { ok: true; done: typeof done }>({ ok: true, done }, { headers });
  }
  throw redirect(localizePath(`/cart?done=${done}`, lang), { headers: outcome.headers });
}

export default function CartPage() {
  const { t } = useTranslation();
  const { cart, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // With JavaScript every change goes through this fetcher: no reload, focus stays put.
  const fetcher = useCartLinesFetcher("cart-lines");
  const fetched = fetcher.data;
  const view = useCartLines(cart, fetcher);
  const { subtotalCents, totalItems } = view;
  const pageFailure = actionData && "sku" in actionData ? actionData : undefined;
  const failure = fetched ? view.failure : pageFailure;
  const doneNotice = view.done ? t(CART_NOTICES[view.done]) : null;
  const lp = useLocalePath();
  const locale = INTL_LOCALES[useLanguage()];
  const hasItems = cart.items.length > 0;
  const buyable = cart.items.some((item) => !item.unavailable);
  const generalError =
    failure && failure.sku !== DISCOUNT_FIELD && (failure.sku === null || !cart.items.some((item) => item.sku === failure.sku)) ? failure.message : undefined;

  return (
    <div className="mx-auto max-w-5xl px-4 py-8 sm:px-6 sm:py-10">
      <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">{t("cart.title")}</h1>
      <div className="mt-4 space-y-3">
        <div role="status" aria-live="polite">
          {(doneNotice ?? (fetched ? null : notice)) && !failure ? (
            <p className="rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800">{doneNotice ?? notice}</p>
          ) : null}
        </div>
        {/* Set once, on the read that moved the cart into the shopper's new market. */}
        {cart.repriced ? (
          <div data-testid="cart-repriced">
            <FormAlert tone="info">{t("cart.notice.repriced", { currency: cart.repriced.toCurrency })}</FormAlert>
          </div>
        ) : null}
        <FormAlert tone="error">{generalError}</FormAlert>
      </div>

      {!hasItems ? (
        <div className="mt-8 rounded-lg border border-dashed border-stone-300 px-6 py-12 text-center">
          <h2 className="text-lg font-semibold">{t("cart.emptyTitle")}</h2>
          <p className="mt-2 text-stone-600">{t("cart.emptyBody")}</p>
          <Link
            to={lp("/products")}
            className="mt-6 inline-block rounded-md bg-brand-700 px-5 py-2.5 font-semibold text-white hover:bg-brand-800"
          >
            {t("cart.browse")}
          </Link>
        </div>
      ) : (
        <div className="mt-6 lg:grid lg:grid-cols-[1fr_20rem] lg:items-start lg:gap-10">
          <section aria-label={t("cart.itemsLabel")}>
            <CartLinesForm cart={cart} fetcher={fetcher} view={view} failure={failure} />
          </section>

          <section aria-labelledby="summary-heading" className="mt-8 rounded-lg border border-stone-200 bg-stone-50 p-5 lg:mt-0">
            <h2 id="summary-heading" className="text-lg font-semibold">
              {t("cart.summary")}
            </h2>
            <dl className="mt-4 space-y-2 text-sm">
              <div className="flex justify-between">
                <dt className="text-stone-600">{t("cart.items")}</dt>
                <dd className="font-medium">{t("cart.itemCount", { count: totalItems })}</dd>
              </div>
              <div className="flex justify-between border-t border-stone-200 pt-2 text-base">
                <dt className="font-semibold">{t("cart.subtotal")}</dt>
                <dd className="font-semibold">
                  {formatMoney(subtotalCents, cart.currency, locale)}
                  <VatNote />
                </dd>
              </div>
              <DiscountSummary cart={cart} failure={failure} />
              {cart.discountCents > 0 ? (
                <div className="flex justify-between border-t border-stone-200 pt-2 text-base">
                  <dt className="font-semibold">{t("cart.afterDiscounts")}</dt>
                  <dd className="font-semibold">{formatMoney(cart.subtotalCents - cart.discountCents, cart.currency, locale)}</dd>
                </div>
              ) : null}
            </dl>
            {cart.freeShippingRemainingCents !== null ? (
              <p className="mt-3 rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-900">
                {t("cart.freeShipping", { amount: formatMoney(cart.freeShippingRemainingCents, cart.currency, locale) })}
              </p>
            ) : null}
            <p className="mt-2 text-xs text-stone-600">{t("cart.atCheckout")}</p>
            {buyable ? (
              <Link
                to={lp("/checkout")}
                className="mt-5 block rounded-md bg-brand-700 px-5 py-3 text-center font-semibold text-white hover:bg-brand-800"
              >
                {t("cart.goToCheckout")}
              </Link>
            ) : (
              <p className="mt-5 text-sm text-stone-700">{t("cart.removeUnavailable")}</p>
            )}
            <Link to={lp("/products")} className="mt-3 block text-center text-sm font-medium text-brand-700 hover:underline">
              {t("cart.continue")}
            </Link>
          </section>
        </div>
      )}
    </div>
  );
}
