/**
 * Browsing the site the way a browser without JavaScript does: cookies kept between requests,
 * forms posted as application/x-www-form-urlencoded from the site's own origin, redirects
 * followed by hand.
 */
import { expect } from "vitest";
import { freshIp, ORIGIN, site, type TestSession } from "./helpers";

export class Browser {
  /** `send` reaches the Worker; by default the test runtime's, a test's own world otherwise. */
  constructor(private readonly send: (path: string, init: RequestInit) => Promise<Response> = site) {}

  readonly cookies = new Map<string, string>();
  /** One client address per browser, so rate limits of one test never touch another. */
  readonly ip = freshIp();

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  has(name: string): boolean {
    return this.cookies.has(name);
  }

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired =
        value === "" ||
        attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute)) ||
        attributes.some((attribute) => {
          const match = /^\s*expires=(.*)$/i.exec(attribute);
          return match?.[1] ? new Date(match[1]).getTime() <= Date.now() : false;
        });
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set("cookie", this.cookieHeader());
    headers.set("cf-connecting-ip", this.ip);
    const response = await this.send(path, { ...init, headers });
    this.remember(response);
    return response;
  }

  /** A form post from one of the site's pages. */
  async post(path: string, fields: Record<string, string> | [string, string][]): Promise<Response> {
    return this.get(path, {
      method: "POST",
      headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Follows one redirect (as a GET) and returns the page it leads to. */
  async follow(response: Response): Promise<Response> {
    expect([301, 302, 303], `expected a redirect, got ${response.status}: ${await response.clone().text()}`).toContain(response.status);
    const location = response.headers.get("location");
    expect(location).toBeTruthy();
    const url = new URL(location!, ORIGIN);
    return this.get(`${url.pathname}${url.search}`);
  }

  /** Signs in through the /login form, as a shopper would. */
  async signIn(session: Pick<TestSession, "user" | "password">, redirectTo = "/"): Promise<Response> {
    const response = await this.post("/login", { email: session.user.email, password: session.password, redirectTo });
    expect(response.status, await response.clone().text()).toBe(302);
    return response;
  }
}

/** The parsed JSON-LD blocks of a page. */
export function jsonLdBlocks(html: string): unknown[] {
  return [...html.matchAll(/<script type="application\/ld\+json"[^>]*>([\s\S]*?)<\/script>/g)].map((match) =>
    JSON.parse(match[1]!),
  );
}

/** The text between a page's <main> tags (the header and footer left out). */
export function mainOf(html: string): string {
  const start = html.indexOf("<main");
  const end = html.indexOf("</main>");
  return start >= 0 && end > start ? html.slice(start, end) : html;
}

/** HTML-decodes the few entities React emits in text, for readable assertions. */
export function decode(html: string): string {
  return html
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
