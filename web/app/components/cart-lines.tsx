import { Link, useFetcher } from "@remix-run/react";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { formatMoney } from "../../../workers/domain/money";
import { MAX_LINE_QUANTITY, readCartForm, targetQuantities } from "~/lib/cart-form";
import type { CartLine, CartView } from "~/lib/cart.server";
import { useHydrated } from "~/lib/hydrated";
import { INTL_LOCALES, useLanguage, useLocalePath } from "~/lib/i18n";
import type { action as cartAction } from "~/routes/cart";

/**
 * The cart's lines as one form of − / + steppers, quantity boxes and Remove buttons, posting to
 * the cart route's action through a fetcher and showing the pending change at once. The cart
 * page and the cart drawer both render it, so the cart's form and its optimistic arithmetic
 * have one home; the rules themselves stay with the action and the API.
 */

/** Success notices (translation keys), chosen by a fixed key in the URL after a redirect (never free text). */
export const CART_NOTICES = {
  updated: "cart.notice.updated",
  removed: "cart.notice.removed",
  "prices-accepted": "cart.notice.pricesAccepted",
  "checkout-empty": "cart.notice.checkoutEmpty",
  "discount-applied": "cart.notice.discountApplied",
  "discount-removed": "cart.notice.discountRemoved",
} as const;

/** A refused change, as the cart action answers it: the line it is about (null: the whole cart). */
export interface CartFailure {
  sku: string | null;
  message: string;
}

export type CartLinesFetcher = ReturnType<typeof useFetcher<typeof cartAction>>;
/** The change the action did, as it names it (its notices are keyed by it). */
export type CartChangeDone = Extract<NonNullable<CartLinesFetcher["data"]>, { done: unknown }>["done"];

/** The fetcher a cart form posts through; one per place the form is shown (`key`). */
export function useCartLinesFetcher(key: string): CartLinesFetcher {
  return useFetcher<typeof cartAction>({ key });
}

export interface CartLinesView {
  /** The submission on its way, if any. */
  pending: boolean;
  /** A line's quantity as it will be once the pending change lands. */
  shown: (line: CartLine) => number;
  /** Whether a line is about to change (for aria-busy). */
  changing: (line: CartLine) => boolean;
  subtotalCents: number;
  totalItems: number;
  /** The fetcher's last answer, once it is back: a refusal or the change done. */
  failure: CartFailure | undefined;
  done: CartChangeDone | null;
}

/** The cart as the shopper should see it now: the pending submission applied to the last one read. */
export function useCartLines(cart: CartView, fetcher: CartLinesFetcher): CartLinesView {
  const pendingForm = fetcher.state !== "idle" && fetcher.formData ? readCartForm(fetcher.formData) : null;
  const optimistic = pendingForm ? targetQuantities(pendingForm) : null;
  const shown = (line: CartLine) => (line.unavailable ? line.quantity : (optimistic?.get(line.sku) ?? line.quantity));
  const lineTotal = (line: CartLine) => (shown(line) === line.quantity ? line.lineTotalCents : line.unitPriceCents * shown(line));
  const subtotalCents = optimistic
    ? cart.items.reduce((sum, line) => sum + (line.unavailable ? 0 : lineTotal(line)), 0)
    : cart.subtotalCents;
  const totalItems = optimistic ? cart.items.reduce((sum, line) => sum + (line.unavailable ? 0 : shown(line)), 0) : cart.totalItems;
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;
  return {
    pending: pendingForm !== null,
    shown,
    changing: (line) => pendingForm !== null && shown(line) !== line.quantity,
    subtotalCents,
    totalItems,
    failure: answer && "sku" in answer ? answer : undefined,
    done: answer && "done" in answer ? answer.done : null,
  };
}

/**
 * Every line of the cart in one form: without JavaScript "Update cart" (or Enter) sends them
 * all, and − / + / Remove send them with that one change; with it, the same form goes through
 * the fetcher and the lines show the result while it is on its way.
 */
export function CartLinesForm({
  cart,
  fetcher,
  view,
  failure,
  compact = false,
  highlightSku = null,
}: {
  cart: CartView;
  fetcher: CartLinesFetcher;
  view: CartLinesView;
  /** The refusal to show by its line (the page's own, without JavaScript, or the fetcher's). */
  failure: CartFailure | undefined;
  /** The drawer's narrower layout, under its own heading. */
  compact?: boolean;
  highlightSku?: string | null;
}) {
  const { t } = useTranslation();
  const lp = useLocalePath();
  const hydrated = useHydrated();
  return (
    <fetcher.Form method="post" action={lp("/cart")} preventScrollReset aria-busy={view.pending ? true : undefined}>
      {/* The form's default button, so Enter in a quantity box updates rather than steps. */}
      <button type="submit" name="intent" value="update-cart" tabIndex={-1} aria-hidden="true" className="sr-only">
        {t("cart.updateCart")}
      </button>
      {hydrated ? <input type="hidden" name="respond" value="data" /> : null}
      <ul className={`divide-y divide-stone-200 ${compact ? "" : "border-y border-stone-200"}`}>
        {cart.items.map((line) => (
          <CartLineRow
            key={line.sku}
            line={line}
            currency={cart.currency}
            failure={failure}
            shownQuantity={view.shown(line)}
            busy={view.changing(line)}
            compact={compact}
            highlighted={line.sku === highlightSku}
          />
        ))}
      </ul>
      {!hydrated ? (
        <div className="mt-4 flex justify-end">
          <button
            type="submit"
            name="intent"
            value="update-cart"
            className="rounded-md border border-stone-300 bg-white px-4 py-2 text-sm font-medium text-stone-800 hover:bg-stone-50"
          >
            {t("cart.updateCart")}
          </button>
        </div>
      ) : null}
    </fetcher.Form>
  );
}

function CartLineRow({
  line,
  currency,
  failure,
  shownQuantity,
  busy,
  compact,
  highlighted,
}: {
  line: CartLine;
  currency: string;
  failure: CartFailure | undefined;
  /** The quantity to show: the pending submission's while one is on its way (optimistic). */
  shownQuantity: number;
  busy: boolean;
  compact: boolean;
  /** The line just added (in the drawer after an add). */
  highlighted: boolean;
}) {
  const quantityId = useId();
  const errorId = useId();
  const error = failure?.sku === line.sku ? failure.message : undefined;
  const { t } = useTranslation();
  const lp = useLocalePath();
  const locale = INTL_LOCALES[useLanguage()];
  const productHref = lp(`/p/${encodeURIComponent(line.productId)}`);
  // Under the drawer's own heading the lines are one level down.
  const Heading = compact ? "h3" : "h2";

  return (
    <li
      data-added={highlighted || undefined}
      className={`flex gap-4 ${compact ? "py-4" : "py-6"} ${highlighted ? "-mx-2 rounded-md bg-emerald-50 px-2" : ""} ${line.unavailable ? "opacity-90" : ""}`}
      aria-busy={busy || undefined}
    >
      <Link to={productHref} className="shrink-0" tabIndex={-1} aria-hidden="true">
        {line.imageUrl ? (
          <img
            src={line.imageUrl}
            alt=""
            width={96}
            height={96}
            loading="lazy"
            className={`rounded-md border border-stone-200 object-cover ${compact ? "size-16" : "size-20 sm:size-24"}`}
          />
        ) : (
          <span className={`block rounded-md bg-stone-100 ${compact ? "size-16" : "size-20 sm:size-24"}`} />
        )}
      </Link>
      <div className="flex min-w-0 flex-1 flex-col gap-2">
        <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1">
          <div className="min-w-0 break-words">
            <Heading className="font-semibold text-stone-900">
              <Link to={productHref} className="hover:underline">
                {line.name}
              </Link>
            </Heading>
            {line.variantTitle && line.variantTitle !== "Default" ? (
              <p className="text-sm text-stone-600">{line.variantTitle}</p>
            ) : null}
            <p className="text-sm text-stone-600">
              {t("cart.each", { price: formatMoney(line.unitPriceCents, currency, locale) })}
            </p>
          </div>
          <p className="font-semibold text-stone-900">
            <span className="sr-only">{t("cart.lineTotal")} </span>
            {line.unavailable ? (
              <span className="text-stone-500 line-through">{formatMoney(line.lineTotalCents, currency, locale)}</span>
            ) : (
              formatMoney(shownQuantity === line.quantity ? line.lineTotalCents : line.unitPriceCents * shownQuantity, currency, locale)
            )}
          </p>
        </div>

        {line.priceChanged && !line.unavailable ? (
          <div className="flex flex-wrap items-center justify-between gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            <p>
              {t("cart.priceChanged", {
                was: formatMoney(line.addedPriceCents, currency, locale),
                now: formatMoney(line.unitPriceCents, currency, locale),
              })}
            </p>
            <button
              type="submit"
              name="intent"
              value="accept-prices"
              className="rounded-md border border-amber-300 bg-white px-3 py-1 font-medium text-amber-950 hover:bg-amber-100"
            >
              {t("cart.acceptPrice")}<span className="sr-only"> ({line.name})</span>
            </button>
          </div>
        ) : null}
        {line.unavailable ? (
          <p className="rounded-md bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
            {t("cart.unavailable")}
          </p>
        ) : null}

        <div className="flex flex-wrap items-end gap-2">
          {!line.unavailable ? (
            <div>
              <label htmlFor={quantityId} className="block text-xs font-medium text-stone-700">
                {t("product.quantity")}<span className="sr-only"> ({line.name})</span>
              </label>
              <div className="mt-1 flex items-stretch">
                <button
                  type="submit"
                  name="step"
                  value={`${line.sku}:-1`}
                  aria-label={t("cart.decrease", { name: line.name })}
                  className="rounded-l-md border border-stone-300 bg-white px-3 text-lg leading-none text-stone-800 hover:bg-stone-50"
                >
                  −
                </button>
                <input type="hidden" name="sku" value={line.sku} />
                {/* Keyed by the quantity shown, so a pending change (or the new cart) shows in the box. */}
                <input
                  key={shownQuantity}
                  id={quantityId}
                  name="quantity"
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={MAX_LINE_QUANTITY}
                  step={1}
                  required
                  defaultValue={shownQuantity}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? errorId : undefined}
                  onBlur={(event) => {
                    if (event.currentTarget.value !== String(shownQuantity)) event.currentTarget.form?.requestSubmit();
                  }}
                  className={`block w-16 border-y bg-white px-2 py-1.5 text-center text-base ${error ? "border-red-600" : "border-stone-300"}`}
                />
                <button
                  type="submit"
                  name="step"
                  value={`${line.sku}:+1`}
                  aria-label={t("cart.increase", { name: line.name })}
                  disabled={shownQuantity >= MAX_LINE_QUANTITY}
                  className="rounded-r-md border border-stone-300 bg-white px-3 text-lg leading-none text-stone-800 hover:bg-stone-50 disabled:text-stone-400"
                >
                  +
                </button>
              </div>
            </div>
          ) : (
            <p className="text-sm text-stone-600">{t("cart.quantityValue", { count: line.quantity })}</p>
          )}
          <button
            type="submit"
            name="remove"
            value={line.sku}
            className="rounded-md px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50"
          >
            {t("cart.remove")}<span className="sr-only"> {line.name}</span>
          </button>
        </div>
        {error ? (
          <p id={errorId} role="alert" className="text-sm font-medium text-red-700">
            {error}
          </p>
        ) : null}
      </div>
    </li>
  );
}

