/**
 * `npm run vitals`: largest contentful paint and cumulative layout shift of the home and
 * product pages, at desktop and phone sizes, in Chromium against the storefront as `npm start`
 * runs it. Each figure is the median LCP (and the worst CLS) of BENCH_VITALS_RUNS fresh-context
 * loads (default 7) after one warming load. Compares them with bench/vitals-baseline.json and
 * prints PASS or FAIL for "no regression beyond 10 %"; writes bench/vitals.json.
 *
 * `npm run vitals -- --baseline` writes the run's figures as the new baseline instead, for a
 * named revision. Like `npm run bench`, a missed target does not change the exit code; run it on
 * an otherwise idle machine, with the site built (`npm run build`).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launchBrowser } from "../test/node/e2e/browser.ts";
import { startStorefront } from "../test/node/e2e/storefront.ts";
import { medianWebVitals, VIEWPORTS, type WebVitals } from "../test/node/e2e/web-vitals.ts";
import { gitRevision, machineFacts, root } from "./lib/harness.ts";

export const VITALS_PAGES = [
  { name: "home", path: "/" },
  { name: "product", path: "/p/organic-cotton-crew-tee" },
] as const;

/** No regression beyond 10 %; layout shift gets a floor, since 10 % of none is none. */
const LCP_ALLOWANCE = 1.1;
const CLS_FLOOR = 0.005;

interface VitalsFile {
  revision: string;
  measuredAt: string;
  machine: ReturnType<typeof machineFacts>;
  runs: number;
  figures: Record<string, WebVitals & { runs: number }>;
}

const runs = Math.max(1, Number(process.env.BENCH_VITALS_RUNS) || 7);
const baselineFile = join(root, "bench", "vitals-baseline.json");
const asBaseline = process.argv.includes("--baseline");

async function main(): Promise<void> {
  const storefront = await startStorefront({ vars: { PAYMENT_FAILURE_RATE: "0" } });
  const browser = await launchBrowser();
  const figures: VitalsFile["figures"] = {};
  try {
    for (const page of VITALS_PAGES) {
      for (const viewport of VIEWPORTS) {
        figures[`${page.name} ${viewport.name}`] = await medianWebVitals(browser, storefront.origin, page.path, viewport, runs);
      }
    }
  } finally {
    await browser.close();
    await storefront.stop();
  }
  const result: VitalsFile = { revision: gitRevision(), measuredAt: new Date().toISOString(), machine: machineFacts(), runs, figures };
  if (asBaseline) {
    writeFileSync(baselineFile, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`Wrote the baseline for ${result.revision} to bench/vitals-baseline.json`);
  }
  const baseline = existsSync(baselineFile) ? (JSON.parse(readFileSync(baselineFile, "utf8")) as VitalsFile) : null;
  console.log(`Web vitals, median of ${runs} loads${baseline ? `, against the baseline at ${baseline.revision}` : ""}:\n`);
  console.log("page                LCP ms  baseline  CLS      baseline  LCP element");
  for (const [name, now] of Object.entries(figures)) {
    const before = baseline?.figures[name];
    const lcpOk = !before || now.lcpMs <= before.lcpMs * LCP_ALLOWANCE;
    const clsOk = !before || now.cls <= Math.max(before.cls * LCP_ALLOWANCE, CLS_FLOOR);
    const verdict = before ? (lcpOk && clsOk ? "PASS" : "FAIL") : "n/a";
    console.log(
      `${name.padEnd(18)} ${String(now.lcpMs).padStart(7)} ${String(before?.lcpMs ?? "-").padStart(9)}  ${now.cls.toFixed(4)}  ${(before?.cls.toFixed(4) ?? "-").padStart(8)}  ${now.lcpElement.padEnd(10)} ${verdict}`,
    );
  }
  if (!asBaseline) writeFileSync(join(root, "bench", "vitals.json"), `${JSON.stringify({ ...result, baseline: baseline?.revision ?? null }, null, 2)}\n`);
}

await main();
