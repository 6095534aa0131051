import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, problemOf, registerUser, type TestSession } from "./helpers";
import { admin, createProduct, getJson, patchProduct, uniqueWord, type ProductView } from "./factories/catalog";

interface Review {
  id: string;
  productId: string;
  rating: number;
  title: string | null;
  body: string;
  author: { name: string };
  verifiedPurchase: boolean;
  isHidden: boolean;
  createdAt: string;
  updatedAt: string;
}

interface ReviewList {
  items: Review[];
  page: number;
  limit: number;
  total: number;
  ratingAverage: number;
  ratingCount: number;
  distribution: Record<"1" | "2" | "3" | "4" | "5", number>;
}

async function review(session: TestSession, productId: string, json: Record<string, unknown>): Promise<Review> {
  const response = await api(`/products/${productId}/reviews`, { method: "POST", token: session.accessToken, json });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Review;
}

/** The product's stored aggregate, and what it should be recomputed from its visible reviews. */
async function aggregates(productId: string) {
  const stored = await env.DB.prepare("SELECT rating_sum AS sum, rating_count AS count, rating_average_x100 AS x100 FROM products WHERE id = ?")
    .bind(productId)
    .first<{ sum: number; count: number; x100: number }>();
  const actual = await env.DB.prepare(
    "SELECT coalesce(sum(rating), 0) AS sum, count(*) AS count FROM reviews WHERE product_id = ? AND is_hidden = 0",
  )
    .bind(productId)
    .first<{ sum: number; count: number }>();
  return { stored, actual };
}

async function expectAggregate(productId: string, sum: number, count: number, x100: number) {
  const { stored, actual } = await aggregates(productId);
  expect(stored).toEqual({ sum, count, x100 });
  expect(actual).toEqual({ sum, count });
}

/** An order placed straight into D1 (checkout belongs to another module). */
async function placeOrder(userId: string, product: ProductView, status: string) {
  const orderId = `ord_${crypto.randomUUID()}`;
  const variant = product.variants[0]!;
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO orders (id, number, user_id, status, subtotal_cents, total_cents, shipping_address, reservation_id, reservation_expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).bind(orderId, `ORD-${orderId.slice(-8)}`, userId, status, variant.priceCents, variant.priceCents, JSON.stringify({ name: "A", line1: "1 St", city: "X", postalCode: "1", country: "GB" }), `res_${orderId}`, new Date().toISOString()),
    env.DB.prepare(
      `INSERT INTO order_lines (order_id, sku, product_id, name, variant_title, unit_price_cents, quantity, line_total_cents)
       VALUES (?, ?, ?, ?, ?, ?, 1, ?)`,
    ).bind(orderId, variant.sku, product.id, product.name, variant.title, variant.priceCents, variant.priceCents),
  ]);
}

describe("POST /products/:id/reviews", () => {
  it("stores a review as plain text and updates the product's rating in the same write", async () => {
    const product = await createProduct();
    const shopper = await registerUser({ name: "Sam Shopper" });
    const created = await review(shopper, product.id, {
      rating: 4,
      title: "  <b>Great</b>  ",
      body: "  Fits well.\r\nWould buy again <script>alert(1)</script>\tthanks  ",
    });
    expect(created).toMatchObject({
      productId: product.id,
      rating: 4,
      title: "<b>Great</b>",
      body: "Fits well.\nWould buy again <script>alert(1)</script>\tthanks",
      author: { name: "Sam Shopper" },
      verifiedPurchase: false,
      isHidden: false,
    });
    await expectAggregate(product.id, 4, 1, 400);
    expect(await getJson(`/products/${product.id}`)).toMatchObject({ ratingAverage: 4, ratingCount: 1 });
    const list = await getJson<ReviewList>(`/products/${product.slug}/reviews`);
    expect(list.items[0]!.body).toBe(created.body);
  });

  it("allows one review per user and product (409), and 409s a second posted at the same time", async () => {
    const product = await createProduct();
    const shopper = await registerUser();
    await review(shopper, product.id, { rating: 5, body: "Love it" });
    const again = await api(`/products/${product.id}/reviews`, { method: "POST", token: shopper.accessToken, json: { rating: 1, body: "Changed my mind" } });
    expect(again.status).toBe(409);
    await expectAggregate(product.id, 5, 1, 500);

    const other = await createProduct();
    const racer = await registerUser();
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((rating) => api(`/products/${other.id}/reviews`, { method: "POST", token: racer.accessToken, json: { rating, body: "Race" } })),
    );
    expect(results.map((response) => response.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const { stored, actual } = await aggregates(other.id);
    expect(stored).toMatchObject(actual!);
    expect(actual!.count).toBe(1);
  });

  it("marks a verified purchase only for paid, processing, shipped or delivered orders with the product", async () => {
    const product = await createProduct();
    const cases: [string | null, boolean][] = [
      ["delivered", true],
      ["paid", true],
      ["processing", true],
      ["shipped", true],
      ["pending", false],
      ["cancelled", false],
      ["payment_failed", false],
      [null, false],
    ];
    for (const [status, verified] of cases) {
      const shopper = await registerUser();
      if (status) await placeOrder(shopper.user.id, product, status);
      const created = await review(shopper, product.id, { rating: 3, body: `Ordered: ${status}` });
      expect(created.verifiedPurchase, String(status)).toBe(verified);
    }
    // Buying a different product does not count.
    const shopper = await registerUser();
    await placeOrder(shopper.user.id, await createProduct(), "delivered");
    expect((await review(shopper, product.id, { rating: 3, body: "Other product" })).verifiedPurchase).toBe(false);
  });

  it("404s an unknown or deactivated product, for reading and writing", async () => {
    const product = await createProduct();
    const shopper = await registerUser();
    await patchProduct(product.id, { isActive: false });
    expect((await api(`/products/${product.id}/reviews`)).status).toBe(404);
    expect((await api(`/products/${product.id}/reviews`, { method: "POST", token: shopper.accessToken, json: { rating: 5, body: "x" } })).status).toBe(404);
    expect((await api("/products/prd_nope/reviews")).status).toBe(404);
    expect((await api("/products/prd_nope/reviews", { method: "POST", token: shopper.accessToken, json: { rating: 5, body: "x" } })).status).toBe(404);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM reviews WHERE product_id = ?").bind(product.id).first("n")).toBe(0);
  });

  it.each([
    [{ rating: 0, body: "x" }, "rating"],
    [{ rating: 6, body: "x" }, "rating"],
    [{ rating: 4.5, body: "x" }, "rating"],
    [{ rating: "5", body: "x" }, "rating"],
    [{ body: "x" }, "rating"],
    [{ rating: 5 }, "body"],
    [{ rating: 5, body: "   \n\t " }, "body"],
    [{ rating: 5, body: "x".repeat(5001) }, "body"],
    [{ rating: 5, body: "bell \u0007 here" }, "body"],
    [{ rating: 5, body: "null \u0000 byte" }, "body"],
    [{ rating: 5, body: "escape \u001b[31m" }, "body"],
    [{ rating: 5, body: "ok", title: "two\nlines" }, "title"],
    [{ rating: 5, body: "ok", title: "x".repeat(121) }, "title"],
    [{ rating: 5, body: "ok", verifiedPurchase: true }, "(root)"],
  ])("400 for %j, storing nothing", async (json, path) => {
    const product = await createProduct();
    const shopper = await registerUser();
    const response = await api(`/products/${product.id}/reviews`, { method: "POST", token: shopper.accessToken, json });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.map((error) => error.path)).toContain(path);
    await expectAggregate(product.id, 0, 0, 0);
  });

  it("needs a signed-in user", async () => {
    const product = await createProduct();
    expect((await api(`/products/${product.id}/reviews`, { method: "POST", json: { rating: 5, body: "x" } })).status).toBe(401);
  });
});

describe("GET /products/:id/reviews", () => {
  it("pages visible reviews newest first, with the aggregate and a full distribution", async () => {
    const product = await createProduct();
    const ratings = [5, 5, 4, 1];
    const created: Review[] = [];
    for (const rating of ratings) created.push(await review(await registerUser(), product.id, { rating, body: `Rated ${rating}` }));
    const hiddenOne = await review(await registerUser(), product.id, { rating: 2, body: "To be hidden" });
    const hide = await api(`/reviews/${hiddenOne.id}`, { method: "PATCH", token: (await admin()).accessToken, json: { isHidden: true } });
    expect(hide.status).toBe(200);

    const first = await getJson<ReviewList>(`/products/${product.id}/reviews?limit=3`);
    expect(first).toMatchObject({ page: 1, limit: 3, total: 4, ratingAverage: 3.75, ratingCount: 4, distribution: { "1": 1, "2": 0, "3": 0, "4": 1, "5": 2 } });
    expect(first.items.map((item) => item.id)).toEqual([created[3]!.id, created[2]!.id, created[1]!.id]);
    const second = await getJson<ReviewList>(`/products/${product.id}/reviews?limit=3&page=2`);
    expect(second.items.map((item) => item.id)).toEqual([created[0]!.id]);
    expect([...first.items, ...second.items].map((item) => item.id)).not.toContain(hiddenOne.id);
  });

  it("400s out-of-range paging", async () => {
    const product = await createProduct();
    for (const query of ["limit=0", "limit=101", "page=0", "page=x"]) {
      expect((await api(`/products/${product.id}/reviews?${query}`)).status, query).toBe(400);
    }
  });
});

describe("GET /products/:id/reviews/mine", () => {
  it("answers the caller's own review by id or slug, hidden ones included, and null for anyone else", async () => {
    const product = await createProduct();
    const author = await registerUser();
    const other = await registerUser();
    expect(await getJson<{ review: Review | null }>(`/products/${product.id}/reviews/mine`, { token: author.accessToken })).toEqual({ review: null });
    const written = await review(author, product.id, { rating: 4, title: "Mine", body: "My words." });
    const mine = await api(`/products/${product.slug}/reviews/mine`, { token: author.accessToken });
    expect(mine.status).toBe(200);
    expect(mine.headers.get("cache-control")).toBe("private, no-store");
    expect(await mine.json()).toEqual({ review: written });
    expect(await getJson<{ review: Review | null }>(`/products/${product.id}/reviews/mine`, { token: other.accessToken })).toEqual({ review: null });

    const hide = await api(`/reviews/${written.id}`, { method: "PATCH", token: (await admin()).accessToken, json: { isHidden: true } });
    expect(hide.status).toBe(200);
    const hidden = await getJson<{ review: Review | null }>(`/products/${product.id}/reviews/mine`, { token: author.accessToken });
    expect(hidden.review).toMatchObject({ id: written.id, isHidden: true });
  });

  it("needs a signed-in user and 404s an unknown or deactivated product", async () => {
    const product = await createProduct();
    const shopper = await registerUser();
    await review(shopper, product.id, { rating: 5, body: "Gone soon." });
    expect((await api(`/products/${product.id}/reviews/mine`)).status).toBe(401);
    expect((await api("/products/prd_nope/reviews/mine", { token: shopper.accessToken })).status).toBe(404);
    await patchProduct(product.id, { isActive: false });
    expect((await api(`/products/${product.id}/reviews/mine`, { token: shopper.accessToken })).status).toBe(404);
  });
});

describe("PATCH and DELETE /reviews/:id", () => {
  it("lets the author edit, adjusting the aggregate by the difference", async () => {
    const product = await createProduct();
    const author = await registerUser();
    await review(await registerUser(), product.id, { rating: 5, body: "Other" });
    const mine = await review(author, product.id, { rating: 2, title: "Meh", body: "Meh" });
    await expectAggregate(product.id, 7, 2, 350);
    const response = await api(`/reviews/${mine.id}`, { method: "PATCH", token: author.accessToken, json: { rating: 4, title: null, body: "Grew on me" } });
    expect(response.status).toBe(200);
    const updated = (await response.json()) as Review;
    expect(updated).toMatchObject({ rating: 4, title: null, body: "Grew on me" });
    expect(updated.updatedAt >= mine.updatedAt).toBe(true);
    await expectAggregate(product.id, 9, 2, 450);
    // Words only: the aggregate stays.
    expect((await api(`/reviews/${mine.id}`, { method: "PATCH", token: author.accessToken, json: { body: "Edited" } })).status).toBe(200);
    await expectAggregate(product.id, 9, 2, 450);
  });

  it("refuses other users (404), admins editing words (403) and customers hiding (403), changing nothing", async () => {
    const product = await createProduct();
    const author = await registerUser();
    const stranger = await registerUser();
    const mine = await review(author, product.id, { rating: 3, body: "Original" });
    const token = (await admin()).accessToken;
    expect((await api(`/reviews/${mine.id}`, { method: "PATCH", json: { rating: 1 } })).status).toBe(401);
    expect((await api(`/reviews/${mine.id}`, { method: "PATCH", token: stranger.accessToken, json: { rating: 1 } })).status).toBe(404);
    expect((await api(`/reviews/${mine.id}`, { method: "PATCH", token: stranger.accessToken, json: { isHidden: true } })).status).toBe(404);
    expect((await api(`/reviews/${mine.id}`, { method: "PATCH", token, json: { body: "Admin words" } })).status).toBe(403);
    expect((await api(`/reviews/${mine.id}`, { method: "PATCH", token: author.accessToken, json: { isHidden: true } })).status).toBe(403);
    expect((await api(`/reviews/${mine.id}`, { method: "PATCH", token: author.accessToken, json: {} })).status).toBe(400);
    expect((await api(`/reviews/${mine.id}`, { method: "PATCH", token: author.accessToken, json: { rating: 9 } })).status).toBe(400);
    expect((await api("/reviews/rev_nope", { method: "PATCH", token: author.accessToken, json: { rating: 1 } })).status).toBe(404);
    expect((await api(`/reviews/${mine.id}`, { method: "DELETE" })).status).toBe(401);
    expect((await api(`/reviews/${mine.id}`, { method: "DELETE", token: stranger.accessToken })).status).toBe(404);
    const row = await env.DB.prepare("SELECT rating, body, is_hidden FROM reviews WHERE id = ?").bind(mine.id).first();
    expect(row).toEqual({ rating: 3, body: "Original", is_hidden: 0 });
    await expectAggregate(product.id, 3, 1, 300);
  });

  it("lets an admin hide and unhide (audited): hidden reviews leave the aggregate and come back", async () => {
    const product = await createProduct();
    const moderator = await admin();
    await review(await registerUser(), product.id, { rating: 5, body: "Good" });
    const spam = await review(await registerUser(), product.id, { rating: 1, body: "Buy followers at ..." });
    await expectAggregate(product.id, 6, 2, 300);

    const hidden = await api(`/reviews/${spam.id}`, { method: "PATCH", token: moderator.accessToken, json: { isHidden: true } });
    expect(hidden.status).toBe(200);
    expect(await hidden.json()).toMatchObject({ isHidden: true, body: spam.body, updatedAt: spam.updatedAt });
    await expectAggregate(product.id, 5, 1, 500);
    // Hiding twice changes nothing; the hidden review's author may still edit it, outside the aggregate.
    expect((await api(`/reviews/${spam.id}`, { method: "PATCH", token: moderator.accessToken, json: { isHidden: true } })).status).toBe(200);
    await expectAggregate(product.id, 5, 1, 500);

    const moderation = await getJson<{ items: Review[]; total: number }>(`/reviews?hidden=true&productId=${product.id}`, { token: moderator.accessToken });
    expect(moderation.items.map((item) => item.id)).toEqual([spam.id]);

    expect((await api(`/reviews/${spam.id}`, { method: "PATCH", token: moderator.accessToken, json: { isHidden: false } })).status).toBe(200);
    await expectAggregate(product.id, 6, 2, 300);
    const { results } = await env.DB.prepare("SELECT action, actor_id FROM audit_log WHERE entity_id = ? ORDER BY rowid").bind(spam.id).all();
    expect(results).toEqual([
      { action: "review.hidden", actor_id: moderator.user.id },
      { action: "review.unhidden", actor_id: moderator.user.id },
    ]);
  });

  it("filters the moderation list by part of the product's name, in any case, with wildcards taken literally", async () => {
    const moderator = await admin();
    const word = uniqueWord("lamp");
    const lamp = await createProduct({ name: `Brass ${word} 50%_off` });
    const other = await createProduct();
    const mine = await review(await registerUser(), lamp.id, { rating: 4, body: "Bright" });
    await review(await registerUser(), other.id, { rating: 2, body: "Dim" });
    const byName = await getJson<{ items: Review[]; total: number }>(`/reviews?product=${encodeURIComponent(word.toUpperCase())}`, { token: moderator.accessToken });
    expect(byName.items.map((item) => item.id)).toEqual([mine.id]);
    expect(byName.total).toBe(1);
    const literal = await getJson<{ items: Review[] }>(`/reviews?product=${encodeURIComponent(`${word} 50%_off`)}`, { token: moderator.accessToken });
    expect(literal.items.map((item) => item.id)).toEqual([mine.id]);
    // "%" and "_" are not wildcards: "50_" matches no product name.
    expect((await getJson<{ total: number }>(`/reviews?product=${encodeURIComponent(`${word} 50_`)}`, { token: moderator.accessToken })).total).toBe(0);
    // Longer than a D1 LIKE pattern may be, and still an answer; over 100 characters, a 400.
    expect((await api(`/reviews?product=${"x".repeat(100)}`, { token: moderator.accessToken })).status).toBe(200);
    expect((await api(`/reviews?product=${"x".repeat(101)}`, { token: moderator.accessToken })).status).toBe(400);
    const customer = await registerUser();
    expect((await api(`/reviews?product=${word}`, { token: customer.accessToken })).status).toBe(403);
    expect((await api(`/reviews?product=${word}`)).status).toBe(401);
  });

  it("lets the author or an admin delete (the admin's deletion audited), taking the review out of the aggregate", async () => {
    const product = await createProduct();
    const author = await registerUser();
    const mine = await review(author, product.id, { rating: 2, body: "Mine" });
    const theirs = await review(await registerUser(), product.id, { rating: 4, body: "Theirs" });
    const hiddenOne = await review(await registerUser(), product.id, { rating: 1, body: "Hidden" });
    const moderator = await admin();
    await api(`/reviews/${hiddenOne.id}`, { method: "PATCH", token: moderator.accessToken, json: { isHidden: true } });
    await expectAggregate(product.id, 6, 2, 300);

    expect((await api(`/reviews/${mine.id}`, { method: "DELETE", token: author.accessToken })).status).toBe(204);
    await expectAggregate(product.id, 4, 1, 400);
    expect((await api(`/reviews/${mine.id}`, { method: "DELETE", token: author.accessToken })).status).toBe(404);

    expect((await api(`/reviews/${theirs.id}`, { method: "DELETE", token: moderator.accessToken })).status).toBe(204);
    expect((await api(`/reviews/${hiddenOne.id}`, { method: "DELETE", token: moderator.accessToken })).status).toBe(204);
    await expectAggregate(product.id, 0, 0, 0);
    const audited = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'review.deleted' AND entity_id IN (?, ?)")
      .bind(theirs.id, hiddenOne.id)
      .first("n");
    expect(audited).toBe(2);
    // The author can review again once their review is gone.
    await review(author, product.id, { rating: 5, body: "Second thoughts" });
    await expectAggregate(product.id, 5, 1, 500);
  });
});

describe("aggregates under concurrency", () => {
  it("stay equal to the visible reviews when many reviews, edits, hides and deletes race", async () => {
    const product = await createProduct();
    const moderator = await admin();
    const shoppers = await Promise.all(Array.from({ length: 8 }, () => registerUser()));
    const created = await Promise.all(shoppers.map((shopper, i) => review(shopper, product.id, { rating: (i % 5) + 1, body: `Review ${i}` })));
    const { stored, actual } = await aggregates(product.id);
    expect(stored).toMatchObject(actual!);
    expect(actual!.count).toBe(8);

    const target = created[0]!;
    const author = shoppers[0]!;
    const writes = [
      ...[1, 2, 3, 4, 5, 4, 3, 2].map((rating) => api(`/reviews/${target.id}`, { method: "PATCH", token: author.accessToken, json: { rating } })),
      ...[true, false, true, false, true].map((isHidden) => api(`/reviews/${target.id}`, { method: "PATCH", token: moderator.accessToken, json: { isHidden } })),
      ...created.slice(1, 4).map((r, i) => api(`/reviews/${r.id}`, { method: "PATCH", token: shoppers[i + 1]!.accessToken, json: { rating: 5 } })),
      ...created.slice(4, 6).map((r, i) => api(`/reviews/${r.id}`, { method: "DELETE", token: shoppers[i + 4]!.accessToken })),
      api(`/reviews/${created[6]!.id}`, { method: "DELETE", token: moderator.accessToken }),
    ];
    const statuses = (await Promise.all(writes)).map((response) => response.status);
    expect(statuses.every((status) => status === 200 || status === 204 || status === 409), statuses.join()).toBe(true);
    const after = await aggregates(product.id);
    expect(after.stored).toMatchObject(after.actual!);
    const { averageX100 } = await import("../workers/domain/ratings");
    expect(after.stored!.x100).toBe(averageX100(after.actual!.sum, after.actual!.count));
  });
});
