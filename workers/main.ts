// The BullMQ worker process: executes node jobs. Run any number of these against shared Postgres and Redis.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { DelayedError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { createEnginePool, executeNode, startSweeper, wake, WorkspaceSlots, workspaceSlotLimit } from "../server/engine/kernel";
import { formatEnvError, serverEnv } from "../server/env";
import { logger } from "../server/logger";
import {
  createNodeQueue,
  EXECUTE_NODE_JOB,
  executeNodeJobSchema,
  NODE_QUEUE,
  NODE_WORKER_SETTINGS,
  redisConnection,
  WAKE_WAITPOINT_JOB,
  waitpointJobSchema,
} from "../server/queue";

import { parseKeyRing } from "../server/security/secret-box";
import { ProviderHealth } from "../server/engine/models/provider-health";
import { cancelChannel } from "../server/realtime/channels";
import { createRunPublisher } from "../server/realtime/publisher";
import { RunAborts } from "../server/engine/run-aborts";
import { ZodError } from "zod";

process.env.ORCHESTRA_PROCESS ??= "worker";

function loadEnv() {
  try {
    return serverEnv();
  } catch (error) {
    console.error(error instanceof ZodError ? formatEnvError(error) : (error as Error).message);
    process.exit(1);
  }
}

const env = loadEnv();
const log = logger.child({ pid: process.pid });
const pool = createEnginePool(env.DATABASE_URL, env.DATABASE_POOL_SIZE);
const queue = createNodeQueue(env.REDIS_URL, env.QUEUE_PREFIX);
const publisher = createRunPublisher(env.REDIS_URL, env.QUEUE_PREFIX);
const aborts = new RunAborts();
const healthRedis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 3 });
healthRedis.on("error", (err) => log.warn({ err: err.message }, "provider health redis error"));
const health = new ProviderHealth(healthRedis, env.QUEUE_PREFIX, { failureThreshold: env.CIRCUIT_FAILURE_THRESHOLD, cooldownMs: env.CIRCUIT_COOLDOWN_MS });
const slots = new WorkspaceSlots(workspaceSlotLimit(env.WORKER_CONCURRENCY, env.WORKSPACE_SLOT_SHARE), env.WORKER_CONCURRENCY);
const deps = { pool, slots, keyRing: parseKeyRing(env.CREDENTIALS_KEYS), health, queue, publish: publisher.publish, publishCancel: publisher.publishCancel, aborts, log };

// Cancels reach every worker: each aborts the nodes it is running for that run.
const cancelSubscriber = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
cancelSubscriber.on("error", (err) => log.warn({ err: err.message }, "cancel subscriber error"));
cancelSubscriber.on("message", (_channel: string, message: string) => {
  const [runId = "", nodes] = message.split("/");
  const aborted = aborts.abort(runId, "Cancelled", nodes ? nodes.split(",") : undefined);
  if (aborted > 0) log.info({ runId, aborted }, "aborted running nodes");
});
await cancelSubscriber.subscribe(cancelChannel(env.QUEUE_PREFIX));

const worker = new Worker(
  NODE_QUEUE,
  async (job, token, signal) => {
    if (job.name === EXECUTE_NODE_JOB) {
      const outcome = await executeNode(deps, executeNodeJobSchema.parse(job.data), signal ?? new AbortController().signal);
      if (outcome === "throttled") {
        // This workspace holds its share of the slots: let other tenants' jobs go first.
        await job.moveToDelayed(Date.now() + 100 + Math.floor(Math.random() * 200), token);
        throw new DelayedError();
      }
      return;
    }
    if (job.name === WAKE_WAITPOINT_JOB) return wake(deps, waitpointJobSchema.parse(job.data));
    throw new Error(`Unknown job ${job.name}`);
  },
  {
    connection: redisConnection(env.REDIS_URL, true),
    prefix: env.QUEUE_PREFIX,
    concurrency: env.WORKER_CONCURRENCY,
    ...NODE_WORKER_SETTINGS,
  },
);
const stopSweeper = startSweeper(deps);

const metricsTimer = env.WORKER_METRICS_INTERVAL_MS ? startMetricsLog(env.WORKER_METRICS_INTERVAL_MS) : null;
function startMetricsLog(intervalMs: number) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  return setInterval(() => {
    log.info(
      { loopDelayP99Ms: Number((delay.percentile(99) / 1e6).toFixed(2)), rssMb: Math.round(process.memoryUsage().rss / 1e6), activeNodes: aborts.running },
      "worker metrics",
    );
    delay.reset();
  }, intervalMs);
}

worker.on("error", (err) => log.error({ err: err.message }, "worker error"));
worker.on("failed", (job, err) => log.error({ jobId: job?.id, err: err.message }, "job failed"));
worker.on("ready", () => log.info({ concurrency: env.WORKER_CONCURRENCY, prefix: env.QUEUE_PREFIX }, "worker ready"));

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  log.info({ signal }, "worker stopping");
  if (metricsTimer) clearInterval(metricsTimer);
  await stopSweeper();
  await worker.close();
  cancelSubscriber.disconnect();
  healthRedis.disconnect();
  await queue.close();
  await publisher.close();
  await pool.end();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
