import { useTranslation } from "react-i18next";
import { fixedT, INTL_LOCALES, languageFromPath, localizePath, requestLanguage, stripLanguage, useLanguage, useLocalePath } from "~/lib/i18n";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useFetcher, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { useId, useRef, useState, type ReactNode } from "react";
import { BASE_TAX_RULES } from "../../../workers/domain/pricing";
import { quoteTax, totalWithTax } from "../../../workers/domain/tax";
import { shippingMethodsFor, type CountryTax, type ShippingQuote } from "~/lib/shipping.server";
import { deliveryEstimate } from "~/lib/shipping";
import { Field } from "~/components/field";
import { FormAlert } from "~/components/form-alert";
import { SubmitButton } from "~/components/submit-button";
import { PRIVATE_NO_STORE } from "~/lib/cache.server";
import { getCart, guestCartToken } from "~/lib/cart.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { useFocusOnFailure } from "~/lib/focus";
import { readFormData } from "~/lib/forms.server";
import { formatMoney } from "../../../workers/domain/money";
import {
  checkoutFailureFromProblem,
  COUNTRY_OPTIONS,
  isShippingCountry,
  parseCheckoutForm,
  placeGuestOrder,
  placeOrder,
  requireSignedInOutcome,
  usesTestGateway,
  type CheckoutFailure,
} from "~/lib/orders.server";
import { TEST_CARD_TOKENS, type AddressKey, type CountryOption } from "~/lib/orders";
import { TestCardChoices } from "~/components/test-card-choices";
import { seoMeta } from "~/lib/seo";
import { checkoutAddressBook } from "~/lib/addresses.server";
import { SavedAddressPicker } from "~/components/saved-address-picker";
import { getUser } from "~/lib/session.server";
import type { ChromeHandle } from "~/lib/chrome";

export const headers: HeadersFunction = () => ({ "Cache-Control": PRIVATE_NO_STORE });

/** Checkout draws the reduced frame: no categories or search to lead away mid-purchase. */
export const handle: ChromeHandle = { chrome: "checkout" };

export const meta: MetaFunction = ({ location }) => {
  const t = fixedT(languageFromPath(location.pathname));
  return seoMeta({ title: t("checkout.title"), description: t("checkout.description"), noindex: true });
};

const DEFAULT_COUNTRY = "US";

/**
 * Requests whose action ran: a document POST renders the page after its action, and by then a
 * placed order may have emptied the cart. That render must show the action's message, not
 * bounce to the cart.
 */
const submissions = new WeakSet<object>();

/** After its own submission the page keeps its data: the action's answer is what matters. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, formAction, currentUrl, defaultShouldRevalidate }) => {
  if (formMethod?.toUpperCase() === "POST" && formAction && stripLanguage(new URL(formAction, currentUrl).pathname) === "/checkout") return false;
  return defaultShouldRevalidate;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  // A first-time buyer checks out as a guest; signing in stays one link away.
  const lang = requestLanguage(request);
  const { user } = await getUser(request, context);
  const { cart, headers } = await getCart(request, context);
  if (!cart.items.some((line) => !line.unavailable) && !submissions.has(context)) {
    throw redirect(localizePath("/cart?notice=checkout-empty", lang), { headers });
  }
  const requested = new URL(request.url).searchParams.get("country")?.toUpperCase();
  // A signed-in shopper's saved addresses fill the form (the default, or the one chosen).
  const addressBook = await checkoutAddressBook(request, context);
  const country = isShippingCountry(requested) ? requested : (addressBook.shipping?.country ?? DEFAULT_COUNTRY);
  // Priced by the API for this cart (its discounts included) in the visitor's market, with how
  // that market taxes an order to this country; refetched when the country changes.
  const quote = await shippingMethodsFor(request, context, country);
  return data(
    {
      methods: quote.methods,
      tax: quote.tax,
      discounts: cart.discounts,
      discountCents: cart.discountCents,
      freeShipping: cart.freeShipping,
      lines: cart.items.map(({ sku, name, variantTitle, unitPriceCents, addedPriceCents, priceChanged, quantity, lineTotalCents, unavailable }) => ({
        sku,
        name,
        variantTitle,
        unitPriceCents,
        addedPriceCents,
        priceChanged,
        quantity,
        lineTotalCents,
        unavailable,
      })),
      currency: cart.currency,
      country,
      countries: COUNTRY_OPTIONS,
      // One key per rendering of this page: submitting it twice (a double click, a browser
      // retry, the back button) can only ever place one order.
      idempotencyKey: crypto.randomUUID(),
      testGateway: usesTestGateway(context),
      addressBook,
      customerName: user?.name ?? "",
      guest: !user,
    },
    { headers },
  );
}

type CheckoutResult = CheckoutFailure & { intent: "place" | "totals"; methods?: ShippingQuote[]; tax?: CountryTax | null };

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const lang = requestLanguage(request);
  const t = fixedT(lang);
  const locale = INTL_LOCALES[lang];
  const { user, headers } = await getUser(request, context);
  submissions.add(context);
  const formData = await readFormData(request);
  const parsed = parseCheckoutForm(formData, t);

  // Without JavaScript, "Update totals" posts the form to re-price it for the chosen country.
  if (formData.get("intent") === "totals") {
    const key = typeof formData.get("idempotencyKey") === "string" ? String(formData.get("idempotencyKey")) : null;
    const posted = String(formData.get("shippingAddress.country") ?? "").toUpperCase();
    // The methods of the newly chosen country: they differ from zone to zone.
    const { methods, tax } = isShippingCountry(posted) ? await shippingMethodsFor(request, context, posted) : { methods: [], tax: null };
    return data<CheckoutResult>(
      { ok: false, intent: "totals", fieldErrors: {}, values: parsed.values, idempotencyKey: parsed.ok ? parsed.idempotencyKey : key, methods, tax },
      { headers },
    );
  }
  if (!parsed.ok) return data<CheckoutResult>({ ...parsed, intent: "place" }, { status: 400, headers });

  let outcome: Awaited<ReturnType<typeof placeOrder>>;
  if (user) {
    outcome = await placeOrder(request, context, parsed.body, parsed.idempotencyKey);
    if (outcome.ok) throw redirect(localizePath(`/orders/${encodeURIComponent(outcome.value.id)}`, lang), { status: 303, headers: outcome.headers });
    requireSignedInOutcome(request, outcome, "/checkout");
  } else {
    const cartToken = await guestCartToken(request, context);
    if (!cartToken) throw redirect(localizePath("/cart?notice=checkout-empty", lang), { status: 303, headers });
    if (parsed.body.email === undefined) {
      return data<CheckoutResult>(
        { ok: false, intent: "place", fieldErrors: { email: t("checkout.enterEmail") }, values: parsed.values, idempotencyKey: parsed.idempotencyKey },
        { status: 400, headers },
      );
    }
    const placed = await placeGuestOrder(context, cartToken, parsed.body, parsed.idempotencyKey);
    if (placed.ok) {
      // The confirmation page: the order token is the guest's key, so the page is theirs alone.
      const query = new URLSearchParams({ token: placed.value.orderToken });
      throw redirect(localizePath(`/orders/${encodeURIComponent(placed.value.order.id)}?${query}`, lang), { status: 303, headers });
    }
    // The cart cookie's token no longer names a cart the API accepts.
    if (placed.problem.status === 401) throw redirect(localizePath("/cart?notice=checkout-empty", lang), { status: 303, headers });
    outcome = { ok: false, problem: placed.problem, headers };
  }

  // Name the lines a 409 is about, with the prices in money rather than cents.
  const lineMessages = new Map<string, { name: string; message?: string }>();
  if (outcome.problem.status === 409) {
    try {
      const { cart } = await getCart(request, context);
      for (const line of cart.items) {
        const message =
          line.priceChanged && !line.unavailable
            ? t("checkout.priceChanged", {
                name: line.name,
                was: formatMoney(line.addedPriceCents, cart.currency, locale),
                now: formatMoney(line.unitPriceCents, cart.currency, locale),
              })
            : undefined;
        lineMessages.set(line.sku, { name: line.name, ...(message ? { message } : {}) });
      }
    } catch {
      // The API's own messages are clear enough on their own.
    }
  }
  const failure = checkoutFailureFromProblem(outcome.problem, parsed.values, parsed.idempotencyKey, lineMessages, t);
  const status = outcome.problem.status >= 500 ? 503 : outcome.problem.status;
  return data<CheckoutResult>({ ...failure, intent: "place" }, { status, headers: outcome.headers });
}

/** Each address field's label (a translation key), autofill token and limit. */
const ADDRESS_LABELS: Record<AddressKey, { label: string; autoComplete: string; maxLength: number; optional?: boolean }> = {
  name: { label: "address.name", autoComplete: "name", maxLength: 100 },
  line1: { label: "address.line1", autoComplete: "address-line1", maxLength: 200 },
  line2: { label: "address.line2", autoComplete: "address-line2", maxLength: 200, optional: true },
  city: { label: "address.city", autoComplete: "address-level2", maxLength: 100 },
  region: { label: "address.region", autoComplete: "address-level1", maxLength: 100, optional: true },
  postalCode: { label: "address.postalCode", autoComplete: "postal-code", maxLength: 12 },
  country: { label: "address.country", autoComplete: "country", maxLength: 2 },
};

function CountrySelect({
  name,
  section,
  countries,
  error,
  value,
  defaultValue,
  onChange,
  after,
}: {
  name: string;
  section: "shipping" | "billing";
  countries: readonly CountryOption[];
  error: string | undefined;
  value?: string;
  defaultValue?: string;
  onChange?: (code: string) => void;
  after?: ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const { t } = useTranslation();
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-stone-800">
        {t("address.country")}
      </label>
      <div className="mt-1 flex flex-wrap items-center gap-2">
        <select
          id={id}
          name={name}
          autoComplete={`${section} country`}
          required
          {...(value !== undefined ? { value } : { defaultValue })}
          onChange={onChange ? (event) => onChange(event.currentTarget.value) : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          className={`block w-full min-w-0 flex-1 rounded-md border bg-white px-3 py-2 text-base text-stone-900 shadow-xs ${error ? "border-red-600" : "border-stone-300"}`}
        >
          {countries.map((country) => (
            <option key={country.code} value={country.code}>
              {country.name}
            </option>
          ))}
        </select>
        {after}
      </div>
      {error ? (
        <p id={errorId} className="mt-1 text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function AddressFields({
  prefix,
  values,
  errors,
  countries,
  defaults,
  country,
  onCountryChange,
  countryAfter,
}: {
  prefix: "shippingAddress" | "billingAddress";
  values: Record<string, string> | undefined;
  errors: Record<string, string>;
  countries: readonly CountryOption[];
  defaults: Partial<Record<AddressKey, string>>;
  country?: string;
  onCountryChange?: (code: string) => void;
  countryAfter?: ReactNode;
}) {
  const section = prefix === "shippingAddress" ? "shipping" : "billing";
  // Billing fields are hidden while "same as shipping" is ticked, so they cannot be required
  // in the browser (a hidden required field blocks the submit); the server checks them.
  const required = prefix === "shippingAddress";
  const { t } = useTranslation();
  const field = (key: Exclude<AddressKey, "country">, className?: string) => {
    const spec = ADDRESS_LABELS[key];
    const name = `${prefix}.${key}`;
    return (
      <Field
        key={key}
        className={className}
        label={t(spec.label)}
        name={name}
        autoComplete={`${section} ${spec.autoComplete}`}
        required={required && !spec.optional}
        maxLength={spec.maxLength}
        defaultValue={values?.[name] ?? defaults[key] ?? ""}
        error={errors[name]}
      />
    );
  };
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
      {field("name", "sm:col-span-2")}
      {field("line1", "sm:col-span-2")}
      {field("line2", "sm:col-span-2")}
      {field("city")}
      {field("region")}
      {field("postalCode")}
      <CountrySelect
        name={`${prefix}.country`}
        section={section}
        countries={countries}
        error={errors[`${prefix}.country`]}
        {...(onCountryChange ? { value: country, onChange: onCountryChange } : { defaultValue: values?.[`${prefix}.country`] ?? defaults.country })}
        after={countryAfter}
      />
    </div>
  );
}

function Legend({ children }: { children: ReactNode }) {
  return <legend className="text-lg font-semibold text-stone-900">{children}</legend>;
}

export default function Checkout() {
  const loaded = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lp = useLocalePath();
  const locale = INTL_LOCALES[useLanguage()];
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const { lines, currency, country: loaderCountry, countries, idempotencyKey, testGateway, customerName, guest, discounts, discountCents, freeShipping } = loaded;
  const result = useActionData<typeof action>();
  const { addressBook } = useLoaderData<typeof loader>();
  const values = result?.values;
  const errors = result?.fieldErrors ?? {};
  const postedCountry = values?.["shippingAddress.country"]?.toUpperCase();
  const [country, setCountry] = useState(postedCountry && countries.some((c) => c.code === postedCountry) ? postedCountry : loaderCountry);
  const buyable = lines.filter((line) => !line.unavailable);
  // With JavaScript, a country change loads that country's methods; without, "Update totals" does.
  const methodsFetcher = useFetcher<typeof loader>();
  const methods =
    methodsFetcher.data?.country === country
      ? methodsFetcher.data.methods
      : result?.methods && postedCountry === country
        ? result.methods
        : loaderCountry === country
          ? loaded.methods
          : null;
  const postedMethod = values?.shippingMethodId;
  const [chosenMethod, setChosenMethod] = useState(postedMethod);
  const method = methods?.find((candidate) => candidate.id === chosenMethod) ?? methods?.[0] ?? null;
  const onCountryChange = (code: string) => {
    setCountry(code);
    methodsFetcher.load(`${lp("/checkout")}?country=${encodeURIComponent(code)}`);
  };
  // The same steps as the API's pricing (decision 011): discounts, shipping on what is left, tax on both.
  const subtotalCents = buyable.reduce((sum, line) => sum + line.lineTotalCents, 0);
  const discountedCents = subtotalCents - discountCents;
  const shippingCents = freeShipping || !method ? 0 : method.amountCents;
  // Tax as the visitor's market charges it (decision 013): added, or contained in the prices.
  const countryTax =
    methodsFetcher.data?.country === country
      ? methodsFetcher.data.tax
      : result?.methods && postedCountry === country
        ? (result.tax ?? null)
        : loaderCountry === country
          ? loaded.tax
          : null;
  const taxRules = countryTax ? { inclusive: countryTax.inclusive, rates: { [country]: countryTax.rateBps }, taxShipping: countryTax.shipping } : BASE_TAX_RULES;
  const taxQuote = quoteTax(taxRules, { country, currency: "", goodsCents: discountedCents, shippingCents });
  const totals = { subtotalCents, shippingCents, taxCents: taxQuote.taxCents, totalCents: totalWithTax(discountedCents, shippingCents, taxQuote) };
  const taxPercent = (taxRules.rates[country] ?? 0) / 100;
  const countryName = countries.find((c) => c.code === country)?.name ?? country;
  const changed = lines.some((line) => line.unavailable || line.priceChanged);
  const billingSame = values ? values.billingSame === "on" : !addressBook.billing;
  const token = values?.["payment.token"] ?? TEST_CARD_TOKENS[0].token;
  const key = result?.idempotencyKey ?? idempotencyKey;
  const hasProblem = result?.intent === "place";

  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  useFocusOnFailure(result?.intent === "place" ? result : null, {
    form: formRef,
    alert: alertRef,
    formLevel: Boolean(result?.formError || result?.conflict),
  });

  const fieldErrorCount = Object.keys(errors).length;

  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
      <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">{t("checkout.title")}</h1>
      <p className="mt-1 text-stone-600">
        <Link to={lp("/cart")} className="font-medium text-brand-700 underline hover:text-brand-800">
          {t("checkout.backToCart")}
        </Link>
      </p>

      <div ref={alertRef} tabIndex={-1} className="mt-6 space-y-3 outline-none empty:hidden">
        {hasProblem && result?.conflict ? (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
            <p className="font-semibold">{result.conflict.message}</p>
            {result.conflict.items.length > 0 ? (
              <ul className="mt-2 list-disc space-y-1 pl-5">
                {result.conflict.items.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            ) : null}
            <p className="mt-2">
              <Link to={lp("/cart")} className="font-semibold underline">
                {t("checkout.reviewCart")}
              </Link>{" "}
              {t("checkout.notCharged")}
            </p>
          </div>
        ) : null}
        {hasProblem && result?.formError ? (
          <FormAlert tone="error">
            {result.formError}
            {result.staleCheckout ? (
              <>
                {" "}
                <a href={lp("/checkout")} className="font-semibold underline">
                  {t("checkout.reload")}
                </a>{" "}
                {t("checkout.or")}{" "}
                <Link to={lp("/orders")} className="font-semibold underline">
                  {t("checkout.seeOrders")}
                </Link>
                {t("listing.sentenceEnd")}
              </>
            ) : null}
          </FormAlert>
        ) : null}
        {hasProblem && fieldErrorCount > 0 && !result?.formError && !result?.conflict ? (
          <FormAlert tone="error">
            {t("checkout.fieldErrors", { count: fieldErrorCount })}
          </FormAlert>
        ) : null}
      </div>

      <div className="mt-6 flex flex-col gap-8 lg:grid lg:grid-cols-[1fr_22rem] lg:items-start lg:gap-10">
        <section aria-labelledby="summary-heading" className="rounded-lg border border-stone-200 bg-stone-50 p-5 lg:sticky lg:top-4 lg:order-2">
          <h2 id="summary-heading" className="text-lg font-semibold">
            {t("cart.summary")}
          </h2>
          {changed ? (
            <div className="mt-3">
              <FormAlert tone="info">
                {t("checkout.itemsChanged")}{" "}
                <Link to={lp("/cart")} className="font-semibold underline">
                  {t("checkout.reviewCart")}
                </Link>{" "}
                {t("checkout.beforePlacing")}
              </FormAlert>
            </div>
          ) : null}
          {lines.length === 0 ? <p className="mt-4 text-sm text-stone-600">{t("checkout.cartEmpty")}</p> : null}
          <ul className="mt-4 divide-y divide-stone-200 text-sm empty:hidden">
            {lines.map((line) => (
              <li key={line.sku} className="flex justify-between gap-3 py-2">
                <div className="min-w-0 break-words">
                  <p className={`font-medium ${line.unavailable ? "text-stone-500 line-through" : "text-stone-900"}`}>{line.name}</p>
                  <p className="text-stone-600">
                    {line.variantTitle && line.variantTitle !== "Default" ? `${line.variantTitle} · ` : ""}
                    {t("checkout.qty", { count: line.quantity, price: money(line.unitPriceCents) })}
                  </p>
                  {line.unavailable ? <p className="font-medium text-red-700">{t("checkout.noLongerAvailable")}</p> : null}
                  {line.priceChanged && !line.unavailable ? (
                    <p className="text-amber-800">{t("checkout.wasWhenAdded", { price: money(line.addedPriceCents) })}</p>
                  ) : null}
                </div>
                <p className="shrink-0 font-medium">{money(line.lineTotalCents)}</p>
              </li>
            ))}
          </ul>
          <dl className="mt-3 space-y-2 border-t border-stone-200 pt-3 text-sm" aria-live="polite" aria-atomic="true">
            <div className="flex justify-between">
              <dt className="text-stone-600">{t("cart.subtotal")}</dt>
              <dd>{money(totals.subtotalCents)}</dd>
            </div>
            {discounts.map((discount) => (
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
                {method ? ` (${method.name})` : ""}
              </dt>
              <dd>{totals.shippingCents === 0 ? t("checkout.free") : money(totals.shippingCents)}</dd>
            </div>
            {taxQuote.inclusive ? null : (
              <div className="flex justify-between">
                <dt className="text-stone-600">
                  {t("checkout.tax", { percent: taxPercent.toLocaleString(locale), country: countryName })}
                </dt>
                <dd>{money(totals.taxCents)}</dd>
              </div>
            )}
            <div className="flex justify-between border-t border-stone-200 pt-2 text-base font-semibold">
              <dt>{t("checkout.total")}</dt>
              <dd data-testid="checkout-total">{money(totals.totalCents)}</dd>
            </div>
            {/* Tax-inclusive prices already contain the VAT: it is named under the total, not added. */}
            {taxQuote.inclusive ? (
              <p className="text-right text-stone-600" data-testid="checkout-vat">
                {t("order.inclVat", { amount: money(totals.taxCents) })}
              </p>
            ) : null}
          </dl>
        </section>

        <Form ref={formRef} method="post" className="space-y-8 lg:order-1" aria-describedby="checkout-note">
          <input type="hidden" name="idempotencyKey" value={key ?? ""} />

          {guest ? (
            <fieldset className="space-y-3" aria-describedby="guest-note">
              <Legend>{t("checkout.guest")}</Legend>
              <p id="guest-note" className="text-sm text-stone-600">
                {t("checkout.guestNote")}{" "}
                <Link
                  to={lp(`/login?${new URLSearchParams({ redirectTo: lp("/checkout") })}`)}
                  className="font-medium text-brand-700 underline hover:text-brand-800"
                >
                  {t("checkout.signInLink")}
                </Link>{" "}
                {t("checkout.instead")}
              </p>
              <Field
                label={t("checkout.email")}
                name="email"
                type="email"
                autoComplete="email"
                required
                maxLength={254}
                defaultValue={values?.email ?? ""}
                error={errors.email}
              />
            </fieldset>
          ) : null}

          <fieldset className="space-y-4">
            <Legend>{t("checkout.shippingAddress")}</Legend>
            <SavedAddressPicker kind="shipping" choices={addressBook.choices} selectedId={addressBook.shipToId} otherParam={{ name: "billTo", value: addressBook.billToId }} />
            <AddressFields
              prefix="shippingAddress"
              values={values}
              errors={errors}
              countries={countries}
              defaults={{ name: customerName, ...addressBook.shipping, country }}
              country={country}
              onCountryChange={onCountryChange}
              countryAfter={
                <noscript>
                  <button
                    type="submit"
                    name="intent"
                    value="totals"
                    formNoValidate
                    className="rounded-md border border-stone-300 bg-white px-3 py-2 text-sm font-medium text-stone-800 hover:bg-stone-50"
                  >
                    {t("checkout.updateTotals")}
                  </button>
                </noscript>
              }
            />
          </fieldset>

          <fieldset className="space-y-3">
            <Legend>{t("checkout.shippingMethod")}</Legend>
            {methods === null ? (
              <p className="text-sm text-stone-600">{t("checkout.loadingMethods", { country: countryName })}</p>
            ) : methods.length === 0 ? (
              <p className="text-sm font-medium text-red-700" role="alert">
                {t("checkout.noShipping", { country: countryName })}
              </p>
            ) : (
              methods.map((candidate) => (
                <label
                  key={candidate.id}
                  className="flex cursor-pointer items-start gap-3 rounded-md border border-stone-300 bg-white px-4 py-3 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50"
                >
                  <input
                    type="radio"
                    name="shippingMethodId"
                    value={candidate.id}
                    checked={candidate.id === method?.id}
                    onChange={() => setChosenMethod(candidate.id)}
                    className="mt-1 accent-brand-700"
                  />
                  <span className="min-w-0 flex-1 break-words">
                    <span className="block font-medium text-stone-900">{candidate.name}</span>
                    {deliveryEstimate(candidate, t) ? <span className="block text-sm text-stone-600">{deliveryEstimate(candidate, t)}</span> : null}
                  </span>
                  <span className="font-medium">{freeShipping || candidate.amountCents === 0 ? t("checkout.free") : money(candidate.amountCents)}</span>
                </label>
              ))
            )}
          </fieldset>

          {/* The billing fields hide with CSS while the box is ticked, so this works without JavaScript. */}
          <div className="group/billing space-y-4">
            <div className="flex items-start gap-3">
              <input
                id="billing-same"
                type="checkbox"
                name="billingSame"
                defaultChecked={billingSame}
                className="mt-1 size-4 rounded border-stone-300 accent-brand-700"
              />
              <label htmlFor="billing-same" className="text-sm font-medium text-stone-800">
                {t("checkout.billingSame")}
              </label>
            </div>
            <fieldset className="space-y-4 group-has-[#billing-same:checked]/billing:hidden">
              <Legend>{t("checkout.billingAddress")}</Legend>
              <SavedAddressPicker kind="billing" choices={addressBook.choices} selectedId={addressBook.billToId} otherParam={{ name: "shipTo", value: addressBook.shipToId }} />
              <p className="text-sm text-stone-600">{t("checkout.billingNote")}</p>
              <AddressFields
                prefix="billingAddress"
                values={values}
                errors={errors}
                countries={countries}
                defaults={{ country, ...addressBook.billing }}
              />
            </fieldset>
          </div>

          <fieldset className="space-y-3" aria-describedby="payment-note">
            <Legend>{t("checkout.payment")}</Legend>
            <p id="payment-note" className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900">
              {testGateway
                ? t("checkout.testGateway")
                : t("checkout.testMode")}
            </p>
            <TestCardChoices selected={token} />
            {errors["payment.token"] ? (
              <p className="text-sm font-medium text-red-700" role="alert">
                {errors["payment.token"]}
              </p>
            ) : null}
          </fieldset>

          <div className="space-y-3 border-t border-stone-200 pt-6">
            <p id="checkout-note" className="text-sm text-stone-600">
              {t("checkout.placingNote")}
            </p>
            <p className="text-base font-semibold">
              {t("checkout.totalToPay")} <span>{money(totals.totalCents)}</span>
            </p>
            <SubmitButton pendingLabel={t("checkout.placing")}>{t("checkout.place")}</SubmitButton>
          </div>
        </Form>
      </div>
    </div>
  );
}
