import { centsToDecimal } from "../../../workers/domain/money";
import { absoluteUrl } from "./seo";

interface JsonLdProduct {
  slug: string;
  name: string;
  description: string;
  brand: string | null;
  currency: string;
  images: string[];
  category: { name: string };
  ratingAverage: number;
  ratingCount: number;
  variants: { sku: string; title: string; priceCents: number; available: number; isActive: boolean }[];
}

/**
 * schema.org Product for a product page: one Offer per sellable variant (its own price and
 * availability), and aggregateRating only when there are reviews (an empty one is invalid).
 */
export function productJsonLd(product: JsonLdProduct, origin: string): Record<string, unknown> {
  const url = absoluteUrl(origin, `/p/${product.slug}`);
  const variants = product.variants.filter((variant) => variant.isActive);
  const offers = variants.map((variant) => ({
    "@type": "Offer",
    sku: variant.sku,
    ...(variants.length > 1 ? { name: variant.title } : {}),
    price: centsToDecimal(variant.priceCents),
    priceCurrency: product.currency,
    availability: variant.available > 0 ? "https://schema.org/InStock" : "https://schema.org/OutOfStock",
    itemCondition: "https://schema.org/NewCondition",
    url: variants.length > 1 ? `${url}?${new URLSearchParams({ variant: variant.sku })}` : url,
  }));
  return {
    "@context": "https://schema.org",
    "@type": "Product",
    name: product.name,
    description: product.description,
    url,
    image: product.images.map((image) => absoluteUrl(origin, image)),
    ...(variants[0] ? { sku: variants[0].sku } : {}),
    ...(product.brand ? { brand: { "@type": "Brand", name: product.brand } } : {}),
    category: product.category.name,
    offers: offers.length === 1 ? offers[0] : offers,
    ...(product.ratingCount > 0
      ? {
          aggregateRating: {
            "@type": "AggregateRating",
            ratingValue: Math.round(product.ratingAverage * 100) / 100,
            reviewCount: product.ratingCount,
            bestRating: 5,
            worstRating: 1,
          },
        }
      : {}),
  };
}
