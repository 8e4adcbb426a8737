import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { z } from "zod";
import { applyMigrations } from "../../server/db/migrations";
import { formatEnvError, serverEnv } from "../../server/env";
import { startEmbeddedPostgres, type RunningPostgres } from "./embedded-postgres";
import { ensureLocalRedis } from "./local-redis";
import { localAuthSecret, localCredentialKeys } from "./secret";

export const launcherEnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  /** Loopback by default: other machines reach the app only when HOST says so (see README, Security). */
  HOST: z.string().min(1).default("127.0.0.1"),
  WORKERS: z.coerce.number().int().min(0).max(64).default(1),
  ORCHESTRA_REBUILD: z.enum(["0", "1"]).default("0"),
});

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1"]);

const log = (line: string) => console.log(`[orchestra] ${line}`);

function prefixOutput(child: ChildProcess, tag: string) {
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = "";
    stream?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) console.log(`[${tag}] ${line}`);
    });
  }
}

/**
 * Starts Orchestra on one machine: Postgres and Redis (embedded defaults when not configured),
 * migrations, a production build if there is none, then the web server and worker(s) together.
 * Ctrl-C stops everything it started.
 */
export async function launch(): Promise<void> {
  const parsed = launcherEnvSchema.safeParse(process.env);
  if (!parsed.success) {
    console.error(`Invalid configuration:\n${formatEnvError(parsed.error)}`);
    process.exit(1);
  }
  const options = parsed.data;
  let postgres: RunningPostgres | null = null;
  let redisChild: ChildProcess | null = null;
  const children: ChildProcess[] = [];
  let stopping = false;

  async function stopAll(code: number) {
    if (stopping) return;
    stopping = true;
    log("Stopping…");
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
            child.once("exit", () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill("SIGTERM");
          }),
      ),
    );
    redisChild?.kill("SIGTERM");
    await postgres?.stop().catch(() => undefined);
    process.exit(code);
  }
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));

  try {
    if (!process.env.DATABASE_URL) {
      postgres = await startEmbeddedPostgres(log);
      process.env.DATABASE_URL = postgres.url;
      log(`No DATABASE_URL: using embedded Postgres (${postgres.url.replace(/:[^:@/]+@/, ":***@")})`);
    }
    if (!process.env.REDIS_URL) {
      const redis = await ensureLocalRedis(log);
      redisChild = redis.process;
      process.env.REDIS_URL = redis.url;
      log(`No REDIS_URL: using ${redis.url}${redisChild ? " (started by Orchestra)" : ""}`);
    }
    process.env.NEXTAUTH_SECRET ??= localAuthSecret();
    process.env.CREDENTIALS_KEYS ??= localCredentialKeys();
    if (!LOOPBACK_HOSTS.has(options.HOST) && !process.env.NEXTAUTH_URL) {
      log(`HOST=${options.HOST} without NEXTAUTH_URL: only localhost names are accepted; set NEXTAUTH_URL (or ALLOWED_HOSTS) to the name people use.`);
    }
    process.env.NEXTAUTH_URL ??= `http://localhost:${options.PORT}`;
    serverEnv(); // fail here, naming the variable, rather than inside a child

    const { applied } = await applyMigrations(process.env.DATABASE_URL as string);
    log(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database schema is up to date");

    const require = createRequire(import.meta.url);
    const nextBin = path.join(path.dirname(require.resolve("next/package.json")), "dist/bin/next");
    if (options.ORCHESTRA_REBUILD === "1" || !existsSync(path.resolve(".next/BUILD_ID"))) {
      log("Building the web app (first start only; takes a minute)…");
      const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
      if (build.status !== 0) throw new Error("next build failed");
    }

    const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" as const };
    const web = spawn(process.execPath, [nextBin, "start", "-p", String(options.PORT), "-H", options.HOST], { env: { ...env, ORCHESTRA_PROCESS: "web" } });
    prefixOutput(web, "web");
    children.push(web);
    for (let i = 0; i < options.WORKERS; i++) {
      const worker = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], { env: { ...env, ORCHESTRA_PROCESS: "worker" } });
      prefixOutput(worker, options.WORKERS > 1 ? `worker-${i + 1}` : "worker");
      children.push(worker);
    }
    for (const child of children) {
      child.once("exit", (code, signal) => {
        if (stopping) return;
        log(`A process exited unexpectedly (code ${code}, signal ${signal}); stopping the rest.`);
        void stopAll(1);
      });
    }
    log(`Orchestra is starting on http://localhost:${options.PORT} (Ctrl-C to stop)`);
  } catch (error) {
    console.error(`[orchestra] ${(error as Error).message}`);
    await stopAll(1);
  }
}
