/** Rules for a product's variants (every sellable unit is a variant with its own SKU). */

/** "M / Navy" from { size: "M", color: "Navy" }; "Default" for a product without options. */
export function defaultVariantTitle(options: Record<string, string> | undefined): string {
  const values = Object.values(options ?? {}).filter((value) => value.length > 0);
  return values.length ? values.join(" / ").slice(0, 120) : "Default";
}

/**
 * The product's denormalised figures: its price is the lowest active variant's, its
 * availability the sum over active variants. Null price when no variant is active.
 */
export function productTotals(variants: readonly { priceCents: number; available: number; isActive?: boolean }[]): {
  priceCents: number | null;
  available: number;
} {
  const active = variants.filter((variant) => variant.isActive !== false);
  return {
    priceCents: active.length ? Math.min(...active.map((variant) => variant.priceCents)) : null,
    available: active.reduce((sum, variant) => sum + variant.available, 0),
  };
}
