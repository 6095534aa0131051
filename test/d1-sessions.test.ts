/**
 * D1 sessions per request (docs/decisions/017-d1-sessions-and-server-timing.md). Local D1 has
 * no replicas: these tests prove the plumbing (which session each request starts, that the
 * bookmark travels out and back, that bad bookmarks are refused quietly), not replica lag.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  D1_BOOKMARK_HEADER,
  D1_BOOKMARK_MAX_AGE_SECONDS,
  d1SessionStart,
  isD1Bookmark,
  presentedD1Bookmark,
  requestD1SessionStart,
} from "../workers/db/d1-session";
import { createDb } from "../workers/factory";
import { instrumentWorker } from "../workers/lib/server-timing";
import { createProduct, uniqueSku, uniqueWord } from "./factories/catalog";
import { api, ORIGIN, registerUser } from "./helpers";
import { Browser } from "./site-helpers";

const BOOKMARK = "00000085-0000024c-00004c6d-8e61117bf38d7adb71b934ebbf891683";
const LONG_BOOKMARK = "00000085-0000024c-00004c6d-8e611177d83f7fb2f0396d0847be2cc62eaa94debb2f65eae0a58c44c4cf6a74";

function request(method: string, path: string, headers: Record<string, string> = {}, origin = ORIGIN): Request {
  return new Request(`${origin}${path}`, { method, headers });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("where a request's D1 session starts", () => {
  it.each([
    ["an anonymous API read", request("GET", "/api/v1/products"), "first-unconstrained"],
    ["an anonymous HEAD", request("HEAD", "/api/v1/products"), "first-unconstrained"],
    ["an anonymous page", request("GET", "/p/lamp"), "first-unconstrained"],
    ["an API read with a bookmark", request("GET", "/api/v1/products", { "x-d1-bookmark": BOOKMARK }), BOOKMARK],
    ["a 64-digit bookmark", request("GET", "/api/v1/products", { "x-d1-bookmark": LONG_BOOKMARK }), LONG_BOOKMARK],
    ["a page with the bookmark cookie", request("GET", "/p/lamp", { cookie: `market=us; sf_d1b=${BOOKMARK}` }), BOOKMARK],
    ["an https page with the __Host- cookie", request("GET", "/p/lamp", { cookie: `__Host-sf_d1b=${BOOKMARK}` }, "https://shop.example"), BOOKMARK],
    ["an https page with the unprefixed cookie", request("GET", "/p/lamp", { cookie: `sf_d1b=${BOOKMARK}` }, "https://shop.example"), "first-unconstrained"],
    ["checkout", request("POST", "/api/v1/orders", { "x-d1-bookmark": BOOKMARK }), "first-primary"],
    ["a cart write", request("PATCH", "/api/v1/cart/items/SKU-1"), "first-primary"],
    ["a delete", request("DELETE", "/api/v1/cart/items/SKU-1"), "first-primary"],
    ["a form post", request("POST", "/cart", { cookie: `sf_d1b=${BOOKMARK}` }), "first-primary"],
    ["a signed-in API read", request("GET", "/api/v1/orders", { authorization: "Bearer x", "x-d1-bookmark": BOOKMARK }), "first-primary"],
    ["a signed-in page", request("GET", "/account", { cookie: "sf_session=abc" }), "first-primary"],
    ["an admin page over https", request("GET", "/admin", { cookie: "__Host-sf_session=abc" }, "https://shop.example"), "first-primary"],
  ])("%s", (_name, incoming, expected) => {
    expect(d1SessionStart(incoming)).toBe(expected);
  });

  it.each([
    ["garbage", "not-a-bookmark"],
    ["an empty value", ""],
    ["a constraint smuggled in", "first-primary"],
    ["upper-case hex", BOOKMARK.toUpperCase()],
    ["a truncated hash", BOOKMARK.slice(0, -1)],
    ["a header-splitting attempt", `${BOOKMARK}\r\nset-cookie: x=1`],
    ["a very long value", `${BOOKMARK}${"a".repeat(4000)}`],
  ])("refuses %s as a bookmark", (_name, value) => {
    expect(isD1Bookmark(value)).toBe(false);
    expect(presentedD1Bookmark(request("GET", "/api/v1/products", { "x-d1-bookmark": value.replace(/[\r\n]/g, "") }))).toBeUndefined();
  });
});

describe("D1 sessions on API requests", () => {
  it("answers a write with its bookmark, and a later read with that bookmark starts from it", async () => {
    const withSession = vi.spyOn(env.DB, "withSession");
    const write = await api("/auth/register", { method: "POST", json: { email: `${uniqueWord("bm")}@example.test`, password: "correct horse battery", name: "Bookmark" } });
    expect(write.status).toBe(201);
    const bookmark = write.headers.get(D1_BOOKMARK_HEADER);
    expect(isD1Bookmark(bookmark), `${bookmark}`).toBe(true);
    expect(withSession).toHaveBeenLastCalledWith("first-primary");

    const product = await createProduct();
    const read = await api(`/products/${product.id}?rw=${crypto.randomUUID()}`, { headers: { [D1_BOOKMARK_HEADER]: bookmark! } });
    expect(read.status).toBe(200);
    expect(withSession).toHaveBeenLastCalledWith(bookmark);
    // The session only moves forward from the bookmark it was given.
    const next = read.headers.get(D1_BOOKMARK_HEADER);
    expect(isD1Bookmark(next)).toBe(true);
    expect(next! >= bookmark!).toBe(true);
  });

  it("sends an anonymous read without a bookmark to the nearest replica", async () => {
    const withSession = vi.spyOn(env.DB, "withSession");
    const response = await api(`/categories?anon=${crypto.randomUUID()}`);
    expect(response.status).toBe(200);
    expect(withSession).toHaveBeenLastCalledWith("first-unconstrained");
  });

  it.each(["garbage", "00000000-zzzz", "first-primary", `${BOOKMARK}x`])("ignores a bad bookmark (%s): still a 200 from a replica", async (value) => {
    const withSession = vi.spyOn(env.DB, "withSession");
    const response = await api(`/categories?bad=${crypto.randomUUID()}`, { headers: { [D1_BOOKMARK_HEADER]: value } });
    expect(response.status).toBe(200);
    expect(withSession).toHaveBeenLastCalledWith("first-unconstrained");
  });

  it("starts checkout and signed-in reads on the primary", async () => {
    const withSession = vi.spyOn(env.DB, "withSession");
    const shopper = await registerUser();
    const orders = await api("/orders", { token: shopper.accessToken, headers: { [D1_BOOKMARK_HEADER]: BOOKMARK } });
    expect(orders.status).toBe(200);
    expect(withSession).toHaveBeenLastCalledWith("first-primary");
    const checkout = await api("/orders", { method: "POST", token: shopper.accessToken, headers: { "idempotency-key": crypto.randomUUID() }, json: {} });
    expect(checkout.status).toBeLessThan(500);
    expect(withSession).toHaveBeenLastCalledWith("first-primary");
  });
});

describe("D1 sessions on site pages", () => {
  it("sets the bookmark cookie on a form post only, and a later page with it starts from it", async () => {
    const withSession = vi.spyOn(env.DB, "withSession");
    const item = await createProduct({ name: `Bookmark ${uniqueWord("pg")}`, variants: [{ sku: uniqueSku("BMK"), priceCents: 1500, initialStock: 5 }] });
    const browser = new Browser();

    const page = await browser.get(`/p/${item.slug}`);
    expect(page.status).toBe(200);
    await page.text();
    expect(withSession).toHaveBeenLastCalledWith("first-unconstrained");
    expect(page.headers.getSetCookie().some((line) => line.startsWith("sf_d1b="))).toBe(false);

    const posted = await browser.post(`/p/${item.slug}`, { intent: "add", sku: item.variants[0]!.sku, quantity: "1" });
    expect(posted.status).toBeLessThan(500);
    expect(withSession).toHaveBeenLastCalledWith("first-primary");
    const cookie = posted.headers.getSetCookie().find((line) => line.startsWith("sf_d1b="));
    expect(cookie).toBeDefined();
    const [pair = "", ...attributes] = cookie!.split("; ");
    const bookmark = pair.slice("sf_d1b=".length);
    expect(isD1Bookmark(bookmark)).toBe(true);
    expect(attributes).toEqual(expect.arrayContaining([`Max-Age=${D1_BOOKMARK_MAX_AGE_SECONDS}`, "Path=/", "HttpOnly", "SameSite=Lax"]));
    // Over http (local runs) there is no Secure attribute; the __Host- name is https-only.
    expect(attributes).not.toContain("Secure");

    const again = await browser.get(`/p/${item.slug}`);
    expect(again.status).toBe(200);
    await again.text();
    expect(withSession).toHaveBeenLastCalledWith(bookmark);
    expect(again.headers.getSetCookie().some((line) => line.startsWith("sf_d1b="))).toBe(false);
  });

  it("still answers a page whose bookmark cookie is garbage", async () => {
    const withSession = vi.spyOn(env.DB, "withSession");
    const item = await createProduct();
    const browser = new Browser();
    browser.cookies.set("sf_d1b", "garbage");
    const page = await browser.get(`/p/${item.slug}`);
    expect(page.status).toBe(200);
    await page.text();
    expect(withSession).toHaveBeenLastCalledWith("first-unconstrained");
  });
});

describe("one session per request, through the one drizzle instance", () => {
  it("runs the request's statements on its session, and outside a request on the binding", async () => {
    const db = createDb(env.DB);
    const withSession = vi.spyOn(env.DB, "withSession");
    let seen: { start: ReturnType<typeof requestD1SessionStart>; sameDb: boolean } | undefined;
    const worker = instrumentWorker({
      async fetch(_request, scopedEnv) {
        await createDb(scopedEnv.DB).$client.prepare("SELECT 1").first();
        await createDb(scopedEnv.DB).$client.batch([db.$client.prepare("SELECT 2"), db.$client.prepare("SELECT ?1").bind(3)]);
        seen = { start: requestD1SessionStart(), sameDb: createDb(scopedEnv.DB) === db };
        return new Response("ok");
      },
    });
    const ctx = createExecutionContext();
    // The runtime fills in request.cf for incoming requests; a test's own Request has none.
    const incoming = new Request(`${ORIGIN}/api/v1/health`, { headers: { [D1_BOOKMARK_HEADER]: BOOKMARK } }) as Request<unknown, IncomingRequestCfProperties>;
    const response = await worker.fetch(incoming, env, ctx);
    await waitOnExecutionContext(ctx);
    expect(seen).toEqual({ start: BOOKMARK, sameDb: true });
    // One session for the request's three statements.
    expect(withSession).toHaveBeenCalledTimes(1);
    expect(withSession).toHaveBeenCalledWith(BOOKMARK);
    expect(isD1Bookmark(response.headers.get(D1_BOOKMARK_HEADER))).toBe(true);

    withSession.mockClear();
    await db.$client.prepare("SELECT 1").first();
    expect(withSession).not.toHaveBeenCalled();
  });
});
