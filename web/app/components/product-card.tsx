import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RatingSummary } from "~/components/rating-stars";
import { highlightText, trustedHighlight } from "~/lib/highlight";
import { INTL_LOCALES, useLanguage, useLocalePath } from "~/lib/i18n";
import { useTaxInclusive } from "~/lib/user";
import { formatMoney } from "../../../workers/domain/money";

/** The fields of a listing item a card shows (GET /products, /search). */
export interface CardProduct {
  id: string;
  slug: string;
  name: string;
  brand: string | null;
  image: string | null;
  priceCents: number;
  currency: string;
  ratingAverage: number;
  ratingCount: number;
  available: number;
  variants: { priceCents: number }[];
  highlight?: string | undefined;
}

export function OutOfStockBadge({ className = "" }: { className?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`inline-block rounded-full bg-stone-900/85 px-2.5 py-1 text-xs font-semibold text-white ${className}`}>
      {t("card.outOfStock")}
    </span>
  );
}

/** "incl. VAT" beside a price, in markets whose prices include it. */
export function VatNote() {
  const { t } = useTranslation();
  const taxInclusive = useTaxInclusive();
  if (!taxInclusive) return null;
  return <span className="ml-1 text-xs font-normal text-stone-500">{t("card.inclVat")}</span>;
}

function Highlight({ html }: { html: string }) {
  const trusted = trustedHighlight(html);
  const className = "mt-1 line-clamp-2 text-sm text-stone-600 [&_mark]:rounded-sm [&_mark]:bg-amber-100 [&_mark]:px-0.5 [&_mark]:text-stone-900";
  // Only this field is injected as HTML: the API escaped it and trustedHighlight re-checked
  // that <mark> is its only markup. Everything else on the page is rendered as text.
  if (trusted !== null) return <p className={className} dangerouslySetInnerHTML={{ __html: trusted }} />;
  return <p className={className}>{highlightText(html)}</p>;
}

/**
 * `eager`: the card is in the first screenful (the top row of a grid), so its picture is
 * fetched at once, ahead of other images, instead of waiting to be scrolled to: it is likely the
 * page's largest paint.
 */
export function ProductCard({ product, headingLevel = 3, eager = false }: { product: CardProduct; headingLevel?: 2 | 3; eager?: boolean }) {
  const soldOut = product.available <= 0;
  const prices = product.variants.map((variant) => variant.priceCents);
  const varies = prices.length > 1 && Math.max(...prices) !== Math.min(...prices);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const { t } = useTranslation();
  const lp = useLocalePath();
  const lang = useLanguage();
  return (
    // Names and brands are merchant text of any length: they wrap inside the card (break-words
    // is inherited), and min-w-0 keeps one long word from widening the grid's column.
    <article className="group relative flex h-full min-w-0 flex-col break-words">
      <div className="relative aspect-square overflow-hidden rounded-lg border border-stone-200 bg-stone-100">
        {product.image ? (
          <img
            src={product.image}
            alt={product.name}
            width={400}
            height={400}
            loading={eager ? "eager" : "lazy"}
            decoding="async"
            // React 18 knows no fetchPriority prop; the lower-case attribute reaches the HTML as it is.
            {...(eager ? { fetchpriority: "high" } : {})}
            className="size-full object-cover transition group-hover:scale-[1.02]"
          />
        ) : (
          <div className="flex size-full items-center justify-center text-sm text-stone-500">{t("card.noImage")}</div>
        )}
        {soldOut ? <OutOfStockBadge className="absolute top-2 left-2" /> : null}
      </div>
      <div className="mt-3 flex flex-1 flex-col">
        {product.brand ? <p className="text-xs font-medium tracking-wide text-stone-500 uppercase">{product.brand}</p> : null}
        <Heading className="mt-0.5 text-base font-semibold text-stone-900">
          {/* The link covers the whole card, so the image is a target too. */}
          <Link to={lp(`/p/${product.slug}`)} prefetch="intent" className="after:absolute after:inset-0 hover:underline">
            {product.name}
          </Link>
        </Heading>
        {product.highlight ? <Highlight html={product.highlight} /> : null}
        <RatingSummary average={product.ratingAverage} count={product.ratingCount} className="mt-1" />
        <p className="mt-auto pt-2 text-base font-semibold text-stone-900">
          {varies ? <span className="text-sm font-normal text-stone-600">{t("card.from")}</span> : null}
          {formatMoney(product.priceCents, product.currency, INTL_LOCALES[lang])}
          {varies && t("card.fromSuffix", { defaultValue: "" }) ? (
            <span className="text-sm font-normal text-stone-600">{t("card.fromSuffix")}</span>
          ) : null}
          <VatNote />
        </p>
      </div>
    </article>
  );
}

/** The grid's first row (four cards on the widest screens) is in view when the page opens. */
const FIRST_ROW = 4;

export function ProductGrid({ products, headingLevel = 3 }: { products: CardProduct[]; headingLevel?: 2 | 3 }) {
  return (
    <ul className="grid grid-cols-2 gap-x-4 gap-y-8 sm:grid-cols-3 lg:grid-cols-4">
      {products.map((product, index) => (
        <li key={product.id} className="min-w-0">
          <ProductCard product={product} headingLevel={headingLevel} eager={index < FIRST_ROW} />
        </li>
      ))}
    </ul>
  );
}
