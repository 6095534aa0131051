/**
 * The D1 binding as the code sees it: wrapped once per isolate, so createDb's one drizzle
 * instance per binding keeps working, while every statement and batch is counted into the
 * current request's scope (workers/lib/request-scope.ts) and runs on that request's D1
 * session (read replicas, with read-your-writes bookmarks). Outside a request (queue
 * consumers, cron, Durable Objects) statements run on the binding itself. See
 * docs/decisions/017-d1-sessions-and-server-timing.md.
 */
import { currentRequestScope, trackCall, type RequestScope } from "../lib/request-scope";

/** The request header (API) a client sends its last bookmark in, and the response header it gets the next one in. */
export const D1_BOOKMARK_HEADER = "x-d1-bookmark";

/**
 * How long the site's bookmark cookie lives: long enough to cover replica lag on the pages a
 * shopper opens after a form post, short enough that a browser does not carry it for good.
 */
export const D1_BOOKMARK_MAX_AGE_SECONDS = 300;

/** The site's bookmark cookie; __Host- binds it to this exact origin, which browsers only allow over https. */
export function d1BookmarkCookieName(secure: boolean): string {
  return secure ? "__Host-sf_d1b" : "sf_d1b";
}

/**
 * The site's signed-in session cookie (web/app/lib/session.server.ts names it; workers/ does
 * not import from web/). Its presence alone marks a visitor as signed in here.
 */
const SESSION_COOKIE = /(?:^|;\s*)(?:__Host-)?sf_session=/;

/** D1 bookmarks: three 8-digit hex counters and a hex hash (32 or 64 digits). */
const BOOKMARK_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-(?:[0-9a-f]{32}|[0-9a-f]{64})$/;

export function isD1Bookmark(value: string | null | undefined): value is D1SessionBookmark {
  return typeof value === "string" && BOOKMARK_SHAPE.test(value);
}

function cookieValue(request: Request, name: string): string | undefined {
  for (const pair of (request.headers.get("cookie") ?? "").split(";")) {
    const eq = pair.indexOf("=");
    if (eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/** The well-formed bookmark a request carries (X-D1-Bookmark, else the site's cookie); anything else is ignored. */
export function presentedD1Bookmark(request: Request): D1SessionBookmark | undefined {
  const header = request.headers.get(D1_BOOKMARK_HEADER)?.trim();
  if (isD1Bookmark(header)) return header;
  const cookie = cookieValue(request, d1BookmarkCookieName(new URL(request.url).protocol === "https:"));
  return isD1Bookmark(cookie) ? cookie : undefined;
}

function isRead(request: Request): boolean {
  return request.method === "GET" || request.method === "HEAD";
}

/**
 * Where a request's D1 session starts. Writes (every method but GET and HEAD: checkout, cart,
 * admin saves, sign-in) and signed-in reads start on the primary. An anonymous read starts at
 * the nearest replica, or, when it carries a bookmark from an earlier write, on any replica at
 * least as new as that bookmark.
 */
export function d1SessionStart(request: Request): D1SessionConstraint | D1SessionBookmark {
  if (!isRead(request)) return "first-primary";
  if (request.headers.has("authorization") || SESSION_COOKIE.test(request.headers.get("cookie") ?? "")) return "first-primary";
  return presentedD1Bookmark(request) ?? "first-unconstrained";
}

interface SessionState {
  readonly start: D1SessionConstraint | D1SessionBookmark;
  /** Opened on the request's first statement, one per binding. */
  readonly sessions: Map<D1Database, D1DatabaseSession>;
}

const sessionStates = new WeakMap<RequestScope, SessionState>();

/** Makes every D1 statement of the scope's request run on one session that starts at `start`. */
export function startD1Session(scope: RequestScope, start: D1SessionConstraint | D1SessionBookmark): void {
  sessionStates.set(scope, { start, sessions: new Map() });
}

/** Where the current request's D1 session starts (for tests); undefined outside a request. */
export function requestD1SessionStart(): D1SessionConstraint | D1SessionBookmark | undefined {
  const scope = currentRequestScope();
  return scope ? sessionStates.get(scope)?.start : undefined;
}

/** The newest bookmark the scope's session has seen; null when it ran no statement. */
export function requestD1Bookmark(scope: RequestScope): D1SessionBookmark | null {
  let latest: D1SessionBookmark | null = null;
  for (const session of sessionStates.get(scope)?.sessions.values() ?? []) {
    const bookmark = session.getBookmark();
    // Bookmarks sort in commit order.
    if (bookmark && (latest === null || bookmark > latest)) latest = bookmark;
  }
  return latest;
}

/**
 * Hands the request's newest bookmark back: in X-D1-Bookmark on API responses, and in the
 * site's cookie on responses to form posts only, so anonymous pages stay cookie-free.
 */
export function carryD1Bookmark(request: Request, scope: RequestScope): ((headers: Headers) => void) | undefined {
  const bookmark = requestD1Bookmark(scope);
  if (!bookmark || !isD1Bookmark(bookmark)) return undefined;
  const url = new URL(request.url);
  if (url.pathname === "/api" || url.pathname.startsWith("/api/")) return (headers) => headers.set(D1_BOOKMARK_HEADER, bookmark);
  if (isRead(request)) return undefined;
  const secure = url.protocol === "https:";
  const cookie = `${d1BookmarkCookieName(secure)}=${bookmark}; Max-Age=${D1_BOOKMARK_MAX_AGE_SECONDS}; Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
  return (headers) => headers.append("set-cookie", cookie);
}

/** What a statement runs on: the request's D1 session, or the binding itself outside a request. */
type D1Target = Pick<D1Database, "prepare" | "batch">;

function targetFor(raw: D1Database): D1Target {
  const scope = currentRequestScope();
  const state = scope ? sessionStates.get(scope) : undefined;
  if (!state) return raw;
  let session = state.sessions.get(raw);
  if (!session) {
    session = raw.withSession(state.start);
    state.sessions.set(raw, session);
  }
  return session;
}

/**
 * A statement that binds to its target when it runs, not when it is prepared, so one
 * prepared outside a request still runs in the request that executes it.
 */
class ScopedStatement implements D1PreparedStatement {
  readonly #raw: D1Database;
  readonly #query: string;
  readonly #values: unknown[];
  /** The same statement on the raw binding; binding it checks the values' types at once, as D1 does. */
  readonly #plain: D1PreparedStatement;

  constructor(raw: D1Database, query: string, values: unknown[], plain: D1PreparedStatement) {
    this.#raw = raw;
    this.#query = query;
    this.#values = values;
    this.#plain = plain;
  }

  bind(...values: unknown[]): D1PreparedStatement {
    return new ScopedStatement(this.#raw, this.#query, values, this.#plain.bind(...values));
  }

  /** This statement as the given target's own, for its batch(). */
  on(target: D1Target): D1PreparedStatement {
    if (target === this.#raw) return this.#plain;
    const statement = target.prepare(this.#query);
    return this.#values.length > 0 ? statement.bind(...this.#values) : statement;
  }

  #resolve(): D1PreparedStatement {
    return this.on(targetFor(this.#raw));
  }

  first<T = unknown>(colName: string): Promise<T | null>;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  first<T>(colName?: string): Promise<T | null> {
    const statement = this.#resolve();
    return trackCall("d1", () => (colName === undefined ? statement.first<T>() : statement.first<T>(colName)));
  }

  run<T = Record<string, unknown>>(): Promise<D1Result<T>> {
    const statement = this.#resolve();
    return trackCall("d1", () => statement.run<T>());
  }

  all<T = Record<string, unknown>>(): Promise<D1Result<T>> {
    const statement = this.#resolve();
    return trackCall("d1", () => statement.all<T>());
  }

  raw<T = unknown[]>(options: { columnNames: true }): Promise<[string[], ...T[]]>;
  raw<T = unknown[]>(options?: { columnNames?: false }): Promise<T[]>;
  raw<T = unknown[]>(options?: { columnNames?: boolean }): Promise<[string[], ...T[]] | T[]> {
    const statement = this.#resolve();
    return trackCall("d1", () => (options?.columnNames ? statement.raw<T>({ columnNames: true }) : statement.raw<T>()));
  }
}

class ScopedD1 implements D1Database {
  readonly #raw: D1Database;

  constructor(raw: D1Database) {
    this.#raw = raw;
  }

  prepare(query: string): D1PreparedStatement {
    return new ScopedStatement(this.#raw, query, [], this.#raw.prepare(query));
  }

  batch<T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    const target = targetFor(this.#raw);
    const own = statements.map((statement) => (statement instanceof ScopedStatement ? statement.on(target) : statement));
    return trackCall("d1", () => target.batch<T>(own));
  }

  exec(query: string): Promise<D1ExecResult> {
    return trackCall("d1", () => this.#raw.exec(query));
  }

  withSession(constraintOrBookmark?: D1SessionBookmark | D1SessionConstraint): D1DatabaseSession {
    return this.#raw.withSession(constraintOrBookmark);
  }

  dump(): Promise<ArrayBuffer> {
    return this.#raw.dump();
  }
}

const wrappers = new WeakMap<D1Database, ScopedD1>();

/** The per-isolate wrapper of a D1 binding (the wrapper itself if given one). */
export function instrumentD1(d1: D1Database): D1Database {
  if (d1 instanceof ScopedD1) return d1;
  let wrapper = wrappers.get(d1);
  if (!wrapper) {
    wrapper = new ScopedD1(d1);
    wrappers.set(d1, wrapper);
  }
  return wrapper;
}
