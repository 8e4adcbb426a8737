import { stopRun } from "../node-lifecycle";
import { lockRun, TERMINAL_RUN_STATUSES } from "../run-log";
import type { EnginePool } from "../sql";
import type { Effects } from "./effects";

/**
 * Ends a live run from outside: cancelled (a person, a parent that ended) or failed (its time
 * limit). Null when it had already ended. Its child runs stop with it (see applyEffects).
 */
export async function endRun(pool: EnginePool, runId: string, end: "cancelled" | "failed", reason: string): Promise<Effects | null> {
  return pool.tx(async (sql) => {
    const run = await lockRun(sql, runId);
    if (!run || TERMINAL_RUN_STATUSES.has(run.status)) return null;
    return stopRun(sql, runId, end, reason);
  });
}
