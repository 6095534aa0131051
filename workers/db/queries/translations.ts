import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../factory";
import type { TranslationLanguage } from "../../domain/languages";
import type { CategoryTranslationBody, ProductTranslationBody, TranslationView } from "../../domain/schemas/translations";
import { segmentForIndex } from "../../domain/word-segments";
import { categoryTranslations, productTranslations } from "../schema";

/**
 * Catalog translations for the admin. Shopper reads never call these: they join the
 * translation of their language into the catalog queries (queries/catalog.ts).
 */

type Row = { language: string; name: string; description: string | null; updatedAt: string };
const view = (row: Row): TranslationView => ({ ...row, language: row.language as TranslationView["language"] });

const now = () => new Date().toISOString();

export async function listProductTranslations(db: Db, productId: string): Promise<TranslationView[]> {
  const rows = await db
    .select({ language: productTranslations.language, name: productTranslations.name, description: productTranslations.description, updatedAt: productTranslations.updatedAt })
    .from(productTranslations)
    .where(eq(productTranslations.productId, productId))
    .orderBy(asc(productTranslations.language));
  return rows.map(view);
}

/**
 * The write that sets a product's translation (insert or replace), with the words of its text
 * cut for the index; batch it with the cache purge and the audit entry.
 */
export function putProductTranslation(db: Db, productId: string, language: TranslationLanguage, body: ProductTranslationBody) {
  const values = {
    name: body.name,
    description: body.description,
    searchName: segmentForIndex(body.name),
    searchDescription: segmentForIndex(body.description ?? ""),
    updatedAt: now(),
  };
  return db
    .insert(productTranslations)
    .values({ productId, language, ...values })
    .onConflictDoUpdate({ target: [productTranslations.productId, productTranslations.language], set: values });
}

export function deleteProductTranslation(db: Db, productId: string, language: TranslationLanguage) {
  return db
    .delete(productTranslations)
    .where(and(eq(productTranslations.productId, productId), eq(productTranslations.language, language)))
    .returning({ language: productTranslations.language });
}

export async function listCategoryTranslations(db: Db, categoryId: string): Promise<TranslationView[]> {
  const rows = await db
    .select({ language: categoryTranslations.language, name: categoryTranslations.name, description: categoryTranslations.description, updatedAt: categoryTranslations.updatedAt })
    .from(categoryTranslations)
    .where(eq(categoryTranslations.categoryId, categoryId))
    .orderBy(asc(categoryTranslations.language));
  return rows.map(view);
}

export function putCategoryTranslation(db: Db, categoryId: string, language: TranslationLanguage, body: CategoryTranslationBody) {
  const values = { name: body.name, description: body.description, updatedAt: now() };
  return db
    .insert(categoryTranslations)
    .values({ categoryId, language, ...values })
    .onConflictDoUpdate({ target: [categoryTranslations.categoryId, categoryTranslations.language], set: values });
}

export function deleteCategoryTranslation(db: Db, categoryId: string, language: TranslationLanguage) {
  return db
    .delete(categoryTranslations)
    .where(and(eq(categoryTranslations.categoryId, categoryId), eq(categoryTranslations.language, language)))
    .returning({ language: categoryTranslations.language });
}

