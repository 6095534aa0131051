import { z } from "@hono/zod-openapi";
import { TRANSLATION_LANGUAGES } from "../languages";
import { lineField, textField } from "./catalog";

/**
 * Catalog translations: the admin API validates with these and the admin site's forms import
 * them. A blank description is stored as none, so the English one shows instead.
 */

const blankIsNone = (max: number) =>
  textField(0, max)
    .optional()
    .transform((value) => (value === undefined || value === "" ? null : value));

export const productTranslationBody = z
  .object({
    name: lineField(1, 200),
    description: blankIsNone(20_000).openapi({ type: "string", description: "Empty or absent: the English description shows" }),
  })
  .strict()
  .openapi("ProductTranslationRequest");

export const categoryTranslationBody = z
  .object({
    name: lineField(1, 80),
    description: blankIsNone(2000).openapi({ type: "string", description: "Empty or absent: the English description shows" }),
  })
  .strict()
  .openapi("CategoryTranslationRequest");

export const translationLanguageField = z.enum(TRANSLATION_LANGUAGES, {
  message: `Use one of ${TRANSLATION_LANGUAGES.join(", ")}; English is the item's own fields.`,
});

export const translationParams = z.object({ id: z.string().min(1).max(64), lang: translationLanguageField });

export const translationSchema = z
  .object({
    language: translationLanguageField,
    name: z.string(),
    description: z.string().nullable().openapi({ description: "Null: the English description shows" }),
    updatedAt: z.string(),
  })
  .openapi("Translation");

export const translationListSchema = z.object({ items: z.array(translationSchema) }).openapi("TranslationList");

export type ProductTranslationBody = z.infer<typeof productTranslationBody>;
export type CategoryTranslationBody = z.infer<typeof categoryTranslationBody>;
export type TranslationView = z.infer<typeof translationSchema>;
