/**
 * The D1 data model for the whole contract. Money is integer cents; timestamps are ISO 8601
 * UTC strings (they sort and compare as text). IDs are opaque strings minted by the Worker.
 * The FTS5 index over products lives in a hand-written migration (drizzle cannot express
 * virtual tables); see migrations/0001_products_fts.sql.
 */
import { sql } from "drizzle-orm";
import {
  EMAIL_STATUSES,
  FAILED_JOB_STATUSES,
  ORDER_STATUSES,
  PAYMENT_PROVIDERS,
  PAYMENT_STATUSES,
  REFUND_STATUSES,
} from "../domain/statuses";
import { RETURN_REASONS, RETURN_STATUSES } from "../domain/returns";
import { PROMOTION_KINDS, REDEMPTION_STATUSES, type AppliedDiscount } from "../domain/promotions";
import type { ShippingRate } from "../domain/shipping";
import { ROUNDING_RULES } from "../domain/markets";
import type { TaxRateUsed } from "../domain/tax";
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

const createdAt = () =>
  text("created_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);
const updatedAt = () =>
  text("updated_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

// ── Identity ────────────────────────────────────────────────────────────────

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    phone: text("phone"),
    role: text("role", { enum: ["customer", "admin"] }).notNull().default("customer"),
    /** PHC string: the algorithm and its parameters travel with the hash. */
    passwordHash: text("password_hash").notNull(),
    passwordChangedAt: text("password_changed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    index("users_role_created_idx").on(t.role, t.createdAt),
    index("users_created_idx").on(t.createdAt),
  ],
);

/**
 * Refresh tokens are random; only their SHA-256 is stored. Rotation links each token to its
 * successor through `familyId`; presenting a rotated token revokes the family.
 */
export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    familyId: text("family_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: text("expires_at").notNull(),
    rotatedAt: text("rotated_at"),
    revokedAt: text("revoked_at"),
    revokedReason: text("revoked_reason"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("refresh_tokens_hash_unique").on(t.tokenHash),
    index("refresh_tokens_family_idx").on(t.familyId),
    index("refresh_tokens_user_idx").on(t.userId),
  ],
);

export const passwordResetTokens = sqliteTable(
  "password_reset_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    expiresAt: text("expires_at").notNull(),
    usedAt: text("used_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("password_reset_tokens_hash_unique").on(t.tokenHash),
    index("password_reset_tokens_user_idx").on(t.userId),
  ],
);

// ── Catalog ─────────────────────────────────────────────────────────────────

export const categories = sqliteTable(
  "categories",
  {
    id: text("id").primaryKey(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("categories_slug_unique").on(t.slug)],
);

export const products = sqliteTable(
  "products",
  {
    id: text("id").primaryKey(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull(),
    categoryId: text("category_id")
      .notNull()
      .references(() => categories.id),
    brand: text("brand"),
    /** JSON object of display specifications, e.g. {"Weight": "1.2 kg"}. */
    specifications: text("specifications", { mode: "json" })
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'`),
    /** JSON array of image URLs, first one the primary. */
    images: text("images", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    currency: text("currency").notNull().default("USD"),
    /** Lowest active variant price: denormalised so listings sort and filter without a join. */
    priceCents: integer("price_cents").notNull(),
    /** Sum of the variants' available stock, copied from the inventory objects (not the authority). */
    available: integer("available").notNull().default(0),
    /** Maintained on every review write, so listings never aggregate reviews. */
    ratingAverageX100: integer("rating_average_x100").notNull().default(0),
    ratingCount: integer("rating_count").notNull().default(0),
    ratingSum: integer("rating_sum").notNull().default(0),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
    isFeatured: integer("is_featured", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("products_slug_unique").on(t.slug),
    index("products_category_active_price_idx").on(t.categoryId, t.isActive, t.priceCents),
    index("products_active_price_idx").on(t.isActive, t.priceCents),
    index("products_active_created_idx").on(t.isActive, t.createdAt),
    index("products_active_rating_idx").on(t.isActive, t.ratingAverageX100),
    index("products_brand_idx").on(t.brand),
    check("products_price_nonnegative", sql`${t.priceCents} >= 0`),
  ],
);

export const productVariants = sqliteTable(
  "product_variants",
  {
    sku: text("sku").primaryKey(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    title: text("title").notNull(),
    /** JSON object such as {"size": "M", "color": "Navy"}. */
    options: text("options", { mode: "json" })
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'`),
    priceCents: integer("price_cents").notNull(),
    /** Copy of the inventory object's available count, for listing filters only. */
    available: integer("available").notNull().default(0),
    position: integer("position").notNull().default(0),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("product_variants_product_idx").on(t.productId, t.position),
    index("product_variants_available_idx").on(t.available),
    check("product_variants_price_nonnegative", sql`${t.priceCents} >= 0`),
  ],
);

/**
 * A product's name and description in a language other than the default (the products
 * columns). Reads fall back to the default for a null description. search_* are the same text
 * cut into words for the index (workers/domain/word-segments.ts); migration 0012 keeps
 * products_fts in step with triggers.
 */
export const productTranslations = sqliteTable(
  "product_translations",
  {
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    language: text("language").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    searchName: text("search_name").notNull(),
    searchDescription: text("search_description").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.language] })],
);

/** A category's name and description in a language other than the default. */
export const categoryTranslations = sqliteTable(
  "category_translations",
  {
    categoryId: text("category_id")
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
    language: text("language").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.categoryId, t.language] })],
);

export const reviews = sqliteTable(
  "reviews",
  {
    id: text("id").primaryKey(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    rating: integer("rating").notNull(),
    title: text("title"),
    body: text("body").notNull(),
    verifiedPurchase: integer("verified_purchase", { mode: "boolean" }).notNull().default(false),
    isHidden: integer("is_hidden", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("reviews_product_user_unique").on(t.productId, t.userId),
    index("reviews_product_created_idx").on(t.productId, t.isHidden, t.createdAt),
    index("reviews_user_idx").on(t.userId),
    check("reviews_rating_range", sql`${t.rating} BETWEEN 1 AND 5`),
  ],
);

// ── Orders and payments ─────────────────────────────────────────────────────


export interface PostalAddress {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode: string;
  country: string;
}

/**
 * A shopper's saved addresses. An order never points here: it copies the address into its own
 * JSON columns, so editing or deleting a saved address leaves every placed order as it was.
 * The partial unique indexes make "one default shipping, one default billing" a fact of the
 * data, not only of the code that writes it.
 */
export const addresses = sqliteTable(
  "addresses",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    line1: text("line1").notNull(),
    line2: text("line2"),
    city: text("city").notNull(),
    region: text("region"),
    postalCode: text("postal_code").notNull(),
    country: text("country").notNull(),
    phone: text("phone"),
    isDefaultShipping: integer("is_default_shipping", { mode: "boolean" }).notNull().default(false),
    isDefaultBilling: integer("is_default_billing", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("addresses_user_created_idx").on(t.userId, t.createdAt),
    uniqueIndex("addresses_default_shipping_unique").on(t.userId).where(sql`${t.isDefaultShipping} = 1`),
    uniqueIndex("addresses_default_billing_unique").on(t.userId).where(sql`${t.isDefaultBilling} = 1`),
  ],
);

export const orders = sqliteTable(
  "orders",
  {
    id: text("id").primaryKey(),
    number: text("number").notNull(),
    /** Null for a guest's order until it is attached to an account (decision 012). */
    userId: text("user_id").references(() => users.id),
    /** The address a guest checked out with: where the order's emails go. */
    guestEmail: text("guest_email"),
    /** SHA-256 of the order token handed to the guest at checkout; the token itself is never stored. */
    guestTokenHash: text("guest_token_hash"),
    /** The guest cart the order was bought from, whose lines wait while it is charged. */
    guestCartId: text("guest_cart_id"),
    status: text("status", { enum: ORDER_STATUSES }).notNull().default("pending"),
    paymentStatus: text("payment_status", { enum: PAYMENT_STATUSES }).notNull().default("pending"),
    subtotalCents: integer("subtotal_cents").notNull(),
    taxCents: integer("tax_cents").notNull().default(0),
    shippingCents: integer("shipping_cents").notNull().default(0),
    totalCents: integer("total_cents").notNull(),
    refundedCents: integer("refunded_cents").notNull().default(0),
    currency: text("currency").notNull().default("USD"),
    shippingAddress: text("shipping_address", { mode: "json" }).$type<PostalAddress>().notNull(),
    billingAddress: text("billing_address", { mode: "json" }).$type<PostalAddress>(),
    paymentToken: text("payment_token"),
    /** The inventory reservation id shared by every line of this order. */
    reservationId: text("reservation_id").notNull(),
    reservationExpiresAt: text("reservation_expires_at").notNull(),
    /** The payment attempt in force: the first charge, or the latest "try another card". */
    paymentId: text("payment_id"),
    carrier: text("carrier"),
    trackingNumber: text("tracking_number"),
    paidAt: text("paid_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("orders_number_unique").on(t.number),
    index("orders_user_created_idx").on(t.userId, t.createdAt),
    index("orders_status_created_idx").on(t.status, t.createdAt),
    index("orders_created_idx").on(t.createdAt),
    index("orders_paid_at_idx").on(t.paidAt),
    index("orders_guest_email_created_idx").on(t.guestEmail, t.createdAt),
    check("orders_owner_present", sql`${t.userId} IS NOT NULL OR ${t.guestEmail} IS NOT NULL`),
  ],
);

/**
 * Tokens put in emailed order links, stored as SHA-256 only. A link proves that whoever opens
 * it reads the guest's mailbox, which the token returned at checkout does not (decision 012).
 */
export const orderLinks = sqliteTable(
  "order_links",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: createdAt(),
    openedAt: text("opened_at"),
  },
  (t) => [uniqueIndex("order_links_token_hash_unique").on(t.tokenHash), index("order_links_order_idx").on(t.orderId)],
);

export const orderLines = sqliteTable(
  "order_lines",
  {
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    sku: text("sku").notNull(),
    productId: text("product_id").notNull(),
    name: text("name").notNull(),
    variantTitle: text("variant_title").notNull(),
    unitPriceCents: integer("unit_price_cents").notNull(),
    quantity: integer("quantity").notNull(),
    lineTotalCents: integer("line_total_cents").notNull(),
    /** This line's share of the order's discounts: it cost `lineTotalCents − discountCents`. */
    discountCents: integer("discount_cents").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.sku] }),
    index("order_lines_product_idx").on(t.productId),
    check("order_lines_quantity_positive", sql`${t.quantity} > 0`),
  ],
);

export const orderHistory = sqliteTable(
  "order_history",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    status: text("status", { enum: ORDER_STATUSES }).notNull(),
    note: text("note"),
    actorId: text("actor_id"),
    at: createdAt(),
    /**
     * The lifecycle event that wrote this entry (workers/orders): a deterministic key, so a
     * redelivered job or a repeated click finds its event instead of making a second one.
     */
    eventKey: text("event_key"),
    kind: text("kind"),
    /** The order's status just before the event, read inside the same statement. */
    fromStatus: text("from_status", { enum: ORDER_STATUSES }),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
    /** Which call inserted the event: statements in its batch act only for that call. */
    nonce: text("nonce"),
    /** Set once every effect of the event ran; the sweep finishes events left without it. */
    effectsDoneAt: text("effects_done_at"),
  },
  (t) => [
    index("order_history_order_idx").on(t.orderId, t.id),
    uniqueIndex("order_history_event_key_unique").on(t.eventKey),
    index("order_history_effects_pending_idx").on(t.effectsDoneAt, t.at),
  ],
);

export const payments = sqliteTable(
  "payments",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    provider: text("provider", { enum: PAYMENT_PROVIDERS }).notNull(),
    providerRef: text("provider_ref"),
    amountCents: integer("amount_cents").notNull(),
    refundedCents: integer("refunded_cents").notNull().default(0),
    currency: text("currency").notNull().default("USD"),
    status: text("status", { enum: PAYMENT_STATUSES }).notNull().default("pending"),
    failureReason: text("failure_reason"),
    /** The stock hold this attempt charges for (a retry reserves again under a new id). */
    reservationId: text("reservation_id"),
    /** The card token this attempt charges (Stripe test tokens locally). */
    cardToken: text("card_token"),
    attempts: integer("attempts").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("payments_order_idx").on(t.orderId),
    uniqueIndex("payments_provider_ref_unique").on(t.provider, t.providerRef),
  ],
);

/**
 * One row per refund request. Its id is the gateway's idempotency key, so a retried refund
 * job never refunds twice.
 */
export const refunds = sqliteTable(
  "refunds",
  {
    id: text("id").primaryKey(),
    paymentId: text("payment_id")
      .notNull()
      .references(() => payments.id),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    amountCents: integer("amount_cents").notNull(),
    reason: text("reason").notNull(),
    status: text("status", { enum: REFUND_STATUSES }).notNull().default("pending"),
    providerRef: text("provider_ref"),
    failureReason: text("failure_reason"),
    actorId: text("actor_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("refunds_payment_idx").on(t.paymentId), index("refunds_order_idx").on(t.orderId)],
);

/** Stripe webhook events already accepted, so a redelivered event is acknowledged and ignored. */
/** A shopper's request to send back some of a delivered order's units (docs/decisions/010). */
export const returns = sqliteTable(
  "returns",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    status: text("status", { enum: RETURN_STATUSES }).notNull().default("requested"),
    note: text("note"),
    refundShipping: integer("refund_shipping", { mode: "boolean" }).notNull().default(false),
    /** The refund receiving it started (`ref_<return id>`); null until received. */
    refundId: text("refund_id"),
    refundCents: integer("refund_cents").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("returns_order_idx").on(t.orderId), index("returns_status_created_idx").on(t.status, t.createdAt)],
);

export const returnLines = sqliteTable(
  "return_lines",
  {
    returnId: text("return_id")
      .notNull()
      .references(() => returns.id, { onDelete: "cascade" }),
    sku: text("sku").notNull(),
    quantity: integer("quantity").notNull(),
    reason: text("reason", { enum: RETURN_REASONS }).notNull(),
    receivedQuantity: integer("received_quantity").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.returnId, t.sku] })],
);

export const webhookEvents = sqliteTable("webhook_events", {
  id: text("id").primaryKey(),
  provider: text("provider").notNull(),
  type: text("type").notNull(),
  receivedAt: createdAt(),
});

export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    message: text("message").notNull(),
    orderId: text("order_id"),
    /** Makes every notification's effect exactly-once under redelivery. */
    dedupeKey: text("dedupe_key").notNull(),
    readAt: text("read_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("notifications_dedupe_unique").on(t.dedupeKey),
    index("notifications_user_created_idx").on(t.userId, t.createdAt),
    index("notifications_user_unread_idx").on(t.userId, t.readAt),
  ],
);

export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: text("id").primaryKey(),
    /** One row per logical email: a redelivered job finds its row and never sends twice. */
    dedupeKey: text("dedupe_key").notNull(),
    to: text("to_address").notNull(),
    subject: text("subject").notNull(),
    template: text("template").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    status: text("status", { enum: EMAIL_STATUSES })
      .notNull()
      .default("queued"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    providerMessageId: text("provider_message_id"),
    /** When a consumer took the row for delivery; a stale claim (crashed consumer) is retaken. */
    claimedAt: text("claimed_at"),
    createdAt: createdAt(),
    sentAt: text("sent_at"),
  },
  (t) => [
    uniqueIndex("email_outbox_dedupe_unique").on(t.dedupeKey),
    index("email_outbox_created_idx").on(t.createdAt),
    index("email_outbox_status_idx").on(t.status, t.createdAt),
  ],
);

export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    userId: text("user_id").notNull(),
    key: text("key").notNull(),
    scope: text("scope").notNull(),
    requestHash: text("request_hash").notNull(),
    responseStatus: integer("response_status"),
    responseBody: text("response_body"),
    resourceId: text("resource_id"),
    createdAt: createdAt(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.scope, t.key] }), index("idempotency_expires_idx").on(t.expiresAt)],
);

/** Carts that got their first line, per UTC day (migration 0013): carts themselves live in Durable Objects. */
export const cartStarts = sqliteTable("cart_starts", {
  day: text("day").primaryKey(),
  carts: integer("carts").notNull().default(0),
});

/**
 * Searches that found products, per language and folded query (migration 0014), for the
 * search box's popular-search suggestions (decision 023).
 */
export const searchQueries = sqliteTable(
  "search_queries",
  {
    language: text("language").notNull(),
    query: text("query").notNull(),
    searches: integer("searches").notNull().default(1),
    results: integer("results").notNull(),
    lastSearchedAt: text("last_searched_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.language, t.query] }), index("search_queries_popular").on(t.language, t.searches, t.lastSearchedAt)],
);

export const failedJobs = sqliteTable(
  "failed_jobs",
  {
    id: text("id").primaryKey(),
    queue: text("queue").notNull(),
    messageId: text("message_id").notNull(),
    body: text("body", { mode: "json" }).$type<unknown>().notNull(),
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    status: text("status", { enum: FAILED_JOB_STATUSES }).notNull().default("failed"),
    retriedAt: text("retried_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("failed_jobs_queue_message_unique").on(t.queue, t.messageId),
    index("failed_jobs_status_created_idx").on(t.status, t.createdAt),
  ],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
    requestId: text("request_id"),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_log_created_idx").on(t.createdAt),
    index("audit_log_entity_idx").on(t.entityType, t.entityId),
    index("audit_log_actor_idx").on(t.actorId, t.createdAt),
  ],
);

// ── Promotions and shipping (docs/decisions/011) ───────────────────────────

export const promotions = sqliteTable(
  "promotions",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** Upper-cased; null for an automatic promotion. */
    code: text("code"),
    kind: text("kind", { enum: PROMOTION_KINDS }).notNull(),
    value: integer("value"),
    appliesTo: text("applies_to", { mode: "json" }).$type<{ productIds?: string[]; categoryIds?: string[] }>(),
    minSubtotalCents: integer("min_subtotal_cents"),
    startsAt: text("starts_at"),
    endsAt: text("ends_at"),
    usageLimit: integer("usage_limit"),
    perCustomerLimit: integer("per_customer_limit"),
    exclusive: integer("exclusive", { mode: "boolean" }).notNull().default(false),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    buyQuantity: integer("buy_quantity"),
    getQuantity: integer("get_quantity"),
    maxApplications: integer("max_applications"),
    /** Lower-cased; set when the code is issued to one customer (their account's email, or a guest's). */
    customerEmail: text("customer_email"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("promotions_code_unique").on(t.code), index("promotions_active_idx").on(t.active, t.code)],
);

/**
 * One row per order that used a promotion. `reserved` at checkout, `committed` when paid,
 * `released` when the order did not sell; the PromotionUsage object is the authority for the
 * total count, these rows answer "who used it" and the per-customer counts.
 */
export const promotionRedemptions = sqliteTable(
  "promotion_redemptions",
  {
    id: text("id").primaryKey(),
    promotionId: text("promotion_id")
      .notNull()
      .references(() => promotions.id),
    orderId: text("order_id").notNull(),
    userId: text("user_id"),
    email: text("email"),
    code: text("code"),
    amountCents: integer("amount_cents").notNull().default(0),
    status: text("status", { enum: REDEMPTION_STATUSES }).notNull().default("reserved"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("promotion_redemptions_promotion_order_unique").on(t.promotionId, t.orderId),
    index("promotion_redemptions_order_idx").on(t.orderId),
    index("promotion_redemptions_user_idx").on(t.promotionId, t.userId),
    index("promotion_redemptions_email_idx").on(t.promotionId, t.email),
  ],
);

export const shippingZones = sqliteTable("shipping_zones", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  countries: text("countries", { mode: "json" }).$type<string[]>().notNull(),
  position: integer("position").notNull().default(0),
  /** The market whose shoppers it ships to; its amounts are in that market's currency. */
  marketId: text("market_id").notNull().default("us"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const shippingMethods = sqliteTable(
  "shipping_methods",
  {
    id: text("id").primaryKey(),
    zoneId: text("zone_id")
      .notNull()
      .references(() => shippingZones.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    rate: text("rate", { mode: "json" }).$type<ShippingRate>().notNull(),
    freeOverCents: integer("free_over_cents"),
    minDays: integer("min_days"),
    maxDays: integer("max_days"),
    position: integer("position").notNull().default(0),
  },
  (t) => [index("shipping_methods_zone_idx").on(t.zoneId, t.position)],
);

/**
 * An order's discounts and shipping method, one row per order. A table of its own rather than
 * columns of `orders` because migration 0007 rebuilds `orders` with a fixed column list; no
 * foreign key, so that rebuild's DROP TABLE cannot cascade into it.
 */
export const orderPricing = sqliteTable("order_pricing", {
  orderId: text("order_id").primaryKey(),
  discountCents: integer("discount_cents").notNull().default(0),
  discounts: text("discounts", { mode: "json" }).$type<AppliedDiscount[]>().notNull().default(sql`'[]'`),
  shippingMethodId: text("shipping_method_id"),
  shippingMethodName: text("shipping_method_name"),
  /** The market the order was priced in, the language it speaks to the shopper, and its tax. */
  marketId: text("market_id").notNull().default("us"),
  language: text("language").notNull().default("en"),
  taxInclusive: integer("tax_inclusive", { mode: "boolean" }).notNull().default(false),
  /** The rates the order's tax used (decision 013), so later rate changes never alter it. */
  taxRates: text("tax_rates", { mode: "json" }).$type<TaxRateUsed[]>().notNull().default(sql`'[]'`),
});

// ── Markets ─────────────────────────────────────────────────────────────────

/** docs/decisions/013-markets.md. Countries, languages and rates are small JSON values read whole. */
export const markets = sqliteTable(
  "markets",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    currency: text("currency").notNull(),
    countries: text("countries", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    languages: text("languages", { mode: "json" }).$type<string[]>().notNull().default(sql`'["en"]'`),
    defaultLanguage: text("default_language").notNull().default("en"),
    taxInclusive: integer("tax_inclusive", { mode: "boolean" }).notNull().default(false),
    /** Basis points by destination country. */
    taxRates: text("tax_rates", { mode: "json" }).$type<Record<string, number>>().notNull().default(sql`'{}'`),
    taxShipping: integer("tax_shipping", { mode: "boolean" }).notNull().default(true),
    /** Units of this market's currency per base (USD) unit, in millionths: 0.92 EUR → 920000. */
    exchangeRateMicros: integer("exchange_rate_micros").notNull().default(1_000_000),
    rounding: text("rounding", { enum: ROUNDING_RULES }).notNull().default("exact"),
    isBase: integer("is_base", { mode: "boolean" }).notNull().default(false),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check("markets_rate_positive", sql`${t.exchangeRateMicros} > 0`)],
);

/** A price an admin set for one variant in one market, instead of the derived one. */
export const variantPrices = sqliteTable(
  "variant_prices",
  {
    marketId: text("market_id")
      .notNull()
      .references(() => markets.id, { onDelete: "cascade" }),
    sku: text("sku")
      .notNull()
      .references(() => productVariants.sku, { onDelete: "cascade" }),
    priceMinor: integer("price_minor").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.marketId, t.sku] }),
    index("variant_prices_sku_idx").on(t.sku),
    check("variant_prices_nonnegative", sql`${t.priceMinor} >= 0`),
  ],
);

export type User = typeof users.$inferSelect;
export type Role = User["role"];

// ── Edge cache ──────────────────────────────────────────────────────────────

/**
 * One counter per cached scope (e.g. "catalog"). It is part of every edge-cache key, and a
 * write bumps it in the same batch as the change, so the next read misses the old entries
 * everywhere at once. See docs/decisions/004-catalog-search-and-cache.md.
 */
export const cacheVersions = sqliteTable("cache_versions", {
  scope: text("scope").primaryKey(),
  version: integer("version").notNull().default(0),
  updatedAt: updatedAt(),
});
