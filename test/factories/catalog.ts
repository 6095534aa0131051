/**
 * Catalog test data made through the admin API, the way the admin section makes it. Names,
 * slugs and SKUs are unique per call, so tests in one file never see each other's rows in
 * filters and searches that use them.
 */
import { expect } from "vitest";
import { api, createAdmin, refreshSession, type TestSession } from "../helpers";

let counter = 0;
/** A word that occurs nowhere else: letters only, so FTS5 indexes it as one token. */
export function uniqueWord(prefix = "zq"): string {
  counter += 1;
  const letters = (Date.now() * 1000 + counter * 7919 + Math.floor(Math.random() * 997))
    .toString(26)
    .replace(/[0-9]/g, (digit) => "qrstuvwxyz"[Number(digit)]!);
  return `${prefix}${letters}`;
}

export function uniqueSku(prefix = "T"): string {
  return `${prefix}-${uniqueWord("").toUpperCase()}`;
}

let adminSession: { session: Promise<TestSession>; issuedAt: number } | undefined;
/**
 * One admin per test file: signing up costs a password hash. Access tokens live 30 s, longer
 * than some files take, so the session is refreshed once its token is 20 s old.
 */
export function admin(): Promise<TestSession> {
  const now = Date.now();
  if (!adminSession) adminSession = { session: createAdmin(), issuedAt: now };
  else if (now - adminSession.issuedAt > 20_000) adminSession = { session: adminSession.session.then(refreshSession), issuedAt: now };
  return adminSession.session;
}

export interface CategoryView {
  id: string;
  slug: string;
  name: string;
  description: string;
  productCount: number;
}

export async function createCategory(overrides: { name?: string; slug?: string; description?: string } = {}): Promise<CategoryView> {
  const word = uniqueWord("cat");
  const response = await api("/categories", {
    method: "POST",
    token: (await admin()).accessToken,
    json: { name: overrides.name ?? `Category ${word}`, slug: overrides.slug ?? word, description: overrides.description },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as CategoryView;
}

export interface VariantSpec {
  sku?: string;
  title?: string;
  options?: Record<string, string>;
  priceCents?: number;
  initialStock?: number;
}

export interface ProductSpec {
  name?: string;
  slug?: string;
  description?: string;
  categoryId?: string;
  brand?: string;
  specifications?: Record<string, string>;
  isFeatured?: boolean;
  variants?: VariantSpec[];
}

export interface ProductView {
  id: string;
  slug: string;
  name: string;
  description: string;
  priceCents: number;
  currency: string;
  category: { id: string; slug: string; name: string };
  brand: string | null;
  images: string[];
  specifications: Record<string, string>;
  ratingAverage: number;
  ratingCount: number;
  available: number;
  variants: { sku: string; title: string; options: Record<string, string>; priceCents: number; available: number; isActive: boolean }[];
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The JSON body createProduct would send, for tests that post it themselves. */
export async function productBody(spec: ProductSpec = {}) {
  const word = uniqueWord("prd");
  return {
    name: spec.name ?? `Product ${word}`,
    slug: spec.slug ?? word,
    description: spec.description ?? "A product made by a test factory.",
    categoryId: spec.categoryId ?? (await createCategory()).id,
    ...(spec.brand !== undefined ? { brand: spec.brand } : {}),
    ...(spec.specifications !== undefined ? { specifications: spec.specifications } : {}),
    ...(spec.isFeatured !== undefined ? { isFeatured: spec.isFeatured } : {}),
    variants: (spec.variants ?? [{}]).map((variant) => ({
      sku: variant.sku ?? uniqueSku(),
      priceCents: variant.priceCents ?? 1999,
      ...(variant.title !== undefined ? { title: variant.title } : {}),
      ...(variant.options !== undefined ? { options: variant.options } : {}),
      ...(variant.initialStock !== undefined ? { initialStock: variant.initialStock } : {}),
    })),
  };
}

export async function createProduct(spec: ProductSpec = {}): Promise<ProductView> {
  const response = await api("/products", { method: "POST", token: (await admin()).accessToken, json: await productBody(spec) });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as ProductView;
}

export async function patchProduct(id: string, patch: Record<string, unknown>): Promise<ProductView> {
  const response = await api(`/products/${id}`, { method: "PATCH", token: (await admin()).accessToken, json: patch });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as ProductView;
}

export interface ListItem {
  id: string;
  slug: string;
  name: string;
  priceCents: number;
  brand: string | null;
  ratingAverage: number;
  ratingCount: number;
  available: number;
  category: { id: string; slug: string; name: string };
  image: string | null;
  variants: { sku: string; title: string; priceCents: number; available: number }[];
  highlight?: string;
}

export interface ListResponse {
  items: ListItem[];
  page: number;
  limit: number;
  total: number;
  fuzzy: boolean;
  facets: {
    categories: { slug: string; name: string; count: number }[];
    brands: { name: string; count: number }[];
    ratings: { minRating: number; count: number }[];
    price: { minCents: number | null; maxCents: number | null };
  };
}

/** An anonymous GET that must succeed, parsed. */
export async function getJson<T>(path: string, init: { token?: string } = {}): Promise<T> {
  const response = await api(path, init);
  expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
  return (await response.json()) as T;
}

export const listOf = (path: string, init: { token?: string } = {}) => getJson<ListResponse>(path, init);
