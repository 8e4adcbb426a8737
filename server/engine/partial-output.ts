import type { ExecuteNodeJob } from "../queue";
import { appendEvents, lockRun } from "./run-log";
import type { EnginePool } from "./sql";

const FLUSH_EVERY_MS = 200;

/**
 * Streams a node's partial output as node.delta events, batched so a fast model writes a few
 * events a second rather than one per token. flush() before settling keeps them in order.
 */
export function createPartialEmitter(deps: { pool: EnginePool; publish: (runId: string, seq: number) => Promise<void> }, job: ExecuteNodeJob) {
  let buffer = "";
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();

  const write = () => {
    timer = null;
    if (!buffer) return writing;
    const text = buffer;
    buffer = "";
    writing = writing
      .then(async () => {
        const seq = await deps.pool.tx(async (sql) => {
          const run = await lockRun(sql, job.runId);
          if (!run || !["running", "waiting"].includes(run.status)) return null;
          return appendEvents(sql, job.runId, [{ type: "node.delta", nodeId: job.nodeId, payload: { text } }]);
        });
        if (seq !== null) await deps.publish(job.runId, seq);
      })
      .catch(() => undefined); // partial output is best-effort; the final output is committed with the node
    return writing;
  };

  return {
    push(text: string) {
      buffer += text;
      timer ??= setTimeout(write, FLUSH_EVERY_MS);
    },
    async flush() {
      if (timer) clearTimeout(timer);
      await write();
    },
  };
}
