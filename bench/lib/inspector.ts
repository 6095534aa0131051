/**
 * workerd's V8 inspector, for the memory figures only: each isolate's JS heap, and a full
 * garbage collection in every isolate before a "live" RSS reading. Nothing else is enabled (no
 * Runtime or Debugger domain), so the run's console output and speed are untouched.
 *
 * workerd runs an isolate's inspector commands that need the isolate (a collection does) only
 * when the isolate next runs, so `collectGarbage` keeps a few requests going (`poke`) until
 * every busy isolate has answered; isolates nothing calls stay as they are.
 */

interface Session {
  /** The isolate's name in workerd, e.g. core:user:storefront, assets:router:storefront. */
  name: string;
  socket: WebSocket;
  /** Resolves with the result, or null on an error or after `timeoutMs`. */
  send: (method: string, params?: object, timeoutMs?: number) => Promise<Record<string, unknown> | null>;
}

export interface HeapFigures {
  usedMb: number;
  totalMb: number;
}

export class Inspector {
  private readonly sessions: Session[];

  private constructor(sessions: Session[]) {
    this.sessions = sessions;
  }

  /** Opens one session per isolate listed on the inspector port. */
  static async connect(port: number): Promise<Inspector> {
    const response = await fetch(`http://127.0.0.1:${port}/json/list`);
    const targets = (await response.json()) as { title: string; webSocketDebuggerUrl: string }[];
    const sessions = await Promise.all(targets.map((target) => open(target.title.replace(/^workerd: worker /, ""), target.webSocketDebuggerUrl)));
    return new Inspector(sessions);
  }

  /** Each isolate's JS heap (used and committed), MB. */
  async heaps(): Promise<Record<string, HeapFigures>> {
    const out: Record<string, HeapFigures> = {};
    await Promise.all(
      this.sessions.map(async (session) => {
        const usage = await session.send("Runtime.getHeapUsage");
        if (usage && typeof usage.usedSize === "number" && typeof usage.totalSize === "number") {
          out[session.name] = { usedMb: usage.usedSize / 1e6, totalMb: usage.totalSize / 1e6 };
        }
      }),
    );
    return out;
  }

  /**
   * A full collection in every isolate that runs while `poke` keeps requests going (at most
   * `timeoutMs`). Returns the isolates that collected.
   */
  async collectGarbage(poke: () => Promise<void>, timeoutMs = 15_000): Promise<string[]> {
    const collected: string[] = [];
    const pending = this.sessions.map(async (session) => {
      await session.send("HeapProfiler.enable", {}, timeoutMs);
      const result = await session.send("HeapProfiler.collectGarbage", {}, timeoutMs);
      if (result !== null) collected.push(session.name);
    });
    let done = false;
    const all = Promise.all(pending).then(() => {
      done = true;
    });
    const deadline = Date.now() + timeoutMs;
    while (!done && Date.now() < deadline) {
      await Promise.race([poke().catch(() => undefined), all]);
      await Promise.race([new Promise((resolve) => setTimeout(resolve, 250)), all]);
      // Once the entry's and the storefront's isolates have collected, two more rounds of pokes
      // pass through everything in between; idle isolates (queues, R2) may never answer.
      if (collected.includes("core:user:storefront") && collected.includes("core:entry")) {
        for (let round = 0; round < 2; round++) {
          await poke().catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        break;
      }
    }
    return collected;
  }

  close(): void {
    for (const session of this.sessions) session.socket.close();
  }
}

async function open(name: string, url: string): Promise<Session> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve(), { once: true });
    socket.addEventListener("error", () => reject(new Error(`inspector session for ${name} failed to open`)), { once: true });
  });
  let next = 0;
  const waiting = new Map<number, (result: Record<string, unknown> | null) => void>();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: Record<string, unknown>; error?: unknown };
    if (message.id === undefined) return;
    waiting.get(message.id)?.(message.error ? null : (message.result ?? {}));
    waiting.delete(message.id);
  });
  const send = (method: string, params: object = {}, timeoutMs = 10_000) =>
    new Promise<Record<string, unknown> | null>((resolve) => {
      const id = ++next;
      const timer = setTimeout(() => {
        waiting.delete(id);
        resolve(null);
      }, timeoutMs);
      waiting.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      socket.send(JSON.stringify({ id, method, params }));
    });
  return { name, socket, send };
}
