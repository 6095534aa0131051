import { execFile } from "node:child_process";
import { mkdtemp, readdir, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

// Workers' paid-plan limit on the compressed bundle is 10 MiB; the free plan's is 3 MiB.
const FREE_PLAN_LIMIT = 3 * 1024 * 1024;

describe("wrangler deploy --dry-run", () => {
  it("bundles the Worker within the free plan's size limit", async () => {
    const outdir = await mkdtemp(join(tmpdir(), "storefront-bundle-"));
    const { stdout } = await run("node_modules/.bin/wrangler", ["deploy", "--dry-run", "--outdir", outdir], {
      env: { ...process.env, CI: "1", WRANGLER_SEND_METRICS: "false" },
      maxBuffer: 16 * 1024 * 1024,
    });
    const sizeLine = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(stdout);
    expect(sizeLine, stdout).not.toBeNull();
    const gzipBytes = Number(sizeLine![2]) * 1024;
    expect(gzipBytes).toBeLessThan(FREE_PLAN_LIMIT);
    const files = await readdir(outdir);
    expect(files).toContain("index.js");
    expect((await stat(join(outdir, "index.js"))).size).toBeGreaterThan(0);
    // The bindings the Worker depends on are all declared.
    for (const binding of ["DB", "IMAGES", "RATE_LIMITER", "ASSETS"]) expect(stdout).toContain(binding);
  });
});
