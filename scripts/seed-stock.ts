/**
 * Puts the seed's stock into the Inventory Durable Objects, the only authority for stock.
 * The platform proxy that seeds D1 and R2 cannot reach Durable Objects, so this starts the
 * Worker itself (wrangler's unstable_startWorker) on the same local persistence and calls the
 * admin API: sign in as the seeded admin, then `POST /api/v1/inventory/initial-stock` in
 * chunks of 100. That endpoint only sets SKUs that have never had stock, so running this
 * again changes nothing (sales and stock edits made since are kept).
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { seedStockBySku } from "./seed-data.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const CHUNK = 100;

export interface StockSeedSummary {
  applied: number;
  alreadyStocked: number;
}

export async function seedStockLocal(options: {
  /** The directory `wrangler dev` persists to (it adds v3/): `<root>/.wrangler/state` by default. */
  persistTo?: string;
  admin: { email: string; password: string };
  stock: Record<string, number>;
  log?: (line: string) => void;
}): Promise<StockSeedSummary> {
  const log = options.log ?? console.log;
  const entries = Object.entries(options.stock);
  if (entries.length === 0) return { applied: 0, alreadyStocked: 0 };
  // wrangler validates the assets directory even though nothing here serves assets.
  mkdirSync(`${root}build/client`, { recursive: true });

  // Quieten wrangler's banners and the Worker's per-request log lines; errors still show.
  const previousLogLevel = process.env.WRANGLER_LOG;
  process.env.WRANGLER_LOG = "error";
  const { unstable_startWorker } = await import("wrangler");
  const worker = await unstable_startWorker({
    config: `${root}wrangler.toml`,
    build: { alias: { "virtual:remix/server-build": `${root}scripts/remix-build-stub.ts` } },
    dev: {
      persist: options.persistTo ?? (await import("./seed.ts")).stateDir(),
      server: { hostname: "127.0.0.1", port: 0 },
      inspector: false,
      watch: false,
      liveReload: false,
      structuredLogsHandler: (entry: { level: string; message: string }) => {
        if (entry.level === "error" || entry.level === "warn") console.error(entry.message);
      },
    },
  });

  try {
    await worker.ready;
    const call = async (path: string, init: { method: string; json: unknown; token?: string }) => {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      const response = await worker.fetch(`http://127.0.0.1/api/v1${path}`, {
        method: init.method,
        headers,
        body: JSON.stringify(init.json),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${init.method} ${path} answered ${response.status}: ${text}`);
      return JSON.parse(text) as unknown;
    };

    const { email, password } = options.admin;
    const login = (await call("/auth/login", { method: "POST", json: { email, password } })) as { accessToken: string };
    let applied = 0;
    let alreadyStocked = 0;
    for (let i = 0; i < entries.length; i += CHUNK) {
      const items = entries.slice(i, i + CHUNK).map(([sku, onHand]) => ({ sku, onHand }));
      const result = (await call("/inventory/initial-stock", { method: "POST", json: { items }, token: login.accessToken })) as {
        items: { applied: boolean }[];
      };
      for (const item of result.items) {
        if (item.applied) applied += 1;
        else alreadyStocked += 1;
      }
    }
    log(`  ✓ stock for ${applied} SKUs set in their Inventory objects${alreadyStocked ? ` (${alreadyStocked} already had stock, kept)` : ""}`);
    return { applied, alreadyStocked };
  } finally {
    await worker.dispose();
    if (previousLogLevel === undefined) delete process.env.WRANGLER_LOG;
    else process.env.WRANGLER_LOG = previousLogLevel;
  }
}

/**
 * Stocks the Inventory objects after the D1 seed: always when the seed just ran, otherwise
 * only while the marker `.wrangler/state/inventory-seeded` is missing (state seeded before the
 * objects existed, or a run interrupted between the two steps). `npm run reset` deletes
 * .wrangler/state, marker included.
 */
export async function seedInventoryIfNeeded(options: {
  justSeeded: boolean;
  admin: { email: string; password: string };
  log?: (line: string) => void;
}): Promise<void> {
  const log = options.log ?? console.log;
  const { stateDir } = await import("./seed.ts");
  const state = stateDir();
  const marker = `${state}/inventory-seeded`;
  if (!options.justSeeded && existsSync(marker)) return;
  try {
    await seedStockLocal({ persistTo: state, admin: options.admin, stock: seedStockBySku(), log });
    writeFileSync(marker, `Inventory objects stocked from scripts/seed-data.ts on ${new Date().toISOString()}\n`);
  } catch (error) {
    // A fresh seed without stock would be a broken shop: fail. Older state is best-effort
    // (its admin password or SKUs may have changed since it was seeded).
    if (options.justSeeded) throw error;
    log(`  ! Could not stock the Inventory objects (${error instanceof Error ? error.message : String(error)}).`);
    log("    Set stock with PUT /api/v1/inventory/:sku as an admin, or start again with `npm run reset`.");
  }
}
