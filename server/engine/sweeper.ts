import type { Logger } from "pino";
import type { Db } from "../db";
import type { NodeQueue } from "../queue";
import { stopRun } from "./node-lifecycle";
import { lockRun } from "./run-log";
import { prismaSql, type EnginePool } from "./sql";
import { notifyParent } from "./subflow";

/** A queued node older than this without a live job was committed but never enqueued (a crash in between). */
export const STALE_QUEUED_MS = 3_000;
const BATCH = 500;

export interface SweeperDeps {
  db: Db;
  pool: EnginePool;
  queue: NodeQueue;
  publish: (runId: string, seq: number) => Promise<void>;
  publishCancel: (runId: string) => Promise<void>;
  log: Logger;
}

export interface SweepReport {
  reenqueued: number;
  revived: number;
  timedOutRuns: number;
}

/**
 * One pass: every node committed as queued but missing from the queue gets its job back (ids
 * are deterministic, so a job that exists is left alone), and runs past their deadline are
 * failed. Safe to run from every worker at once.
 */
export async function sweepOnce(deps: SweeperDeps): Promise<SweepReport> {
  const report: SweepReport = { reenqueued: 0, revived: 0, timedOutRuns: 0 };
  const stale = await deps.db.nodeRun.findMany({
    where: { status: "queued", queuedAt: { lt: new Date(Date.now() - STALE_QUEUED_MS) }, run: { status: { in: ["queued", "running"] } } },
    select: { runId: true, nodeId: true, iteration: true, attempt: true, notBefore: true },
    orderBy: { queuedAt: "asc" },
    take: BATCH,
  });
  for (const n of stale) {
    const delayMs = n.notBefore ? Math.max(0, n.notBefore.getTime() - Date.now()) : 0;
    const outcome = await deps.queue.ensure({ runId: n.runId, nodeId: n.nodeId, iteration: n.iteration, attempt: n.attempt + 1 }, delayMs);
    if (outcome === "added") report.reenqueued++;
    if (outcome === "revived") report.revived++;
  }

  const overdue = await deps.db.run.findMany({
    where: { status: { in: ["queued", "running", "waiting"] }, deadlineAt: { lt: new Date() } },
    select: { id: true },
    take: BATCH,
  });
  for (const { id } of overdue) {
    const seq = await failOverdueRun(deps.db, id);
    if (seq === null) continue;
    report.timedOutRuns++;
    await deps.publishCancel(id);
    await deps.publish(id, seq);
    await notifyParent(deps, id);
  }
  if (report.reenqueued + report.revived + report.timedOutRuns > 0) deps.log.warn(report, "sweeper recovered work");
  return report;
}

async function failOverdueRun(db: Db, runId: string): Promise<number | null> {
  return db.$transaction(async (tx) => {
    const sql = prismaSql(tx);
    const run = await lockRun(sql, runId);
    if (!run || !["queued", "running", "waiting"].includes(run.status)) return null;
    return stopRun(sql, runId, "failed", "The run reached its time limit");
  });
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
