/**
 * Whole-page caching for anonymous visitors (docs/decisions/016-edge-caching.md): a catalog
 * page is kept per market and language, every response still has its own CSP nonce, pages of
 * visitors with site state are never kept, and a catalog write is seen at once.
 */
import { describe, expect, it } from "vitest";
import { createProduct } from "./factories/stock";
import { api, createAdmin, registerUser, site, tripsOf } from "./helpers";
import { Browser } from "./site-helpers";

/** Fetches until the Worker answers from its page cache, and returns that response and body. */
async function keptPage(path: string, headers: Record<string, string> = {}): Promise<{ response: Response; body: string }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const response = await site(path, { headers });
    const body = await response.text();
    expect(response.status, path).toBe(200);
    if (response.headers.get("x-cache") === "HIT") return { response, body };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${path} never came from the page cache`);
}

function cspNonce(response: Response): string {
  const match = /'nonce-([A-Za-z0-9_-]+)'/.exec(response.headers.get("content-security-policy") ?? "");
  if (!match?.[1]) throw new Error("no nonce in the CSP");
  return match[1];
}

function noncesIn(body: string): string[] {
  return [...body.matchAll(/\snonce="([^"]*)"/g)].map((match) => match[1]!);
}

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

describe("anonymous catalog pages", () => {
  it("are kept whole, and every answer carries its own nonce, the one its CSP names", async () => {
    const { productId } = await createProduct({ name: "Kept Lantern", variants: [{ priceCents: 2_499, onHand: 3 }] });
    const path = `/p/${productId.toLowerCase()}`;
    const first = await site(path);
    const firstBody = await first.text();
    expect(first.status).toBe(200);
    expect(first.headers.get("x-cache")).toBe("MISS");
    expect(first.headers.get("x-page-cache")).toBeNull();

    const hit = await keptPage(path);
    const second = await keptPage(path);
    for (const { response, body } of [hit, second]) {
      expect(response.headers.get("x-page-cache")).toBeNull();
      expect(response.headers.get("cache-control")).toBe("public, max-age=60, s-maxage=300");
      expect(response.headers.get("x-request-id")).toBeTruthy();
      const nonce = cspNonce(response);
      const inPage = noncesIn(body);
      expect(inPage.length).toBeGreaterThan(0);
      expect(new Set(inPage)).toEqual(new Set([nonce]));
    }
    expect(cspNonce(hit.response)).not.toBe(cspNonce(second.response));
    expect(cspNonce(hit.response)).not.toBe(cspNonce(first));
    // The same page apart from the nonce.
    expect(hit.body.replaceAll(cspNonce(hit.response), "N")).toBe(firstBody.replaceAll(cspNonce(first), "N"));
    expect(hit.body).toContain("Kept Lantern");
    // Nothing was rendered and nothing was read: the version and markets are remembered.
    expect(tripsOf(second.response)).toEqual({ d1: 0, do: 0, queue: 0 });
    expect(second.response.headers.get("server-timing")).not.toContain("render");
  });

  it("are kept per market and per language: the same URL never crosses them", async () => {
    const { productId } = await createProduct({ variants: [{ priceCents: 2_499, onHand: 3 }] });
    const path = `/p/${productId.toLowerCase()}`;
    // Alternate the visitors so each one's page is asked for while the other's is kept.
    for (let round = 0; round < 3; round++) {
      const us = plain(await (await site(path)).text());
      const de = plain(await (await site(path, { headers: { "x-country": "DE" } })).text());
      const jp = plain(await (await site(path, { headers: { cookie: "market=jp", "x-country": "DE" } })).text());
      const german = plain(await (await site(`/de${path}`, { headers: { "x-country": "DE" } })).text());
      expect(us).toContain("$24.99");
      expect(us).not.toContain("€");
      expect(de).toContain("€22.99");
      expect(de).not.toContain("$24.99");
      expect(jp).toContain("¥3,750");
      expect(jp).not.toContain("€");
      expect(german).toContain('lang="de"');
      expect(german).toContain("22,99 €");
      expect(de).toContain('lang="en"');
    }
    const de = await keptPage(path, { "x-country": "DE" });
    expect(plain(de.body)).toContain("€22.99");
    // Priced by the country, so browsers and shared caches must not keep it; the Worker may.
    expect(de.response.headers.get("cache-control")).toBe("private, no-store");
    expect(plain((await keptPage(path)).body)).toContain("$24.99");
  });

  it("keep the data a client-side navigation asks for, as they keep documents", async () => {
    const { productId } = await createProduct({ name: "Data Lantern", variants: [{ priceCents: 2_499, onHand: 3 }] });
    const path = `/p/${productId.toLowerCase()}.data`;
    const first = await site(path);
    expect(first.status).toBe(200);
    const body = await first.text();
    expect(body).toContain("Data Lantern");
    const kept = await keptPage(path);
    expect(kept.body).toBe(body);
    expect(tripsOf(kept.response).d1).toBe(0);
  });

  it("show an admin's change at once", async () => {
    const { productId } = await createProduct({ name: "Before Change", variants: [{ priceCents: 1_000, onHand: 3 }] });
    const path = `/p/${productId.toLowerCase()}`;
    expect((await keptPage(path)).body).toContain("Before Change");
    const admin = await createAdmin();
    const patched = await api(`/products/${productId}`, { method: "PATCH", token: admin.accessToken, json: { name: "After Change" } });
    expect(patched.status).toBe(200);
    const after = await site(path);
    expect(after.headers.get("x-cache")).toBe("MISS");
    const body = await after.text();
    expect(body).toContain("After Change");
    expect(body).not.toContain("Before Change");
  });
});

describe("pages of visitors with site state", () => {
  it("are rendered for them and never kept or served from the kept copy", async () => {
    const { productId, skus } = await createProduct({ variants: [{ priceCents: 1_500, onHand: 5 }] });
    const path = `/p/${productId.toLowerCase()}`;
    await keptPage(path);

    const shopper = new Browser();
    await shopper.signIn(await registerUser({ name: "Grace Hopper" }));
    for (let i = 0; i < 3; i++) {
      const page = await shopper.get(path);
      expect(page.headers.get("x-cache")).toBeNull();
      expect(page.headers.get("cache-control")).toBe("private, no-store");
      expect(await page.text()).toContain("Grace");
    }

    const guest = new Browser();
    await guest.post(path, { intent: "add", sku: skus[0]!, quantity: "1" });
    const withCart = await guest.get(path);
    expect(withCart.headers.get("x-cache")).toBeNull();

    // A cookie under the site's prefix that nobody can read still counts: rendered, not kept.
    const forged = await site(path, { headers: { cookie: "sf_session=whatever" } });
    expect(forged.headers.get("x-cache")).toBeNull();
    expect(forged.status).toBe(200);
  });

  it("do not put an anonymous visitor's page in front of the next anonymous one when it sets a cookie", async () => {
    const { productId } = await createProduct({ variants: [{ priceCents: 1_500, onHand: 5 }] });
    const path = `/p/${productId.toLowerCase()}`;
    // A form post is never kept, whatever it renders.
    const posted = await new Browser().post(path, { intent: "add", sku: "NO-SUCH-SKU", quantity: "1" });
    expect(posted.headers.get("x-cache")).toBeNull();
    expect((await site(path)).headers.get("x-cache")).toBe("MISS");
  });
});
