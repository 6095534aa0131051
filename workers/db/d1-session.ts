/**
 * The D1 binding as the code sees it: wrapped once per isolate, so createDb's one drizzle
 * instance per binding keeps working, while every statement and batch is counted into the
 * current request's scope (workers/lib/request-scope.ts). See
 * docs/decisions/017-d1-sessions-and-server-timing.md.
 */
import { trackCall } from "../lib/request-scope";

/** What a statement runs on: the binding itself, or (later) the request's D1 session. */
type D1Target = Pick<D1Database, "prepare" | "batch">;

function targetFor(raw: D1Database): D1Target {
  return raw;
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
