/**
 * Demo catalog for local development: categories, products with variants and stock, customers
 * and their reviews, and an SVG illustration per product image.
 *
 * Everything here is plain data plus pure generators. Randomness comes from a PRNG seeded by
 * fixed strings, so every run produces the same catalog, the same stock per SKU and the same
 * reviews; only ids and timestamps (relative to "now") differ between runs. That keeps demo
 * screenshots and later seeding steps (e.g. inventory objects, via `seedStockBySku()`) stable.
 *
 * No imports: this module runs under plain Node (type stripping) as well as in tests.
 */

// ── Deterministic randomness ───────────────────────────────────────────────

/** FNV-1a: a small, stable string hash used to seed the PRNG. */
function hashString(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

type Random = () => number;

/** mulberry32: tiny, fast, good enough for demo data. Returns floats in [0, 1). */
function rng(seed: string): Random {
  let state = hashString(seed);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function weighted<T>(random: Random, entries: ReadonlyArray<readonly [T, number]>): T {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [value, weight] of entries) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return entries[entries.length - 1]![0];
}

// ── Types ──────────────────────────────────────────────────────────────────

export type IconName =
  | "tshirt" | "hoodie" | "jacket" | "pants" | "shirt" | "beanie"
  | "sneaker" | "boot" | "sandal"
  | "tent" | "backpack" | "lantern" | "stove" | "bottle" | "sleepingbag" | "mat" | "poles" | "chair"
  | "pot" | "pan" | "knife" | "mug" | "kettle" | "board" | "lamp" | "container"
  | "headphones" | "speaker" | "watch" | "battery" | "charger" | "keyboard" | "earbuds" | "camera" | "turntable"
  | "book" | "openbook"
  | "dropper" | "jar" | "tube" | "pump" | "lipbalm"
  | "dumbbell" | "kettlebell" | "bands" | "rope" | "roller" | "belt" | "bar";

export interface SeedCategory {
  slug: string;
  name: string;
  description: string;
  sortOrder: number;
  /** Prefix of every SKU in the category, e.g. APP in APP-TSHIRT-ORG-M. */
  skuPrefix: string;
  /** Gradient used for the category's product illustrations. */
  colors: { from: string; to: string };
}

export interface SeedVariant {
  sku: string;
  title: string;
  options: Record<string, string>;
  priceCents: number;
  /** Initial stock; see seedStockBySku(). */
  stock: number;
  position: number;
}

export interface SeedProduct {
  slug: string;
  name: string;
  categorySlug: string;
  brand: string;
  description: string;
  specifications: Record<string, string>;
  isFeatured: boolean;
  icon: IconName;
  /** How many illustrations to generate (1-3): products/<slug>-1.svg … */
  imageCount: number;
  /** Age of the listing, so "newest" sorting has something to sort. */
  createdDaysAgo: number;
  variants: SeedVariant[];
}

export interface SeedCustomer {
  name: string;
  email: string;
  createdDaysAgo: number;
}

export interface SeedReview {
  productSlug: string;
  authorEmail: string;
  rating: number;
  title: string;
  body: string;
  createdDaysAgo: number;
}

// ── Categories ─────────────────────────────────────────────────────────────

export const seedCategories: SeedCategory[] = [
  {
    slug: "apparel",
    name: "Apparel",
    description: "Everyday layers in natural fibres, cut to last beyond a single season.",
    sortOrder: 1,
    skuPrefix: "APP",
    colors: { from: "#1e3a5f", to: "#4f7cac" },
  },
  {
    slug: "footwear",
    name: "Footwear",
    description: "Sneakers, boots and trail shoes for city streets and mountain paths.",
    sortOrder: 2,
    skuPrefix: "FTW",
    colors: { from: "#7c2d12", to: "#ea580c" },
  },
  {
    slug: "outdoor-camping",
    name: "Outdoor & Camping",
    description: "Lightweight shelter, packs and camp kitchen gear for nights under the stars.",
    sortOrder: 3,
    skuPrefix: "OUT",
    colors: { from: "#14532d", to: "#65a30d" },
  },
  {
    slug: "home-kitchen",
    name: "Home & Kitchen",
    description: "Cookware, tableware and lighting that make a home feel lived in.",
    sortOrder: 4,
    skuPrefix: "HOM",
    colors: { from: "#78350f", to: "#d97706" },
  },
  {
    slug: "electronics",
    name: "Electronics",
    description: "Audio, wearables and charging gear that just work, wherever you are.",
    sortOrder: 5,
    skuPrefix: "ELE",
    colors: { from: "#1e1b4b", to: "#6366f1" },
  },
  {
    slug: "books",
    name: "Books",
    description: "Novels, cookbooks and practical guides from independent publishers.",
    sortOrder: 6,
    skuPrefix: "BKS",
    colors: { from: "#4a044e", to: "#c026d3" },
  },
  {
    slug: "beauty",
    name: "Beauty",
    description: "Gentle, effective skincare and body care with short ingredient lists.",
    sortOrder: 7,
    skuPrefix: "BTY",
    colors: { from: "#831843", to: "#f472b6" },
  },
  {
    slug: "sports-fitness",
    name: "Sports & Fitness",
    description: "Strength, mobility and running essentials for training at home or outdoors.",
    sortOrder: 8,
    skuPrefix: "SPT",
    colors: { from: "#0c4a6e", to: "#06b6d4" },
  },
];

// ── Variant builders ───────────────────────────────────────────────────────

/** Colour names with their SKU code and a swatch colour for the illustrations (the same as workers/domain/colours.ts; a test holds them equal). */
export const COLORS: Record<string, { code: string; hex: string }> = {
  "Burnt Orange": { code: "ORG", hex: "#c2410c" },
  Navy: { code: "NVY", hex: "#1e2a4a" },
  "Heather Grey": { code: "GRY", hex: "#9ca3af" },
  White: { code: "WHT", hex: "#f8fafc" },
  Black: { code: "BLK", hex: "#111827" },
  Charcoal: { code: "CHR", hex: "#374151" },
  Forest: { code: "FOR", hex: "#166534" },
  Olive: { code: "OLV", hex: "#4d5a24" },
  Sand: { code: "SND", hex: "#d6c3a1" },
  Khaki: { code: "KHK", hex: "#b5a47a" },
  Sage: { code: "SGE", hex: "#9caf88" },
  "Sky Blue": { code: "SKY", hex: "#7dd3fc" },
  Rust: { code: "RST", hex: "#b45309" },
  Cream: { code: "CRM", hex: "#f5ecd7" },
  "Electric Blue": { code: "BLU", hex: "#2563eb" },
  Slate: { code: "SLT", hex: "#475569" },
  Moss: { code: "MOS", hex: "#4d7c0f" },
  Chestnut: { code: "CHS", hex: "#7c3f1d" },
  Brown: { code: "BRN", hex: "#6b4226" },
  Chocolate: { code: "CHO", hex: "#4a2c1a" },
  Oatmeal: { code: "OAT", hex: "#e3d5bc" },
  "Glacier Blue": { code: "GLB", hex: "#93c5fd" },
  "Ember Red": { code: "EMR", hex: "#dc2626" },
  Flame: { code: "FLM", hex: "#ea580c" },
  "Sea Salt": { code: "SEA", hex: "#e2e8f0" },
  Graphite: { code: "GRA", hex: "#3f3f46" },
  "Speckled White": { code: "SPW", hex: "#f1f0ea" },
  Midnight: { code: "MID", hex: "#1e1b4b" },
  "Matte Black": { code: "MBK", hex: "#18181b" },
  "Brushed Steel": { code: "STL", hex: "#cbd5e1" },
  Silver: { code: "SLV", hex: "#d1d5db" },
  Coral: { code: "CRL", hex: "#fb7185" },
  Plum: { code: "PLM", hex: "#6b21a8" },
  Teal: { code: "TEA", hex: "#0f766e" },
};

interface Choice {
  label: string;
  code: string;
  /** Price difference from the product's base price, in cents. */
  priceDelta?: number;
}

interface Dimension {
  name: string;
  choices: Choice[];
}

type VariantDraft = Omit<SeedVariant, "sku" | "stock"> & { skuSuffix: string };

function color(...names: string[]): Dimension {
  return {
    name: "color",
    choices: names.map((label) => {
      const known = COLORS[label];
      if (!known) throw new Error(`seed-data: unknown colour ${label}`);
      return { label, code: known.code };
    }),
  };
}

/** Sizes whose SKU code is the label itself (S, M, 10 …); `upcharge` maps size → extra cents. */
function size(labels: Array<string | number>, upcharge: Record<string, number> = {}): Dimension {
  return {
    name: "size",
    choices: labels.map((value) => {
      const label = String(value);
      return { label, code: label, priceDelta: upcharge[label] ?? 0 };
    }),
  };
}

function option(name: string, choices: Array<[label: string, code: string, priceDelta?: number]>): Dimension {
  return { name, choices: choices.map(([label, code, priceDelta]) => ({ label, code, priceDelta: priceDelta ?? 0 })) };
}

const APPAREL_SIZES = ["S", "M", "L", "XL"];
const XL_UPCHARGE = { XL: 200 };

/** Every combination of the dimensions, in order; no dimensions gives one "Default" variant. */
function variants(basePriceCents: number, ...dimensions: Dimension[]): VariantDraft[] {
  let combos: Choice[][] = [[]];
  for (const dimension of dimensions) {
    combos = combos.flatMap((combo) => dimension.choices.map((choice) => [...combo, choice]));
  }
  return combos.map((combo, position) => ({
    skuSuffix: combo.map((choice) => choice.code).join("-"),
    title: combo.length ? combo.map((choice) => choice.label).join(" / ") : "Default",
    options: Object.fromEntries(combo.map((choice, i) => [dimensions[i]!.name, choice.label])),
    priceCents: basePriceCents + combo.reduce((sum, choice) => sum + (choice.priceDelta ?? 0), 0),
    position,
  }));
}

// ── Products ───────────────────────────────────────────────────────────────

interface ProductDef {
  /** Middle part of the SKU: APP-<code>-… */
  code: string;
  name: string;
  brand: string;
  icon: IconName;
  description: string;
  specs: Record<string, string>;
  featured?: boolean;
  variants: VariantDraft[];
}

const catalog: Record<string, ProductDef[]> = {
  apparel: [
    {
      code: "TSHIRT",
      name: "Organic Cotton Crew Tee",
      brand: "Northline",
      icon: "tshirt",
      featured: true,
      description:
        "A midweight crew-neck tee knitted from GOTS-certified organic cotton. The fabric is garment-washed for a soft, lived-in hand from the first wear, and the shoulder seams are taped so it keeps its shape wash after wash. Cut straight through the body with a slightly dropped shoulder.",
      specs: { Material: "100% organic cotton, 180 gsm", Fit: "Regular", Care: "Machine wash cold", Origin: "Made in Portugal" },
      variants: variants(2800, color("Burnt Orange", "Navy", "Heather Grey", "White"), size(APPAREL_SIZES, XL_UPCHARGE)),
    },
    {
      code: "HOODIE",
      name: "Merino Wool Hoodie",
      brand: "Northline",
      icon: "hoodie",
      featured: true,
      description:
        "Fine 17.5-micron merino makes this hoodie warm without bulk and naturally odour-resistant, so it works as well on a cold trailhead as on the sofa. A double-layer hood, flat seams and a kangaroo pocket finish it off. Wear it for days between washes.",
      specs: { Material: "100% merino wool, 260 gsm", Fit: "Relaxed", Care: "Machine wash wool cycle", Weight: "420 g" },
      variants: variants(8900, color("Charcoal", "Forest"), size(APPAREL_SIZES)),
    },
    {
      code: "FIELDJKT",
      name: "Waxed Canvas Field Jacket",
      brand: "Fieldnote Supply",
      icon: "jacket",
      description:
        "A four-pocket field jacket in 10 oz waxed cotton canvas that sheds light rain and develops a rich patina with age. The corduroy collar, brass snaps and quilted lining make it a dependable autumn layer. Re-wax once a season to keep it weatherproof.",
      specs: { Shell: "10 oz waxed cotton canvas", Lining: "Quilted cotton", Closure: "Two-way brass zip and snaps", Pockets: "4 exterior, 1 interior" },
      variants: variants(18900, color("Olive", "Sand"), size(APPAREL_SIZES, { XL: 600 })),
    },
    {
      code: "CHINO",
      name: "Stretch Twill Chinos",
      brand: "Harbor & Pine",
      icon: "pants",
      description:
        "Smart enough for the office, easy enough for the weekend. These chinos are cut from a cotton twill with a touch of stretch, so they move with you and recover their shape by the end of the day. Tapered leg with a clean, unfussy finish.",
      specs: { Material: "98% cotton, 2% elastane", Fit: "Slim taper", Inseam: "32 in", Rise: "Mid" },
      variants: variants(6800, color("Khaki", "Navy", "Black"), size([30, 32, 34, 36])),
    },
    {
      code: "LINENSHIRT",
      name: "Linen Button-Down Shirt",
      brand: "Harbor & Pine",
      icon: "shirt",
      description:
        "Breezy European flax linen in a relaxed button-down cut, made for hot days and warm evenings. It softens with every wash and looks best a little rumpled. Mother-of-pearl buttons and a curved hem so it can be worn tucked or loose.",
      specs: { Material: "100% European linen", Fit: "Relaxed", Buttons: "Mother-of-pearl", Care: "Machine wash warm, line dry" },
      variants: variants(7400, color("White", "Sage", "Sky Blue"), size(APPAREL_SIZES)),
    },
    {
      code: "BEANIE",
      name: "Ribbed Merino Beanie",
      brand: "Fieldnote Supply",
      icon: "beanie",
      description:
        "A classic fisherman beanie knitted in a deep rib from soft merino. The turn-up cuff doubles the warmth over your ears, and the wool stays warm even when damp. One size fits most adults.",
      specs: { Material: "100% merino wool", Size: "One size", Knit: "2x2 rib" },
      variants: variants(3200, color("Rust", "Charcoal", "Cream")),
    },
    {
      code: "PUFFVEST",
      name: "Recycled Down Puffer Vest",
      brand: "Northline",
      icon: "jacket",
      description:
        "Core warmth without sleeves getting in the way. The vest is filled with 650-fill recycled down and wrapped in a windproof recycled ripstop shell with a water-repellent finish. It packs into its own hand pocket for travel.",
      specs: { Insulation: "650-fill recycled down", Shell: "Recycled nylon ripstop", Weight: "290 g", Packable: "Into hand pocket" },
      variants: variants(12900, color("Black", "Navy"), size(APPAREL_SIZES)),
    },
    {
      code: "JOGGER",
      name: "Heavyweight Fleece Joggers",
      brand: "Harbor & Pine",
      icon: "pants",
      description:
        "Brushed-back fleece joggers with a heavyweight feel, a tapered leg and ribbed cuffs. A deep waistband with a flat drawcord stays comfortable all day, and the zip back pocket keeps your keys secure on walks.",
      specs: { Material: "80% cotton, 20% recycled polyester", Weight: "400 gsm", Pockets: "2 side, 1 zip back", Fit: "Tapered" },
      variants: variants(5800, color("Heather Grey", "Black"), size(APPAREL_SIZES)),
    },
    {
      code: "OVERSHIRT",
      name: "Quilted Overshirt",
      brand: "Fieldnote Supply",
      icon: "jacket",
      description:
        "Part shirt, part jacket: a light diamond-quilted overshirt that layers over a tee in spring or under a coat in winter. Snap front, two chest pockets and a boxy fit that leaves room for a sweater underneath.",
      specs: { Shell: "Cotton-nylon blend", Insulation: "60 g recycled fill", Closure: "Snap front", Fit: "Boxy" },
      variants: variants(9800, color("Olive", "Navy"), size(APPAREL_SIZES)),
    },
  ],

  footwear: [
    {
      code: "CLOUDSTEP",
      name: "Cloudstep Everyday Sneaker",
      brand: "Stridewell",
      icon: "sneaker",
      featured: true,
      description:
        "The sneaker you reach for every morning. A knit upper that breathes, a cushioned foam midsole that stays springy mile after mile, and a grippy rubber outsole for wet pavements. Removable insole, machine washable upper.",
      specs: { Upper: "Recycled polyester knit", Midsole: "EVA foam", Drop: "8 mm", Weight: "260 g (size 9)" },
      variants: variants(11000, color("White", "Black"), size([7, 8, 9, 10, 11, 12])),
    },
    {
      code: "TEMPO",
      name: "Kestrel Tempo Road Runner",
      brand: "Kestrel Running",
      icon: "sneaker",
      description:
        "A lightweight daily trainer for tempo runs and everything in between. The supercritical foam midsole is soft on landing and lively on toe-off, and the engineered mesh upper locks the foot in without hot spots.",
      specs: { Midsole: "Supercritical foam", Drop: "6 mm", Weight: "235 g (size 9)", Use: "Road running" },
      variants: variants(14000, color("Electric Blue", "Black"), size([7, 8, 9, 10, 11, 12])),
    },
    {
      code: "TRAIL",
      name: "Kestrel Ridge Trail Shoe",
      brand: "Kestrel Running",
      icon: "sneaker",
      description:
        "Built for technical singletrack. Five-millimetre lugs bite into mud and loose rock, a rock plate protects from sharp stones, and the gusseted tongue keeps grit out. A wider toe box leaves room for swelling on long days.",
      specs: { Lugs: "5 mm", Protection: "Rock plate", Drop: "4 mm", Weight: "295 g (size 9)" },
      variants: variants(15500, color("Slate", "Moss"), size([8, 9, 10, 11, 12])),
    },
    {
      code: "CHELSEA",
      name: "Heritage Leather Chelsea Boot",
      brand: "Oakum & Sole",
      icon: "boot",
      featured: true,
      description:
        "A Goodyear-welted Chelsea boot in full-grain leather that can be resoled for years of wear. Elastic side gussets and a pull tab make it easy on and off, and the leather moulds to your foot over the first few weeks.",
      specs: { Upper: "Full-grain leather", Construction: "Goodyear welt", Sole: "Resoleable rubber", Lining: "Calf leather" },
      variants: variants(21500, color("Chestnut", "Black"), size([8, 9, 10, 11, 12])),
    },
    {
      code: "HIKEBOOT",
      name: "Waterproof Hiking Boot",
      brand: "Stridewell",
      icon: "boot",
      description:
        "A mid-cut hiking boot with a waterproof, breathable membrane and a supportive heel counter for carrying a loaded pack. The deep-lugged outsole grips on wet rock, and the padded collar keeps ankles comfortable on long descents.",
      specs: { Upper: "Nubuck and recycled mesh", Membrane: "Waterproof, breathable", Cut: "Mid", Weight: "540 g (size 9)" },
      variants: variants(17900, color("Brown"), size([7, 8, 9, 10, 11, 12])),
    },
    {
      code: "CANVASLOW",
      name: "Canvas Low-Top",
      brand: "Oakum & Sole",
      icon: "sneaker",
      description:
        "A timeless vulcanised canvas low-top with a cushioned footbed and a thin, flexible sole. It goes with everything from shorts to chinos and only looks better with a few scuffs.",
      specs: { Upper: "Organic cotton canvas", Sole: "Vulcanised natural rubber", Insole: "Cork and foam" },
      variants: variants(6500, color("Cream", "Navy"), size([6, 7, 8, 9, 10, 11])),
    },
    {
      code: "SLIDE",
      name: "Recovery Slide Sandal",
      brand: "Stridewell",
      icon: "sandal",
      description:
        "A soft, contoured slide for after runs, gym sessions or just pottering around. The one-piece foam footbed cushions tired feet, and the textured surface keeps grip even when wet.",
      specs: { Material: "Bio-based EVA foam", Footbed: "Contoured", "Water-friendly": "Yes" },
      variants: variants(4500, color("Black", "Sand"), option("size", [["6-7", "67"], ["8-9", "89"], ["10-11", "1011"], ["12-13", "1213"]])),
    },
    {
      code: "DESERT",
      name: "Suede Desert Boot",
      brand: "Oakum & Sole",
      icon: "boot",
      description:
        "A two-eyelet desert boot in soft suede on a natural crepe sole. Light, flexible and comfortable from the first wear, it dresses up or down with equal ease.",
      specs: { Upper: "Suede", Sole: "Natural crepe", Eyelets: "2", Lining: "Leather" },
      variants: variants(16500, color("Sand", "Chocolate"), size([8, 9, 10, 11, 12])),
    },
    {
      code: "SLIPPER",
      name: "Wool Lounge Slipper",
      brand: "Stridewell",
      icon: "sandal",
      description:
        "A felted-wool slipper lined with soft shearling-like fleece and finished with a rubber sole, so you can nip outside for the post. Warm in winter, breathable in summer.",
      specs: { Upper: "Felted wool", Lining: "Recycled fleece", Sole: "Rubber" },
      variants: variants(6900, color("Heather Grey", "Oatmeal"), size(APPAREL_SIZES)),
    },
  ],

  "outdoor-camping": [
    {
      code: "TENT",
      name: "Ridgeback Ultralight Backpacking Tent",
      brand: "Ridgeback",
      icon: "tent",
      featured: true,
      description:
        "A freestanding double-wall tent that pitches in under five minutes and weighs less than most sleeping bags. Two doors and two vestibules mean no climbing over your partner at 3 a.m., and the fully taped fly handles sideways rain.",
      specs: { "Packed weight": "1.3 kg (2-person)", "Floor area": "2.7 m²", Poles: "DAC aluminium", Fly: "20D silnylon, 1500 mm" },
      variants: variants(32900, option("capacity", [["2-Person", "2P"], ["3-Person", "3P", 7000]])),
    },
    {
      code: "PACK45",
      name: "Alpenglow 45L Trekking Pack",
      brand: "Alpenglow Gear",
      icon: "backpack",
      featured: true,
      description:
        "A 45-litre pack for multi-day hikes with an adjustable torso, a ventilated mesh back panel and a hipbelt that carries the load where it belongs. Stretch side pockets take a bottle each, and the lid converts into a summit bag.",
      specs: { Volume: "45 L", Weight: "1.45 kg", Frame: "Aluminium stay", "Rain cover": "Included" },
      variants: variants(18900, color("Glacier Blue", "Ember Red"), option("torso", [["S/M", "SM"], ["M/L", "ML"]])),
    },
    {
      code: "LANTERN",
      name: "Rechargeable Camp Lantern",
      brand: "Timberhawk",
      icon: "lantern",
      description:
        "A warm, dimmable 400-lumen lantern that runs for up to 60 hours on low and tops up your phone from its USB-C port. A fold-out hook hangs it from the tent ceiling, and it survives a drop onto rocks.",
      specs: { Brightness: "Up to 400 lm", Runtime: "60 h on low", Charging: "USB-C in and out", "Water resistance": "IPX4" },
      variants: variants(4900),
    },
    {
      code: "SLEEPBAG",
      name: "Down Sleeping Bag 20°F",
      brand: "Alpenglow Gear",
      icon: "sleepingbag",
      description:
        "Responsibly sourced 800-fill down in a trim mummy cut keeps you warm to 20°F (-7°C) while packing down to the size of a loaf of bread. A draft collar and contoured hood trap heat, and the anti-snag zip runs smoothly in the dark.",
      specs: { "Comfort rating": "20°F / -7°C", Fill: "800-fill RDS down", Weight: "980 g (Regular)", Shape: "Mummy" },
      variants: variants(27900, option("length", [["Regular", "REG"], ["Long", "LONG", 2000]])),
    },
    {
      code: "STOVE",
      name: "Compact Canister Stove",
      brand: "Ridgeback",
      icon: "stove",
      description:
        "A pocket-sized stove that boils a litre of water in about three and a half minutes. The piezo igniter lights first time, and the wide pot supports are stable under a full pan. Folds down to nest inside a 750 ml pot.",
      specs: { Output: "3,000 W", "Boil time": "3.5 min / 1 L", Weight: "88 g", Ignition: "Piezo" },
      variants: variants(5900),
    },
    {
      code: "BOTTLE",
      name: "Insulated Trail Bottle",
      brand: "Timberhawk",
      icon: "bottle",
      description:
        "Double-wall vacuum insulation keeps drinks cold for 24 hours or hot for 12. The powder-coated finish grips in wet hands, and the leak-proof cap has a carry loop that clips to your pack.",
      specs: { Material: "18/8 stainless steel", Insulation: "Double-wall vacuum", "Cold / hot": "24 h / 12 h", "BPA-free": "Yes" },
      variants: variants(2900, option("capacity", [["500 ml", "500", 0], ["750 ml", "750", 500], ["1 L", "1000", 1000]])),
    },
    {
      code: "SLEEPPAD",
      name: "Self-Inflating Sleeping Pad",
      brand: "Ridgeback",
      icon: "mat",
      description:
        "Open the valve and this pad inflates itself while you pitch the tent; a few breaths finish the job. Five centimetres of foam-cored air insulate you from cold ground, and it rolls up tight in the morning.",
      specs: { Thickness: "5 cm", "R-value": "4.2", Weight: "720 g (Regular)", Valve: "Two-way flat valve" },
      variants: variants(12900, option("width", [["Regular", "REG"], ["Wide", "WIDE", 2000]])),
    },
    {
      code: "POLES",
      name: "Carbon Trekking Poles (Pair)",
      brand: "Alpenglow Gear",
      icon: "poles",
      description:
        "Three-section carbon poles that take the strain off your knees on steep descents. Quick-lock levers adjust the length in seconds, and the cork grips stay comfortable in hot and cold weather alike.",
      specs: { Material: "Carbon fibre", Length: "100–135 cm", Weight: "460 g per pair", Grips: "Cork with foam extension" },
      variants: variants(8900),
    },
    {
      code: "CHAIR",
      name: "Folding Camp Chair",
      brand: "Timberhawk",
      icon: "chair",
      description:
        "A sturdy folding chair with a high back, padded armrests and a cup holder, rated to 150 kg. It sets up in seconds and packs into a shoulder bag for the boot of the car.",
      specs: { Capacity: "150 kg", Weight: "3.1 kg", "Seat height": "45 cm", Frame: "Powder-coated steel" },
      variants: variants(6900, color("Forest", "Sand")),
    },
  ],

  "home-kitchen": [
    {
      code: "DUTCHOVEN",
      name: "Enameled Cast Iron Dutch Oven",
      brand: "Hearth & Table",
      icon: "pot",
      featured: true,
      description:
        "A 5.5-quart Dutch oven for slow braises, no-knead bread and Sunday stews. Heavy cast iron holds heat evenly, and the glossy enamel interior needs no seasoning and resists staining. Oven safe to 260°C with the lid on.",
      specs: { Capacity: "5.5 qt / 5.2 L", Material: "Enameled cast iron", "Oven safe": "260°C", Hob: "All hobs incl. induction", Weight: "5.4 kg" },
      variants: variants(19900, color("Flame", "Sea Salt", "Graphite")),
    },
    {
      code: "SKILLET",
      name: "Tri-Ply Stainless Skillet",
      brand: "Copperleaf",
      icon: "pan",
      description:
        "An aluminium core clad in stainless steel spreads heat right to the rim for an even sear. The flared sides make tossing vegetables easy, and the riveted handle stays cool on the hob. Dishwasher safe and built for a lifetime.",
      specs: { Construction: "Tri-ply stainless / aluminium", "Oven safe": "260°C", Hob: "Induction compatible", Handle: "Riveted stainless" },
      variants: variants(8900, option("size", [['10"', "10IN"], ['12"', "12IN", 2000]])),
    },
    {
      code: "CHEFKNIFE",
      name: "Japanese Steel Chef's Knife",
      brand: "Copperleaf",
      icon: "knife",
      featured: true,
      description:
        "A gyuto-style chef's knife forged from VG-10 steel and hand-sharpened to a 15-degree edge. It glides through onions and squash alike and holds its edge for months. The octagonal walnut handle is balanced for a pinch grip.",
      specs: { Blade: "8 in / 20 cm VG-10 steel", Hardness: "60 HRC", Edge: "15° per side", Handle: "Octagonal walnut" },
      variants: variants(12900),
    },
    {
      code: "MUGSET",
      name: "Stoneware Mug Set of 4",
      brand: "Hearth & Table",
      icon: "mug",
      description:
        "Four generous 400 ml mugs thrown in stoneware with a reactive glaze, so no two are exactly alike. The wide handle fits a whole hand, and they are microwave and dishwasher safe.",
      specs: { Capacity: "400 ml each", Material: "Stoneware", "Dishwasher safe": "Yes", Pieces: "4" },
      variants: variants(4800, color("Speckled White", "Midnight")),
    },
    {
      code: "KETTLE",
      name: "Gooseneck Pour-Over Kettle",
      brand: "Brightwell Home",
      icon: "kettle",
      description:
        "Precise temperature control from 40 to 100°C and a slender gooseneck spout for slow, even pour-over coffee. It holds the temperature for an hour and shuts off automatically when lifted from the base.",
      specs: { Capacity: "0.9 L", Power: "1,200 W", Temperature: "40–100°C", Hold: "60 min" },
      variants: variants(7900, color("Matte Black", "Brushed Steel")),
    },
    {
      code: "BOARD",
      name: "Olive Wood Cutting Board",
      brand: "Hearth & Table",
      icon: "board",
      description:
        "Cut from a single piece of Mediterranean olive wood with a distinctive swirling grain. It is kind to knife edges, doubles as a serving board, and only needs an occasional rub of oil to stay beautiful.",
      specs: { Material: "Solid olive wood", Finish: "Food-safe mineral oil", Care: "Hand wash only" },
      variants: variants(5400, option("size", [["Medium (35 cm)", "MED"], ["Large (45 cm)", "LRG", 1800]])),
    },
    {
      code: "LAMP",
      name: "Ceramic Table Lamp",
      brand: "Brightwell Home",
      icon: "lamp",
      description:
        "A hand-glazed ceramic base topped with a linen drum shade that throws a soft, warm light. The in-line dimmer sets the mood, and an E27 fitting takes any standard bulb.",
      specs: { Height: "48 cm", Shade: "Natural linen", Fitting: "E27, max 40 W LED", Cable: "1.8 m fabric cable with dimmer" },
      variants: variants(11900, color("Sand", "Sage")),
    },
    {
      code: "STORAGE",
      name: "Glass Food Storage Set (10 pc)",
      brand: "Brightwell Home",
      icon: "container",
      description:
        "Five borosilicate glass containers with snap-lock lids that go from freezer to oven to table. The lids are leak-proof for packed lunches, and the glass never stains or holds onto smells.",
      specs: { Material: "Borosilicate glass", Lids: "BPA-free, 4 clip locks", "Oven safe": "Glass to 230°C", Pieces: "5 containers + 5 lids" },
      variants: variants(4400),
    },
    {
      code: "MULEMUG",
      name: "Hammered Copper Mugs (Set of 2)",
      brand: "Copperleaf",
      icon: "mug",
      description:
        "Solid hammered copper mugs lined with food-safe stainless steel, for ice-cold drinks that stay cold. The brass handles are riveted for strength. A classic gift for anyone who likes to host.",
      specs: { Capacity: "480 ml each", Material: "Copper with stainless lining", Pieces: "2" },
      variants: variants(3600),
    },
  ],

  electronics: [
    {
      code: "ARIA",
      name: "Lumen Aria Noise-Cancelling Headphones",
      brand: "Lumen Audio",
      icon: "headphones",
      featured: true,
      description:
        "Adaptive noise cancellation tunes itself to your surroundings, from rattling trains to open-plan offices. Forty-millimetre drivers deliver detailed, balanced sound, and the battery lasts 40 hours with ANC on. Memory-foam cushions stay comfortable on long flights.",
      specs: { "Battery life": "40 h (ANC on)", Drivers: "40 mm dynamic", Bluetooth: "5.3, multipoint", Weight: "250 g", Charging: "USB-C, 10 min = 5 h" },
      variants: variants(29900, color("Midnight", "Silver")),
    },
    {
      code: "PEBBLE",
      name: "Lumen Pebble Bluetooth Speaker",
      brand: "Lumen Audio",
      icon: "speaker",
      description:
        "A palm-sized speaker with surprisingly full sound and a passive radiator for real bass. It is dustproof and waterproof to IP67, floats in the pool, and plays for 14 hours on a charge.",
      specs: { "Battery life": "14 h", "Water resistance": "IP67", Bluetooth: "5.3", Weight: "380 g" },
      variants: variants(7900, color("Coral", "Slate", "Sage")),
    },
    {
      code: "PULSE",
      name: "Parallax Pulse Smartwatch",
      brand: "Parallax",
      icon: "watch",
      featured: true,
      description:
        "An always-on AMOLED smartwatch that tracks heart rate, sleep and over 100 workouts with built-in GPS. The battery lasts up to 10 days, and notifications arrive quietly on your wrist so your phone can stay in your pocket.",
      specs: { Display: "AMOLED, always-on", "Battery life": "Up to 10 days", GPS: "Dual-band", "Water resistance": "5 ATM" },
      variants: variants(24900, option("case", [["41 mm", "41"], ["45 mm", "45", 3000]]), color("Black", "Sand")),
    },
    {
      code: "POWERBANK",
      name: "Voltaic 20,000 mAh Power Bank",
      brand: "Voltaic",
      icon: "battery",
      description:
        "Enough energy to charge a phone four times or top up a laptop, with 45 W USB-C Power Delivery for fast charging. Two USB-C ports and one USB-A charge three devices at once.",
      specs: { Capacity: "20,000 mAh", Output: "45 W USB-C PD", Ports: "2x USB-C, 1x USB-A", Weight: "370 g" },
      variants: variants(5900),
    },
    {
      code: "GAN65",
      name: "Voltaic 65W GaN USB-C Charger",
      brand: "Voltaic",
      icon: "charger",
      description:
        "Gallium nitride lets this 65 W charger fit in your palm while charging a laptop, tablet and phone together. Folding prongs make it pocket-friendly, and smart power sharing gives each device what it needs.",
      specs: { Output: "65 W max", Ports: "2x USB-C, 1x USB-A", Technology: "GaN", Plug: "Folding US prongs" },
      variants: variants(4900),
    },
    {
      code: "K2",
      name: "Parallax K2 Mechanical Keyboard",
      brand: "Parallax",
      icon: "keyboard",
      description:
        "A compact 75% layout with hot-swappable switches, a gasket-mounted aluminium case and PBT keycaps that won't shine. Connect over USB-C or to three devices by Bluetooth, and switch between them with a keypress.",
      specs: { Layout: "75%, 84 keys", Case: "CNC aluminium, gasket mount", Keycaps: "Double-shot PBT", Connectivity: "USB-C, Bluetooth 5.1" },
      variants: variants(12900, option("switches", [["Tactile Brown", "BRN"], ["Linear Red", "RED"], ["Silent Linear", "SIL", 1000]])),
    },
    {
      code: "STUDIOBUDS",
      name: "Lumen Studio Wireless Earbuds",
      brand: "Lumen Audio",
      icon: "earbuds",
      description:
        "True wireless earbuds with active noise cancellation, a transparency mode for conversations and six hours of playback per charge. The pocketable case adds another 24 hours and charges wirelessly.",
      specs: { "Battery life": "6 h + 24 h case", ANC: "Yes, with transparency mode", "Water resistance": "IPX4", Charging: "USB-C and Qi wireless" },
      variants: variants(14900, color("White", "Black")),
    },
    {
      code: "WEBCAM",
      name: "Parallax Halo 4K Webcam",
      brand: "Parallax",
      icon: "camera",
      description:
        "A 4K webcam with a large sensor that stays sharp in dim rooms and auto-frames you as you move. Dual noise-reducing microphones and a magnetic privacy shutter come built in.",
      specs: { Resolution: "4K at 30 fps, 1080p at 60 fps", "Field of view": "65–90° adjustable", Microphones: "Dual, noise-reducing", Mount: "Monitor clip and tripod thread" },
      variants: variants(11900),
    },
    {
      code: "TURNTABLE",
      name: "Lumen Arc Vinyl Turntable",
      brand: "Lumen Audio",
      icon: "turntable",
      description:
        "A belt-drive turntable with a pre-mounted cartridge, a switchable phono preamp and Bluetooth output, so it plays through powered speakers or wireless headphones. The solid MDF plinth damps vibration for clean, warm playback.",
      specs: { Drive: "Belt", Speeds: "33⅓ and 45 RPM", Preamp: "Built-in, switchable", Output: "RCA and Bluetooth" },
      variants: variants(34900),
    },
  ],

  books: [
    {
      code: "SALTROAD",
      name: "The Salt Road",
      brand: "Meridian House",
      icon: "book",
      featured: true,
      description:
        "A sweeping debut novel following three generations of a family of salt traders across the Sahara, from the last great caravans to the present day. Lyrical and unhurried, it is a story about inheritance, faith and the roads we choose to leave.",
      specs: { Author: "Amara Diallo", Pages: "432", Published: "2025", Language: "English" },
      variants: variants(1800, option("format", [["Paperback", "PB"], ["Hardcover", "HC", 1000]])),
    },
    {
      code: "SMALLKITCHEN",
      name: "Small Kitchens, Big Flavour",
      brand: "Quillmark Books",
      icon: "openbook",
      description:
        "One hundred recipes designed for tiny kitchens and busy weeknights, most needing a single pan and under thirty minutes. Packed with smart shortcuts, pantry lists and beautiful photography.",
      specs: { Author: "Jonah Petrakis", Pages: "288", Recipes: "100", Published: "2024" },
      variants: variants(3500, option("format", [["Hardcover", "HC"]])),
    },
    {
      code: "QUIETSUMMIT",
      name: "The Quiet Summit: Climbing Stories",
      brand: "Lanternfish Press",
      icon: "book",
      description:
        "Twelve essays from climbers, guides and mountain rescuers about fear, friendship and the long walk down. Honest, funny and occasionally heartbreaking, it will resonate with anyone who has ever stood on a ridge at dawn.",
      specs: { Editor: "Ruth Calloway", Pages: "256", Published: "2023", Language: "English" },
      variants: variants(1900, option("format", [["Paperback", "PB"], ["Hardcover", "HC", 1000]])),
    },
    {
      code: "NIGHTSKIES",
      name: "Field Guide to Night Skies",
      brand: "Lanternfish Press",
      icon: "openbook",
      featured: true,
      description:
        "A pocket-sized guide to the constellations, planets and meteor showers visible with the naked eye or a pair of binoculars. Seasonal star charts and clear, friendly explanations make it perfect for camping trips.",
      specs: { Author: "Dr. Elena Varga", Pages: "192", Format: "Flexibound, water-resistant cover", Published: "2024" },
      variants: variants(2400, option("format", [["Flexibound", "FLEX"]])),
    },
    {
      code: "SYSDESIGN",
      name: "Practical Systems Design",
      brand: "Meridian House",
      icon: "book",
      description:
        "A hands-on guide to designing software systems that stay simple as they grow, covering data modelling, caching, queues and failure handling through real case studies. Each chapter ends with exercises and a checklist you can use at work.",
      specs: { Author: "Priya Natarajan", Pages: "512", Published: "2025", Level: "Intermediate" },
      variants: variants(3900, option("format", [["Paperback", "PB"], ["Hardcover", "HC", 1000]])),
    },
    {
      code: "LIGHTHOUSE",
      name: "The Lighthouse Keeper's Daughter",
      brand: "Quillmark Books",
      icon: "book",
      description:
        "On a storm-battered island off the coast of Maine, a young woman discovers her late father's logbooks and the secret he kept for forty years. An atmospheric mystery with a tender heart.",
      specs: { Author: "Caroline Ashby", Pages: "368", Published: "2024", Genre: "Mystery" },
      variants: variants(1700, option("format", [["Paperback", "PB"], ["Hardcover", "HC", 900]])),
    },
    {
      code: "RUNSLOW",
      name: "Run Slow, Run Far",
      brand: "Lanternfish Press",
      icon: "openbook",
      description:
        "A coach's guide to building endurance the gentle way, with heart-rate training, sensible plans from 5K to marathon and plenty of encouragement for beginners. Evidence-based without being dry.",
      specs: { Author: "Marcus Lindgren", Pages: "240", Published: "2023", Plans: "5K to marathon" },
      variants: variants(1800, option("format", [["Paperback", "PB"]])),
    },
    {
      code: "BREAD",
      name: "Bread Every Day",
      brand: "Quillmark Books",
      icon: "openbook",
      description:
        "From a simple daily loaf to sourdough, focaccia and enriched buns, this book makes baking bread a relaxed habit rather than a weekend project. Step-by-step photographs show exactly what the dough should look like.",
      specs: { Author: "Hanne Sørensen", Pages: "304", Recipes: "75", Published: "2025" },
      variants: variants(3200, option("format", [["Hardcover", "HC"]])),
    },
    {
      code: "MAPS",
      name: "A Short History of Maps",
      brand: "Meridian House",
      icon: "book",
      description:
        "From clay tablets to satellite imagery, a lively tour of how maps shaped empires, voyages and the way we see the world. Illustrated throughout with rare maps from archives around the globe.",
      specs: { Author: "Theo Marchetti", Pages: "320", Illustrations: "140 colour plates", Published: "2022" },
      variants: variants(2000, option("format", [["Paperback", "PB"], ["Hardcover", "HC", 1000]])),
    },
  ],

  beauty: [
    {
      code: "VITCSERUM",
      name: "Vitamin C Brightening Serum",
      brand: "Maren Skin",
      icon: "dropper",
      featured: true,
      description:
        "A stable 15% vitamin C serum with ferulic acid and vitamin E that visibly brightens dull skin and evens tone over a few weeks. Lightweight and fast-absorbing, it sits well under moisturiser and sunscreen every morning.",
      specs: { "Key ingredients": "15% L-ascorbic acid, ferulic acid, vitamin E", "Skin type": "All, including sensitive", Use: "Morning", Vegan: "Yes" },
      variants: variants(2400, option("size", [["15 ml", "15ML"], ["30 ml", "30ML", 1400]])),
    },
    {
      code: "HYDRA",
      name: "Hyaluronic Daily Moisturizer",
      brand: "Maren Skin",
      icon: "jar",
      description:
        "A gel-cream moisturiser with three weights of hyaluronic acid and ceramides that hydrates for 24 hours without heaviness. Fragrance-free and non-comedogenic.",
      specs: { Size: "50 ml", "Key ingredients": "Hyaluronic acid, ceramides, niacinamide", "Skin type": "Normal to combination", Fragrance: "None" },
      variants: variants(3200),
    },
    {
      code: "SPF50",
      name: "Mineral Sunscreen SPF 50",
      brand: "Solstice Botanics",
      icon: "tube",
      featured: true,
      description:
        "A broad-spectrum zinc oxide sunscreen that blends in without a white cast. Water-resistant for 80 minutes and reef-friendly, with soothing aloe for sun-stressed skin.",
      specs: { Protection: "SPF 50, broad spectrum", Filter: "Non-nano zinc oxide", "Water resistance": "80 minutes", "Reef-friendly": "Yes" },
      variants: variants(1900, option("size", [["50 ml", "50ML"], ["100 ml", "100ML", 1000]])),
    },
    {
      code: "ROSEHIP",
      name: "Cold-Pressed Rosehip Facial Oil",
      brand: "Solstice Botanics",
      icon: "dropper",
      description:
        "Pure cold-pressed rosehip seed oil, rich in vitamin A and essential fatty acids, to nourish dry skin and soften the look of scars. Three drops at night is all you need.",
      specs: { Size: "30 ml", Ingredients: "100% organic rosehip seed oil", Use: "Evening", Vegan: "Yes" },
      variants: variants(3400),
    },
    {
      code: "CLAYMASK",
      name: "Kaolin Clay Detox Mask",
      brand: "Petal & Stone",
      icon: "jar",
      description:
        "A creamy kaolin and French green clay mask that draws out impurities and refines the look of pores without stripping. Ten minutes, once or twice a week.",
      specs: { Size: "75 ml", "Key ingredients": "Kaolin, French green clay, willow bark", "Skin type": "Oily to combination" },
      variants: variants(2800),
    },
    {
      code: "HANDTRIO",
      name: "Nourishing Hand Cream Trio",
      brand: "Petal & Stone",
      icon: "tube",
      description:
        "Three travel-size hand creams in fig, neroli and vetiver, made with shea butter and oat extract. They absorb quickly so you can get straight back to your day. A lovely little gift.",
      specs: { Size: "3 x 30 ml", "Key ingredients": "Shea butter, oat extract, glycerin", Scents: "Fig, neroli, vetiver" },
      variants: variants(2600),
    },
    {
      code: "CLEANSER",
      name: "Gentle Foaming Cleanser",
      brand: "Maren Skin",
      icon: "pump",
      description:
        "A low-pH foaming cleanser that removes sunscreen and make-up while leaving the skin barrier intact. Skin feels clean and comfortable, never tight.",
      specs: { Size: "150 ml", pH: "5.5", "Key ingredients": "Amino-acid surfactants, panthenol", Fragrance: "None" },
      variants: variants(2200),
    },
    {
      code: "LIPSET",
      name: "Tinted Lip Balm Set",
      brand: "Solstice Botanics",
      icon: "lipbalm",
      description:
        "Three beeswax lip balms with a sheer wash of colour in rose, berry and nude. Jojoba and shea keep lips soft all day, and the recyclable paper tubes slip easily into a pocket.",
      specs: { Contents: "3 x 4.5 g", Shades: "Rose, berry, nude", Packaging: "Recyclable paper tubes" },
      variants: variants(1400),
    },
    {
      code: "BODYWASH",
      name: "Shea Butter Body Wash",
      brand: "Petal & Stone",
      icon: "pump",
      description:
        "A rich, creamy body wash with shea butter and a blend of essential oils that leaves skin soft rather than squeaky. Sulphate-free and biodegradable, in a refillable glass bottle.",
      specs: { Size: "400 ml", "Key ingredients": "Shea butter, coconut-derived cleansers", Packaging: "Refillable glass", "Sulphate-free": "Yes" },
      variants: variants(1800, option("scent", [["Cedar & Sage", "CEDAR"], ["Citrus Grove", "CITRUS"], ["Lavender", "LAV"]])),
    },
  ],

  "sports-fitness": [
    {
      code: "ADJDB",
      name: "Adjustable Dumbbell Pair",
      brand: "Ironclad Athletics",
      icon: "dumbbell",
      featured: true,
      description:
        "Fifteen dumbbells in the space of two: turn the dial to select anywhere from 5 to 52.5 lb in seconds. The moulded trays keep everything tidy, and the weight plates are coated to protect your floors.",
      specs: { "Weight range": "5–52.5 lb per dumbbell", Increments: "15 settings", Footprint: "42 x 21 cm each", Warranty: "2 years" },
      variants: variants(34900),
    },
    {
      code: "KETTLEBELL",
      name: "Cast Iron Kettlebell",
      brand: "Ironclad Athletics",
      icon: "kettlebell",
      description:
        "A single-piece cast iron kettlebell with a smooth, wide handle for two-handed swings and a flat base that stays put. The powder-coat finish gives a secure grip with or without chalk.",
      specs: { Material: "Single-cast iron", Finish: "Powder coat", Handle: "33 mm diameter" },
      variants: variants(
        3900,
        option("weight", [["8 kg", "8KG"], ["12 kg", "12KG", 1000], ["16 kg", "16KG", 2000], ["20 kg", "20KG", 3000], ["24 kg", "24KG", 4000]]),
      ),
    },
    {
      code: "YOGAMAT",
      name: "Non-Slip Yoga Mat 6 mm",
      brand: "Tempo Fit",
      icon: "mat",
      featured: true,
      description:
        "A natural rubber mat with a polyurethane top layer that grips better the more you sweat. Six millimetres of cushioning protect knees and wrists, and the etched alignment lines help you find your position.",
      specs: { Thickness: "6 mm", Size: "183 x 68 cm", Material: "Natural rubber, PU top", Weight: "2.4 kg" },
      variants: variants(6800, color("Sage", "Plum", "Charcoal")),
    },
    {
      code: "BANDS",
      name: "Resistance Band Set",
      brand: "Tempo Fit",
      icon: "bands",
      description:
        "Five fabric-covered resistance loops from extra light to extra heavy, for glute work, mobility and warm-ups. They don't roll or snap like latex bands, and the carry bag makes them easy to take anywhere.",
      specs: { Bands: "5 levels", Material: "Woven cotton with latex core", Includes: "Carry bag, exercise guide" },
      variants: variants(2900),
    },
    {
      code: "JUMPROPE",
      name: "Speed Jump Rope",
      brand: "Pacewell",
      icon: "rope",
      description:
        "A ball-bearing speed rope with a coated steel cable for smooth, fast rotations and double-unders. The length adjusts in seconds without tools, and the aluminium handles are light and grippy.",
      specs: { Cable: "Coated steel, 3 m adjustable", Handles: "Aluminium", Bearings: "Sealed ball bearings" },
      variants: variants(1900),
    },
    {
      code: "ROLLER",
      name: "High-Density Foam Roller",
      brand: "Tempo Fit",
      icon: "roller",
      description:
        "A firm, textured foam roller for releasing tight calves, quads and upper backs after training. The hollow core keeps it light and durable, and it won't lose its shape with daily use.",
      specs: { Density: "Firm", Surface: "Textured grid", Core: "Hollow ABS" },
      variants: variants(2400, option("length", [["33 cm", "33CM"], ["60 cm", "60CM", 1000]])),
    },
    {
      code: "RUNBELT",
      name: "Bounce-Free Running Belt",
      brand: "Pacewell",
      icon: "belt",
      description:
        "A slim stretch belt that holds your phone, keys and gels close to your body without bouncing. Reflective details keep you visible at dusk, and the sweat-resistant pocket keeps everything dry.",
      specs: { Fits: "Phones up to 6.9 in", Material: "Recycled stretch fabric", Reflective: "Yes" },
      variants: variants(2800, option("size", [["S/M", "SM"], ["L/XL", "LXL"]])),
    },
    {
      code: "SPORTBOTTLE",
      name: "Squeeze Sports Bottle",
      brand: "Pacewell",
      icon: "bottle",
      description:
        "A soft-squeeze bottle with a high-flow valve that opens with your teeth and seals shut when you let go. Easy to clean, free from BPA and sized for the bottle cage on your bike.",
      specs: { Capacity: "710 ml", Material: "BPA-free LDPE", Valve: "Self-sealing high-flow" },
      variants: variants(1400, color("Teal", "Coral", "Black")),
    },
    {
      code: "PULLUPBAR",
      name: "Doorway Pull-Up Bar",
      brand: "Ironclad Athletics",
      icon: "bar",
      description:
        "A no-screw pull-up bar that uses leverage to hang securely in most door frames. Wide, neutral and narrow grips let you vary pull-ups, chin-ups and hanging leg raises, and it lifts out in seconds.",
      specs: { "Max load": "135 kg", "Door width": "61–81 cm", Grips: "Wide, neutral, narrow", Installation: "No screws" },
      variants: variants(4400),
    },
  ],
};

// ── Stock ─────────────────────────────────────────────────────────────────

/**
 * Hand-picked stock levels, so the demo always has sold-out and low-stock cases to show:
 * a sold-out size, a sold-out product (the turntable) and a few "only 2 left" variants.
 */
const STOCK_OVERRIDES: Record<string, number> = {
  "APP-TSHIRT-ORG-XL": 0,
  "APP-HOODIE-FOR-S": 0,
  "FTW-CLOUDSTEP-WHT-9": 0,
  "SPT-KETTLEBELL-24KG": 0,
  "ELE-TURNTABLE": 0,
  "APP-TSHIRT-NVY-S": 2,
  "FTW-CHELSEA-BLK-10": 1,
  "OUT-TENT-3P": 3,
  "HOM-CHEFKNIFE": 2,
  "ELE-PULSE-45-SND": 1,
  "BTY-ROSEHIP": 3,
  "SPT-ADJDB": 2,
  "BKS-SALTROAD-HC": 3,
};

/** Every other SKU gets a stable pseudo-random stock between 6 and 60. */
function initialStock(sku: string): number {
  return STOCK_OVERRIDES[sku] ?? 6 + Math.floor(rng(`stock:${sku}`)() * 55);
}

// ── Assembly ───────────────────────────────────────────────────────────────

export function slugify(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’"°]/g, "")
    .replace(/(\d),(\d)/g, "$1$2")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function buildProducts(): SeedProduct[] {
  const products: SeedProduct[] = [];
  for (const category of seedCategories) {
    for (const [index, def] of (catalog[category.slug] ?? []).entries()) {
      const random = rng(`product:${def.code}`);
      // Most of the catalog is a few months old; the last product of each category is a
      // recent arrival so "newest first" has something to show.
      const isNewArrival = index === (catalog[category.slug]?.length ?? 0) - 1;
      products.push({
        slug: slugify(def.name),
        name: def.name,
        categorySlug: category.slug,
        brand: def.brand,
        description: def.description,
        specifications: def.specs,
        isFeatured: def.featured ?? false,
        icon: def.icon,
        imageCount: def.featured ? 3 : 1 + Math.floor(random() * 3),
        createdDaysAgo: isNewArrival ? 3 + random() * 20 : 95 + random() * 90,
        variants: def.variants.map(({ skuSuffix, ...variant }) => {
          const sku = [category.skuPrefix, def.code, skuSuffix].filter(Boolean).join("-");
          return { ...variant, sku, stock: initialStock(sku) };
        }),
      });
    }
  }
  return products;
}

export const seedProducts: SeedProduct[] = buildProducts();

/**
 * Initial stock per SKU, exactly as the seed writes it to product_variants.available. A later
 * step that initialises the inventory Durable Objects should use this, so D1's copy and the
 * authoritative counts agree from the start.
 */
export function seedStockBySku(): Record<string, number> {
  return Object.fromEntries(seedProducts.flatMap((product) => product.variants.map((v) => [v.sku, v.stock])));
}

// ── Customers and reviews ──────────────────────────────────────────────────

const CUSTOMERS: Array<[name: string, signedUpDaysAgo: number]> = [
  ["Maya Chen", 240],
  ["Daniel Okafor", 228],
  ["Priya Raman", 215],
  ["Lucas Moreau", 201],
  ["Sofia Alvarez", 188],
  ["James Whitaker", 176],
  ["Aisha Bello", 163],
  ["Tom Lindqvist", 150],
  ["Hannah Kowalski", 131],
  ["Omar Haddad", 118],
];

export const seedCustomers: SeedCustomer[] = CUSTOMERS.map(([name, days]) => ({
  name,
  email: `${slugify(name).replace("-", ".")}@example.com`, // maya.chen@example.com
  createdDaysAgo: days,
}));

type Tier = 1 | 2 | 3 | 4 | 5;

const TITLES: Record<Tier, string[]> = {
  5: ["Absolutely love it", "Worth every penny", "Exceeded my expectations", "Best purchase this year", "Five stars, no notes", "Exactly what I wanted", "Fantastic quality"],
  4: ["Really good, one small gripe", "Very happy overall", "Great value", "Solid choice", "Nearly perfect", "Would buy again"],
  3: ["Decent, not amazing", "It's fine", "Mixed feelings", "Does the job", "Okay for the price"],
  2: ["Disappointed", "Not what I expected", "Expected more", "Wouldn't buy again"],
  1: ["Returned it", "Poor quality", "Do not recommend", "Gave up on it"],
};

const OPENERS: Record<Tier, string[]> = {
  5: [
    "I've been using the {product} for a few weeks now and it has quickly become a favourite.",
    "Bought this on a whim and I'm so glad I did.",
    "This is my second {brand} purchase and it lives up to the first.",
    "Honestly one of the best things I've bought all year.",
    "Ordered this as a gift and ended up getting one for myself too.",
  ],
  4: [
    "Really pleased with the {product} overall.",
    "Good quality and it arrived quickly.",
    "{brand} clearly put some thought into this one.",
    "I'd been comparing a few options and this one won on value.",
    "Very nice, with one small reservation.",
  ],
  3: [
    "It's fine, but I expected a bit more at this price.",
    "Mixed feelings about the {product}.",
    "Does what it says, nothing more.",
    "Some things I like, some things I don't.",
  ],
  2: [
    "I wanted to like the {product} more than I do.",
    "Not quite what I expected from {brand}.",
    "Underwhelming after reading the other reviews.",
  ],
  1: [
    "Unfortunately this went back within a week.",
    "Really disappointed with this purchase.",
    "I can't recommend the {product}, sadly.",
  ],
};

const CLOSERS: Record<Tier, string[]> = {
  5: ["Highly recommend.", "Would buy again in a heartbeat.", "No complaints at all.", ""],
  4: ["Would still recommend.", "Good value overall.", "Minor quibble aside, I'm happy.", ""],
  3: ["It might suit others better, but it's just okay for me.", "I'd wait for a sale.", ""],
  2: ["Probably won't buy again.", "Hoping the next version improves.", ""],
  1: ["Returned it for a refund.", "Save your money.", ""],
};

const DETAILS: Record<string, { good: string[]; bad: string[] }> = {
  apparel: {
    good: [
      "The fabric feels substantial and has kept its shape through plenty of washes.",
      "Fit is true to size and the cut is flattering without being tight.",
      "The colour is exactly as pictured and hasn't faded.",
      "Stitching is neat and it feels like it will last for years.",
      "Comfortable enough to wear all day.",
    ],
    bad: [
      "It shrank noticeably after the first wash, even on cold.",
      "The sizing runs small, so size up.",
      "A seam started to fray after a month.",
      "The colour was duller than the photos.",
    ],
  },
  footwear: {
    good: [
      "Comfortable straight out of the box with no break-in needed.",
      "Great arch support; I've done long days on my feet without soreness.",
      "Grip is excellent on wet pavement.",
      "They look smart enough for the office and relaxed enough for weekends.",
      "Sizing was spot on compared with my other shoes.",
    ],
    bad: [
      "They rubbed my heel badly for the first couple of weeks.",
      "The sole started peeling away at the toe.",
      "Runs half a size small.",
      "Not very breathable on warm days.",
    ],
  },
  "outdoor-camping": {
    good: [
      "Took it on a three-night trip and it performed perfectly.",
      "Packs down small and is lighter than I expected.",
      "Survived a proper downpour without any trouble.",
      "Setup is quick, even on your own in the dark.",
      "Feels rugged and well made.",
    ],
    bad: [
      "One of the zips snagged constantly in the field.",
      "Heavier than the listing suggests.",
      "Didn't hold up well in strong wind.",
      "The instructions were confusing.",
    ],
  },
  "home-kitchen": {
    good: [
      "Heats evenly and cleans up easily.",
      "It looks lovely on the counter and gets used every day.",
      "Solid, weighty, and clearly built to last.",
      "It has made weeknight cooking noticeably easier.",
      "The finish is beautiful in person.",
    ],
    bad: [
      "The finish chipped within the first month.",
      "Smaller than it looks in the photos.",
      "The handle gets hotter than I'd like.",
      "Arrived with a scratch and customer service was slow to reply.",
    ],
  },
  electronics: {
    good: [
      "Battery life is excellent; I only charge it every few days.",
      "Pairing was instant and the connection has been rock solid.",
      "Sound quality is rich and clear for the price.",
      "Build quality feels premium.",
      "Setup took about two minutes.",
    ],
    bad: [
      "The Bluetooth connection drops out every so often.",
      "Battery life is well short of what's advertised.",
      "The companion app is clunky.",
      "It stopped charging after about six weeks.",
    ],
  },
  books: {
    good: [
      "I couldn't put it down and finished it in a weekend.",
      "Beautifully written, with real warmth.",
      "It's a gorgeous edition and would make a great gift.",
      "Practical, clear, and full of ideas I've already used.",
      "I've recommended it to half my friends.",
    ],
    bad: [
      "The middle third dragged for me.",
      "Too much filler between the good parts.",
      "The binding came loose after one read.",
      "The ending felt rushed.",
    ],
  },
  beauty: {
    good: [
      "My skin feels softer and looks brighter after a couple of weeks.",
      "Absorbs quickly with no greasy feel.",
      "Gentle enough for my sensitive skin.",
      "A little goes a long way, so it lasts ages.",
      "The scent is subtle and pleasant.",
    ],
    bad: [
      "It broke me out, unfortunately.",
      "The packaging leaked in my bag.",
      "The scent is much stronger than I'd like.",
      "I didn't notice any difference after a month.",
    ],
  },
  "sports-fitness": {
    good: [
      "Solid construction and it feels safe under load.",
      "It has made my home workouts so much more varied.",
      "Great grip, even when I'm sweaty.",
      "Compact enough to store in a small flat.",
      "Exactly the right level of challenge for my training.",
    ],
    bad: [
      "The coating started flaking after a few weeks.",
      "It had a chemical smell for days.",
      "Not as sturdy as I hoped.",
      "It slips around on hard floors.",
    ],
  },
};

/** Rating distributions: most products are liked, a few are loved, a few divide opinion. */
const PROFILES = {
  loved: [[5, 65], [4, 25], [3, 7], [2, 2], [1, 1]],
  solid: [[5, 42], [4, 35], [3, 13], [2, 6], [1, 4]],
  mixed: [[5, 20], [4, 25], [3, 24], [2, 17], [1, 14]],
} as const satisfies Record<string, ReadonlyArray<readonly [Tier, number]>>;

function sample<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return out;
}

function writeReview(random: Random, product: SeedProduct, rating: Tier): { title: string; body: string } {
  const details = DETAILS[product.categorySlug] ?? { good: [], bad: [] };
  const fill = (text: string) => text.replaceAll("{product}", product.name).replaceAll("{brand}", product.brand);
  const middle =
    rating === 5 ? sample(random, details.good, 2)
    : rating === 4 ? [...sample(random, details.good, 1), ...(random() < 0.4 ? sample(random, details.bad, 1) : sample(random, details.good, 1))]
    : rating === 3 ? [...sample(random, details.good, 1), ...sample(random, details.bad, 1)]
    : sample(random, details.bad, rating === 2 ? 1 : 2);
  const body = [pick(random, OPENERS[rating]), ...middle, pick(random, CLOSERS[rating])].filter(Boolean).map(fill).join(" ");
  return { title: pick(random, TITLES[rating]), body };
}

export const REVIEW_TARGET = 120;

function buildReviews(): SeedReview[] {
  const random = rng("reviews");
  const profileBySlug = new Map(
    seedProducts.map((p) => [p.slug, PROFILES[weighted(random, [["loved", 30], ["solid", 55], ["mixed", 15]] as const)]]),
  );
  // Featured products are the ones people buy, so they collect about three times the reviews.
  const productWeights = seedProducts.map((p) => [p, p.isFeatured ? 3 : 1] as const);
  const reviewers = new Map<string, Set<string>>(); // product slug -> authors so far (one review each)
  const reviews: SeedReview[] = [];
  while (reviews.length < REVIEW_TARGET) {
    const product = weighted(random, productWeights);
    const authors = reviewers.get(product.slug) ?? new Set<string>();
    const candidates = seedCustomers.filter((c) => !authors.has(c.email));
    if (!candidates.length) continue;
    const author = pick(random, candidates);
    authors.add(author.email);
    reviewers.set(product.slug, authors);
    const rating = weighted(random, profileBySlug.get(product.slug)!);
    // Written after the listing went live and the author signed up, within the last 90 days.
    const maxDaysAgo = Math.min(90, product.createdDaysAgo, author.createdDaysAgo);
    reviews.push({
      productSlug: product.slug,
      authorEmail: author.email,
      rating,
      ...writeReview(random, product, rating),
      createdDaysAgo: 0.2 + random() * (maxDaysAgo - 0.5),
    });
  }
  return reviews;
}

export const seedReviews: SeedReview[] = buildReviews();

// ── Consistency checks (fail loudly at import rather than at insert) ───────

function assertConsistent(): void {
  const slugs = new Set<string>();
  const skus = new Set<string>();
  for (const product of seedProducts) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(product.slug)) throw new Error(`seed-data: bad slug ${product.slug}`);
    if (slugs.has(product.slug)) throw new Error(`seed-data: duplicate slug ${product.slug}`);
    slugs.add(product.slug);
    const specCount = Object.keys(product.specifications).length;
    if (specCount < 3 || specCount > 5) throw new Error(`seed-data: ${product.slug} has ${specCount} specifications`);
    for (const variant of product.variants) {
      if (!/^[A-Z0-9]+(-[A-Z0-9]+)*$/.test(variant.sku)) throw new Error(`seed-data: bad SKU ${variant.sku}`);
      if (skus.has(variant.sku)) throw new Error(`seed-data: duplicate SKU ${variant.sku}`);
      skus.add(variant.sku);
    }
  }
  for (const sku of Object.keys(STOCK_OVERRIDES)) {
    if (!skus.has(sku)) throw new Error(`seed-data: stock override for unknown SKU ${sku}`);
  }
}

assertConsistent();

// ── Illustrations ──────────────────────────────────────────────────────────

/** The colours a product comes in, in the order its variants list them. */
function colourOptions(product: SeedProduct): string[] {
  return [...new Set(product.variants.map((v) => v.options.color).filter((c): c is string => !!c))];
}

/**
 * R2 key and public URL of each of a product's images (served by the Worker at /images/:key):
 * the numbered illustrations, then, for a product sold in more than one colour, one picture per
 * colour, named after it (`<slug>-navy.svg`), which is how the product page finds the image of
 * the chosen colour (decision 018).
 */
export function productImages(product: SeedProduct): Array<{ key: string; url: string; n: number; colour?: string }> {
  const numbered = Array.from({ length: product.imageCount }, (_, i) => {
    const key = `products/${product.slug}-${i + 1}.svg`;
    return { key, url: `/images/${key}`, n: i + 1 };
  });
  const colours = colourOptions(product);
  const perColour =
    colours.length > 1
      ? colours.map((colour) => {
          const key = `products/${product.slug}-${colour.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.svg`;
          return { key, url: `/images/${key}`, n: 1, colour };
        })
      : [];
  return [...numbered, ...perColour];
}

function hexToHsl(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => c / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  if (max === min) return [0, 0, l];
  const d = max - min;
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
  const h = max === r ? (g - b) / d + (g < b ? 6 : 0) : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return [h * 60, s, l];
}

function hslToHex(h: number, s: number, l: number): string {
  const hue = ((h % 360) + 360) % 360;
  const k = (n: number) => (n + hue / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return `#${[f(0), f(8), f(4)].map((x) => Math.round(x * 255).toString(16).padStart(2, "0")).join("")}`;
}

/** Nudges a colour's hue and lightness so products in one category are related but distinct. */
function shift(hex: string, hueDelta: number, lightDelta = 0): string {
  const [h, s, l] = hexToHsl(hex);
  return hslToHex(h + hueDelta, s, Math.max(0.08, Math.min(0.85, l + lightDelta)));
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** Splits a name into at most `maxLines` lines of roughly `width` characters. */
function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && (line + " " + word).length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]}…`;
    return kept;
  }
  return lines;
}

const W = "#ffffff";

/** Icons are drawn in a 200×200 box in white, with `ink` (a dark tone) for details. */
const ICONS: Record<IconName, (ink: string) => string> = {
  tshirt: (ink) =>
    `<path d="M72 38 L50 46 L20 72 L40 100 L56 90 L56 170 L144 170 L144 90 L160 100 L180 72 L150 46 L128 38 C124 52 114 60 100 60 C86 60 76 52 72 38 Z" fill="${W}"/>` +
    `<path d="M72 38 C76 52 86 60 100 60 C114 60 124 52 128 38" fill="none" stroke="${ink}" stroke-width="4" opacity=".35"/>`,
  shirt: (ink) =>
    `<path d="M74 34 L50 44 L24 150 L44 156 L58 100 L58 172 L142 172 L142 100 L156 156 L176 150 L150 44 L126 34 L100 52 Z" fill="${W}"/>` +
    `<path d="M74 34 L86 62 L100 52 L114 62 L126 34" fill="none" stroke="${ink}" stroke-width="4" opacity=".4"/>` +
    `<line x1="100" y1="54" x2="100" y2="172" stroke="${ink}" stroke-width="3" opacity=".3"/>` +
    [78, 100, 122, 144].map((y) => `<circle cx="106" cy="${y}" r="3" fill="${ink}" opacity=".45"/>`).join(""),
  hoodie: (ink) =>
    `<path d="M70 46 L44 56 L22 150 L42 156 L58 100 L58 172 L142 172 L142 100 L158 156 L178 150 L156 56 L130 46 Z" fill="${W}"/>` +
    `<path d="M68 50 C64 18 136 18 132 50 C124 70 76 70 68 50 Z" fill="${W}"/>` +
    `<path d="M78 52 C88 64 112 64 122 52" fill="none" stroke="${ink}" stroke-width="4" opacity=".35"/>` +
    `<path d="M92 62 L90 96 M108 62 L110 96" stroke="${ink}" stroke-width="3" opacity=".4"/>` +
    `<path d="M74 128 L126 128 L134 160 L66 160 Z" fill="${ink}" opacity=".15"/>`,
  jacket: (ink) =>
    `<path d="M70 40 L44 52 L22 150 L42 156 L58 100 L58 172 L142 172 L142 100 L158 156 L178 150 L156 52 L130 40 Z" fill="${W}"/>` +
    `<path d="M70 40 L100 72 L130 40" fill="none" stroke="${ink}" stroke-width="5" opacity=".35"/>` +
    `<line x1="100" y1="72" x2="100" y2="172" stroke="${ink}" stroke-width="4" opacity=".45"/>` +
    `<rect x="68" y="122" width="22" height="26" rx="4" fill="${ink}" opacity=".15"/><rect x="110" y="122" width="22" height="26" rx="4" fill="${ink}" opacity=".15"/>`,
  pants: (ink) =>
    `<path d="M60 28 L140 28 L152 174 L114 174 L100 82 L86 174 L48 174 Z" fill="${W}"/>` +
    `<line x1="61" y1="44" x2="139" y2="44" stroke="${ink}" stroke-width="4" opacity=".35"/>` +
    `<path d="M64 50 C72 64 84 64 90 52 M136 50 C128 64 116 64 110 52" fill="none" stroke="${ink}" stroke-width="3" opacity=".3"/>`,
  beanie: (ink) =>
    `<circle cx="100" cy="34" r="16" fill="${W}"/>` +
    `<path d="M40 140 C40 74 66 44 100 44 C134 44 160 74 160 140 Z" fill="${W}"/>` +
    `<rect x="32" y="126" width="136" height="40" rx="10" fill="${W}"/>` +
    Array.from({ length: 9 }, (_, i) => `<line x1="${48 + i * 13}" y1="132" x2="${48 + i * 13}" y2="160" stroke="${ink}" stroke-width="3" opacity=".22"/>`).join(""),
  sneaker: (ink) =>
    `<path d="M18 130 C18 114 28 106 42 104 L76 98 L98 68 C102 62 110 62 116 66 L130 78 C142 98 162 106 182 112 C190 115 192 124 190 132 Z" fill="${W}"/>` +
    `<path d="M14 132 L192 132 C192 144 186 150 176 150 L28 150 C20 150 14 144 14 132 Z" fill="${ink}" opacity=".35"/>` +
    `<path d="M104 78 L118 86 M98 88 L114 96 M92 98 L108 106" stroke="${ink}" stroke-width="4" stroke-linecap="round" opacity=".4"/>`,
  boot: (ink) =>
    `<path d="M52 28 L112 28 L114 102 C140 108 170 114 182 126 C188 132 186 146 180 148 L44 148 C40 148 38 144 38 140 L44 96 Z" fill="${W}"/>` +
    `<rect x="36" y="148" width="150" height="14" rx="5" fill="${ink}" opacity=".4"/>` +
    `<path d="M66 56 C76 82 94 82 104 56" fill="none" stroke="${ink}" stroke-width="4" opacity=".3"/>` +
    `<rect x="104" y="18" width="10" height="22" rx="4" fill="${W}"/>`,
  sandal: (ink) =>
    `<path d="M24 140 C24 120 58 112 100 112 C150 112 182 120 182 136 C182 152 150 156 100 156 C58 156 24 154 24 140 Z" fill="${W}"/>` +
    `<path d="M22 146 C30 162 170 166 184 144 L184 152 C170 174 30 170 22 154 Z" fill="${ink}" opacity=".35"/>` +
    `<path d="M64 118 C70 70 140 66 150 120 L126 120 C120 94 96 94 88 118 Z" fill="${W}" opacity=".85"/>`,
  tent: (ink) =>
    `<path d="M100 34 L180 162 L20 162 Z" fill="${W}"/>` +
    `<path d="M100 34 L124 162 L76 162 Z" fill="${ink}" opacity=".28"/>` +
    `<path d="M100 34 L100 20 M20 162 L6 176 M180 162 L194 176" stroke="${W}" stroke-width="3" opacity=".8"/>`,
  backpack: (ink) =>
    `<path d="M78 46 C78 22 122 22 122 46" fill="none" stroke="${W}" stroke-width="9"/>` +
    `<rect x="48" y="42" width="104" height="132" rx="30" fill="${W}"/>` +
    `<rect x="66" y="112" width="68" height="46" rx="10" fill="${ink}" opacity=".2"/>` +
    `<path d="M56 82 C80 92 120 92 144 82" fill="none" stroke="${ink}" stroke-width="4" opacity=".35"/>`,
  lantern: (ink) =>
    `<path d="M82 40 C82 14 118 14 118 40" fill="none" stroke="${W}" stroke-width="7"/>` +
    `<path d="M62 58 L138 58 L126 38 L74 38 Z" fill="${W}"/>` +
    `<rect x="70" y="58" width="60" height="94" rx="12" fill="${W}" opacity=".9"/>` +
    `<circle cx="100" cy="104" r="22" fill="#fde68a"/><circle cx="100" cy="104" r="36" fill="#fde68a" opacity=".25"/>` +
    `<rect x="62" y="150" width="76" height="16" rx="5" fill="${W}"/>` +
    `<line x1="70" y1="150" x2="130" y2="150" stroke="${ink}" stroke-width="3" opacity=".3"/>`,
  stove: (ink) =>
    `<path d="M100 36 C122 66 138 84 132 108 C128 122 116 128 100 128 C84 128 72 122 68 108 C64 88 84 78 90 58 C96 72 106 72 100 36 Z" fill="#fdba74"/>` +
    `<path d="M100 76 C110 92 116 100 112 112 C110 120 106 122 100 122 C94 122 88 118 88 110 C88 100 98 96 100 76 Z" fill="#fde68a"/>` +
    `<rect x="46" y="130" width="108" height="14" rx="4" fill="${W}"/>` +
    `<rect x="66" y="144" width="68" height="30" rx="10" fill="${W}" opacity=".9"/>` +
    `<line x1="66" y1="158" x2="134" y2="158" stroke="${ink}" stroke-width="3" opacity=".3"/>`,
  bottle: (ink) =>
    `<rect x="84" y="24" width="32" height="24" rx="6" fill="${W}"/>` +
    `<path d="M78 48 L122 48 L128 66 L128 170 C128 176 124 180 118 180 L82 180 C76 180 72 176 72 170 L72 66 Z" fill="${W}"/>` +
    `<rect x="72" y="96" width="56" height="36" fill="${ink}" opacity=".2"/>` +
    `<path d="M116 28 C132 28 132 46 118 46" fill="none" stroke="${W}" stroke-width="4"/>`,
  sleepingbag: (ink) =>
    `<rect x="36" y="66" width="132" height="88" rx="44" fill="${W}"/>` +
    `<ellipse cx="80" cy="110" rx="26" ry="44" fill="${ink}" opacity=".18"/>` +
    `<ellipse cx="80" cy="110" rx="12" ry="22" fill="${ink}" opacity=".18"/>` +
    `<path d="M112 66 L112 154 M140 68 L140 152" stroke="${ink}" stroke-width="6" opacity=".35"/>`,
  mat: (ink) =>
    `<path d="M60 150 L182 150 L182 166 L60 166 Z" fill="${W}" opacity=".8"/>` +
    `<circle cx="62" cy="122" r="44" fill="${W}"/>` +
    `<circle cx="62" cy="122" r="28" fill="none" stroke="${ink}" stroke-width="4" opacity=".25"/>` +
    `<circle cx="62" cy="122" r="12" fill="none" stroke="${ink}" stroke-width="4" opacity=".25"/>`,
  poles: (ink) =>
    `<path d="M72 40 L94 178 M128 40 L106 178" stroke="${W}" stroke-width="7" stroke-linecap="round"/>` +
    `<rect x="60" y="20" width="22" height="48" rx="10" fill="${W}" transform="rotate(-9 71 44)"/>` +
    `<rect x="118" y="20" width="22" height="48" rx="10" fill="${W}" transform="rotate(9 129 44)"/>` +
    `<ellipse cx="91" cy="160" rx="14" ry="4" fill="${ink}" opacity=".45"/><ellipse cx="109" cy="160" rx="14" ry="4" fill="${ink}" opacity=".45"/>`,
  chair: (ink) =>
    `<path d="M56 118 L144 178 M144 118 L56 178" stroke="${W}" stroke-width="8" stroke-linecap="round"/>` +
    `<path d="M54 40 L146 40 L140 122 L60 122 Z" fill="${W}"/>` +
    `<rect x="34" y="96" width="36" height="10" rx="5" fill="${W}"/><rect x="130" y="96" width="36" height="10" rx="5" fill="${W}"/>` +
    `<line x1="60" y1="84" x2="140" y2="84" stroke="${ink}" stroke-width="4" opacity=".25"/>`,
  pot: (ink) =>
    `<rect x="88" y="48" width="24" height="16" rx="6" fill="${W}"/>` +
    `<path d="M30 92 C40 62 160 62 170 92 Z" fill="${W}"/>` +
    `<path d="M36 96 L164 96 L156 152 C154 164 144 170 132 170 L68 170 C56 170 46 164 44 152 Z" fill="${W}"/>` +
    `<rect x="14" y="104" width="26" height="14" rx="7" fill="${W}"/><rect x="160" y="104" width="26" height="14" rx="7" fill="${W}"/>` +
    `<line x1="36" y1="96" x2="164" y2="96" stroke="${ink}" stroke-width="4" opacity=".3"/>`,
  pan: (ink) =>
    `<rect x="128" y="100" width="66" height="18" rx="9" fill="${W}" transform="rotate(-12 128 109)"/>` +
    `<ellipse cx="76" cy="112" rx="64" ry="58" fill="${W}"/>` +
    `<ellipse cx="76" cy="112" rx="48" ry="42" fill="${ink}" opacity=".15"/>`,
  knife: (ink) =>
    `<path d="M18 132 C60 126 100 110 132 96 L138 114 C104 128 62 138 18 132 Z" fill="${W}"/>` +
    `<path d="M132 96 L184 78 C190 76 194 86 188 90 L138 114 Z" fill="${ink}" opacity=".6"/>` +
    `<path d="M30 130 C66 124 100 112 130 100" fill="none" stroke="${ink}" stroke-width="2" opacity=".2"/>`,
  mug: (ink) =>
    `<path d="M134 82 C172 82 172 140 134 140" fill="none" stroke="${W}" stroke-width="13"/>` +
    `<rect x="44" y="62" width="92" height="108" rx="14" fill="${W}"/>` +
    `<path d="M72 50 C64 40 80 32 72 20 M100 50 C92 40 108 32 100 20" fill="none" stroke="${W}" stroke-width="4" stroke-linecap="round" opacity=".6"/>` +
    `<line x1="44" y1="80" x2="136" y2="80" stroke="${ink}" stroke-width="3" opacity=".2"/>`,
  kettle: (ink) =>
    `<path d="M60 138 C34 128 26 96 14 64" fill="none" stroke="${W}" stroke-width="8" stroke-linecap="round"/>` +
    `<path d="M142 92 C180 92 180 152 146 152" fill="none" stroke="${W}" stroke-width="11"/>` +
    `<path d="M48 164 L152 164 L142 92 C140 78 126 70 100 70 C74 70 60 78 58 92 Z" fill="${W}"/>` +
    `<rect x="90" y="56" width="20" height="14" rx="5" fill="${W}"/>` +
    `<rect x="44" y="164" width="112" height="10" rx="4" fill="${ink}" opacity=".35"/>`,
  board: (ink) =>
    `<rect x="26" y="58" width="148" height="100" rx="24" fill="${W}"/>` +
    `<circle cx="150" cy="82" r="8" fill="${ink}" opacity=".4"/>` +
    `<path d="M44 100 C80 86 110 120 150 104 M44 126 C84 112 112 142 156 128" fill="none" stroke="${ink}" stroke-width="3" opacity=".15"/>`,
  lamp: (ink) =>
    `<circle cx="100" cy="110" r="60" fill="#fde68a" opacity=".2"/>` +
    `<path d="M62 36 L138 36 L160 98 L40 98 Z" fill="${W}"/>` +
    `<rect x="94" y="98" width="12" height="50" fill="${W}"/>` +
    `<path d="M64 172 C64 150 136 150 136 172 Z" fill="${W}"/>` +
    `<line x1="46" y1="84" x2="154" y2="84" stroke="${ink}" stroke-width="3" opacity=".2"/>`,
  container: (ink) =>
    `<rect x="36" y="86" width="128" height="78" rx="14" fill="${W}" opacity=".92"/>` +
    `<rect x="28" y="70" width="144" height="20" rx="8" fill="${W}"/>` +
    `<rect x="48" y="66" width="16" height="28" rx="4" fill="${ink}" opacity=".35"/><rect x="136" y="66" width="16" height="28" rx="4" fill="${ink}" opacity=".35"/>` +
    `<rect x="52" y="40" width="96" height="26" rx="6" fill="${W}" opacity=".6"/>`,
  headphones: (ink) =>
    `<path d="M40 122 C40 46 160 46 160 122" fill="none" stroke="${W}" stroke-width="12" stroke-linecap="round"/>` +
    `<rect x="26" y="106" width="38" height="60" rx="16" fill="${W}"/><rect x="136" y="106" width="38" height="60" rx="16" fill="${W}"/>` +
    `<rect x="52" y="112" width="10" height="48" rx="5" fill="${ink}" opacity=".3"/><rect x="138" y="112" width="10" height="48" rx="5" fill="${ink}" opacity=".3"/>`,
  speaker: (ink) =>
    `<rect x="36" y="52" width="128" height="110" rx="50" fill="${W}"/>` +
    Array.from({ length: 5 }, (_, row) =>
      Array.from({ length: 7 }, (_, col) => `<circle cx="${64 + col * 12}" cy="${82 + row * 12}" r="3.2" fill="${ink}" opacity=".3"/>`).join(""),
    ).join("") +
    `<rect x="84" y="40" width="32" height="10" rx="5" fill="${W}"/>`,
  watch: (ink) =>
    `<rect x="78" y="16" width="44" height="168" rx="14" fill="${W}" opacity=".7"/>` +
    `<rect x="54" y="56" width="92" height="88" rx="24" fill="${W}"/>` +
    `<rect x="64" y="66" width="72" height="68" rx="16" fill="${ink}" opacity=".85"/>` +
    `<path d="M100 82 L100 100 L114 108" fill="none" stroke="${W}" stroke-width="4" stroke-linecap="round"/>` +
    `<rect x="146" y="86" width="8" height="22" rx="3" fill="${W}"/>`,
  battery: (ink) =>
    `<rect x="54" y="26" width="92" height="148" rx="18" fill="${W}"/>` +
    `<path d="M106 58 L82 104 L100 104 L94 142 L120 92 L102 92 Z" fill="${ink}" opacity=".55"/>` +
    [0, 1, 2, 3].map((i) => `<circle cx="${82 + i * 12}" cy="160" r="3.5" fill="${ink}" opacity="${i < 3 ? 0.55 : 0.2}"/>`).join(""),
  charger: (ink) =>
    `<rect x="74" y="30" width="12" height="38" rx="4" fill="${W}"/><rect x="114" y="30" width="12" height="38" rx="4" fill="${W}"/>` +
    `<rect x="50" y="64" width="100" height="104" rx="20" fill="${W}"/>` +
    `<rect x="84" y="120" width="32" height="10" rx="5" fill="${ink}" opacity=".5"/>` +
    `<rect x="84" y="140" width="32" height="10" rx="5" fill="${ink}" opacity=".5"/>` +
    `<rect x="88" y="96" width="24" height="10" rx="2" fill="${ink}" opacity=".3"/>`,
  keyboard: (ink) =>
    `<rect x="14" y="62" width="172" height="82" rx="14" fill="${W}"/>` +
    Array.from({ length: 3 }, (_, row) =>
      Array.from({ length: 10 }, (_, col) => `<rect x="${26 + col * 15.4}" y="${74 + row * 16}" width="11" height="11" rx="2.5" fill="${ink}" opacity=".22"/>`).join(""),
    ).join("") +
    `<rect x="58" y="122" width="84" height="11" rx="3" fill="${ink}" opacity=".22"/>`,
  earbuds: (ink) =>
    `<circle cx="68" cy="78" r="28" fill="${W}"/><rect x="58" y="88" width="20" height="74" rx="10" fill="${W}"/>` +
    `<circle cx="132" cy="78" r="28" fill="${W}"/><rect x="122" y="88" width="20" height="74" rx="10" fill="${W}"/>` +
    `<circle cx="68" cy="74" r="10" fill="${ink}" opacity=".3"/><circle cx="132" cy="74" r="10" fill="${ink}" opacity=".3"/>`,
  camera: (ink) =>
    `<path d="M78 140 L122 140 L134 172 L66 172 Z" fill="${W}" opacity=".85"/>` +
    `<rect x="34" y="48" width="132" height="92" rx="40" fill="${W}"/>` +
    `<circle cx="100" cy="94" r="32" fill="${ink}" opacity=".85"/>` +
    `<circle cx="100" cy="94" r="14" fill="${W}" opacity=".25"/><circle cx="92" cy="86" r="5" fill="${W}" opacity=".6"/>` +
    `<circle cx="148" cy="66" r="4" fill="#4ade80"/>`,
  turntable: (ink) =>
    `<rect x="18" y="42" width="164" height="124" rx="12" fill="${W}"/>` +
    `<circle cx="86" cy="104" r="52" fill="${ink}" opacity=".85"/>` +
    `<circle cx="86" cy="104" r="38" fill="none" stroke="${W}" stroke-width="1.5" opacity=".2"/>` +
    `<circle cx="86" cy="104" r="14" fill="#fca5a5"/>` +
    `<path d="M160 58 L160 120 L128 140" fill="none" stroke="${ink}" stroke-width="5" stroke-linecap="round" opacity=".55"/>` +
    `<circle cx="160" cy="58" r="8" fill="${ink}" opacity=".55"/>`,
  book: (ink) =>
    `<path d="M46 26 L150 26 C156 26 160 30 160 36 L160 174 L56 174 C50 174 46 170 46 164 Z" fill="${W}"/>` +
    `<rect x="46" y="26" width="16" height="148" fill="${ink}" opacity=".3"/>` +
    `<rect x="80" y="56" width="62" height="8" rx="4" fill="${ink}" opacity=".35"/>` +
    `<rect x="80" y="72" width="44" height="6" rx="3" fill="${ink}" opacity=".2"/>` +
    `<path d="M56 174 L160 174 L160 164 L56 164" fill="none" stroke="${ink}" stroke-width="2" opacity=".2"/>`,
  openbook: (ink) =>
    `<path d="M100 56 C80 40 46 38 18 46 L18 156 C46 148 80 150 100 166 Z" fill="${W}"/>` +
    `<path d="M100 56 C120 40 154 38 182 46 L182 156 C154 148 120 150 100 166 Z" fill="${W}" opacity=".9"/>` +
    `<line x1="100" y1="56" x2="100" y2="166" stroke="${ink}" stroke-width="3" opacity=".3"/>` +
    [74, 92, 110, 128].map((y) => `<path d="M32 ${y} C52 ${y - 6} 72 ${y - 4} 88 ${y + 4} M112 ${y + 4} C128 ${y - 4} 148 ${y - 6} 168 ${y}" fill="none" stroke="${ink}" stroke-width="3" opacity=".18"/>`).join(""),
  dropper: (ink) =>
    `<rect x="90" y="20" width="20" height="44" rx="10" fill="${W}"/>` +
    `<rect x="82" y="62" width="36" height="24" rx="4" fill="${ink}" opacity=".5"/>` +
    `<rect x="62" y="84" width="76" height="90" rx="16" fill="${W}"/>` +
    `<rect x="74" y="112" width="52" height="36" rx="4" fill="${ink}" opacity=".18"/>`,
  jar: (ink) =>
    `<rect x="36" y="70" width="128" height="32" rx="10" fill="${W}" opacity=".85"/>` +
    `<rect x="42" y="98" width="116" height="72" rx="18" fill="${W}"/>` +
    `<rect x="62" y="118" width="76" height="30" rx="6" fill="${ink}" opacity=".18"/>` +
    `<line x1="36" y1="86" x2="164" y2="86" stroke="${ink}" stroke-width="2" opacity=".2"/>`,
  tube: (ink) =>
    `<path d="M66 26 L134 26 L124 150 L76 150 Z" fill="${W}"/>` +
    `<rect x="80" y="150" width="40" height="26" rx="6" fill="${ink}" opacity=".45"/>` +
    `<path d="M70 34 L130 34 M70 40 L130 40" stroke="${ink}" stroke-width="2" opacity=".25"/>` +
    `<rect x="84" y="76" width="32" height="46" rx="4" fill="${ink}" opacity=".15"/>`,
  pump: (ink) =>
    `<path d="M78 34 L140 34 L140 48 L104 48 L104 58 L94 58 L94 48 L78 48 Z" fill="${W}"/>` +
    `<rect x="88" y="56" width="24" height="20" fill="${ink}" opacity=".45"/>` +
    `<rect x="58" y="74" width="84" height="102" rx="20" fill="${W}"/>` +
    `<rect x="72" y="104" width="56" height="40" rx="6" fill="${ink}" opacity=".18"/>`,
  lipbalm: (ink) =>
    [60, 100, 140]
      .map((x, i) =>
        `<rect x="${x - 16}" y="${86 - i * 8}" width="32" height="${92 + i * 8}" rx="8" fill="${W}" opacity="${1 - i * 0.12}"/>` +
        `<path d="M${x - 12} ${86 - i * 8} L${x - 12} ${58 - i * 8} C${x - 12} ${46 - i * 8} ${x + 12} ${40 - i * 8} ${x + 12} ${54 - i * 8} L${x + 12} ${86 - i * 8} Z" fill="${["#fda4af", "#be123c", "#e7b9a0"][i]}"/>` +
        `<line x1="${x - 16}" y1="${108 - i * 8}" x2="${x + 16}" y2="${108 - i * 8}" stroke="${ink}" stroke-width="2" opacity=".25"/>`,
      )
      .join(""),
  dumbbell: (ink) =>
    `<rect x="50" y="92" width="100" height="16" rx="6" fill="${W}"/>` +
    `<rect x="28" y="58" width="28" height="84" rx="8" fill="${W}"/><rect x="144" y="58" width="28" height="84" rx="8" fill="${W}"/>` +
    `<rect x="12" y="72" width="18" height="56" rx="6" fill="${W}" opacity=".85"/><rect x="170" y="72" width="18" height="56" rx="6" fill="${W}" opacity=".85"/>` +
    `<path d="M80 92 L80 108 M90 92 L90 108 M100 92 L100 108 M110 92 L110 108 M120 92 L120 108" stroke="${ink}" stroke-width="2" opacity=".25"/>`,
  kettlebell: (ink) =>
    `<path d="M64 90 C56 30 144 30 136 90" fill="none" stroke="${W}" stroke-width="18"/>` +
    `<circle cx="100" cy="122" r="54" fill="${W}"/>` +
    `<rect x="64" y="170" width="72" height="8" rx="4" fill="${ink}" opacity=".35"/>` +
    `<circle cx="100" cy="122" r="18" fill="${ink}" opacity=".12"/>`,
  bands: () =>
    `<ellipse cx="100" cy="80" rx="70" ry="28" fill="none" stroke="${W}" stroke-width="12"/>` +
    `<ellipse cx="100" cy="110" rx="70" ry="28" fill="none" stroke="#fde68a" stroke-width="12" opacity=".9"/>` +
    `<ellipse cx="100" cy="140" rx="70" ry="28" fill="none" stroke="#fca5a5" stroke-width="12" opacity=".9"/>`,
  rope: (ink) =>
    `<path d="M40 70 C40 196 160 196 160 70" fill="none" stroke="${W}" stroke-width="5"/>` +
    `<rect x="30" y="22" width="20" height="54" rx="10" fill="${W}"/><rect x="150" y="22" width="20" height="54" rx="10" fill="${W}"/>` +
    `<rect x="30" y="60" width="20" height="10" fill="${ink}" opacity=".35"/><rect x="150" y="60" width="20" height="10" fill="${ink}" opacity=".35"/>`,
  roller: (ink) =>
    `<rect x="26" y="66" width="148" height="72" rx="36" fill="${W}"/>` +
    `<ellipse cx="160" cy="102" rx="14" ry="36" fill="${ink}" opacity=".15"/>` +
    Array.from({ length: 4 }, (_, row) =>
      Array.from({ length: 8 }, (_, col) => `<rect x="${46 + col * 13}" y="${78 + row * 13}" width="7" height="7" rx="1.5" fill="${ink}" opacity=".2"/>`).join(""),
    ).join(""),
  belt: (ink) =>
    `<path d="M14 92 C60 120 140 120 186 92" fill="none" stroke="${W}" stroke-width="16" stroke-linecap="round"/>` +
    `<rect x="62" y="96" width="76" height="50" rx="14" fill="${W}"/>` +
    `<path d="M70 108 L130 108" stroke="${ink}" stroke-width="3" opacity=".4"/>` +
    `<rect x="126" y="104" width="8" height="8" rx="2" fill="${ink}" opacity=".5"/>` +
    `<path d="M20 96 L36 104" stroke="#fde68a" stroke-width="4" opacity=".8"/>`,
  bar: (ink) =>
    `<rect x="14" y="50" width="20" height="100" rx="6" fill="${W}" opacity=".6"/><rect x="166" y="50" width="20" height="100" rx="6" fill="${W}" opacity=".6"/>` +
    `<rect x="24" y="66" width="152" height="14" rx="7" fill="${W}"/>` +
    `<rect x="40" y="62" width="30" height="22" rx="6" fill="${ink}" opacity=".35"/><rect x="130" y="62" width="30" height="22" rx="6" fill="${ink}" opacity=".35"/>` +
    `<path d="M84 80 L84 112 M116 80 L116 112" stroke="${W}" stroke-width="8" stroke-linecap="round"/>` +
    `<rect x="76" y="108" width="16" height="24" rx="6" fill="${ink}" opacity=".35"/><rect x="108" y="108" width="16" height="24" rx="6" fill="${ink}" opacity=".35"/>`,
};

const FONT = `system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif`;

/**
 * The n-th illustration of a product (n = 1…imageCount), as a standalone SVG document:
 * 1 is the hero (icon centred, name below), 2 a close-up with colour swatches,
 * 3 a spec card over a repeating pattern. No external fonts, images or URLs.
 */
export function productImageSvg(product: SeedProduct, n: number, colour?: string): string {
  const category = seedCategories.find((c) => c.slug === product.categorySlug);
  if (!category) throw new Error(`seed-data: unknown category ${product.categorySlug}`);
  const random = rng(`image:${product.slug}:${n}`);
  const hue = (hashString(product.slug) % 40) - 20; // ±20° so siblings differ but stay on-theme
  const from = shift(category.colors.from, hue, n === 2 ? -0.04 : 0);
  const to = shift(category.colors.to, hue, n === 3 ? -0.06 : 0);
  const ink = shift(category.colors.from, hue, -0.08);
  // A colour's picture draws the product in that colour (light ones keep an outline).
  const paint = colour ? COLORS[colour]?.hex : undefined;
  const drawn = ICONS[product.icon](ink);
  const icon = paint ? drawn.replaceAll(`fill="${W}"`, `fill="${paint}" stroke="#ffffff" stroke-width="2"`) : drawn;
  const name = escapeXml(colour ? `${product.name}, ${colour}` : product.name);
  const brand = escapeXml(product.brand.toUpperCase());
  const lines = wrap(product.name, 28, 2).map(escapeXml);
  const longest = Math.max(...lines.map((line) => line.length));
  const nameSize = longest <= 16 ? 50 : longest <= 21 ? 44 : 38;

  const circles = Array.from({ length: 5 }, () => {
    const r = 40 + random() * 160;
    return `<circle cx="${(random() * 800).toFixed(0)}" cy="${(random() * 800).toFixed(0)}" r="${r.toFixed(0)}" fill="#fff" opacity="${(0.04 + random() * 0.07).toFixed(2)}"/>`;
  }).join("");

  const gradient =
    n === 2
      ? `<linearGradient id="bg" x1="1" y1="0" x2="0" y2="1">`
      : n === 3
        ? `<linearGradient id="bg" x1="0" y1="1" x2="1" y2="0">`
        : `<linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">`;

  let body: string;
  if (n === 2) {
    // Close-up: large tilted icon, label top-left, available colours as swatches.
    const colours = colourOptions(product);
    const swatches = colours
      .map((c, i) => `<circle cx="${84 + i * 52}" cy="716" r="18" fill="${COLORS[c]?.hex ?? "#fff"}" stroke="#fff" stroke-width="4"/>`)
      .join("");
    body =
      `<g transform="translate(430 430) rotate(-10) scale(2.6) translate(-100 -100)">${icon}</g>` +
      `<text x="64" y="96" font-family="${FONT}" font-size="22" font-weight="600" letter-spacing="4" fill="#fff" opacity=".8">${brand}</text>` +
      wrap(product.name, 30, 2)
        .map((line, i) => `<text x="64" y="${140 + i * 42}" font-family="${FONT}" font-size="34" font-weight="700" fill="#fff">${escapeXml(line)}</text>`)
        .join("") +
      swatches;
  } else if (n === 3) {
    // Detail card: a faint pattern of the icon behind the first few specifications.
    const tiles = Array.from({ length: 16 }, (_, i) => {
      const x = (i % 4) * 200 + 100;
      const y = Math.floor(i / 4) * 200 + 100;
      return `<g transform="translate(${x} ${y}) rotate(${(i % 2 ? 12 : -12)}) scale(.55) translate(-100 -100)" opacity=".09">${icon}</g>`;
    }).join("");
    const specs = Object.entries(product.specifications).slice(0, 4);
    const rows = specs
      .map(([key, value], i) => {
        const y = 410 + i * 70;
        return (
          `<text x="150" y="${y}" font-family="${FONT}" font-size="20" font-weight="600" letter-spacing="2" fill="#fff" opacity=".7">${escapeXml(key.toUpperCase())}</text>` +
          `<text x="150" y="${y + 30}" font-family="${FONT}" font-size="26" fill="#fff">${escapeXml(wrap(value, 34, 1)[0] ?? "")}</text>`
        );
      })
      .join("");
    body =
      tiles +
      `<rect x="110" y="170" width="580" height="${250 + specs.length * 70}" rx="36" fill="#000" opacity=".18"/>` +
      `<g transform="translate(150 210) scale(.6)">${icon}</g>` +
      `<text x="290" y="250" font-family="${FONT}" font-size="22" font-weight="600" letter-spacing="4" fill="#fff" opacity=".8">${brand}</text>` +
      wrap(product.name, 24, 2)
        .map((line, i) => `<text x="290" y="${290 + i * 34}" font-family="${FONT}" font-size="28" font-weight="700" fill="#fff">${escapeXml(line)}</text>`)
        .join("") +
      rows;
  } else {
    // Hero: centred icon on a soft glow, brand and name underneath.
    const nameLines = lines
      .map((line, i) => `<text x="400" y="${(lines.length === 1 ? 676 : 650) + i * (nameSize + 10)}" text-anchor="middle" font-family="${FONT}" font-size="${nameSize}" font-weight="700" fill="#fff">${line}</text>`)
      .join("");
    body =
      `<circle cx="400" cy="320" r="230" fill="url(#glow)"/>` +
      `<g transform="translate(400 320) scale(1.9) translate(-100 -100)">${icon}</g>` +
      `<text x="400" y="${lines.length === 1 ? 610 : 590}" text-anchor="middle" font-family="${FONT}" font-size="22" font-weight="600" letter-spacing="5" fill="#fff" opacity=".8">${brand}</text>` +
      nameLines;
  }

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800" role="img" aria-label="${name}">` +
    `<title>${name}</title>` +
    `<defs>${gradient}<stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient>` +
    `<radialGradient id="glow"><stop offset="0" stop-color="#fff" stop-opacity=".28"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient></defs>` +
    `<rect width="800" height="800" fill="url(#bg)"/>` +
    circles +
    body +
    `</svg>`
  );
}

// ── Shipping zones and promotions (docs/decisions/011) ──────────────────────

export interface SeedShippingZone {
  id: string;
  name: string;
  countries: string[];
  methods: { id: string; name: string; amountCents: number; freeOverCents: number | null; minDays: number; maxDays: number }[];
}

/**
 * A zone per region, each with Standard (today's $5.99, free from $75, so the shop prices as it
 * always did when a shopper picks nothing) and Express. Ids are fixed, so a re-seed keeps them.
 */
export const seedShippingZones: SeedShippingZone[] = [
  {
    id: "shz_north_america",
    name: "North America",
    countries: ["US", "CA"],
    methods: [
      { id: "shm_na_standard", name: "Standard", amountCents: 599, freeOverCents: 7_500, minDays: 3, maxDays: 7 },
      { id: "shm_na_express", name: "Express", amountCents: 1_499, freeOverCents: null, minDays: 1, maxDays: 2 },
    ],
  },
  {
    id: "shz_europe",
    name: "Europe",
    countries: ["GB", "IE", "DE", "FR", "NL", "ES", "IT"],
    methods: [
      { id: "shm_eu_standard", name: "Standard", amountCents: 599, freeOverCents: 7_500, minDays: 4, maxDays: 8 },
      { id: "shm_eu_express", name: "Express", amountCents: 1_999, freeOverCents: null, minDays: 1, maxDays: 3 },
    ],
  },
  {
    id: "shz_asia_pacific",
    name: "Asia-Pacific",
    countries: ["AU", "NZ", "JP"],
    methods: [
      { id: "shm_apac_standard", name: "Standard", amountCents: 599, freeOverCents: 7_500, minDays: 6, maxDays: 12 },
      { id: "shm_apac_express", name: "Express", amountCents: 2_499, freeOverCents: null, minDays: 2, maxDays: 4 },
    ],
  },
];

export interface SeedPromotion {
  id: string;
  name: string;
  code: string | null;
  kind: "percent" | "fixed" | "free_shipping" | "buy_x_get_y" | "spend_get";
  value: number | null;
  minSubtotalCents: number | null;
  perCustomerLimit: number | null;
  usageLimit: number | null;
}

/** Codes to try locally; none automatic, so the seeded shop's prices stay as they were. */
export const seedPromotions: SeedPromotion[] = [
  { id: "pro_welcome10", name: "Welcome: 10% off", code: "WELCOME10", kind: "percent", value: 10, minSubtotalCents: null, perCustomerLimit: 1, usageLimit: null },
  { id: "pro_save20", name: "Spend $100, get $20 off", code: "SAVE20", kind: "spend_get", value: 2_000, minSubtotalCents: 10_000, perCustomerLimit: null, usageLimit: 500 },
  { id: "pro_shipfree", name: "Free shipping", code: "SHIPFREE", kind: "free_shipping", value: null, minSubtotalCents: 2_500, perCustomerLimit: null, usageLimit: 100 },
];
