/**
 * The client bundle's size per page: the JavaScript a browser downloads to hydrate a page (the
 * entry, the root route and the page's route module, with every chunk they import), gzipped, as
 * the built manifest lists it. `npm run bundle-size` prints it beside the budget in
 * web/bundle-budget.json; test/node/bundle-budget.test.ts fails when a page goes over.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

interface ManifestEntry {
  module: string;
  imports?: string[];
}
interface Manifest {
  entry: ManifestEntry;
  routes: Record<string, ManifestEntry>;
}

export interface BundleBudget {
  /** Gzipped kB per page, keyed by the Remix route id of the page. */
  pages: Record<string, number>;
  /** Gzipped kB of every JavaScript file in the client build together. */
  totalKb: number;
}

export interface BundleSize {
  pages: Record<string, number>;
  totalKb: number;
}

export const root = fileURLToPath(new URL("../", import.meta.url));

function readManifest(clientDir: string): Manifest {
  const file = readdirSync(join(clientDir, "assets")).find((name) => /^manifest-[\w-]+\.js$/.test(name));
  if (!file) throw new Error("no Remix manifest in the client build: run `npm run build` first");
  const source = readFileSync(join(clientDir, "assets", file), "utf8");
  return JSON.parse(source.slice(source.indexOf("=") + 1).replace(/;\s*$/, "")) as Manifest;
}

const gzipKb = (clientDir: string, path: string) => gzipSync(readFileSync(join(clientDir, path))).byteLength / 1024;

export function measureBundle(clientDir = join(root, "build", "client"), pages: readonly string[]): BundleSize {
  const manifest = readManifest(clientDir);
  const sizes: Record<string, number> = {};
  for (const id of pages) {
    const route = manifest.routes[id];
    if (!route) throw new Error(`route ${id} is not in the client build`);
    const files = new Set([manifest.entry.module, ...(manifest.entry.imports ?? [])]);
    for (const part of [manifest.routes.root!, route]) for (const file of [part.module, ...(part.imports ?? [])]) files.add(file);
    sizes[id] = round([...files].reduce((sum, file) => sum + gzipKb(clientDir, file), 0));
  }
  const all = readdirSync(join(clientDir, "assets")).filter((name) => name.endsWith(".js"));
  return { pages: sizes, totalKb: round(all.reduce((sum, name) => sum + gzipKb(clientDir, `/assets/${name}`), 0)) };
}

export function readBudget(): BundleBudget {
  return JSON.parse(readFileSync(join(root, "web", "bundle-budget.json"), "utf8")) as BundleBudget;
}

const round = (kb: number) => Math.round(kb * 10) / 10;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const budget = readBudget();
  const size = measureBundle(undefined, Object.keys(budget.pages));
  console.log("page (route id)                 gzip kB   budget");
  for (const [id, kb] of Object.entries(size.pages)) {
    console.log(`${id.padEnd(30)} ${kb.toFixed(1).padStart(8)} ${budget.pages[id]!.toFixed(1).padStart(8)}${kb > budget.pages[id]! ? "  OVER" : ""}`);
  }
  console.log(`${"all client JavaScript".padEnd(30)} ${size.totalKb.toFixed(1).padStart(8)} ${budget.totalKb.toFixed(1).padStart(8)}${size.totalKb > budget.totalKb ? "  OVER" : ""}`);
}
