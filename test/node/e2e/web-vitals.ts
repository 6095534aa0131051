/**
 * Largest contentful paint and cumulative layout shift of one page load, read from the
 * browser's own PerformanceObserver entries (the figures Core Web Vitals report), in a fresh
 * context so nothing is cached in the browser.
 */
import type { Browser } from "playwright-core";

export interface Viewport {
  name: "desktop" | "phone";
  width: number;
  height: number;
}

export const VIEWPORTS: readonly Viewport[] = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
];

export interface WebVitals {
  lcpMs: number;
  cls: number;
  /** The element the largest paint was of, for telling what the figure measures. */
  lcpElement: string;
}

export async function measureWebVitals(browser: Browser, origin: string, path: string, viewport: Viewport): Promise<WebVitals> {
  const context = await browser.newContext({ baseURL: origin, viewport: { width: viewport.width, height: viewport.height } });
  try {
    const page = await context.newPage();
    await page.goto(path, { waitUntil: "load" });
    // Late shifts (a hydration that moves things, an image without its size) come after load.
    await page.waitForTimeout(500);
    return await page.evaluate(
      () =>
        new Promise<WebVitals>((resolve) => {
          let lcpMs = 0;
          let lcpElement = "";
          let cls = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as (PerformanceEntry & { element?: Element | null })[]) {
              lcpMs = entry.startTime;
              const element = entry.element;
              lcpElement = element ? `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}` : "";
            }
          }).observe({ type: "largest-contentful-paint", buffered: true });
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
              if (!entry.hadRecentInput) cls += entry.value;
            }
          }).observe({ type: "layout-shift", buffered: true });
          // Buffered entries are delivered in a task of their own.
          setTimeout(() => resolve({ lcpMs: Math.round(lcpMs), cls: Math.round(cls * 10_000) / 10_000, lcpElement }), 100);
        }),
    );
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The median of `runs` loads, after one load that warms the Worker's caches. */
export async function medianWebVitals(browser: Browser, origin: string, path: string, viewport: Viewport, runs: number): Promise<WebVitals & { runs: number }> {
  await measureWebVitals(browser, origin, path, viewport);
  const samples: WebVitals[] = [];
  for (let i = 0; i < runs; i++) samples.push(await measureWebVitals(browser, origin, path, viewport));
  return {
    lcpMs: median(samples.map((sample) => sample.lcpMs)),
    cls: Math.max(...samples.map((sample) => sample.cls)),
    lcpElement: samples.at(-1)!.lcpElement,
    runs,
  };
}
