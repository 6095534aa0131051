import { z } from "@hono/zod-openapi";
import { MAX_FILTER_VALUES, RATING_THRESHOLDS } from "../facets";
import { SEARCH_QUERY_MAX_LENGTH } from "../search-query";
import { SLUG_MAX_LENGTH, slugPattern } from "../slug";
import { pageOf, pagingQuery, safeRecord } from "./common";

/**
 * Catalog, search and review schemas: the API validates with them and the site's forms import
 * them, so this file stays free of server-only imports.
 */

// ── Text and scalar fields ──────────────────────────────────────────────────

/** C0 and C1 controls, DEL; multi-line text keeps tab and newline. */
// eslint-disable-next-line no-control-regex -- these match the control characters the fields refuse
const controlInLine = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- as above, except tab and newline
const controlInText = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const noControls = "Control characters are not allowed.";

/** Trimmed single-line text without control characters. */
export function lineField(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min, min === 1 ? "This cannot be empty." : `Use at least ${min} characters.`)
    .max(max, `Use at most ${max} characters.`)
    .refine((value) => !controlInLine.test(value), noControls);
}

/** Trimmed multi-line plain text: newlines normalised to \n, other controls refused. */
export function textField(min: number, max: number) {
  return z
    .string()
    .overwrite((value) => value.replace(/\r\n?/g, "\n"))
    .trim()
    .min(min, min === 1 ? "This cannot be empty." : `Use at least ${min} characters.`)
    .max(max, `Use at most ${max} characters.`)
    .refine((value) => !controlInText.test(value), noControls);
}

export const slugField = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(SLUG_MAX_LENGTH)
  .regex(slugPattern, "Use lower-case letters, digits and single hyphens.")
  .openapi({ example: "trail-runner-2" });

/** SKUs are stored upper-case, so "abc-1" and "ABC-1" cannot become two SKUs. */
export const skuField = z
  .string()
  .trim()
  .toUpperCase()
  .min(1, "Enter a SKU.")
  .max(64, "Use at most 64 characters.")
  .regex(/^[A-Z0-9][A-Z0-9._-]*$/, "Use letters, digits, '.', '_' and '-'.")
  .openapi({ example: "APP-TSHIRT-ORG-M" });

export const MAX_PRICE_CENTS = 100_000_000;
export const priceCentsField = z
  .number()
  .int("Prices are whole cents.")
  .min(0)
  .max(MAX_PRICE_CENTS)
  .openapi({ description: "Integer minor units", example: 2499 });

export const currencyField = z
  .string()
  .regex(/^[A-Z]{3}$/, "Use an ISO 4217 code such as USD.")
  .openapi({ example: "USD" });

const idField = z.string().min(1).max(64);

const optionsField = safeRecord(lineField(1, 30), lineField(1, 60))
  .refine((value) => Object.keys(value).length <= 5, "At most 5 options.")
  .openapi({ example: { size: "M", color: "Navy" } });

const specificationsField = safeRecord(lineField(1, 60), lineField(0, 500))
  .refine((value) => Object.keys(value).length <= 50, "At most 50 specifications.")
  .openapi({ example: { Weight: "1.2 kg" } });

// ── Categories ──────────────────────────────────────────────────────────────

export const categorySchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    sortOrder: z.number().int(),
    productCount: z.number().int().openapi({ description: "Active products in the category" }),
  })
  .openapi("Category");

export const categoryListSchema = z.object({ items: z.array(categorySchema) }).openapi("CategoryList");

export const createCategoryBody = z
  .object({
    name: lineField(1, 80),
    slug: slugField.optional().openapi({ description: "Derived from the name when omitted" }),
    description: textField(0, 2000).optional(),
    sortOrder: z.number().int().min(-10_000).max(10_000).optional(),
  })
  .strict()
  .openapi("CreateCategoryRequest");

export const updateCategoryBody = z
  .object({
    name: lineField(1, 80).optional(),
    slug: slugField.optional(),
    description: textField(0, 2000).optional(),
    sortOrder: z.number().int().min(-10_000).max(10_000).optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, "Change at least one field.")
  .openapi("UpdateCategoryRequest");

// ── Products ────────────────────────────────────────────────────────────────

export const variantInput = z
  .object({
    sku: skuField,
    title: lineField(1, 120).optional().openapi({ description: "Defaults to the option values, or 'Default'" }),
    options: optionsField.optional(),
    priceCents: priceCentsField,
    initialStock: z.number().int().min(0).max(1_000_000).optional(),
    position: z.number().int().min(0).max(1000).optional(),
  })
  .strict()
  .openapi("VariantInput");

export const MAX_VARIANTS = 100;
export const MAX_IMAGES = 20;

export const createProductBody = z
  .object({
    name: lineField(1, 200),
    slug: slugField.optional().openapi({ description: "Derived from the name when omitted" }),
    description: textField(0, 20_000),
    categoryId: idField,
    brand: lineField(1, 80).optional(),
    specifications: specificationsField.optional(),
    currency: currencyField.optional(),
    isFeatured: z.boolean().optional(),
    variants: z.array(variantInput).min(1, "Add at least one variant.").max(MAX_VARIANTS),
  })
  .strict()
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.variants.forEach((variant, index) => {
      if (seen.has(variant.sku)) {
        ctx.addIssue({ code: "custom", path: ["variants", index, "sku"], message: "This SKU appears twice." });
      }
      seen.add(variant.sku);
    });
  })
  .openapi("CreateProductRequest");

export const updateProductBody = z
  .object({
    name: lineField(1, 200).optional(),
    slug: slugField.optional(),
    description: textField(0, 20_000).optional(),
    categoryId: idField.optional(),
    brand: lineField(1, 80).nullable().optional(),
    specifications: specificationsField.optional(),
    currency: currencyField.optional(),
    isFeatured: z.boolean().optional(),
    isActive: z.boolean().optional().openapi({ description: "false deactivates, true reactivates" }),
    images: z
      .array(z.string().max(300))
      .max(MAX_IMAGES)
      .optional()
      .openapi({ description: "Reorder or remove uploaded images; only URLs the product already has" }),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, "Change at least one field.")
  .openapi("UpdateProductRequest");

export const updateVariantBody = z
  .object({
    title: lineField(1, 120).optional(),
    options: optionsField.optional(),
    priceCents: priceCentsField.optional(),
    position: z.number().int().min(0).max(1000).optional(),
    isActive: z.boolean().optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, "Change at least one field.")
  .openapi("UpdateVariantRequest");

const categoryRef = z.object({ id: z.string(), slug: z.string(), name: z.string() }).openapi("CategoryRef");

export const variantSummary = z
  .object({ sku: z.string(), title: z.string(), priceCents: z.number().int(), available: z.number().int() })
  .openapi("VariantSummary");

export const variantSchema = z
  .object({
    sku: z.string(),
    title: z.string(),
    options: z.record(z.string(), z.string()),
    priceCents: z.number().int(),
    available: z.number().int(),
    position: z.number().int(),
    isActive: z.boolean(),
  })
  .openapi("Variant");

export const productListItem = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    priceCents: z.number().int().openapi({ description: "Lowest active variant price" }),
    currency: z.string(),
    category: categoryRef,
    brand: z.string().nullable(),
    image: z.string().nullable(),
    ratingAverage: z.number().openapi({ example: 4.33 }),
    ratingCount: z.number().int(),
    available: z.number().int().openapi({ description: "Sum over variants (a copy; the inventory objects are the authority)" }),
    isActive: z.boolean(),
    variants: z.array(variantSummary),
    highlight: z
      .string()
      .optional()
      .openapi({ description: "With a search: HTML-escaped text whose only markup is <mark> around the matches" }),
  })
  .openapi("ProductListItem");

export const productSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    priceCents: z.number().int(),
    currency: z.string(),
    category: categoryRef,
    brand: z.string().nullable(),
    images: z.array(z.string()),
    specifications: z.record(z.string(), z.string()),
    ratingAverage: z.number(),
    ratingCount: z.number().int(),
    available: z.number().int(),
    variants: z.array(variantSchema),
    isActive: z.boolean(),
    isFeatured: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Product");

export const facetsSchema = z
  .object({
    categories: z.array(z.object({ slug: z.string(), name: z.string(), count: z.number().int() })),
    brands: z.array(z.object({ name: z.string(), count: z.number().int() })),
    ratings: z
      .array(z.object({ minRating: z.number().int(), count: z.number().int() }))
      .openapi({ description: "For each of minRating=4, 3, 2, 1: how many products are rated at least that" }),
    price: z
      .object({ minCents: z.number().int().nullable(), maxCents: z.number().int().nullable() })
      .openapi({ description: "The lowest and highest price among the current results, every filter applied; null when there are none" }),
  })
  .openapi("Facets", {
    description:
      "Categories, brands and ratings are counted under the current filters except their own dimension's (disjunctive faceting: the counts say what choosing one more value would add); the price range describes the current results",
  });

export const productListSchema = pageOf(productListItem)
  .extend({
    facets: facetsSchema,
    fuzzy: z.boolean().openapi({ description: "True when typo-tolerant matching contributed to the results" }),
  })
  .openapi("ProductList");

export const productSorts = ["relevance", "price_asc", "price_desc", "newest", "rating"] as const;
export type ProductSort = (typeof productSorts)[number];

const queryBoolean = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1")
  .openapi({ type: "boolean" });
const queryCents = z
  .string()
  .regex(/^\d{1,9}$/, "Use a whole, non-negative number of cents.")
  .transform(Number)
  .openapi({ type: "integer", minimum: 0 });

export const searchText = z
  .string()
  .max(SEARCH_QUERY_MAX_LENGTH, `Search for at most ${SEARCH_QUERY_MAX_LENGTH} characters.`)
  .openapi({ example: "trail shoes" });

/** Catalog reads' language; an unsupported one means English rather than a 400. */
export const langQueryField = z
  .string()
  .max(35)
  .optional()
  .openapi({ description: "de, fr or ja (else Accept-Language decides; English when neither names a supported language)", example: "de" });


/**
 * A filter that takes several values, as the parameter repeated (`brand=a&brand=b`): a value
 * may itself contain a comma, and an HTML form's checkboxes send exactly this. A product
 * matches when it has any of the values; duplicates are dropped.
 */
function multiValue<T extends z.ZodType<string>>(field: T, description: string) {
  return z
    .union([field, z.array(field).min(1).max(MAX_FILTER_VALUES, `Choose at most ${MAX_FILTER_VALUES}.`)])
    .transform((value) => [...new Set(Array.isArray(value) ? value : [value])])
    .openapi({ type: "array", items: { type: "string" }, description: `${description}; repeat the parameter for several (any of them matches, at most ${MAX_FILTER_VALUES})` });
}

const listingFilterFields = {
  lang: langQueryField,
  category: multiValue(slugField, "Category slug").optional(),
  brand: multiValue(lineField(1, 80), "Brand, any case").optional(),
  minRating: z
    .string()
    .refine((value) => RATING_THRESHOLDS.some((threshold) => String(threshold) === value), `Use one of ${RATING_THRESHOLDS.join(", ")}.`)
    .transform(Number)
    .optional()
    .openapi({ type: "integer", minimum: 1, maximum: 4, description: "Only products rated at least this (average stars)" }),
  minPrice: queryCents.optional(),
  maxPrice: queryCents.optional(),
  inStock: queryBoolean.optional().openapi({ description: "true: only products with stock; false or absent: all" }),
  sort: z.enum(productSorts).optional().openapi({
    description: "Default: relevance (with q: best match first; without: featured, then newest)",
  }),
};

const priceBoundsInOrder = (value: { minPrice?: number; maxPrice?: number }) =>
  value.minPrice === undefined || value.maxPrice === undefined || value.minPrice <= value.maxPrice;
const priceBoundsIssue = { message: "minPrice must not exceed maxPrice.", path: ["minPrice"] };

export const productListQuery = pagingQuery
  .extend({
    q: searchText.optional(),
    ...listingFilterFields,
    includeInactive: queryBoolean.optional().openapi({ description: "Admins only: also list deactivated products" }),
  })
  .refine(priceBoundsInOrder, priceBoundsIssue);

export const searchQuery = pagingQuery
  .extend({ q: searchText.trim().min(1, "Enter something to search for."), ...listingFilterFields })
  .refine(priceBoundsInOrder, priceBoundsIssue);

export const suggestQuery = z.object({ q: searchText.trim().min(1, "Enter something to search for."), lang: langQueryField });

export const suggestionSchema = z
  .object({ id: z.string(), slug: z.string(), name: z.string(), image: z.string().nullable(), priceCents: z.number().int(), currency: z.string() })
  .openapi("Suggestion");
export const suggestListSchema = z
  .object({
    items: z.array(suggestionSchema).openapi({ description: "Products whose name or brand starts with the typed words first" }),
    categories: z
      .array(z.object({ slug: z.string(), name: z.string() }))
      .openapi({ description: "Categories with active products whose name starts with the typed words" }),
    queries: z
      .array(z.object({ query: z.string().openapi({ example: "crew tee" }) }))
      .openapi({ description: "Searches shoppers ran in this language that found products, starting with the typed words, most searched first" }),
  })
  .openapi("SuggestionList");

export const popularQueriesQuery = z.object({
  q: searchText.optional().openapi({ description: "A search that found nothing: past searches sharing the most word starts with it come first" }),
  lang: langQueryField,
});
export const popularQueriesSchema = z
  .object({ items: z.array(z.object({ query: z.string() })).openapi({ description: "Most searched first" }) })
  .openapi("PopularQueries");

export const imageUploadResponse = z.object({ url: z.string().openapi({ example: "/images/products/prd_1/abc.webp" }) }).openapi("ImageUpload");

export type CreateProductBody = z.infer<typeof createProductBody>;
export type UpdateProductBody = z.infer<typeof updateProductBody>;
export type VariantInput = z.infer<typeof variantInput>;
export type ProductListItem = z.infer<typeof productListItem>;
export type ProductView = z.infer<typeof productSchema>;
export type ProductListQuery = z.infer<typeof productListQuery>;
export type CategoryView = z.infer<typeof categorySchema>;

// ── Reviews ─────────────────────────────────────────────────────────────────

export const REVIEW_BODY_MAX_LENGTH = 5000;
const ratingField = z.number().int().min(1, "Rate from 1 to 5.").max(5, "Rate from 1 to 5.");

export const createReviewBody = z
  .object({
    rating: ratingField,
    title: lineField(1, 120).optional(),
    body: textField(1, REVIEW_BODY_MAX_LENGTH).openapi({ description: "Plain text; stored and returned as written" }),
  })
  .strict()
  .openapi("CreateReviewRequest");

export const updateReviewBody = z
  .object({
    rating: ratingField.optional(),
    title: lineField(1, 120).nullable().optional(),
    body: textField(1, REVIEW_BODY_MAX_LENGTH).optional(),
    isHidden: z.boolean().optional().openapi({ description: "Admins only: hide from the product page and its rating" }),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, "Change at least one field.")
  .openapi("UpdateReviewRequest");

export const reviewSchema = z
  .object({
    id: z.string(),
    productId: z.string(),
    rating: z.number().int(),
    title: z.string().nullable(),
    body: z.string().openapi({ description: "Plain text: render it as text, never as HTML" }),
    author: z.object({ name: z.string() }),
    verifiedPurchase: z.boolean(),
    isHidden: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Review");

export const ownReviewSchema = z
  .object({ review: reviewSchema.nullable().openapi({ description: "The caller's review of the product, hidden or not; null before they write one" }) })
  .openapi("OwnReview");

export const ratingDistributionSchema = z
  .object({ "1": z.number().int(), "2": z.number().int(), "3": z.number().int(), "4": z.number().int(), "5": z.number().int() })
  .openapi("RatingDistribution");

export const reviewListSchema = pageOf(reviewSchema)
  .extend({ ratingAverage: z.number(), ratingCount: z.number().int(), distribution: ratingDistributionSchema })
  .openapi("ReviewList");

export const reviewModerationQuery = pagingQuery.extend({
  productId: idField.optional(),
  product: z
    .string()
    .trim()
    .max(100, "Use at most 100 characters.")
    .optional()
    .openapi({ description: "Part of the product's name, any case" }),
  hidden: queryBoolean.optional(),
});

export const adminReviewListSchema = pageOf(reviewSchema).openapi("AdminReviewList");

export type ReviewView = z.infer<typeof reviewSchema>;
