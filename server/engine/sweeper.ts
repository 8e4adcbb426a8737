import type { Logger } from "pino";
import { applyEffects, stopChildren, type KernelDeps } from "./kernel/apply";
import { endRun } from "./kernel/cancel";
import { childEnded } from "./kernel/children";
import { overdueTimeWaitpoints, wakeTimeWaitpoint } from "./kernel/waitpoints";
import { NOW_UTC } from "./sql";

/** A queued node older than this without a live job was committed but never enqueued (a crash in between). */
export const STALE_QUEUED_MS = 3_000;
const BATCH = 500;

export interface SweeperDeps extends KernelDeps {
  log: Logger;
}

export interface SweepReport {
  reenqueued: number;
  revived: number;
  timedOutRuns: number;
  wokenWaitpoints: number;
  wokenParents: number;
  stoppedOrphans: number;
}

/**
 * One pass over committed work whose effect may not have happened (a crash between a commit
 * and its effects, or Redis restarted empty): queued nodes get their job back (ids are
 * deterministic, so a job that exists is left alone), due time waitpoints are completed, parents
 * of ended child runs are woken, children of ended runs are stopped, and runs past their
 * deadline fail. Safe to run from every worker at once.
 */
export async function sweepOnce(deps: SweeperDeps): Promise<SweepReport> {
  const report: SweepReport = { reenqueued: 0, revived: 0, timedOutRuns: 0, wokenWaitpoints: 0, wokenParents: 0, stoppedOrphans: 0 };
  const stale = await deps.pool.query<{ runId: string; nodeId: string; iteration: number; attempt: number; notBeforeMs: number | null; workspaceId: string }>(
    `SELECT n."runId", n."nodeId", n.iteration, n.attempt, r."workspaceId", (extract(epoch FROM (n."notBefore" - ${NOW_UTC})) * 1000)::float8 AS "notBeforeMs"
       FROM "NodeRun" n JOIN "Run" r ON r.id = n."runId"
      WHERE n.status = 'queued' AND n."queuedAt" < ${NOW_UTC} - make_interval(secs => $1::float8 / 1000) AND r.status IN ('queued', 'running')
      ORDER BY n."queuedAt" LIMIT $2`,
    [STALE_QUEUED_MS, BATCH],
  );
  for (const n of stale) {
    const outcome = await deps.queue.ensure({ runId: n.runId, nodeId: n.nodeId, iteration: n.iteration, attempt: n.attempt + 1, workspaceId: n.workspaceId }, Math.max(0, n.notBeforeMs ?? 0));
    if (outcome === "added") report.reenqueued++;
    if (outcome === "revived") report.revived++;
  }

  for (const job of await overdueTimeWaitpoints(deps.pool, STALE_QUEUED_MS, BATCH)) {
    await applyEffects(deps, await wakeTimeWaitpoint(deps.pool, job));
    report.wokenWaitpoints++;
  }

  // Ended children whose parent node still waits for them (Map items whose result is not recorded).
  const unheard = await deps.pool.query<{ id: string }>(
    `SELECT c.id FROM "NodeRun" n JOIN "Run" c ON c."parentRunId" = n."runId" AND c."parentNodeId" = n."nodeId"
      WHERE n.status = 'waiting' AND n."waitKind" = 'children' AND c.status IN ('succeeded', 'failed', 'cancelled', 'budget_exceeded')
        AND c."finishedAt" < ${NOW_UTC} - make_interval(secs => $1::float8 / 1000)
        AND (c."parentItemIndex" IS NULL OR NOT (n.output -> 'results') ? c."parentItemIndex"::text)
      LIMIT $2`,
    [STALE_QUEUED_MS, BATCH],
  );
  for (const { id } of unheard) {
    await applyEffects(deps, await childEnded(deps.pool, id));
    report.wokenParents++;
  }

  const orphans = await deps.pool.query<{ parentRunId: string }>(
    `SELECT DISTINCT c."parentRunId" FROM "Run" c JOIN "Run" p ON p.id = c."parentRunId"
      WHERE c.status IN ('queued', 'running', 'waiting') AND p.status IN ('succeeded', 'failed', 'cancelled', 'budget_exceeded') LIMIT $1`,
    [BATCH],
  );
  for (const { parentRunId } of orphans) {
    await applyEffects(deps, await stopChildren(deps.pool, parentRunId));
    report.stoppedOrphans++;
  }

  const overdue = await deps.pool.query<{ id: string }>(
    `SELECT id FROM "Run" WHERE status IN ('queued', 'running', 'waiting') AND "deadlineAt" < ${NOW_UTC} ORDER BY "deadlineAt" LIMIT $1`,
    [BATCH],
  );
  for (const { id } of overdue) {
    const effects = await endRun(deps.pool, id, "failed", "The run reached its time limit");
    if (!effects) continue;
    report.timedOutRuns++;
    await applyEffects(deps, effects);
  }
  if (Object.values(report).some((n) => n > 0)) deps.log.warn(report, "sweeper recovered work");
  return report;
}

/** Sweeps every `intervalMs` until stopped; a failed pass is logged and retried next time. */
export function startSweeper(deps: SweeperDeps, intervalMs = 1_000): () => Promise<void> {
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopped) return;
    current = sweepOnce(deps).catch((err: Error) => deps.log.error({ err: err.message }, "sweep failed"));
  }, intervalMs);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await current;
  };
}
