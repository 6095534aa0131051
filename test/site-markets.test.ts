/**
 * Markets on the site: a page shows the visitor's market's prices, a page whose market follows
 * the visitor's country is never shared, and a chosen market travels in the cookie.
 */
import { describe, expect, it } from "vitest";
import { createProduct } from "./factories/stock";
import { site } from "./helpers";

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

async function productPage(slug: string, headers: Record<string, string> = {}, prefix = "") {
  const response = await site(`${prefix}/p/${slug}`, { headers: { "cf-connecting-ip": "198.51.100.7", ...headers } });
  expect(response.status).toBe(200);
  return { response, html: plain(await response.text()) };
}

describe("one URL, two markets", () => {
  it("shows dollars to a US visitor and euros to a German one, and never lets a shared cache mix them up", async () => {
    const { productId } = await createProduct({ variants: [{ priceCents: 2_499, onHand: 3 }] });
    const slug = productId.toLowerCase();
    const us = await productPage(slug);
    const de = await productPage(slug, { "x-country": "DE" });
    expect(us.html).toContain("$24.99");
    expect(us.html).not.toContain("€22.99");
    expect(de.html).toContain("€22.99");
    expect(de.html).not.toContain("$24.99");
    // The base market by default may be shared; a page priced by the visitor's country may not.
    expect(us.response.headers.get("cache-control")).toBe("public, max-age=60, s-maxage=300");
    expect(de.response.headers.get("cache-control")).toBe("private, no-store");
    // A chosen market rides in the cookie, which the shared response varies on.
    const chosen = await productPage(slug, { cookie: "market=jp", "x-country": "DE" });
    expect(chosen.html).toContain("¥3,750");
    expect(chosen.response.headers.get("cache-control")).toBe("public, max-age=60, s-maxage=300");
    expect(chosen.response.headers.get("vary")).toContain("Cookie");
  });

  it("shows the German page in German with euro prices marked as including VAT", async () => {
    const { productId } = await createProduct({ variants: [{ priceCents: 2_499, onHand: 3 }] });
    const { html } = await productPage(productId.toLowerCase(), { "x-country": "DE" }, "/de");
    expect(html).toContain('lang="de"');
    expect(html).toContain("22,99 €");
    expect(html).toContain("inkl. MwSt.");
  });
});
