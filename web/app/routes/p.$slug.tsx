import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Link, useActionData, useFetcher, useLoaderData, useLocation, useNavigate } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import { useHydrated } from "~/lib/hydrated";
import { swatchColour } from "../../../workers/domain/colours";
import { useTranslation } from "react-i18next";
import { FormAlert } from "~/components/form-alert";
import { OutOfStockBadge } from "~/components/product-card";
import { ProductGallery } from "~/components/product-gallery";
import { RatingSummary } from "~/components/rating-stars";
import { OwnReview, RatingBreakdown, ReviewForm, ReviewList, SignInToReview, type ReviewFailure } from "~/components/reviews";
import { apiAsUser, getUser, requireUser } from "~/lib/session.server";
import { readProblem } from "~/lib/api.server";
import { catalogCacheHeaders, catalogHeaders, PRIVATE_NO_STORE } from "~/lib/cache.server";
import { addToCart } from "~/lib/cart.server";
import { openCartDrawer } from "~/lib/cart-drawer-store";
import { getProduct, listReviews, siteOrigin } from "~/lib/catalog.server";
import { deleteOwnReview, findOwnReview, reviewIdField, updateOwnReview } from "~/lib/reviews.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { addToCartForm, reviewForm, type AddToCartFields, type ReviewFields } from "~/lib/forms";
import { failureFromProblem, formValues, parseForm, readFormData, type FormFailure } from "~/lib/forms.server";
import { formatMoney } from "../../../workers/domain/money";
import { fixedT, INTL_LOCALES, languageFromPath, localizePath, requestLanguage, useLanguage, useLocalePath } from "~/lib/i18n";
import { VatNote } from "~/components/product-card";
import { useNonce } from "~/lib/nonce";
import { productJsonLd } from "~/lib/product-jsonld";
import { absoluteUrl, excerpt, seoMeta, serializeJsonLd } from "~/lib/seo";
import { imageForColour, isColourOption, optionField, optionGroups, variantWithOptions, type OptionGroup } from "~/lib/variants";

const REVIEWS_PER_PAGE = 5;
const ADD_FIELDS = ["sku", "quantity"] as const satisfies readonly AddToCartFields[];
const REVIEW_FIELDS = ["rating", "title", "body"] as const satisfies readonly ReviewFields[];
/** Below this many, the page says how many are left. */
const LOW_STOCK = 5;

export const headers = catalogHeaders;

export const meta: MetaFunction<typeof loader> = ({ data: loaderData, location }) => {
  const t = fixedT(languageFromPath(location.pathname));
  if (!loaderData) return seoMeta({ title: t("product.notFoundTitle"), description: t("product.notFoundBody") });
  const { product, canonical, origin } = loaderData;
  const image = product.images[0];
  return seoMeta({
    title: product.brand ? t("product.titleByBrand", { name: product.name, brand: product.brand }) : product.name,
    description: excerpt(product.description) || t("product.fallbackDescription", { name: product.name }),
    canonical,
    image: image ? absoluteUrl(origin, image) : null,
    type: "product",
  });
};

/** The GET field of the "Show this choice" button, and its value for a combination that does not exist. */
const CHOOSE_FIELD = "choose";

function addedNotice(t: (key: string, options: Record<string, unknown>) => string, name: string, variantCount: number, variant: string, count: number): string {
  return t(variantCount > 1 ? "product.addedVariant" : "product.added", { count, name, variant });
}

/** The variant the posted (or GET) fields name: by options when the page shows option groups, else by `sku`. */
function chosenVariant<V extends { sku: string; options: Record<string, string>; available: number }>(
  variants: readonly V[],
  fields: { get(name: string): unknown; has(name: string): boolean },
): V | undefined {
  const groups = optionGroups(variants);
  if (groups && groups.every((group) => fields.has(optionField(group.name)))) {
    return variantWithOptions(variants, groups, Object.fromEntries(groups.map((group) => [group.name, String(fields.get(optionField(group.name)))])));
  }
  const sku = fields.get("sku");
  return typeof sku === "string" ? variants.find((variant) => variant.sku === sku.toUpperCase()) : undefined;
}

/** Moving between variants (or images) of one product needs no new data: the page has every variant. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, currentUrl, nextUrl, defaultShouldRevalidate }) => {
  if (formMethod || currentUrl.pathname !== nextUrl.pathname) return defaultShouldRevalidate;
  const rest = (url: URL) => {
    const params = new URLSearchParams(url.search);
    params.delete("variant");
    params.delete("image");
    params.sort();
    return params.toString();
  };
  return rest(currentUrl) === rest(nextUrl) ? false : defaultShouldRevalidate;
};

function positiveInt(value: string | null, max: number): number | null {
  if (!value || !/^\d{1,6}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= max ? n : null;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  const url = new URL(request.url);
  const lang = requestLanguage(request);
  const t = fixedT(lang);
  const product = await getProduct(context, slug);
  if (!product || !product.isActive) throw new Response("Not found", { status: 404 });
  // An id, or an old spelling, goes to the one URL the product is known by.
  if (product.slug !== slug) throw redirect(localizePath(`/p/${product.slug}${url.search}`, lang), 301);

  const reviewPage = positiveInt(url.searchParams.get("reviews"), 10_000) ?? 1;
  const [reviews, { user }, own] = await Promise.all([
    listReviews(context, product.id, reviewPage, REVIEWS_PER_PAGE),
    getUser(request, context),
    // Beside the rest: a signed-out visitor costs nothing, and the session's one refresh is shared.
    findOwnReview(request, context, product.id),
  ]);
  const ownReview = user ? own.review : null;

  const variants = product.variants.filter((variant) => variant.isActive).sort((a, b) => a.position - b.position);
  // The options form sent by GET ("Show this choice", without JavaScript): name the variant
  // it picked in the URL, as choosing with JavaScript does.
  if (url.searchParams.has(CHOOSE_FIELD)) {
    const chosen = chosenVariant(variants, url.searchParams);
    const query = chosen ? `?${new URLSearchParams({ variant: chosen.sku })}` : `?${new URLSearchParams({ [CHOOSE_FIELD]: "none" })}`;
    if (chosen || url.searchParams.get(CHOOSE_FIELD) !== "none") throw redirect(localizePath(`/p/${product.slug}${query}`, lang));
  }
  const choiceError = url.searchParams.get(CHOOSE_FIELD) === "none" ? t("product.comboUnavailable") : null;
  const requested = variants.find((variant) => variant.sku === url.searchParams.get("variant")?.toUpperCase());
  const selected = requested ?? variants.find((variant) => variant.available > 0) ?? variants[0];
  const colourName = Object.keys(selected?.options ?? {}).find(isColourOption);
  const colourImage = imageForColour(product.images, colourName ? selected?.options[colourName] : undefined);
  const imageIndex = (positiveInt(url.searchParams.get("image"), Math.max(1, product.images.length)) ?? (colourImage ?? 0) + 1) - 1;

  const addedVariant = variants.find((variant) => variant.sku === url.searchParams.get("added"));
  const addedQuantity = positiveInt(url.searchParams.get("qty"), 99) ?? 1;
  const notice = addedVariant
    ? addedNotice(t, product.name, variants.length, addedVariant.title, addedQuantity)
    : url.searchParams.get("reviewed") === "1"
      ? t("product.reviewed")
      : url.searchParams.get("reviewUpdated") === "1"
        ? t("product.reviewUpdated")
        : url.searchParams.get("reviewDeleted") === "1"
          ? t("product.reviewDeleted")
          : null;

  const origin = siteOrigin(context);
  return data(
    {
      product: {
        id: product.id,
        slug: product.slug,
        name: product.name,
        description: product.description,
        brand: product.brand,
        currency: product.currency,
        priceCents: product.priceCents,
        images: product.images,
        category: product.category,
        specifications: Object.entries(product.specifications),
        ratingAverage: product.ratingAverage,
        ratingCount: product.ratingCount,
        variants: variants.map(({ sku, title, options, priceCents, available }) => ({ sku, title, options, priceCents, available })),
      },
      optionGroups: optionGroups(variants),
      reviews,
      selectedSku: selected?.sku ?? null,
      imageIndex,
      signedIn: user !== null,
      ownReview: ownReview
        ? { id: ownReview.id, rating: ownReview.rating, title: ownReview.title, body: ownReview.body, isHidden: ownReview.isHidden, createdAt: ownReview.createdAt }
        : null,
      notice,
      addedToCart: addedVariant !== undefined,
      choiceError,
      origin,
      canonical: `${origin}${localizePath(`/p/${product.slug}`, lang)}`,
      jsonLd: serializeJsonLd(productJsonLd({ ...product, variants }, origin)),
    },
    { headers: await catalogCacheHeaders(request, context, own.headers) },
  );
}

/** Sent only by the enhanced (fetcher) add form: answer with data instead of a redirect. */
const RESPOND_FIELD = "respond";

type ActionResult =
  | { ok: true; form: "add"; sku: string; quantity: number; notice: string; cartCount: number }
  | (FormFailure<(typeof ADD_FIELDS)[number]> & { form: "add" })
  | (FormFailure<(typeof REVIEW_FIELDS)[number]> & { form: "review" | "edit-review" })
  | (FormFailure<never> & { form: "delete-review" });

function privateHeaders(from?: Headers): Headers {
  const headers = new Headers(from);
  headers.set("Cache-Control", PRIVATE_NO_STORE);
  return headers;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const lang = requestLanguage(request);
  const t = fixedT(lang);
  const product = await getProduct(context, params.slug ?? "");
  if (!product || !product.isActive) throw new Response("Not found", { status: 404 });

  if (intent === "add") {
    // Options chosen per group (colour, size) name the variant; without JavaScript they are
    // all the page sends.
    const variants = product.variants.filter((variant) => variant.isActive).sort((a, b) => a.position - b.position);
    const groups = optionGroups(variants);
    if (groups && groups.every((group) => formData.has(optionField(group.name)))) {
      const variant = chosenVariant(variants, formData);
      if (!variant) {
        return data<ActionResult>(
          { ok: false, form: "add", fieldErrors: { sku: t("product.comboUnavailable") }, values: {} },
          { status: 400, headers: privateHeaders() },
        );
      }
      formData.set("sku", variant.sku);
    }
    const parsed = parseForm(addToCartForm, formData, ADD_FIELDS, requestLanguage(request));
    if (!parsed.ok) return data<ActionResult>({ ...parsed, form: "add" }, { status: 400, headers: privateHeaders() });
    const { sku, quantity } = parsed.data;
    if (!product.variants.some((variant) => variant.sku === sku && variant.isActive)) {
      return data<ActionResult>(
        { ok: false, form: "add", fieldErrors: { sku: t("product.chooseOption") }, values: { quantity: String(quantity) } },
        { status: 400, headers: privateHeaders() },
      );
    }
    const outcome = await addToCart(request, context, { sku, quantity });
    if (!outcome.ok) {
      const values = formValues(formData);
      // Not enough stock (409) is about the whole request: say it where the button is.
      const failure =
        outcome.problem.status === 409
          ? { ok: false as const, fieldErrors: {}, formError: outcome.problem.detail, values: { sku, quantity: String(quantity) } }
          : outcome.problem.status === 404
            ? { ok: false as const, fieldErrors: {}, formError: t("product.noLongerAvailable"), values: { sku } }
            : failureFromProblem(outcome.problem, ADD_FIELDS, values, {}, requestLanguage(request));
      return data<ActionResult>({ ...failure, form: "add" }, { status: outcome.problem.status, headers: privateHeaders(outcome.headers) });
    }
    // With JavaScript (a fetcher) the page stays put and says so by the button; without it, the
    // redirect keeps the chosen variant and carries the notice.
    if (formData.get(RESPOND_FIELD) === "data") {
      const activeCount = variants.length;
      const title = variants.find((variant) => variant.sku === sku)?.title ?? sku;
      return data<ActionResult>(
        { ok: true, form: "add", sku, quantity, notice: addedNotice(t, product.name, activeCount, title, quantity), cartCount: outcome.cart.totalItems },
        { headers: privateHeaders(outcome.headers) },
      );
    }
    const query = new URLSearchParams({ variant: sku, added: sku, qty: String(quantity) });
    throw redirect(localizePath(`/p/${product.slug}?${query}`, lang), { headers: outcome.headers });
  }

  if (intent === "review") {
    const { headers } = await requireUser(request, context);
    const parsed = parseForm(reviewForm, formData, REVIEW_FIELDS, requestLanguage(request));
    if (!parsed.ok) return data<ActionResult>({ ...parsed, form: "review" }, { status: 400, headers: privateHeaders(headers) });
    const result = await apiAsUser(request, context, `/products/${encodeURIComponent(product.id)}/reviews`, {
      method: "POST",
      json: parsed.data,
    });
    if (!result.response.ok) {
      const problem = await readProblem(result.response);
      if (problem.status === 401) {
        throw redirect(localizePath(`/login?${new URLSearchParams({ redirectTo: localizePath(`/p/${product.slug}#write-review`, lang) })}`, lang), {
          headers: result.headers,
        });
      }
      const values = formValues(formData);
      const failure =
        problem.status === 409
          ? { ok: false as const, fieldErrors: {}, formError: t("product.alreadyReviewed"), values: {} }
          : failureFromProblem(problem, REVIEW_FIELDS, values, {}, requestLanguage(request));
      return data<ActionResult>({ ...failure, form: "review" }, { status: problem.status, headers: privateHeaders(result.headers) });
    }
    throw redirect(localizePath(`/p/${product.slug}?reviewed=1#reviews`, lang), { headers: result.headers });
  }

  if (intent === "edit-review" || intent === "delete-review") {
    const { headers } = await requireUser(request, context);
    const reviewId = reviewIdField.safeParse(formData.get("reviewId"));
    const notYours = (status: number, responseHeaders: Headers = headers) =>
      data<ActionResult>(
        { ok: false, form: intent, fieldErrors: {}, formError: t("product.reviewNotYours"), values: {} },
        { status, headers: privateHeaders(responseHeaders) },
      );
    if (!reviewId.success) return notYours(400);
    const toLogin = (responseHeaders: Headers) =>
      redirect(localizePath(`/login?${new URLSearchParams({ redirectTo: localizePath(`/p/${product.slug}#your-review`, lang) })}`, lang), {
        headers: responseHeaders,
      });

    if (intent === "delete-review") {
      if (formData.get("confirm") !== "delete-review") {
        return data<ActionResult>(
          { ok: false, form: intent, fieldErrors: {}, formError: t("product.reviewUnconfirmed"), values: {} },
          { status: 400, headers: privateHeaders(headers) },
        );
      }
      const outcome = await deleteOwnReview(request, context, reviewId.data);
      if (outcome.ok) throw redirect(localizePath(`/p/${product.slug}?reviewDeleted=1#reviews`, lang), { headers: outcome.headers });
      if (outcome.problem.status === 401) throw toLogin(outcome.headers);
      if (outcome.problem.status === 403 || outcome.problem.status === 404) return notYours(outcome.problem.status, outcome.headers);
      const failure = failureFromProblem(outcome.problem, [] as const, {}, {}, lang);
      return data<ActionResult>({ ...failure, form: intent }, { status: outcome.problem.status >= 500 ? 503 : outcome.problem.status, headers: privateHeaders(outcome.headers) });
    }

    const parsed = parseForm(reviewForm, formData, REVIEW_FIELDS, lang);
    if (!parsed.ok) return data<ActionResult>({ ...parsed, form: intent }, { status: 400, headers: privateHeaders(headers) });
    // An emptied title box takes the title away.
    const outcome = await updateOwnReview(request, context, reviewId.data, { ...parsed.data, title: parsed.data.title ?? null });
    if (outcome.ok) throw redirect(localizePath(`/p/${product.slug}?reviewUpdated=1#reviews`, lang), { headers: outcome.headers });
    if (outcome.problem.status === 401) throw toLogin(outcome.headers);
    if (outcome.problem.status === 403 || outcome.problem.status === 404) return notYours(outcome.problem.status, outcome.headers);
    const failure = failureFromProblem(outcome.problem, REVIEW_FIELDS, formValues(formData), {}, lang);
    return data<ActionResult>({ ...failure, form: intent }, { status: outcome.problem.status >= 500 ? 503 : outcome.problem.status, headers: privateHeaders(outcome.headers) });
  }

  throw data({ message: t("product.unknownForm") }, { status: 400 });
}

type LoaderProduct = ReturnType<typeof useLoaderData<typeof loader>>["product"];
type Variant = LoaderProduct["variants"][number];

function stockText(t: (key: string, options?: { count: number }) => string, available: number): string {
  if (available <= 0) return t("product.soldOut");
  if (available <= LOW_STOCK) return t("product.onlyLeft", { count: available });
  return t("product.inStock");
}

type AddFailure = FormFailure<"sku" | "quantity"> & { form: "add" };

function PurchasePanel({
  product,
  groups,
  initialSku,
  failure: pageFailure,
  added,
  choiceError,
  onColourChange,
}: {
  product: LoaderProduct;
  groups: OptionGroup[] | null;
  initialSku: string | null;
  failure: AddFailure | undefined;
  /** The notice after an add without JavaScript (the redirect's). */
  added: string | null;
  choiceError: string | null;
  onColourChange: (colour: string | undefined) => void;
}) {
  const variants = product.variants;
  const { t } = useTranslation();
  const locale = INTL_LOCALES[useLanguage()];
  const hydrated = useHydrated();
  const navigate = useNavigate();
  const lp = useLocalePath();
  // With JavaScript the add goes through a fetcher: no reload, focus stays in the form.
  const fetcher = useFetcher<typeof action>({ key: `add-${product.id}` });
  const fetched = fetcher.data?.form === "add" ? fetcher.data : undefined;
  const failure: AddFailure | undefined = fetched && !fetched.ok ? fetched : fetcher.state === "idle" && !fetched ? pageFailure : undefined;
  const addedNow = fetched?.ok ? fetched : undefined;
  // Remounted per location (key), so the initial choice follows the URL and the last failure.
  const [sku, setSku] = useState(pageFailure?.values.sku ?? initialSku);
  const initial = variants.find((variant) => variant.sku === sku) ?? variants[0];
  const [selection, setSelection] = useState<Record<string, string | undefined>>(() => ({ ...initial?.options }));
  const quantityId = useId();
  const quantityErrorId = useId();
  const skuErrorId = useId();
  const addButtonRef = useRef<HTMLButtonElement>(null);
  const selected: Variant | undefined = groups
    ? variantWithOptions(variants, groups, selection)
    : (variants.find((variant) => variant.sku === sku) ?? variants[0]);
  const anyAvailable = variants.some((variant) => variant.available > 0);
  const soldOut = !selected || selected.available <= 0;
  const maxQuantity = Math.max(1, Math.min(99, selected?.available ?? 1));
  const pending = fetcher.state !== "idle";
  const distinctPrices = new Set(variants.map((variant) => variant.priceCents)).size > 1;
  const skuError = failure?.fieldErrors.sku ?? (fetched ? undefined : (choiceError ?? undefined));
  const notice = addedNow?.notice ?? (fetched ? null : added);
  const pickerClass = (unavailable: boolean) =>
    `relative flex min-w-14 flex-col items-center justify-center rounded-md border px-3 py-2 text-sm has-checked:border-brand-700 has-checked:bg-brand-50 has-checked:ring-1 has-checked:ring-brand-700 has-focus-visible:outline-3 has-focus-visible:outline-brand-600 ${
      unavailable ? "border-stone-200 text-stone-500 line-through" : "border-stone-300 text-stone-900"
    } has-disabled:cursor-not-allowed cursor-pointer`;

  const swatchClass = (unavailable: boolean) =>
    `relative flex size-11 cursor-pointer items-center justify-center rounded-full border-2 border-transparent has-checked:border-brand-700 has-focus-visible:outline-3 has-focus-visible:outline-offset-2 has-focus-visible:outline-brand-600 has-disabled:cursor-not-allowed ${
      unavailable ? "opacity-60" : ""
    }`;

  // An add through the fetcher opens the cart drawer on the line it added; closing it brings
  // focus back to the button. A refused add opens nothing: its message is by the button.
  // Only an answer that arrives while this panel is shown counts (not one kept from before).
  const answerOnMount = useRef(fetcher.data);
  useEffect(() => {
    if (!addedNow || addedNow === answerOnMount.current) return;
    openCartDrawer({ returnFocus: addButtonRef.current, added: { sku: addedNow.sku, notice: addedNow.notice } });
  }, [addedNow]);

  // The chosen variant goes in the URL (replacing the entry, keeping the scroll), so it can be
  // shared and survives a reload; the route skips revalidating for it.
  const choose = (next: Variant | undefined) => {
    if (!next) return;
    navigate(`${lp(`/p/${product.slug}`)}?${new URLSearchParams({ variant: next.sku })}`, {
      replace: true,
      preventScrollReset: true,
      state: { variantOnly: true },
    });
  };
  const colourGroup = groups?.find((group) => isColourOption(group.name));
  const chooseOption = (name: string, value: string) => {
    const next = { ...selection, [name]: value };
    setSelection(next);
    if (colourGroup && name === colourGroup.name) onColourChange(value);
    choose(groups ? variantWithOptions(variants, groups, next) : undefined);
  };

  return (
    <fetcher.Form method="post" preventScrollReset className="mt-6 space-y-5" aria-label={t("product.addToCart")}>
      <input type="hidden" name="intent" value="add" />
      {hydrated ? <input type="hidden" name={RESPOND_FIELD} value="data" /> : null}

      <div aria-live="polite">
        <p className="text-3xl font-bold text-stone-900">
          {formatMoney(selected?.priceCents ?? product.priceCents, product.currency, locale)}
          <VatNote />
        </p>
        <p className={`mt-1 text-sm font-medium ${soldOut ? "text-red-700" : selected && selected.available <= LOW_STOCK ? "text-amber-700" : "text-emerald-700"}`}>
          {variants.length > 1 && selected ? <span className="sr-only">{selected.title}: </span> : null}
          {selected ? stockText(t, selected.available) : t("product.comboNotAvailable")}
        </p>
      </div>

      {groups ? (
        <div className="space-y-4">
          {groups.map((group) => (
            <fieldset key={group.name} aria-describedby={skuError ? skuErrorId : undefined}>
              <legend className="text-sm font-medium text-stone-800">
                {group.label}
                {selection[group.name] ? <span className="font-normal text-stone-600">: {selection[group.name]}</span> : null}
              </legend>
              <div className="mt-2 flex flex-wrap gap-2">
                {group.values.map(({ value, soldOut: valueSoldOut }) => {
                  // With the other choices kept, is this one in stock? (Shown, not enforced:
                  // choosing it may lead on to another combination.)
                  const combination = variantWithOptions(variants, groups, { ...selection, [group.name]: value });
                  const comboSoldOut = !combination || combination.available <= 0;
                  const swatch = isColourOption(group.name) ? swatchColour(value) : null;
                  const unavailable = valueSoldOut || comboSoldOut;
                  return (
                    <label key={value} title={swatch ? value : undefined} className={swatch ? swatchClass(unavailable) : pickerClass(unavailable)}>
                      <input
                        type="radio"
                        name={optionField(group.name)}
                        value={value}
                        checked={selection[group.name] === value}
                        disabled={valueSoldOut}
                        onChange={() => chooseOption(group.name, value)}
                        className="sr-only"
                      />
                      {swatch ? (
                        <>
                          {/* SVG geometry, not a style attribute (docs/decisions/009). */}
                          <svg viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" className="block">
                            <circle cx="16" cy="16" r="15" fill={swatch} stroke="#a8a29e" strokeWidth="1" />
                            {unavailable ? <line x1="6" y1="26" x2="26" y2="6" stroke="#57534e" strokeWidth="2" /> : null}
                          </svg>
                          <span className="sr-only">{value}</span>
                        </>
                      ) : (
                        <span>{value}</span>
                      )}
                      {unavailable ? <span className="sr-only"> ({t("product.soldOutLower")})</span> : null}
                    </label>
                  );
                })}
              </div>
            </fieldset>
          ))}
          {skuError ? (
            <p id={skuErrorId} className="text-sm font-medium text-red-700">
              {skuError}
            </p>
          ) : null}
        </div>
      ) : variants.length > 1 ? (
        <fieldset aria-describedby={skuError ? skuErrorId : undefined}>
          <legend className="text-sm font-medium text-stone-800">{t("product.chooseAnOption")}</legend>
          <div className="mt-2 flex flex-wrap gap-2">
            {variants.map((variant) => {
              const unavailable = variant.available <= 0;
              return (
                <label key={variant.sku} className={pickerClass(unavailable)}>
                  <input
                    type="radio"
                    name="sku"
                    value={variant.sku}
                    checked={variant.sku === selected?.sku}
                    disabled={unavailable}
                    onChange={() => {
                      setSku(variant.sku);
                      choose(variant);
                    }}
                    className="sr-only"
                  />
                  <span className="font-medium">{variant.title}</span>
                  {distinctPrices ? <span className="text-xs">{formatMoney(variant.priceCents, product.currency, locale)}</span> : null}
                  {unavailable ? <span className="text-xs">{t("product.soldOut")}</span> : null}
                </label>
              );
            })}
          </div>
          {skuError ? (
            <p id={skuErrorId} className="mt-1 text-sm font-medium text-red-700">
              {skuError}
            </p>
          ) : null}
        </fieldset>
      ) : selected ? (
        <input type="hidden" name="sku" value={selected.sku} />
      ) : null}

      {/* With one variant there is no option list to put a SKU error under. */}
      <FormAlert tone="error">{failure?.formError ?? (variants.length > 1 ? undefined : skuError)}</FormAlert>

      {anyAvailable ? (
        <div className="flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor={quantityId} className="block text-sm font-medium text-stone-800">
              {t("product.quantity")}
            </label>
            <input
              id={quantityId}
              name="quantity"
              type="number"
              inputMode="numeric"
              min={1}
              max={maxQuantity}
              step={1}
              required
              defaultValue={failure?.values.quantity ?? "1"}
              aria-invalid={failure?.fieldErrors.quantity ? true : undefined}
              aria-describedby={failure?.fieldErrors.quantity ? quantityErrorId : undefined}
              className={`mt-1 block w-24 rounded-md border bg-white px-3 py-2 text-base ${failure?.fieldErrors.quantity ? "border-red-600" : "border-stone-300"}`}
            />
          </div>
          {/* Only JavaScript knows the choice before it is sent; without it the server checks. */}
          <button
            ref={addButtonRef}
            type="submit"
            disabled={soldOut && !groups}
            aria-disabled={pending || (soldOut && Boolean(groups)) || undefined}
            onClick={(event) => {
              if (pending || soldOut) event.preventDefault();
            }}
            className="flex-1 rounded-md bg-brand-700 px-6 py-2.5 text-base font-semibold text-white hover:bg-brand-800 disabled:cursor-not-allowed disabled:bg-stone-400 aria-disabled:bg-stone-400 sm:flex-none"
          >
            {soldOut ? (selected ? t("product.soldOut") : t("product.unavailable")) : pending ? t("product.adding") : t("product.addToCart")}
          </button>
          {failure?.fieldErrors.quantity ? (
            <p id={quantityErrorId} className="w-full text-sm font-medium text-red-700">
              {failure.fieldErrors.quantity}
            </p>
          ) : null}
        </div>
      ) : (
        <p className="rounded-md bg-stone-100 px-4 py-3 text-stone-700">{t("product.soldOutBody")}</p>
      )}

      {/* Where the shopper's eyes are: right under the button. Without JavaScript the redirect's
          page autofocuses it (and so scrolls to it); with it, the cart drawer opens and this stays
          for after it closes. */}
      <div
        id="added-to-cart"
        tabIndex={-1}
        role="status"
        aria-live="polite"
        autoFocus={Boolean(added) && !fetched}
        className="scroll-mt-24 rounded-md empty:hidden focus:outline-2 focus:outline-offset-2 focus:outline-emerald-600"
      >
        {notice ? (
          <p className="rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800">
            {notice}{" "}
            <Link to={lp("/cart")} className="font-semibold underline">
              {t("product.viewCart")}
            </Link>
          </p>
        ) : null}
      </div>

      {/* Without JavaScript, choosing an option cannot change the URL by itself: this sends the
          choice (GET) and the page comes back with it selected, its price, stock and image. After
          the add button, so Enter in the quantity box still adds. */}
      {!hydrated && (groups || variants.length > 1) ? (
        <button
          type="submit"
          formMethod="get"
          formAction={lp(`/p/${product.slug}`)}
          name={CHOOSE_FIELD}
          value="1"
          formNoValidate
          className="text-sm font-medium text-brand-700 underline hover:text-brand-800"
        >
          {t("product.showChoice")}
        </button>
      ) : null}
    </fetcher.Form>
  );
}

function Description({ text }: { text: string }) {
  const paragraphs = text.split(/\n{2,}/).filter((paragraph) => paragraph.trim() !== "");
  return (
    <div className="space-y-3 text-stone-700">
      {paragraphs.map((paragraph, index) => (
        <p key={index} className="whitespace-pre-line">
          {paragraph}
        </p>
      ))}
    </div>
  );
}

export default function ProductPage() {
  const { product, optionGroups: groups, reviews, selectedSku, imageIndex, signedIn, ownReview, notice, addedToCart, choiceError, jsonLd } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const nonce = useNonce();
  const location = useLocation();
  const { t } = useTranslation();
  const lp = useLocalePath();
  const addFailure = actionData?.form === "add" && !actionData.ok ? actionData : undefined;
  // A choice of variant alone keeps the panel (and the focus in it): only other navigations remount it.
  const panelKey = useRef(location.key);
  const variantOnly = (location.state as { variantOnly?: boolean } | null)?.variantOnly === true;
  if (!variantOnly) panelKey.current = location.key;
  const [colour, setColour] = useState<string | undefined>(undefined);
  // Choosing a colour shows its image when the catalogue names one for it (imageForColour).
  const galleryIndex = imageForColour(product.images, colour) ?? imageIndex;
  const reviewFailure: ReviewFailure | undefined = actionData?.form === "review" ? actionData : undefined;
  const editFailure: ReviewFailure | undefined = actionData?.form === "edit-review" ? actionData : undefined;
  const deleteError = actionData?.form === "delete-review" ? actionData.formError : undefined;
  const anyAvailable = product.variants.some((variant) => variant.available > 0);
  const reviewsHref = (page: number) => `${lp(`/p/${product.slug}`)}${page > 1 ? `?reviews=${page}` : ""}#reviews`;

  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6 sm:py-10">
      {/* JSON-LD is data, not script: `<` is escaped (\u003c) so it cannot end the element. */}
      <script type="application/ld+json" nonce={nonce} dangerouslySetInnerHTML={{ __html: jsonLd }} />

      <nav aria-label={t("product.breadcrumb")} className="text-sm text-stone-600">
        <ol className="flex flex-wrap items-center gap-1.5">
          <li>
            <Link to={lp("/")} className="hover:text-stone-900 hover:underline">
              {t("nav.home")}
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li>
            <Link to={lp(`/c/${product.category.slug}`)} className="hover:text-stone-900 hover:underline">
              {product.category.name}
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li aria-current="page" className="max-w-[60vw] truncate font-medium text-stone-900">
            {product.name}
          </li>
        </ol>
      </nav>

      {notice && !addedToCart && !actionData ? (
        <div className="mt-4">
          <FormAlert tone="success">
            {notice}{" "}
            {addedToCart ? (
              <Link to={lp("/cart")} className="font-semibold underline">
                {t("product.viewCart")}
              </Link>
            ) : null}
          </FormAlert>
        </div>
      ) : null}

      <div className="mt-6 grid gap-8 lg:grid-cols-2 lg:gap-12">
        <ProductGallery images={product.images} name={product.name} initial={galleryIndex} variant={selectedSku} />

        {/* Merchant text of any length (name, brand, description, specifications) wraps here. */}
        <div className="min-w-0 break-words">
          {product.brand ? <p className="text-sm font-medium tracking-wide text-stone-500 uppercase">{product.brand}</p> : null}
          <h1 className="mt-1 text-2xl font-bold tracking-tight text-stone-900 sm:text-3xl">{product.name}</h1>
          <a href="#reviews" className="mt-2 inline-block hover:underline">
            <RatingSummary average={product.ratingAverage} count={product.ratingCount} />
          </a>
          {!anyAvailable ? <OutOfStockBadge className="mt-3" /> : null}

          <PurchasePanel
            key={panelKey.current}
            product={product}
            groups={groups}
            initialSku={selectedSku}
            failure={addFailure}
            added={addedToCart && !actionData ? notice : null}
            choiceError={choiceError}
            onColourChange={setColour}
          />

          <section aria-labelledby="description-heading" className="mt-10">
            <h2 id="description-heading" className="text-lg font-semibold">
              {t("product.description")}
            </h2>
            <div className="mt-3">
              <Description text={product.description} />
            </div>
          </section>

          {product.specifications.length > 0 ? (
            <section aria-labelledby="specs-heading" className="mt-8">
              <h2 id="specs-heading" className="text-lg font-semibold">
                {t("product.specifications")}
              </h2>
              <table className="mt-3 w-full table-fixed text-left text-sm">
                <tbody className="divide-y divide-stone-200 border-y border-stone-200">
                  {product.specifications.map(([name, value]) => (
                    <tr key={name}>
                      <th scope="row" className="w-2/5 py-2 pr-4 align-top font-medium text-stone-700">
                        {name}
                      </th>
                      <td className="py-2 text-stone-900">{value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : null}
        </div>
      </div>

      <section id="reviews" aria-labelledby="reviews-heading" className="mt-14 scroll-mt-6 border-t border-stone-200 pt-10">
        <h2 id="reviews-heading" className="text-xl font-bold tracking-tight">
          {t("product.reviews")}
        </h2>
        <div className="mt-6 grid grid-cols-[minmax(0,1fr)] gap-10 lg:grid-cols-[18rem_minmax(0,1fr)]">
          <div className="space-y-8">
            <RatingBreakdown reviews={reviews} />
            <div className="min-w-0">
              <h3 className="font-semibold text-stone-900">{ownReview ? t("reviews.yours") : t("product.writeReview")}</h3>
              <div className="mt-3">
                {/* A failure about a review this page no longer shows controls for (posted twice, someone else's, gone). */}
                {ownReview ? (
                  reviewFailure?.formError ? (
                    <div className="mb-4">
                      <FormAlert tone="error">{reviewFailure.formError}</FormAlert>
                    </div>
                  ) : null
                ) : editFailure?.formError || deleteError ? (
                  <div className="mb-4">
                    <FormAlert tone="error">{editFailure?.formError ?? deleteError}</FormAlert>
                  </div>
                ) : null}
                {ownReview ? (
                  <OwnReview review={ownReview} editFailure={editFailure} deleteError={deleteError} formKey={location.key} />
                ) : signedIn ? (
                  <ReviewForm failure={reviewFailure} formKey={location.key} />
                ) : (
                  <SignInToReview returnTo={lp(`/p/${product.slug}#write-review`)} />
                )}
              </div>
            </div>
          </div>
          <div className="min-w-0">
            {reviews.items.length > 0 ? (
              <ReviewList reviews={reviews} pageHref={reviewsHref} ownId={ownReview?.id ?? null} />
            ) : (
              <p className="text-stone-600">
                {reviews.total > 0 ? t("product.noReviewsOnPage") : t("product.noReviewsYet")}
              </p>
            )}
          </div>
        </div>
      </section>
    </div>
  );
}
