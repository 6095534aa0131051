/**
 * Debian's Chromium driven by playwright-core: no browser is downloaded. The flags keep it
 * from reaching out to Google's services, which a closed network refuses.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean) as string[];

export function chromiumPath(): string {
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`Chromium not found (looked in ${candidates.join(", ")}); install Debian's chromium package`);
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export const screenshotDir = fileURLToPath(new URL("../../../test-results/screenshots/", import.meta.url));

/** Keeps a screenshot of the page when a journey fails, named after the test. */
export async function screenshotOnFailure(page: Page | undefined, name: string, failed: boolean): Promise<void> {
  if (!page || !failed) return;
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}.png`), fullPage: true }).catch(() => undefined);
}
