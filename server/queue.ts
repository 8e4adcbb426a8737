import { Queue, type ConnectionOptions, type JobsOptions } from "bullmq";
import { z } from "zod";

/** One queue for node executions; a job runs one node of one run. */
export const NODE_QUEUE = "nodes";
export const EXECUTE_NODE_JOB = "execute-node";
/** Completes a node's time waitpoint (a Delay) when it is due. */
export const WAKE_WAITPOINT_JOB = "wake-waitpoint";

export const executeNodeJobSchema = z.object({
  runId: z.string().min(1),
  nodeId: z.string().min(1),
  iteration: z.number().int().min(0),
  /** Which try this job is (1-based); retries are new jobs so their ids differ. */
  attempt: z.number().int().min(1).default(1),
  /** The run's workspace, so a worker can apply its per-workspace share before touching the database. */
  workspaceId: z.string().min(1).optional(),
});
export type ExecuteNodeJob = z.input<typeof executeNodeJobSchema>;

export const waitpointJobSchema = z.object({ runId: z.string().min(1), nodeId: z.string().min(1), iteration: z.number().int().min(0) });
export type WaitpointJob = z.infer<typeof waitpointJobSchema>;

/** Deterministic, so enqueuing the same try of a node twice is a no-op (BullMQ ids may not contain ':'). */
export function nodeJobId(job: ExecuteNodeJob): string {
  const base = `${job.runId}.${job.nodeId}.${job.iteration}`;
  return (job.attempt ?? 1) > 1 ? `${base}.a${job.attempt}` : base;
}

/** Plain options object: BullMQ creates and closes its own connections. */
export function redisConnection(redisUrl: string, forWorker = false): ConnectionOptions {
  const u = new URL(redisUrl);
  return {
    host: u.hostname || "127.0.0.1",
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === "rediss:" ? {} : undefined,
    // Workers block on Redis and must never give up a command.
    maxRetriesPerRequest: forWorker ? null : 3,
  };
}

/**
 * Node-level retries are the engine's (per-node policy, visible as events). These BullMQ attempts
 * only cover infrastructure failures of the processor itself (database or Redis hiccups); the
 * processor is idempotent, so running a job again is safe.
 */
export const NODE_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: "exponential", delay: 1_000 },
  removeOnComplete: { count: 1_000 },
  removeOnFail: { count: 5_000 },
};

/**
 * A killed worker's job is picked up again once its lock expires (lockDuration, renewed every
 * half of it while alive) and another worker's stalled check (every stalledInterval) sees it:
 * at most ~4 s. maxStalledCount is high because a re-run job is harmless (committed nodes are
 * never re-executed) and a job failed for stalling would leave its node stuck.
 */
export const NODE_WORKER_SETTINGS = { lockDuration: 3_000, stalledInterval: 1_000, maxStalledCount: 1_000 } as const;

export interface NodeQueue {
  enqueue(jobs: ExecuteNodeJob[], options?: { delayMs?: number }): Promise<void>;
  /** Re-adds a job by its deterministic id unless it is waiting, delayed or active; revives it if it failed. */
  ensure(job: ExecuteNodeJob, delayMs: number): Promise<"exists" | "added" | "revived">;
  /** A job that wakes the node's time waitpoint after `delayMs` (deterministic id: scheduling twice is a no-op). */
  scheduleWake(job: WaitpointJob, delayMs: number): Promise<void>;
  /** Removes jobs that have not started (waiting or delayed); running ones are left to their abort signal. */
  remove(jobIds: string[]): Promise<void>;
  close(): Promise<void>;
}

export function createNodeQueue(redisUrl: string, prefix: string): NodeQueue {
  const queue = new Queue(NODE_QUEUE, { connection: redisConnection(redisUrl), prefix });
  return {
    async enqueue(jobs, options = {}) {
      if (jobs.length === 0) return;
      await queue.addBulk(
        jobs.map((data) => ({ name: EXECUTE_NODE_JOB, data, opts: { ...NODE_JOB_OPTIONS, jobId: nodeJobId(data), delay: options.delayMs } })),
      );
    },
    async ensure(data, delayMs) {
      const existing = await queue.getJob(nodeJobId(data));
      if (!existing) {
        await queue.add(EXECUTE_NODE_JOB, data, { ...NODE_JOB_OPTIONS, jobId: nodeJobId(data), delay: delayMs > 0 ? delayMs : undefined });
        return "added";
      }
      if (await existing.isFailed()) {
        await existing.retry("failed");
        return "revived";
      }
      return "exists";
    },
    async scheduleWake(data, delayMs) {
      await queue.add(WAKE_WAITPOINT_JOB, data, {
        ...NODE_JOB_OPTIONS,
        jobId: `${data.runId}.${data.nodeId}.${data.iteration}.wake`,
        delay: delayMs > 0 ? Math.ceil(delayMs) : undefined,
      });
    },
    async remove(jobIds) {
      await Promise.all(jobIds.map((id) => queue.remove(id).catch(() => 0)));
    },
    close: () => queue.close(),
  };
}
