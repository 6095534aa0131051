/**
 * Starts the real storefront the way a developer does (`npm start`: migrations, seed, stock,
 * `wrangler dev`), on a free port and a throwaway state directory, for the browser journeys.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));

export interface Storefront {
  origin: string;
  /** Everything the server printed, for a failing test's report. */
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function startStorefront(options: { vars?: Record<string, string>; timeoutMs?: number } = {}): Promise<Storefront> {
  const port = await freePort();
  const stateDir = mkdtempSync(join(tmpdir(), "storefront-e2e-"));
  const vars = Object.entries(options.vars ?? {}).flatMap(([name, value]) => ["--var", `${name}:${value}`]);
  const bin = join(root, "node_modules", ".bin");
  let output = "";
  const child: ChildProcess = spawn(join(bin, "node"), ["scripts/start.ts", "--no-build", "--", ...vars], {
    cwd: root,
    env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`, PORT: String(port), STOREFRONT_STATE_DIR: stateDir, CI: "1", WRANGLER_SEND_METRICS: "false" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const origin = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await new Promise((resolve) => {
        const timer = setTimeout(() => {
          try {
            if (child.pid) process.kill(-child.pid, "SIGKILL");
          } catch {
            // already gone
          }
          resolve(undefined);
        }, 5_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve(undefined);
        });
      });
    }
    rmSync(stateDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.timeoutMs ?? 150_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the storefront exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${origin}/api/v1/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the storefront did not come up:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { origin, output: () => output, stop };
}
