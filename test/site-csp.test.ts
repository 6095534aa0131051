/**
 * The site's CSP allows no inline styles, so no page may depend on one: React's `style={…}`
 * renders a `style="…"` attribute the browser would refuse (decision 009).
 */
import { describe, expect, it } from "vitest";
import { admin, createProduct, uniqueWord } from "./factories/catalog";
import { api, registerUser, site } from "./helpers";
import { Browser } from "./site-helpers";

function styleSource(csp: string | null): string {
  return csp?.split(";").map((directive) => directive.trim()).find((directive) => directive.startsWith("style-src")) ?? "";
}

describe("the CSP's style-src", () => {
  it.each(["/", "/login", "/no-such-page"])("is 'self' and the page's own nonce on %s", async (path) => {
    const response = await site(path);
    const csp = response.headers.get("content-security-policy")!;
    const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    // The same per-request nonce as the scripts': only the site's bundle can add a <style>.
    expect(styleSource(csp)).toBe(`style-src 'self' 'nonce-${nonce}'`);
  });

  it.each(["/api/v1/health", "/api/v1/missing"])("is 'self' alone on %s", async (path) => {
    const response = await site(path);
    expect(styleSource(response.headers.get("content-security-policy"))).toBe("style-src 'self'");
  });

  it("allows inline styles on the API reference alone, whose viewer injects its stylesheet; scripts stay 'self'", async () => {
    const response = await site("/api/docs");
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy")!;
    expect(styleSource(csp)).toBe("style-src 'self' 'unsafe-inline'");
    expect(csp).toMatch(/script-src 'self';/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
  });
});

describe("pages", () => {
  it("render without style attributes or <style> elements, for shoppers and admins", async () => {
    const word = uniqueWord("styled");
    const product = await createProduct({ name: `Lamp ${word}`, specifications: { Height: "40 cm" }, variants: [{ options: { color: "Brass" } }, { options: { color: "Steel" } }] });
    // Reviews make the stars and the rating bars render with widths.
    for (const rating of [5, 3]) {
      const reviewer = await registerUser();
      const response = await api(`/products/${product.id}/reviews`, { method: "POST", token: reviewer.accessToken, json: { rating, body: "Bright enough to read by." } });
      expect(response.status).toBe(201);
    }

    const shopper = await registerUser();
    const shopperBrowser = new Browser();
    await shopperBrowser.signIn(shopper);
    const adminBrowser = new Browser();
    await adminBrowser.signIn(await admin());
    const anonymous = new Browser();

    const pages: [Browser, string][] = [
      ...["/", "/products", `/c/${product.category.slug}`, `/search?q=${word}`, `/p/${product.slug}`, "/login", "/register", "/forgot-password", "/cart"].map(
        (path): [Browser, string] => [anonymous, path],
      ),
      ...["/", `/p/${product.slug}`, "/account", "/orders", "/notifications", "/cart"].map((path): [Browser, string] => [shopperBrowser, path]),
      ...[
        "/admin",
        "/admin/products",
        `/admin/products/${product.id}`,
        "/admin/products/new",
        "/admin/categories",
        "/admin/stock",
        "/admin/orders",
        "/admin/reviews",
        "/admin/customers",
        "/admin/emails",
        "/admin/failed-jobs",
        "/admin/audit-log",
      ].map((path): [Browser, string] => [adminBrowser, path]),
    ];
    const found: string[] = [];
    for (const [browser, path] of pages) {
      const response = await browser.get(path);
      expect(response.status, path).toBe(200);
      const html = await response.text();
      for (const match of html.matchAll(/ style="[^"]*"|<style[\s>]/g)) found.push(`${path}: ${match[0]}`);
    }
    expect(found).toEqual([]);
    // The page that had them, with both widths present.
    const productPage = await (await anonymous.get(`/p/${product.slug}`)).text();
    expect(productPage).toContain('width="80"');
    expect(productPage).toContain('width="50%"');
  });
});
