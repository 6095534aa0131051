/**
 * Colour names the catalogue uses, with the colour a swatch shows for each: the product page's
 * colour chips and the seed illustrations draw from this one table. A name not in it is shown
 * as text only (never a guessed colour).
 */
export const COLOUR_SWATCHES: Readonly<Record<string, string>> = {
  "Burnt Orange": "#c2410c",
  Navy: "#1e2a4a",
  "Heather Grey": "#9ca3af",
  White: "#f8fafc",
  Black: "#111827",
  Charcoal: "#374151",
  Forest: "#166534",
  Olive: "#4d5a24",
  Sand: "#d6c3a1",
  Khaki: "#b5a47a",
  Sage: "#9caf88",
  "Sky Blue": "#7dd3fc",
  Rust: "#b45309",
  Cream: "#f5ecd7",
  "Electric Blue": "#2563eb",
  Slate: "#475569",
  Moss: "#4d7c0f",
  Chestnut: "#7c3f1d",
  Brown: "#6b4226",
  Chocolate: "#4a2c1a",
  Oatmeal: "#e3d5bc",
  "Glacier Blue": "#93c5fd",
  "Ember Red": "#dc2626",
  Flame: "#ea580c",
  "Sea Salt": "#e2e8f0",
  Graphite: "#3f3f46",
  "Speckled White": "#f1f0ea",
  Midnight: "#1e1b4b",
  "Matte Black": "#18181b",
  "Brushed Steel": "#cbd5e1",
  Silver: "#d1d5db",
  Coral: "#fb7185",
  Plum: "#6b21a8",
  Teal: "#0f766e",
};

/** The swatch colour (#rrggbb) for a colour name, matched without regard to case; null when unknown. */
export function swatchColour(name: string): string | null {
  const wanted = name.trim().toLowerCase();
  for (const [known, hex] of Object.entries(COLOUR_SWATCHES)) if (known.toLowerCase() === wanted) return hex;
  return null;
}
