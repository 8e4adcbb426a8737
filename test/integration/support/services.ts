import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "@/server/db/migrations";
import { pgConfigFromUrl, withDatabase } from "@/server/db/pg-url";

/** The Postgres server and Redis the integration tests use (CI and dev machines run both locally). */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
/** A fixed test-only key for stored credentials. */
export const TEST_CREDENTIALS_KEYS = `test:${Buffer.alloc(32, 1).toString("base64")}`;

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
}

export interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

/** A fresh database with every migration applied, dropped afterwards. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = uniqueName("orchestra_it");
  const admin = new pg.Client(pgConfigFromUrl(TEST_PG_URL));
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = withDatabase(TEST_PG_URL, name);
  await applyMigrations(url);
  return {
    url,
    drop: async () => {
      const dropper = new pg.Client(pgConfigFromUrl(TEST_PG_URL));
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropper.end();
    },
  };
}

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** A real worker process (workers/main.ts), resolved once it reports ready. */
export async function startWorker(env: { DATABASE_URL: string; REDIS_URL: string; QUEUE_PREFIX: string } & Record<string, string>): Promise<WorkerProcess> {
  const root = path.resolve(import.meta.dirname, "../../..");
  // WORKER_CPU_PROFILE_DIR (benchmarks): write the worker's CPU profile there when it stops.
  const profile = process.env.WORKER_CPU_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.WORKER_CPU_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", "workers/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NEXTAUTH_SECRET: "integration-tests-secret-0123456789abcdef",
      CREDENTIALS_KEYS: TEST_CREDENTIALS_KEYS,
      WORKER_CONCURRENCY: "8",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready after 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"msg":"worker ready"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code}:\n${output}`));
    });
  });
  await ready;
  return {
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
