import * as Dialog from "@radix-ui/react-dialog";
import { Link, useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useId, useRef } from "react";
import { useTranslation } from "react-i18next";
import { formatMoney } from "../../../workers/domain/money";
import { CART_NOTICES, CartLinesForm, useCartLines, useCartLinesFetcher } from "~/components/cart-lines";
import { FormAlert } from "~/components/form-alert";
import { VatNote } from "~/components/product-card";
import { claimCartDrawerHost, closeCartDrawer, useCartDrawer, type CartDrawerState } from "~/lib/cart-drawer-store";
import { INTL_LOCALES, useLanguage, useLocalePath } from "~/lib/i18n";
import type { CartDrawerRead } from "~/routes/cart_.drawer";

/**
 * The cart as a panel from the right (the whole width on a phone), opened by the header's cart
 * link or by an add on a product page (web/app/lib/cart-drawer-store.ts). It reads the cart
 * through its own route (web/app/routes/cart_.drawer.tsx) each time it opens, which answers a
 * cart it cannot read in place rather than as an error page, and changes it through the cart
 * page's form and action (CartLinesForm), so the drawer holds no cart rules of its own. Both
 * answer `private, no-store`, and the page cache never keeps them.
 *
 * Mounted by every cart link; only the first one mounted renders the dialog.
 */
export function CartDrawer() {
  const id = useId();
  const drawer = useCartDrawer();
  useEffect(() => claimCartDrawerHost(id), [id]);
  if (drawer.host !== id) return null;
  return <CartDrawerDialog drawer={drawer} />;
}

function CartDrawerDialog({ drawer }: { drawer: CartDrawerState }) {
  const { open, added, returnFocus } = drawer;
  const { t } = useTranslation();
  const lp = useLocalePath();
  const location = useLocation();
  const cartRead = useFetcher<CartDrawerRead>({ key: "cart-drawer" });

  // A fresh read each time it opens (and after each add that opens it); the loaders revalidate
  // after every change made while it is open.
  const cartPath = lp("/cart/drawer");
  const { load } = cartRead;
  useEffect(() => {
    if (open) void load(cartPath);
  }, [open, added, load, cartPath]);

  // Following a link out of the drawer (a product, the cart, checkout) closes it; choosing a
  // variant on a product page (the same path) does not.
  const pathname = useRef(location.pathname);
  useEffect(() => {
    if (pathname.current === location.pathname) return;
    pathname.current = location.pathname;
    closeCartDrawer({ returnFocus: false });
  }, [location.pathname]);

  const read = cartRead.data;

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (!next) closeCartDrawer();
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-stone-900/40" />
        <Dialog.Content
          aria-describedby={undefined}
          onCloseAutoFocus={(event) => {
            // Back to whatever opened it (the cart link, the add button); nowhere after a link.
            event.preventDefault();
            if (returnFocus?.isConnected) returnFocus.focus();
            else if (returnFocus) document.querySelector<HTMLElement>("[data-cart-link]")?.focus();
          }}
          className="fixed inset-y-0 right-0 z-50 flex w-full flex-col bg-white shadow-xl focus:outline-none sm:max-w-md"
        >
          <div className="flex items-center justify-between gap-4 border-b border-stone-200 px-4 py-3 sm:px-6">
            <Dialog.Title className="text-lg font-semibold text-stone-900">{t("cart.title")}</Dialog.Title>
            <Dialog.Close
              aria-label={t("cart.close")}
              className="rounded-md p-2 text-stone-600 hover:bg-stone-100 hover:text-stone-900"
            >
              <svg aria-hidden="true" viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="2">
                <path strokeLinecap="round" d="M6 6l12 12M18 6 6 18" />
              </svg>
            </Dialog.Close>
          </div>
          {/* The last read while a fresh one is on its way; nothing but a way to the cart page before the first. */}
          {read?.ok ? (
            <DrawerCart cart={read.cart} reading={cartRead.state === "loading"} added={added} />
          ) : read ? (
            <DrawerUnreadable offline={read.status === 0} reading={cartRead.state === "loading"} onRetry={() => void load(cartPath)} />
          ) : (
            <DrawerWaiting />
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function DrawerWaiting() {
  const { t } = useTranslation();
  const lp = useLocalePath();
  return (
    <>
      <p role="status" className="px-4 py-8 text-center text-stone-600 sm:px-6">
        {t("cart.loading")}
      </p>
      <div className="mt-auto border-t border-stone-200 px-4 py-4 sm:px-6">
        <Link to={lp("/cart")} className="block text-center text-sm font-medium text-brand-700 hover:underline">
          {t("cart.viewCart")}
        </Link>
      </div>
    </>
  );
}

/** The cart could not be read: say so in place, with a way to read it again and the cart page. */
function DrawerUnreadable({ offline, reading, onRetry }: { offline: boolean; reading: boolean; onRetry: () => void }) {
  const { t } = useTranslation();
  const lp = useLocalePath();
  return (
    <>
      <div className="px-4 py-8 sm:px-6">
        <FormAlert tone="error">{offline ? t("cart.readOffline") : t("cart.readFailed")}</FormAlert>
        <button
          type="button"
          onClick={onRetry}
          disabled={reading}
          className="mt-4 w-full rounded-md border border-stone-300 bg-white px-4 py-2 font-medium hover:bg-stone-100 disabled:opacity-60"
        >
          {reading ? t("cart.loading") : t("cart.readAgain")}
        </button>
      </div>
      <div className="mt-auto border-t border-stone-200 px-4 py-4 sm:px-6">
        <Link to={lp("/cart")} className="block text-center text-sm font-medium text-brand-700 hover:underline">
          {t("cart.viewCart")}
        </Link>
      </div>
    </>
  );
}

/**
 * The cart's lines, subtotal and ways on. Mounted only while the drawer is open, so its form's
 * fetcher (and the notice of its last change) starts afresh each time the drawer opens.
 */
function DrawerCart({
  cart,
  reading,
  added,
}: {
  cart: Extract<CartDrawerRead, { ok: true }>["cart"];
  /** Whether a fresh read of the cart is on its way. */
  reading: boolean;
  added: CartDrawerState["added"];
}) {
  const { t } = useTranslation();
  const lp = useLocalePath();
  const locale = INTL_LOCALES[useLanguage()];
  const lines = useCartLinesFetcher("cart-drawer-lines");
  const view = useCartLines(cart, lines);
  const listRef = useRef<HTMLDivElement>(null);
  // Opened by an add, over a read from before it: wait for the read that has the added line.
  const waiting = reading && added !== null && lines.state === "idle" && !cart.items.some((line) => line.sku === added.sku);

  // The line just added may be below the fold of a long cart.
  useEffect(() => {
    if (!waiting && added) listRef.current?.querySelector("[data-added]")?.scrollIntoView({ block: "nearest" });
  }, [waiting, added]);

  if (waiting) return <DrawerWaiting />;
  const failure = view.failure;
  const generalError = failure && (failure.sku === null || !cart.items.some((line) => line.sku === failure.sku)) ? failure.message : undefined;
  const buyable = cart.items.some((line) => !line.unavailable);

  if (cart.items.length === 0) {
    return (
      <div className="flex flex-1 flex-col items-center justify-center px-6 py-12 text-center">
        <h3 className="text-lg font-semibold">{t("cart.emptyTitle")}</h3>
        <p className="mt-2 text-stone-600">{t("cart.emptyBody")}</p>
        <Link to={lp("/products")} className="mt-6 inline-block rounded-md bg-brand-700 px-5 py-2.5 font-semibold text-white hover:bg-brand-800">
          {t("cart.browse")}
        </Link>
      </div>
    );
  }

  return (
    <>
      <div ref={listRef} className="flex-1 overflow-y-auto px-4 sm:px-6">
        <div className="space-y-2 pt-3 empty:hidden">
          <div role="status" aria-live="polite" className="empty:hidden">
            {view.done ? (
              <p className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">{t(CART_NOTICES[view.done])}</p>
            ) : added && !lines.data ? (
              <p className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">{added.notice}</p>
            ) : null}
          </div>
          {/* Set once, on the read that moved the cart into the shopper's new market: this may be it. */}
          {cart.repriced ? <FormAlert tone="info">{t("cart.notice.repriced", { currency: cart.repriced.toCurrency })}</FormAlert> : null}
          <FormAlert tone="error">{generalError}</FormAlert>
        </div>
        <section aria-label={t("cart.itemsLabel")}>
          <CartLinesForm cart={cart} fetcher={lines} view={view} failure={failure} compact highlightSku={added?.sku ?? null} />
        </section>
      </div>
      <div className="border-t border-stone-200 px-4 py-4 sm:px-6">
        <dl className="flex justify-between text-base font-semibold">
          <dt>{t("cart.subtotal")}</dt>
          <dd>
            {formatMoney(view.subtotalCents, cart.currency, locale)}
            <VatNote />
          </dd>
        </dl>
        <p className="mt-1 text-xs text-stone-600">{t("cart.atCheckout")}</p>
        {buyable ? (
          <Link
            to={lp("/checkout")}
            className="mt-4 block rounded-md bg-brand-700 px-5 py-3 text-center font-semibold text-white hover:bg-brand-800"
          >
            {t("cart.checkout")}
          </Link>
        ) : (
          <p className="mt-4 text-sm text-stone-700">{t("cart.removeUnavailable")}</p>
        )}
        <Link to={lp("/cart")} className="mt-3 block text-center text-sm font-medium text-brand-700 hover:underline">
          {t("cart.viewCart")}
        </Link>
      </div>
    </>
  );
}
