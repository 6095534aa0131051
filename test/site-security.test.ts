/**
 * Findings of a black-box review of the site: redirects that leave the site, signed-in pages
 * marked for shared caches, and form actions that fail with a 500 on bodies that are not a
 * form. Each is probed the way an outsider would, through the Worker's fetch handler.
 */
import { routes } from "virtual:remix/server-build";
import { beforeAll, describe, expect, it } from "vitest";
import { createProduct, type ProductView } from "./factories/catalog";
import { createAdmin, freshIp, ORIGIN, registerUser, site, uniqueEmail, type TestSession } from "./helpers";
import { Browser, decode } from "./site-helpers";

const SESSION = "sf_session";
const CART = "sf_cart";

async function html(response: Response): Promise<string> {
  return decode((await response.text()).replaceAll("<!-- -->", ""));
}

async function signedIn(session: TestSession): Promise<Browser> {
  const browser = new Browser();
  await browser.signIn(session);
  expect(browser.has(SESSION)).toBe(true);
  return browser;
}

/** Asserts a redirect whose Location, followed by a browser on this site, stays on it. */
function expectStaysOnSite(response: Response, what: string): void {
  expect([301, 302, 303], `${what}: ${response.status}`).toContain(response.status);
  const location = response.headers.get("location") ?? "";
  expect(location.startsWith("/"), `${what} → ${location}`).toBe(true);
  expect(/^[/\\]{2}/.test(location), `${what} → ${location}`).toBe(false);
  expect(new URL(location, `${ORIGIN}/login`).origin, `${what} → ${location}`).toBe(ORIGIN);
}

let product: ProductView;

beforeAll(async () => {
  product = await createProduct({ name: "Security Probe Lamp", variants: [{ initialStock: 50 }] });
});

describe("redirectTo after signing in or registering", () => {
  // Each one leaves the site if taken literally, or once its path is normalised.
  const hostile = [
    "/.//evil.example",
    "/..//evil.example",
    "/%2e//evil.example",
    "/%2E%2E//evil.example",
    "/a/..//evil.example/path",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil",
    "/%2f%2fevil.example",
    "/%5cevil.example",
    "/%5c%5cevil.example",
    "https://evil.example",
    "javascript:alert(1)",
  ];

  let customer: TestSession;
  let browser: Browser;
  beforeAll(async () => {
    customer = await registerUser();
    browser = await signedIn(customer);
  });

  it.each(hostile)("keeps a signed-in shopper on the site: GET /login and /register ?redirectTo=%s", async (target) => {
    for (const page of ["/login", "/register"]) {
      const response = await browser.get(`${page}?${new URLSearchParams({ redirectTo: target })}`);
      expectStaysOnSite(response, `GET ${page} ${target}`);
    }
  });

  it.each(hostile)("keeps the shopper on the site after POST /login with redirectTo=%s", async (target) => {
    const response = await new Browser().post("/login", { email: customer.user.email, password: customer.password, redirectTo: target });
    expectStaysOnSite(response, `POST /login ${target}`);
  });

  it.each(hostile)("keeps the new customer on the site after POST /register with redirectTo=%s", async (target) => {
    const response = await new Browser().post("/register", {
      name: "Redirect Probe",
      email: uniqueEmail("redirect"),
      password: "correct horse battery",
      redirectTo: target,
    });
    expectStaysOnSite(response, `POST /register ${target}`);
  });

  it("still returns to a same-site page, normalised", async () => {
    const signIn = await new Browser().post("/login", { email: customer.user.email, password: customer.password, redirectTo: "/orders/../account?tab=1" });
    expect(signIn.headers.get("location")).toBe("/account?tab=1");
    const again = await browser.get(`/login?${new URLSearchParams({ redirectTo: "/./orders" })}`);
    expect(again.headers.get("location")).toBe("/orders");
  });
});

describe("shared caching of catalog pages", () => {
  const pages = () => ["/", "/products", "/search?q=lamp", `/p/${product.slug}`];

  it.each([
    ["a normal cookie", (value: string) => `${SESSION}=${value}`],
    ["a space before =", (value: string) => `${SESSION} =${value}`],
    ["a tab before =", (value: string) => `${SESSION}\t=${value}`],
    ["a leading ;", (value: string) => `; ${SESSION}=${value}`],
    ["a leading ; and no space", (value: string) => `;${SESSION}=${value}`],
    ["another cookie first and a space", (value: string) => `theme=dark; ${SESSION}  =${value}`],
  ])("keeps a signed-in page private when the session cookie is sent with %s", async (_label, cookieHeader) => {
    const customer = await registerUser({ name: "Cache Probe Shopper" });
    const browser = await signedIn(customer);
    const value = browser.cookies.get(SESSION)!;
    for (const path of pages()) {
      const response = await site(path, { headers: { cookie: cookieHeader(value), "cf-connecting-ip": freshIp() } });
      expect(response.status, path).toBe(200);
      const body = await html(response);
      // The page was rendered for the shopper, so it must never be stored for everyone.
      expect(body, path).toContain("Cache Probe Shopper");
      expect(response.headers.get("cache-control"), path).toBe("private, no-store");
    }
  });

  it.each([
    ["a normal cookie", (value: string) => `${CART}=${value}`],
    ["a space before =", (value: string) => `${CART} =${value}`],
    ["a tab before =", (value: string) => `${CART}\t=${value}`],
    ["a leading ;", (value: string) => `; ${CART}=${value}`],
  ])("keeps a guest's page with a cart private when the cart cookie is sent with %s", async (_label, cookieHeader) => {
    const guest = new Browser();
    const added = await guest.post(`/p/${product.slug}`, { intent: "add", sku: product.variants[0]!.sku, quantity: "2" });
    expect(added.status).toBe(302);
    const value = guest.cookies.get(CART)!;
    expect(value).toBeTruthy();
    for (const path of pages()) {
      const response = await site(path, { headers: { cookie: cookieHeader(value), "cf-connecting-ip": freshIp() } });
      expect(response.status, path).toBe(200);
      expect(await html(response), path).toContain('aria-label="Cart, 2 items"');
      expect(response.headers.get("cache-control"), path).toBe("private, no-store");
    }
  });

  it("stays public for a visitor whose cookies the site cannot read, since they get the anonymous page", async () => {
    for (const cookie of ["", "theme=dark", `${SESSION}=forged`, `${CART}=forged`, `x${SESSION}=1`]) {
      const response = await site("/", { headers: cookie ? { cookie } : {} });
      expect(response.status, cookie).toBe(200);
      expect(response.headers.get("cache-control"), cookie).toBe("public, max-age=60, s-maxage=300");
      expect(await html(response)).not.toContain("Hi, ");
    }
  });
});

/**
 * The ids of every site route whose module exports an action, read from the server build, so
 * a new action is covered without editing this file.
 */
const ACTION_ROUTES = Object.entries(routes)
  .filter(([, route]) => typeof route?.module.action === "function")
  .map(([id]) => id);

/** A URL that reaches the route's action, with real params where the catalog has them. */
function actionPath(id: string): string {
  const segments: string[] = [];
  for (let route = routes[id]; route; route = route.parentId ? routes[route.parentId] : undefined) {
    if (route.path) segments.unshift(...route.path.split("/"));
  }
  const filled = segments.map((segment) => {
    if (segment === "*") return "no-such-page";
    if (segment === ":slug") return product.slug;
    if (segment.startsWith(":")) return id.includes("products") ? product.id : "nope";
    return segment;
  });
  const path = `/${filled.join("/")}`;
  return routes[id]?.index ? `${path}?index` : path;
}

const encoder = new TextEncoder();

/** Bodies a form action may be sent that are not a well-formed form. */
const BODIES: { name: string; contentType: string | null; body: BodyInit | null }[] = [
  { name: "JSON", contentType: "application/json", body: JSON.stringify({ intent: "delete", email: "a@b.c", id: 1 }) },
  { name: "text/plain", contentType: "text/plain", body: "intent=delete&email=a@b.c" },
  { name: "a multipart body that does not match its boundary", contentType: "multipart/form-data; boundary=xyz", body: "garbage\r\n--nope\r\n\r\nmore" },
  { name: "a truncated multipart body", contentType: "multipart/form-data; boundary=xyz", body: '--xyz\r\nContent-Disposition: form-data; name="intent"\r\n\r\ndel' },
  { name: "multipart with no boundary", contentType: "multipart/form-data", body: "--xyz\r\n\r\n--xyz--" },
  { name: "no content type", contentType: null, body: encoder.encode("intent=delete") },
  { name: "an empty urlencoded body", contentType: "application/x-www-form-urlencoded", body: "" },
  { name: "an empty multipart body", contentType: "multipart/form-data; boundary=xyz", body: "" },
  { name: "urlencoded garbage", contentType: "application/x-www-form-urlencoded", body: "%ZZ=%&intent=%E0%A4%A&=&&sku=%&quantity=1e999" },
  { name: "bytes that are not UTF-8", contentType: "application/x-www-form-urlencoded", body: new Uint8Array([0xff, 0xfe, 0x3d, 0xc3, 0x28, 0x26, 0x80]) },
  { name: "an unknown content type", contentType: "application/x-unknown", body: "a=b" },
];

/** A visitor whose cookies survive across fresh client addresses (so no rate limit is shared). */
class Visitor {
  private cookies = new Map<string, string>();
  constructor(private readonly session: TestSession | null) {}

  async signIn(): Promise<void> {
    if (!this.session) return;
    this.cookies = new Map((await signedIn(this.session)).cookies);
  }

  async post(path: string, contentType: string | null, body: BodyInit | null): Promise<Response> {
    const browser = new Browser();
    for (const [name, value] of this.cookies) browser.cookies.set(name, value);
    const headers: Record<string, string> = { origin: ORIGIN };
    if (contentType) headers["content-type"] = contentType;
    const response = await browser.get(path, { method: "POST", headers, body });
    // Keep rotated tokens; a post that signed out (/logout) is followed by a fresh sign-in.
    if (this.session && !browser.has(SESSION)) await this.signIn();
    else this.cookies = new Map(browser.cookies);
    return response;
  }
}

describe("form actions given bodies that are not a form", () => {
  it("finds every action route (a new one is covered without editing this file)", () => {
    const ids = ACTION_ROUTES;
    for (const id of ["routes/login", "routes/register", "routes/cart", "routes/checkout", "routes/admin.products.$id", "routes/logout", "routes/$"]) {
      expect(ids).toContain(id);
    }
    expect(ids.length).toBeGreaterThanOrEqual(20);
  });

  describe.each([
    ["signed out", null],
    ["a customer", "customer"],
    ["an admin", "admin"],
  ] as const)("as %s", (_label, role) => {
    const visitor: { current?: Visitor } = {};
    beforeAll(async () => {
      const session = role === null ? null : role === "admin" ? await createAdmin() : await registerUser();
      visitor.current = new Visitor(session);
      await visitor.current.signIn();
    });

    it.each(ACTION_ROUTES)("never answers 5xx from %s", async (id) => {
      const failures: string[] = [];
      const documentPath = actionPath(id);
      for (const { name, contentType, body } of BODIES) {
        for (const path of [documentPath, dataPath(documentPath)]) {
          const response = await visitor.current!.post(path, contentType, body);
          const text = await response.text();
          const what = `POST ${path} with ${name} → ${response.status}`;
          if (response.status >= 500) failures.push(`${what}: ${text.slice(0, 200)}`);
          else if (/\n\s+at .+:\d+:\d+/.test(text)) failures.push(`${what} shows a stack trace`);
          else if ((response.status === 400 || response.status === 415) && path === documentPath) {
            if (!response.headers.get("content-type")?.startsWith("text/html")) failures.push(`${what} is not a page`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  });

  it("answers a JSON post with 415 and a broken multipart post with 400, as a page", async () => {
    const visitor = new Visitor(null);
    const json = await visitor.post("/login", "application/json", JSON.stringify({ email: "a@b.c", password: "x" }));
    expect(json.status).toBe(415);
    expect(json.headers.get("content-type")).toMatch(/^text\/html/);
    const page = await html(json);
    expect(page).toContain("<html");
    expect(page).toContain("Error 415");

    const multipart = await visitor.post("/register", "multipart/form-data; boundary=xyz", "garbage");
    expect(multipart.status).toBe(400);
    expect(await html(multipart)).toContain("Error 400");

    const missing = await visitor.post("/forgot-password", null, encoder.encode("email=a@b.c"));
    expect(missing.status).toBe(415);
  });

  it("still takes a real form in either encoding", async () => {
    const customer = await registerUser();
    const urlencoded = await new Browser().post("/login", { email: customer.user.email, password: customer.password, redirectTo: "/account" });
    expect(urlencoded.status).toBe(302);
    const form = new FormData();
    form.set("email", customer.user.email);
    form.set("password", customer.password);
    const multipart = await new Browser().get("/login", { method: "POST", headers: { origin: ORIGIN }, body: form });
    expect(multipart.status).toBe(302);
  });
});

/** The single-fetch URL of a route (what Remix's client posts to with JavaScript on). */
function dataPath(path: string): string {
  const [pathname = "/", query] = path.split("?");
  const data = pathname === "/" ? "/_root.data" : `${pathname}.data`;
  return query ? `${data}?${query}` : data;
}

describe("/images with a malformed path", () => {
  it.each(["/images/%ZZ", "/images/%E0%A4%A", "/images/%", "/images/a%2F..%2Fb.png", "/images/%00.png"])("answers 404 for %s", async (path) => {
    const response = await site(path);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toMatch(/URIError/);
  });
});
