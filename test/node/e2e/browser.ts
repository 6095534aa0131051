/**
 * Chromium driven by playwright-core, and never downloaded: the system's (Debian's chromium
 * package) when one is installed, otherwise the build that ships inside the
 * `@sparticuz/chromium` npm package, so `npm install && npm test` works on a machine with no
 * browser. The flags keep it from reaching out to Google's services, which a closed network
 * refuses.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliDecompressSync } from "node:zlib";
import { chromium, type Browser, type Page } from "playwright-core";

const SYSTEM_CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

export type ChromiumChoice = { kind: "system"; path: string } | { kind: "packaged" };

/**
 * Which Chromium to drive. `STOREFRONT_BROWSER=packaged` forces the packaged one (to test that
 * path on a machine that has a system browser), `=system` refuses to fall back;
 * `CHROMIUM_PATH` names a system binary.
 */
export function chooseChromium(env: Record<string, string | undefined> = process.env, exists: (path: string) => boolean = existsSync): ChromiumChoice {
  const wanted = env.STOREFRONT_BROWSER ?? "";
  if (!["", "system", "packaged"].includes(wanted)) throw new Error(`STOREFRONT_BROWSER must be "system" or "packaged", not "${wanted}"`);
  if (wanted === "packaged") return { kind: "packaged" };
  const candidates = [env.CHROMIUM_PATH, ...SYSTEM_CHROMIUM].filter((path): path is string => Boolean(path));
  const found = candidates.find((path) => exists(path));
  if (found) return { kind: "system", path: found };
  if (wanted === "system") throw new Error(`Chromium not found (looked in ${candidates.join(", ")}); install Debian's chromium package`);
  return { kind: "packaged" };
}

/**
 * The packaged build, unpacked once into the temp directory by the package itself. It is
 * built for AWS Lambda, whose image lacks NSS and expat, so those libraries come along in the
 * package too; they are unpacked beside it and put on the browser's library path, so a machine
 * without them (a bare container) runs it as well.
 */
async function packagedChromium(): Promise<{ executablePath: string; env: Record<string, string> }> {
  const { default: packaged } = await import("@sparticuz/chromium");
  const executablePath = await packaged.executablePath();
  const libraries = join(tmpdir(), "al2023", "lib");
  if (!existsSync(join(libraries, "libnss3.so"))) {
    const bin = join(dirname(createRequire(import.meta.url).resolve("@sparticuz/chromium")), "..", "..", "bin");
    mkdirSync(join(tmpdir(), "al2023"), { recursive: true });
    execFileSync("tar", ["-x", "-C", join(tmpdir(), "al2023")], { input: brotliDecompressSync(readFileSync(join(bin, "al2023.tar.br"))) });
  }
  const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return {
    executablePath,
    env: { ...env, LD_LIBRARY_PATH: [libraries, env.LD_LIBRARY_PATH].filter(Boolean).join(":"), FONTCONFIG_PATH: join(tmpdir(), "fonts") },
  };
}

export async function launchBrowser(): Promise<Browser> {
  const choice = chooseChromium();
  const packaged = choice.kind === "packaged" ? await packagedChromium() : undefined;
  return chromium.launch({
    executablePath: packaged?.executablePath ?? (choice.kind === "system" ? choice.path : undefined),
    ...(packaged ? { env: packaged.env } : {}),
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
