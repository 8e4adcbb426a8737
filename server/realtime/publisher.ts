import { Redis } from "ioredis";
import { cancelChannel, runChannel } from "./channels";

export interface RunPublisher {
  publish(runId: string, seq: number): Promise<void>;
  publishCancel(runId: string, nodeIds?: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** Notifications are hints: viewers re-read the event log from Postgres, so a lost one costs latency, not data. */
export function createRunPublisher(redisUrl: string, prefix: string): RunPublisher {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  redis.on("error", () => undefined);
  return {
    async publish(runId, seq) {
      await redis.publish(runChannel(prefix, runId), String(seq)).catch(() => undefined);
    },
    async publishCancel(runId, nodeIds) {
      await redis.publish(cancelChannel(prefix), nodeIds?.length ? `${runId}/${nodeIds.join(",")}` : runId).catch(() => undefined);
    },
    async close() {
      redis.disconnect();
    },
  };
}
