import { currentUserId } from "../auth/session";
import { db } from "../db";
import { egressPolicy } from "../net/egress";
import { webRuntime } from "../runtime";
import type { TrpcContext } from "./trpc";

/** Context for requests arriving over HTTP: the session's user and the process's connections. */
export async function createWebContext(): Promise<TrpcContext> {
  const runtime = webRuntime();
  return {
    db: db(),
    pool: runtime.pool,
    keyRing: runtime.keyRing,
    providerHealth: runtime.providerHealth,
    egressPolicy,
    userId: await currentUserId(),
    queue: runtime.queue,
    publish: runtime.publisher.publish,
    publishCancel: runtime.publisher.publishCancel,
    runFeed: runtime.runFeed,
  };
}
