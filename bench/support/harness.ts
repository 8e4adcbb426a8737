// What the browser benchmarks share: the production web server on a database of their own,
// Chromium, and cleanup of everything they started (also on error or Ctrl-C).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium, type Browser } from "@playwright/test";
import { createTestDatabase, TEST_CREDENTIALS_KEYS, TEST_REDIS_URL, type TestDatabase } from "../../test/integration/support/services";

export const log = (msg: string) => console.error(`[bench] ${msg}`);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const pct = (sorted: number[], p: number) => (sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number) : 0);
export const round = (n: number) => Number(n.toFixed(2));

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/lib/chromium/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-background-timer-throttling",
  "--disable-renderer-backgrounding",
  "--disable-backgrounding-occluded-windows",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
const BUILD_ID = path.resolve(".next/BUILD_ID");

export class BenchHarness {
  private database: TestDatabase | null = null;
  private web: ChildProcess | null = null;
  private browser: Browser | null = null;
  private readonly closers: (() => Promise<unknown>)[] = [];
  private cleaning: Promise<void> | null = null;

  constructor(readonly port: number) {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.on(signal, () => {
        log(`${signal}: cleaning up`);
        void this.cleanup().finally(() => process.exit(130));
      });
    }
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Runs `close` during cleanup, newest first. */
  onClose(close: () => Promise<unknown>): void {
    this.closers.push(close);
  }

  async createDatabase(): Promise<TestDatabase> {
    this.database = await createTestDatabase();
    return this.database;
  }

  /** `next start` (building first if there is no build) with the test services and `env`; resolves once it answers. */
  async startWeb(env: Record<string, string>, options: { rebuild?: boolean } = {}): Promise<{ child: ChildProcess; output: () => string }> {
    const nextBin = path.join(path.dirname(createRequire(import.meta.url).resolve("next/package.json")), "dist/bin/next");
    if (options.rebuild || !existsSync(BUILD_ID)) {
      log("building the web app (next build)…");
      const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: ["ignore", process.stderr, process.stderr], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
      if (build.status !== 0) {
        // Most often another `next build` (tests, a colleague) holds .next: use its result.
        log("next build failed; waiting up to 5 min for a build in progress to finish…");
        const until = Date.now() + 300_000;
        while (!existsSync(BUILD_ID) && Date.now() < until) await sleep(2000);
        if (!existsSync(BUILD_ID)) throw new Error("next build failed and no other build produced .next");
      }
    }
    let output = "";
    const child = spawn(process.execPath, [nextBin, "start", "-p", String(this.port), "-H", "127.0.0.1"], {
      env: {
        ...process.env,
        REDIS_URL: TEST_REDIS_URL,
        NEXTAUTH_URL: this.origin,
        NEXTAUTH_SECRET: "bench-only-secret-not-for-production-0123456789",
        CREDENTIALS_KEYS: TEST_CREDENTIALS_KEYS,
        LOG_LEVEL: "warn",
        ...env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        ORCHESTRA_PROCESS: "web",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    this.web = child;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`web server exited with ${child.exitCode}:\n${output}`);
      const ok = await fetch(`${this.origin}/sign-in`).then((r) => r.ok, () => false);
      if (ok) return { child, output: () => output };
      await sleep(250);
    }
    throw new Error(`web server not answering on ${this.origin} after 60 s:\n${output}`);
  }

  async launchChromium(extraArgs: string[] = []): Promise<Browser> {
    this.browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] });
    return this.browser;
  }

  cleanup(): Promise<void> {
    this.cleaning ??= (async () => {
      await this.browser?.close().catch(() => undefined);
      const child = this.web;
      if (child && child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
          child.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill("SIGTERM");
        });
      }
      for (const close of this.closers.reverse()) await close().catch(() => undefined);
      await this.database?.drop().catch((e: Error) => log(`could not drop the database: ${e.message}`));
    })();
    return this.cleaning;
  }

  /** Runs the benchmark, cleans up, prints its result as the last line, and exits. */
  async run(main: () => Promise<unknown>): Promise<never> {
    let exitCode = 0;
    let result: unknown = null;
    try {
      result = await main();
    } catch (error) {
      exitCode = 1;
      console.error(`[bench] failed: ${(error as Error).stack ?? String(error)}`);
    } finally {
      await this.cleanup();
    }
    if (result) console.log(JSON.stringify(result));
    process.exit(exitCode);
  }
}
