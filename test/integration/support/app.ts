import { Redis } from "ioredis";
import { createCaller } from "@/server/api/root";
import { createAuthLimits } from "@/server/auth/limits";
import type { TrpcContext } from "@/server/api/trpc";
import { createDb, type Db } from "@/server/db";
import { createEnginePool, type EnginePool } from "@/server/engine/kernel";
import { parseKeyRing } from "@/server/security/secret-box";
import { ProviderHealth } from "@/server/engine/models/provider-health";
import { parseNetworkPolicy } from "@/server/net/ip-policy";
import { createNodeQueue } from "@/server/queue";
import { createRunPublisher } from "@/server/realtime/publisher";
import { RunEventFeed } from "@/server/realtime/run-event-feed";
import { RunNotifier } from "@/server/realtime/run-notifier";
import { runFeedSource } from "@/server/services/run-feed-source";
import { signUp } from "@/server/services/users";
import { createTestDatabase, startWorker, TEST_CREDENTIALS_KEYS, TEST_REDIS_URL, uniqueName, type TestDatabase, type WorkerProcess } from "./services";

/** Everything an integration test needs: its own database, queue prefix, a worker process, and callers. */
export interface TestApp {
  db: Db;
  pool: EnginePool;
  database: TestDatabase;
  prefix: string;
  worker: WorkerProcess | null;
  callerFor: (userId: string | null) => ReturnType<typeof createCaller>;
  newUser: (name: string) => Promise<{ id: string; workspaceId: string; caller: ReturnType<typeof createCaller> }>;
  waitForRun: (runId: string, timeoutMs?: number) => Promise<string>;
  close: () => Promise<void>;
}

export async function createTestApp(options: { worker: boolean; workerEnv?: Record<string, string> }): Promise<TestApp> {
  const database = await createTestDatabase();
  const prefix = uniqueName("orchestra_it");
  const db = createDb(database.url);
  const pool = createEnginePool(database.url);
  const queue = createNodeQueue(TEST_REDIS_URL, prefix);
  const publisher = createRunPublisher(TEST_REDIS_URL, prefix);
  const notifier = new RunNotifier(TEST_REDIS_URL, prefix);
  const runFeed = new RunEventFeed(runFeedSource(db, notifier));
  const healthRedis = new Redis(TEST_REDIS_URL);
  // The web side checks saved URLs with the same allow-list the worker is given.
  const egressPolicy = parseNetworkPolicy(options.workerEnv?.HTTP_ALLOWED_HOSTS);
  const limits = createAuthLimits(healthRedis, prefix, { RATE_LIMIT_SIGN_IN_FAILURES: 10, RATE_LIMIT_SIGN_IN_PER_IP: 50, RATE_LIMIT_SIGN_UPS_PER_IP: 30 });
  const worker = options.worker ? await startWorker({ ...options.workerEnv, DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix }) : null;

  const callerFor = (userId: string | null) => {
    const ctx: TrpcContext = {
      db,
      pool,
      keyRing: () => parseKeyRing(TEST_CREDENTIALS_KEYS),
      providerHealth: () => new ProviderHealth(healthRedis, prefix, { failureThreshold: 5, cooldownMs: 30_000 }),
      egressPolicy: () => egressPolicy,
      userId,
      queue,
      publish: publisher.publish,
      publishCancel: publisher.publishCancel,
      runFeed,
      clientIp: "127.0.0.1",
      limits,
    };
    return createCaller(ctx);
  };

  let users = 0;
  return {
    db,
    pool,
    database,
    prefix,
    worker,
    callerFor,
    async newUser(name) {
      users += 1;
      const user = await signUp(db, { name, email: `${name.toLowerCase()}${users}@example.test`, password: "correct horse battery" });
      return { id: user.id, workspaceId: user.workspaceId, caller: callerFor(user.id) };
    },
    async waitForRun(runId, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
        if (run.status !== "queued" && run.status !== "running" && run.status !== "waiting") return run.status;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`run ${runId} did not finish in ${timeoutMs} ms\n${worker?.output() ?? ""}`);
    },
    async close() {
      await worker?.stop();
      await queue.close();
      await publisher.close();
      await notifier.close();
      healthRedis.disconnect();
      await db.$disconnect();
      await pool.end();
      const redis = new Redis(TEST_REDIS_URL);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      await database.drop();
    },
  };
}
