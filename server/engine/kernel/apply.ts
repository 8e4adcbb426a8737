import type { Logger } from "pino";
import { nodeJobId, type NodeQueue } from "../../queue";
import type { EnginePool } from "../sql";
import { endRun } from "./cancel";
import { childEnded } from "./children";
import { mergeEffects, noEffects, type Effects } from "./effects";

export interface KernelDeps {
  pool: EnginePool;
  queue: NodeQueue;
  /** Announces that the run's event log reached `seq`. */
  publish: (runId: string, seq: number) => Promise<void>;
  /** Tells every worker to abort the run's running nodes (only `nodeIds` when given). */
  publishCancel: (runId: string, nodeIds?: readonly string[]) => Promise<void>;
  log?: Logger;
}

function isEmpty(e: Effects): boolean {
  return e.enqueue.length + e.publish.size + e.cancelRunning.length + e.removeJobs.length + e.wake.length + e.cancelRuns.length + e.endedRuns.length === 0;
}

/**
 * The one place effects of a committed change are carried out: jobs enqueued, timers set,
 * viewers told, running nodes aborted; then runs that ended stop their children and wake their
 * parent, whose own effects are applied in turn. A crash anywhere here loses nothing: the
 * sweeper finds committed work whose effect did not happen.
 */
export async function applyEffects(deps: KernelDeps, effects: Effects | null): Promise<void> {
  let current = effects;
  for (let round = 0; current && !isEmpty(current) && round < 100; round++) {
    await deps.queue.enqueue(current.enqueue);
    for (const w of current.wake) await deps.queue.scheduleWake(w.job, w.atMs - Date.now());
    for (const [runId, seq] of current.publish) await deps.publish(runId, seq);
    for (const c of current.cancelRunning) await deps.publishCancel(c.runId, c.nodeIds);
    if (current.removeJobs.length > 0) await deps.queue.remove(current.removeJobs.map(nodeJobId));
    const next = noEffects();
    for (const c of current.cancelRuns) mergeEffects(next, await endRun(deps.pool, c.runId, "cancelled", c.reason));
    for (const runId of current.endedRuns) {
      mergeEffects(next, await stopChildren(deps.pool, runId));
      mergeEffects(next, await childEnded(deps.pool, runId));
    }
    current = next;
  }
}

/** Child runs stop when their parent ends, for whatever reason. */
export async function stopChildren(pool: EnginePool, parentRunId: string): Promise<Effects> {
  const children = await pool.query<{ id: string }>(`SELECT id FROM "Run" WHERE "parentRunId" = $1 AND status IN ('queued', 'running', 'waiting')`, [parentRunId]);
  const effects = noEffects();
  for (const c of children) mergeEffects(effects, await endRun(pool, c.id, "cancelled", "The parent run ended"));
  return effects;
}
