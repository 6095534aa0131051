/**
 * Seeds the LOCAL D1 database and R2 bucket that `wrangler dev` uses with the demo catalog
 * from seed-data.ts, but only when the database is empty (no users and no products), so it
 * is safe to run on every `npm start`.
 *
 *   npm run seed          (migrations must be applied first; `npm start` does both)
 *
 * Dev account credentials can be overridden with SEED_ADMIN_EMAIL, SEED_ADMIN_PASSWORD,
 * SEED_SHOPPER_EMAIL and SEED_SHOPPER_PASSWORD.
 */
import { randomBytes } from "node:crypto";
import { resolve as resolvePath } from "node:path";
import { fileURLToPath } from "node:url";
import { Argon2Type } from "@phi-ag/argon2";
import initializeArgon2 from "@phi-ag/argon2/node";
import { count, eq, getTableColumns, inArray } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { V4WorkerOptions } from "miniflare";
import * as schema from "../workers/db/schema.ts";
import { ARGON2ID_PARAMS, PASSWORD_MIN_LENGTH } from "../workers/domain/password-policy.ts";
import { segmentForIndex } from "../workers/domain/word-segments.ts";
import { seedCategoryTranslations, seedProductTranslations } from "./seed-translations.ts";
import {
  productImages,
  productImageSvg,
  seedCategories,
  seedCustomers,
  seedProducts,
  seedPromotions,
  seedReviews,
  seedShippingZones,
} from "./seed-data.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

type Db = DrizzleD1Database<typeof schema>;

// ── Dev accounts ───────────────────────────────────────────────────────────

export interface DevAccount {
  role: "admin" | "customer";
  name: string;
  email: string;
  password: string;
}

/** The two sign-in accounts for local development (env overrides applied, emails lowercased). */
export function devAccounts(env: Record<string, string | undefined> = process.env): DevAccount[] {
  return [
    {
      role: "admin",
      name: "Store Admin",
      email: (env.SEED_ADMIN_EMAIL || "admin@example.com").trim().toLowerCase(),
      password: env.SEED_ADMIN_PASSWORD || "admin-dev-password",
    },
    {
      role: "customer",
      name: "Sam Shopper",
      email: (env.SEED_SHOPPER_EMAIL || "shopper@example.com").trim().toLowerCase(),
      password: env.SEED_SHOPPER_PASSWORD || "shopper-dev-password",
    },
  ];
}

// ── Helpers ────────────────────────────────────────────────────────────────

/** Same format as workers/lib/ids.ts (copied so this script needs no Worker modules). */
const ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
function newId(prefix: string): string {
  const time = Date.now().toString(32).toUpperCase().padStart(10, "0");
  const random = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => ID_ALPHABET[b & 31]).join("");
  return `${prefix}_${time}${random}`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Timestamps in the schema's format: ISO 8601 UTC with milliseconds. */
function daysAgo(now: number, days: number): string {
  return new Date(now - days * DAY_MS).toISOString();
}

/**
 * D1 allows about 100 bound parameters per statement. Drizzle binds at most one parameter per
 * column per row (literal column defaults included), so a multi-row insert may carry at
 * most floor(100 / columns) rows.
 */
const MAX_BOUND_PARAMETERS = 100;

function insertChunks<T extends SQLiteTable>(db: Db, table: T, rows: T["$inferInsert"][]): BatchItem<"sqlite">[] {
  const columns = Object.keys(getTableColumns(table)).length;
  const rowsPerStatement = Math.max(1, Math.floor(MAX_BOUND_PARAMETERS / columns));
  const statements: BatchItem<"sqlite">[] = [];
  for (let i = 0; i < rows.length; i += rowsPerStatement) {
    statements.push(db.insert(table).values(rows.slice(i, i + rowsPerStatement)));
  }
  return statements;
}

async function mapInGroups<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? word : pluralWord}`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

/** Drizzle wraps driver errors ("Failed query: …"); the D1 message is in the cause chain. */
function errorText(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e; e = e instanceof Error ? e.cause : undefined) parts.push(String(e));
  return parts.join(" ← ");
}

// ── Seeding ────────────────────────────────────────────────────────────────

export interface SeedSummary {
  seeded: boolean;
  users: number;
  products: number;
}

/** Counts users and products; a missing table means the migrations have not been applied. */
async function existingCounts(db: Db): Promise<{ users: number; products: number }> {
  try {
    const [users] = await db.select({ n: count() }).from(schema.users);
    const [products] = await db.select({ n: count() }).from(schema.products);
    return { users: users?.n ?? 0, products: products?.n ?? 0 };
  } catch (error) {
    if (errorText(error).includes("no such table")) {
      throw new Error(
        "The local database has no tables yet. Apply the migrations first: " +
          "`wrangler d1 migrations apply DB --local` (or run `npm start`, which does it).",
        { cause: error },
      );
    }
    throw error;
  }
}

/** Seeds `d1` and `images` with the demo catalog when the database has no users and no products. */
export async function seedIfEmpty(
  d1: D1Database,
  images: R2Bucket,
  log: (line: string) => void = console.log,
): Promise<SeedSummary> {
  const db = drizzle(d1, { schema });
  const existing = await existingCounts(db);
  if (existing.users > 0 || existing.products > 0) {
    log(
      `Database already has data (${plural(existing.users, "user")}, ${plural(existing.products, "product")}); ` +
        "skipping the seed. Run `npm run reset` to start again from an empty database.",
    );
    return { seeded: false, ...existing };
  }

  const started = Date.now();
  const now = Date.now();
  log("Database is empty: seeding demo data.");

  // Images first: if anything below fails, the database stays empty and the next run
  // simply uploads them again (same keys), so a half-finished seed is never skipped.
  const uploads = seedProducts.flatMap((product) =>
    productImages(product).map(({ key, n, colour }) => ({ key, svg: productImageSvg(product, n, colour) })),
  );
  let imageBytes = 0;
  await mapInGroups(uploads, 16, async ({ key, svg }) => {
    imageBytes += Buffer.byteLength(svg);
    await images.put(key, svg, { httpMetadata: { contentType: "image/svg+xml" } });
  });
  log(`  ✓ ${plural(uploads.length, "product image")} uploaded to R2 (${(imageBytes / 1024).toFixed(0)} KiB, products/<slug>-<n>.svg)`);

  // Users. Review authors get a random password nobody knows: they exist to own reviews.
  const argon2 = await initializeArgon2();
  const hash = (password: string) =>
    argon2.hash(password, { ...ARGON2ID_PARAMS, type: Argon2Type.Argon2id }).encoded;
  const accounts = devAccounts();
  for (const account of accounts) {
    if (account.password.length < PASSWORD_MIN_LENGTH) {
      throw new Error(`The ${account.role} dev password must be at least ${PASSWORD_MIN_LENGTH} characters.`);
    }
  }
  const userRows: (typeof schema.users.$inferInsert)[] = [
    ...accounts.map((account, i) => {
      const createdAt = daysAgo(now, 300 - i * 40);
      return { id: newId("usr"), email: account.email, name: account.name, role: account.role, passwordHash: hash(account.password), createdAt, updatedAt: createdAt };
    }),
    ...seedCustomers.map((customer) => {
      const createdAt = daysAgo(now, customer.createdDaysAgo);
      return {
        id: newId("usr"),
        email: customer.email.toLowerCase(),
        name: customer.name,
        role: "customer" as const,
        passwordHash: hash(randomBytes(32).toString("base64url")),
        createdAt,
        updatedAt: createdAt,
      };
    }),
  ];
  const userIdByEmail = new Map(userRows.map((u) => [u.email, u.id]));

  // Catalog.
  const categoryIdBySlug = new Map(seedCategories.map((c) => [c.slug, newId("cat")]));
  const categoryRows: (typeof schema.categories.$inferInsert)[] = seedCategories.map((c) => ({
    id: categoryIdBySlug.get(c.slug)!,
    slug: c.slug,
    name: c.name,
    description: c.description,
    sortOrder: c.sortOrder,
  }));

  const reviewsBySlug = groupBy(seedReviews, (r) => r.productSlug);
  const productIdBySlug = new Map(seedProducts.map((p) => [p.slug, newId("prd")]));
  const productRows: (typeof schema.products.$inferInsert)[] = seedProducts.map((p) => {
    const ratings = (reviewsBySlug.get(p.slug) ?? []).map((r) => r.rating);
    const ratingSum = ratings.reduce((sum, r) => sum + r, 0);
    const createdAt = daysAgo(now, p.createdDaysAgo);
    return {
      id: productIdBySlug.get(p.slug)!,
      slug: p.slug,
      name: p.name,
      description: p.description,
      categoryId: categoryIdBySlug.get(p.categorySlug)!,
      brand: p.brand,
      specifications: p.specifications,
      images: productImages(p).map((image) => image.url),
      currency: "USD",
      priceCents: Math.min(...p.variants.map((v) => v.priceCents)),
      available: p.variants.reduce((sum, v) => sum + v.stock, 0),
      ratingCount: ratings.length,
      ratingSum,
      ratingAverageX100: ratings.length ? Math.round((ratingSum / ratings.length) * 100) : 0,
      isActive: true,
      isFeatured: p.isFeatured,
      createdAt,
      updatedAt: createdAt,
    };
  });

  // Translations (decision 015): the index's words are cut here as the admin API cuts them.
  const categoryTranslationRows: (typeof schema.categoryTranslations.$inferInsert)[] = Object.entries(seedCategoryTranslations).flatMap(
    ([slug, byLanguage]) =>
      Object.entries(byLanguage).map(([language, text]) => ({
        categoryId: categoryIdBySlug.get(slug)!,
        language,
        name: text.name,
        description: text.description ?? null,
      })),
  );
  const productTranslationRows: (typeof schema.productTranslations.$inferInsert)[] = Object.entries(seedProductTranslations).flatMap(
    ([slug, byLanguage]) =>
      Object.entries(byLanguage).map(([language, text]) => ({
        productId: productIdBySlug.get(slug)!,
        language,
        name: text.name,
        description: text.description ?? null,
        searchName: segmentForIndex(text.name),
        searchDescription: segmentForIndex(text.description ?? ""),
      })),
  );

  const variantRows: (typeof schema.productVariants.$inferInsert)[] = seedProducts.flatMap((p) =>
    p.variants.map((v) => {
      const createdAt = daysAgo(now, p.createdDaysAgo);
      return {
        sku: v.sku,
        productId: productIdBySlug.get(p.slug)!,
        title: v.title,
        options: v.options,
        priceCents: v.priceCents,
        available: v.stock,
        position: v.position,
        isActive: true,
        createdAt,
        updatedAt: createdAt,
      };
    }),
  );

  // No orders are seeded, so no review is a verified purchase.
  const reviewRows: (typeof schema.reviews.$inferInsert)[] = seedReviews.map((r) => {
    const createdAt = daysAgo(now, r.createdDaysAgo);
    return {
      id: newId("rev"),
      productId: productIdBySlug.get(r.productSlug)!,
      userId: userIdByEmail.get(r.authorEmail)!,
      rating: r.rating,
      title: r.title,
      body: r.body,
      verifiedPurchase: false,
      createdAt,
      updatedAt: createdAt,
    };
  });

  // One batch is one transaction: either everything lands or nothing does. The FTS
  // triggers from migration 0001 index each product as it is inserted.
  const statements = [
    ...insertChunks(db, schema.users, userRows),
    ...insertChunks(db, schema.categories, categoryRows),
    ...insertChunks(db, schema.products, productRows),
    ...insertChunks(db, schema.productVariants, variantRows),
    ...insertChunks(db, schema.categoryTranslations, categoryTranslationRows),
    ...insertChunks(db, schema.productTranslations, productTranslationRows),
    ...insertChunks(db, schema.reviews, reviewRows),
    // Migration 0006 holds the base market's one default zone; the seed replaces it with a zone
    // per region. The other markets' zones (migration 0011) stay as they are.
    db.delete(schema.shippingMethods).where(
      inArray(schema.shippingMethods.zoneId, db.select({ id: schema.shippingZones.id }).from(schema.shippingZones).where(eq(schema.shippingZones.marketId, "us"))),
    ),
    db.delete(schema.shippingZones).where(eq(schema.shippingZones.marketId, "us")),
    ...insertChunks(
      db,
      schema.shippingZones,
      seedShippingZones.map((zone, position) => ({ id: zone.id, name: zone.name, countries: zone.countries, position })),
    ),
    ...insertChunks(
      db,
      schema.shippingMethods,
      seedShippingZones.flatMap((zone) =>
        zone.methods.map((method, position) => ({
          id: method.id,
          zoneId: zone.id,
          name: method.name,
          rate: { kind: "flat" as const, amountCents: method.amountCents },
          freeOverCents: method.freeOverCents,
          minDays: method.minDays,
          maxDays: method.maxDays,
          position,
        })),
      ),
    ),
    ...insertChunks(db, schema.promotions, seedPromotions.map((promotion) => ({ ...promotion }))),
  ];
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);

  const units = variantRows.reduce((sum, v) => sum + (v.available ?? 0), 0);
  const soldOut = variantRows.filter((v) => v.available === 0).length;
  const lowStock = variantRows.filter((v) => (v.available ?? 0) > 0 && (v.available ?? 0) <= 3).length;
  const averageRating = reviewRows.reduce((sum, r) => sum + r.rating, 0) / reviewRows.length;
  log(`  ✓ ${plural(userRows.length, "user")}: ${accounts.map((a) => `${a.email} (${a.role})`).join(", ")}, ${seedCustomers.length} review authors`);
  log(`  ✓ ${plural(categoryRows.length, "category", "categories")}, ${plural(productRows.length, "product")} (${productRows.filter((p) => p.isFeatured).length} featured)`);
  log(`  ✓ de, fr and ja for every category and ${plural(Object.keys(seedProductTranslations).length, "product")}`);
  log(`  ✓ ${plural(variantRows.length, "variant")}: ${units.toLocaleString("en-US")} units in stock, ${soldOut} sold out, ${lowStock} low (1-3 left)`);
  log(`  ✓ ${plural(reviewRows.length, "review")} on ${reviewsBySlug.size} products, average ${averageRating.toFixed(2)}★`);
  log(`  (${statements.length} insert statements in one D1 batch, ${((Date.now() - started) / 1000).toFixed(1)}s)`);
  return { seeded: true, users: userRows.length, products: productRows.length };
}

/** Where `wrangler dev` persists (STOREFRONT_STATE_DIR, default .wrangler/state). */
export function stateDir(): string {
  return process.env.STOREFRONT_STATE_DIR ? resolvePath(process.env.STOREFRONT_STATE_DIR) : `${root}.wrangler/state`;
}

/**
 * Opens the D1 database and R2 bucket that `wrangler dev` persists, and nothing else. Not
 * wrangler's getPlatformProxy: that starts a placeholder Worker with every binding in
 * wrangler.toml, Durable Objects included, and workerd warns that the placeholder exports none
 * of their classes ("no such Durable Object class is exported"). The bindings' ids come from
 * wrangler.toml through wrangler itself, and the persistence root is the one `wrangler dev
 * --persist-to` uses (<state>/v3), so both open the same files.
 */
async function openLocalStorage(): Promise<{ d1: D1Database; images: R2Bucket; dispose: () => Promise<void> }> {
  const previousLogLevel = process.env.WRANGLER_LOG;
  process.env.WRANGLER_LOG = "error";
  const { unstable_getMiniflareWorkerOptions } = await import("wrangler");
  // wrangler builds Miniflare 4-shaped worker options (Miniflare converts them) and types
  // them loosely; these three are the ones the seed needs.
  const { compatibilityDate, d1Databases, r2Buckets } = unstable_getMiniflareWorkerOptions(`${root}wrangler.toml`).workerOptions as Pick<
    V4WorkerOptions,
    "compatibilityDate" | "d1Databases" | "r2Buckets"
  >;
  if (previousLogLevel === undefined) delete process.env.WRANGLER_LOG;
  else process.env.WRANGLER_LOG = previousLogLevel;
  const { convertV4MiniflareOptions, Log, LogLevel, Miniflare } = await import("miniflare");
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      resourcePersistencePath: `${stateDir()}/v3`,
      log: new Log(LogLevel.ERROR),
      // The placeholder Request.cf: otherwise Miniflare fetches workers.cloudflare.com/cf.json.
      cf: false,
      workers: [
        {
          name: "storefront-seed",
          modules: true,
          script: "export default { fetch() { return new Response(null, { status: 404 }); } };",
          compatibilityDate,
          d1Databases,
          r2Buckets,
        },
      ],
    }),
  );
  // Miniflare types its bindings with its own copy of the Workers types; they are the same API.
  const images = (await mf.getR2Bucket("IMAGES")) as unknown as R2Bucket;
  return { d1: await mf.getD1Database("DB"), images, dispose: () => mf.dispose() };
}

export async function seedLocal(log: (line: string) => void = console.log): Promise<SeedSummary> {
  const storage = await openLocalStorage();
  let summary: SeedSummary;
  try {
    summary = await seedIfEmpty(storage.d1, storage.images, log);
  } finally {
    await storage.dispose();
  }
  // Stock lives in the Inventory Durable Objects, which are the Worker's: seed-stock.ts
  // starts the Worker on the same state and sets it through the admin API.
  const { seedInventoryIfNeeded } = await import("./seed-stock.ts");
  const admin = devAccounts().find((account) => account.role === "admin")!;
  await seedInventoryIfNeeded({ justSeeded: summary.seeded, admin, log });
  return summary;
}

if (import.meta.main) {
  try {
    await seedLocal();
  } catch (error) {
    console.error(`Seeding failed: ${errorText(error)}`);
    process.exitCode = 1;
  }
}
