/**
 * `npm run screenshots`: the README's pictures of the storefront and the admin, taken in
 * Chromium from the storefront as `npm start` runs it (demo catalog, fresh state). Writes
 * docs/screenshots/*.png. The site must be built first (`npm run build`).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../test/node/e2e/browser.ts";
import { startStorefront } from "../test/node/e2e/storefront.ts";
import { devAccounts } from "./seed.ts";

const out = join(import.meta.dirname, "..", "docs", "screenshots");
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

interface Shot {
  file: string;
  path: string;
  viewport: { width: number; height: number };
  admin?: boolean;
  /** Something to do on the page before the picture (open a menu, say). */
  before?: (page: Page) => Promise<void>;
}

const SHOTS: readonly Shot[] = [
  { file: "storefront-home.png", path: "/", viewport: DESKTOP },
  { file: "storefront-listing.png", path: "/products", viewport: DESKTOP },
  { file: "storefront-product.png", path: "/p/organic-cotton-crew-tee", viewport: DESKTOP },
  { file: "storefront-home-phone.png", path: "/", viewport: PHONE },
  { file: "storefront-product-phone.png", path: "/p/organic-cotton-crew-tee", viewport: PHONE },
  {
    file: "storefront-cart-drawer.png",
    path: "/p/organic-cotton-crew-tee",
    viewport: DESKTOP,
    before: async (page) => {
      await page.getByRole("form", { name: "Add to cart" }).getByRole("button", { name: "Add to cart" }).click();
      await page.getByRole("dialog", { name: "Your cart" }).getByRole("region", { name: "Items in your cart" }).waitFor();
    },
  },
  {
    file: "storefront-menu-phone.png",
    path: "/",
    viewport: PHONE,
    before: async (page) => {
      await page.getByRole("button", { name: /menu/i }).first().click();
      await page.getByRole("dialog").first().waitFor();
    },
  },
  { file: "admin-dashboard.png", path: "/admin", viewport: DESKTOP, admin: true },
  { file: "admin-audit-log.png", path: "/admin/audit-log", viewport: DESKTOP, admin: true },
  { file: "admin-orders.png", path: "/admin/orders", viewport: DESKTOP, admin: true },
  { file: "admin-dashboard-phone.png", path: "/admin", viewport: PHONE, admin: true },
];

async function signedInAdmin(browser: Browser, origin: string, viewport: Shot["viewport"]): Promise<Page> {
  const admin = devAccounts().find((account) => account.role === "admin");
  if (!admin) throw new Error("the seed has no admin account");
  const page = await (await browser.newContext({ baseURL: origin, viewport })).newPage();
  await page.goto("/login?redirectTo=%2Fadmin");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password", { exact: true }).fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/admin");
  return page;
}

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const storefront = await startStorefront();
  const browser = await launchBrowser();
  try {
    for (const shot of SHOTS) {
      const page = shot.admin
        ? await signedInAdmin(browser, storefront.origin, shot.viewport)
        : await (await browser.newContext({ baseURL: storefront.origin, viewport: shot.viewport })).newPage();
      await page.goto(shot.path, { waitUntil: "networkidle" });
      await shot.before?.(page);
      await page.screenshot({ path: join(out, shot.file) });
      console.log(`docs/screenshots/${shot.file}`);
      await page.context().close();
    }
  } finally {
    await browser.close();
    await storefront.stop();
  }
}

await main();
