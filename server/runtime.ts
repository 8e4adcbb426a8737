import { db } from "./db";
import { createEnginePool, type EnginePool } from "./engine/sql";
import { parseKeyRing, type KeyRing } from "./security/secret-box";
import { ProviderHealth } from "./engine/models/provider-health";
import { Redis } from "ioredis";

/** Built on first use (parsing keys or connecting fails only where they are needed), then reused. */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

let sharedRedis: Redis | undefined;
function healthRedis(url: string): Redis {
  sharedRedis ??= new Redis(url, { maxRetriesPerRequest: 3 });
  sharedRedis.on("error", () => undefined);
  return sharedRedis;
}
import { serverEnv } from "./env";
import { createNodeQueue, type NodeQueue } from "./queue";
import { createRunPublisher, type RunPublisher } from "./realtime/publisher";
import { RunEventFeed } from "./realtime/run-event-feed";
import { RunNotifier } from "./realtime/run-notifier";
import { runFeedSource } from "./services/run-feed-source";

interface WebRuntime {
  pool: EnginePool;
  keyRing: () => KeyRing;
  providerHealth: () => ProviderHealth;
  queue: NodeQueue;
  publisher: RunPublisher;
  notifier: RunNotifier;
  runFeed: RunEventFeed;
}

const globalForRuntime = globalThis as unknown as { orchestraRuntime?: WebRuntime };

/** Connections the web process keeps open, made on first use (never during `next build`). */
export function webRuntime(): WebRuntime {
  if (!globalForRuntime.orchestraRuntime) {
    const env = serverEnv();
    const notifier = new RunNotifier(env.REDIS_URL, env.QUEUE_PREFIX);
    globalForRuntime.orchestraRuntime = {
      pool: createEnginePool(env.DATABASE_URL, env.DATABASE_POOL_SIZE),
      keyRing: once(() => parseKeyRing(env.CREDENTIALS_KEYS)),
      providerHealth: once(
        () => new ProviderHealth(healthRedis(env.REDIS_URL), env.QUEUE_PREFIX, { failureThreshold: env.CIRCUIT_FAILURE_THRESHOLD, cooldownMs: env.CIRCUIT_COOLDOWN_MS }),
      ),
      queue: createNodeQueue(env.REDIS_URL, env.QUEUE_PREFIX),
      publisher: createRunPublisher(env.REDIS_URL, env.QUEUE_PREFIX),
      notifier,
      runFeed: new RunEventFeed(runFeedSource(db(), notifier)),
    };
  }
  return globalForRuntime.orchestraRuntime;
}

export { db };
