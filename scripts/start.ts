/**
 * One command from a fresh clone to a running storefront:
 *
 *   npm start                 secrets → migrations → seed → build → wrangler dev
 *   npm run reset             wipe local state, migrate and seed again, don't serve
 *
 * Flags: --reset (delete .wrangler/state first), --no-build, --no-serve.
 *        Arguments after `--` go to `wrangler dev`, e.g. `-- --var PAYMENT_LATENCY_MS:300`.
 * Env:   PORT (default 8787), STOREFRONT_STATE_DIR (default .wrangler/state: where the local D1,
 *        R2, Durable Objects and queues persist; the browser tests use a throwaway one),
 *        SEED_ADMIN_EMAIL / SEED_ADMIN_PASSWORD / SEED_SHOPPER_EMAIL /
 *        SEED_SHOPPER_PASSWORD (see seed.ts).
 *
 * Child processes run from node_modules/.bin with that directory first on PATH, so their
 * `#!/usr/bin/env node` finds the project's pinned Node 22 rather than the system one.
 */
// Before seed.ts is imported: it loads the Worker's schema, whose imports name no extension.
import "./register-ts-resolve.ts";
import { spawn, type SpawnOptions } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const binDir = join(root, "node_modules", ".bin");
const childEnv: NodeJS.ProcessEnv = { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH ?? ""}` };

/** Where wrangler persists local state; the seed scripts read the same variable. */
const stateDir = process.env.STOREFRONT_STATE_DIR ? resolve(process.env.STOREFRONT_STATE_DIR) : join(root, ".wrangler", "state");

const USAGE = "Usage: node scripts/start.ts [--reset] [--no-build] [--no-serve] [-- wrangler dev args]";

interface Options {
  reset: boolean;
  build: boolean;
  serve: boolean;
  port: number;
  /** Passed through to `wrangler dev`. */
  devArgs: string[];
}

function parseOptions(all: string[]): Options {
  const separator = all.indexOf("--");
  const argv = separator === -1 ? all : all.slice(0, separator);
  const devArgs = separator === -1 ? [] : all.slice(separator + 1);
  const known = new Set(["--reset", "--no-build", "--no-serve", "--help", "-h"]);
  const unknown = argv.filter((arg) => !known.has(arg));
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    process.exit(0);
  }
  if (unknown.length) {
    console.error(`Unknown option ${unknown.join(", ")}\n${USAGE}`);
    process.exit(2);
  }
  const port = Number(process.env.PORT || 8787);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`PORT must be a port number, got "${process.env.PORT}".`);
    process.exit(2);
  }
  return { reset: argv.includes("--reset"), build: !argv.includes("--no-build"), serve: !argv.includes("--no-serve"), port, devArgs };
}

// ── Output ─────────────────────────────────────────────────────────────────

let stepNumber = 0;
function step(title: string): void {
  stepNumber += 1;
  console.log(`\n\x1b[1m[${stepNumber}] ${title}\x1b[0m`);
}

function note(line: string): void {
  console.log(`    ${line}`);
}

// ── Child processes ────────────────────────────────────────────────────────

/** Runs a command to completion with inherited stdio; rejects on a non-zero exit. */
function run(command: string, args: string[], options: SpawnOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: childEnv, stdio: "inherit", ...options });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${[command, ...args].join(" ")} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

const bin = (name: string) => join(binDir, name);

/**
 * `npm run <script>` with the npm that launched us when there is one (npm sets npm_execpath),
 * run by this process's Node 22; otherwise whatever npm is on PATH.
 */
function npmRun(script: string): Promise<void> {
  const npmCli = process.env.npm_execpath;
  return npmCli && npmCli.endsWith(".js")
    ? run(process.execPath, [npmCli, "run", script])
    : run("npm", ["run", script]);
}

// ── Steps ──────────────────────────────────────────────────────────────────

/**
 * Local secrets for wrangler dev. Created once and never overwritten, so sessions and tokens
 * survive restarts; delete the file to rotate them.
 */
function ensureDevVars(): void {
  const path = join(root, ".dev.vars");
  if (existsSync(path)) {
    const content = readFileSync(path, "utf8");
    const missing = ["JWT_SIGNING_KEYS", "SESSION_SECRET"].filter((name) => !new RegExp(`^${name}=`, "m").test(content));
    note(missing.length ? `.dev.vars exists but lacks ${missing.join(" and ")}; the Worker will answer 503 until they are set.` : ".dev.vars exists; keeping it.");
    return;
  }
  const today = new Date().toISOString().slice(0, 10);
  const kid = `dev-${today.replaceAll("-", "")}`;
  const content = [
    `# Local-only secrets for wrangler dev, generated by npm start on ${today}.`,
    "# Not used in production (set those with `wrangler secret put`). Never commit this file.",
    `JWT_SIGNING_KEYS=${kid}:${randomBytes(32).toString("base64")}`,
    `SESSION_SECRET=${randomBytes(32).toString("hex")}`,
    "# Only needed with PAYMENT_PROVIDER=stripe / EMAIL_PROVIDER=resend.",
    "STRIPE_SECRET_KEY=",
    "STRIPE_WEBHOOK_SECRET=",
    "EMAIL_API_KEY=",
    "",
  ].join("\n");
  // "wx" fails if the file appeared meanwhile: an existing file is never overwritten.
  writeFileSync(path, content, { flag: "wx", mode: 0o600 });
  note(`Created .dev.vars with a random JWT signing key (kid ${kid}) and SESSION_SECRET.`);
}

function resetLocalState(): void {
  rmSync(stateDir, { recursive: true, force: true });
  note(`Deleted ${stateDir} (local D1, R2 and Durable Object data).`);
}

async function applyMigrations(): Promise<void> {
  // `migrations apply` asks for confirmation on a terminal; CI=1 makes it non-interactive.
  await run(bin("wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", stateDir], { env: { ...childEnv, CI: "1" } });
}

async function seed(): Promise<void> {
  // Imported lazily: it loads wrangler and the Argon2 WebAssembly module.
  const { seedLocal } = await import("./seed.ts");
  await seedLocal((line) => note(line));
}

async function devAccountLines(): Promise<string[]> {
  const { devAccounts } = await import("./seed.ts");
  return devAccounts().map((a) => `${a.role === "admin" ? "Admin  " : "Shopper"}  ${a.email}  /  ${a.password}`);
}

/** Hands the terminal to `wrangler dev` and exits with its status. */
async function serve(port: number, devArgs: string[]): Promise<never> {
  const origin = `http://localhost:${port}`;
  console.log(`
    Storefront  ${origin}/
    API         ${origin}/api/v1/health
    API docs    ${origin}/api/docs

    Dev accounts (local only; these passwords are public, never use them elsewhere):
${(await devAccountLines()).map((line) => `      ${line}`).join("\n")}
`);
  const args = ["dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", stateDir, "--var", `APP_ORIGIN:${origin}`, ...devArgs];
  const child = spawn(bin("wrangler"), args, {
    cwd: root,
    env: childEnv,
    stdio: "inherit",
  });
  // Ctrl-C reaches wrangler directly (same process group); forwarding also covers a
  // SIGINT/SIGTERM sent to this process alone, e.g. by a process manager.
  const forward = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  return new Promise((_, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 1)));
  });
}

// ── Main ───────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  process.chdir(root);

  step("Local secrets (.dev.vars)");
  ensureDevVars();

  if (options.reset) {
    step("Reset local state");
    resetLocalState();
  }

  step("Apply D1 migrations to the local database");
  await applyMigrations();

  step("Seed demo data (only into an empty database)");
  await seed();

  step("Build the Remix app (npm run build)");
  if (options.build) await npmRun("build");
  else note("Skipped (--no-build).");

  if (!options.serve) {
    console.log("\nDone. Start the server with `npm start`.");
    return;
  }
  step(`Start wrangler dev on port ${options.port}`);
  await serve(options.port, options.devArgs);
}

main().catch((error: unknown) => {
  console.error(`\n\x1b[31m✗ ${error instanceof Error ? error.message : String(error)}\x1b[0m`);
  process.exit(1);
});
