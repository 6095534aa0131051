/**
 * Choosing a variant by its options (colour, size…) rather than from one long list. Pure
 * functions shared by the product page (render and client state) and its action (which
 * resolves the posted options to a SKU when the page ran without JavaScript).
 */

export interface OptionVariant {
  sku: string;
  options: Record<string, string>;
  available: number;
}

export interface OptionGroup {
  /** The option's key, e.g. "color"; posted as `option.<name>`. */
  name: string;
  label: string;
  values: { value: string; soldOut: boolean }[];
}

const labels: Record<string, string> = { color: "Colour", colour: "Colour", size: "Size" };

function labelOf(name: string): string {
  return labels[name.toLowerCase()] ?? name.charAt(0).toUpperCase() + name.slice(1);
}

function keyOf(options: Record<string, string>, names: readonly string[]): string {
  return JSON.stringify(names.map((name) => options[name] ?? null));
}

/**
 * The option groups, when every variant names the same options and each combination is
 * exactly one variant; null otherwise (the page then lists the variants themselves). A value
 * is sold out when every variant with it is.
 */
export function optionGroups(variants: readonly OptionVariant[]): OptionGroup[] | null {
  const first = variants[0];
  if (!first || variants.length < 2) return null;
  const names = Object.keys(first.options);
  if (names.length === 0) return null;
  const seen = new Set<string>();
  for (const variant of variants) {
    const keys = Object.keys(variant.options);
    if (keys.length !== names.length || !names.every((name) => variant.options[name])) return null;
    const key = keyOf(variant.options, names);
    if (seen.has(key)) return null;
    seen.add(key);
  }
  return names.map((name) => {
    const values: string[] = [];
    for (const variant of variants) {
      const value = variant.options[name]!;
      if (!values.includes(value)) values.push(value);
    }
    return {
      name,
      label: labelOf(name),
      values: values.map((value) => ({
        value,
        soldOut: variants.every((variant) => variant.options[name] !== value || variant.available <= 0),
      })),
    };
  });
}

/** The variant with exactly these option values. */
export function variantWithOptions<V extends OptionVariant>(
  variants: readonly V[],
  groups: readonly OptionGroup[],
  selection: Record<string, string | undefined>,
): V | undefined {
  return variants.find((variant) => groups.every((group) => variant.options[group.name] === selection[group.name]));
}

/** The form field that carries one option's value. */
export function optionField(name: string): string {
  return `option.${name}`;
}

/** Whether an option is the variant's colour (shown as swatches, and linked to its images). */
export function isColourOption(name: string): boolean {
  return /^colou?r$/i.test(name);
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * The index of the first image that belongs to a colour, or null. The catalogue has no field
 * linking an image to a variant, so the link is the image's file name: an image belongs to a
 * colour when its file name (without folder and extension) contains the colour's words in
 * order, e.g. `tee-navy-front.webp` for "Navy" or `sky-blue.jpg` for "Sky Blue". Nothing else
 * is guessed: with no such name the gallery stays as it is. (docs/decisions/018-variant-choice-and-colour-images.md)
 */
export function imageForColour(images: readonly string[], colour: string | undefined): number | null {
  if (!colour) return null;
  const wanted = words(colour);
  if (wanted.length === 0) return null;
  const index = images.findIndex((image) => {
    const file = image.split(/[?#]/)[0]!.split("/").pop() ?? "";
    const name = words(file.replace(/\.[a-z0-9]+$/i, ""));
    return name.some((_, start) => wanted.every((word, i) => name[start + i] === word));
  });
  return index === -1 ? null : index;
}
