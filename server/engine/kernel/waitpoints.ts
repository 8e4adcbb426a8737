import type { RunEventBody } from "@/lib/run/events";
import type { WaitpointJob } from "../../queue";
import { safeText } from "../jsonb";
import { NodeError } from "../node-error";
import { graphOf, settleLocked, type WaitKind } from "../node-lifecycle";
import { appendEvents, lockRun, TERMINAL_RUN_STATUSES } from "../run-log";
import { NOW_UTC, type EnginePool } from "../sql";
import { noEffects, published, type Effects } from "./effects";

export interface Decision {
  runId: string;
  nodeId: string;
  decision: "approved" | "rejected";
  /** Who decided, as shown in the run's log. */
  by: string;
  comment: string;
}

export type DecideResult = { ok: true; effects: Effects } | { ok: false; reason: "not_found" | "not_waiting" };

/**
 * Completes a person waitpoint. An Approval node continues down the port named by the decision;
 * an escalated failure is tried again (approved) or fails for good (rejected). Either way the
 * decision, who made it and their comment are recorded as a `node.decided` event.
 */
export async function decide(pool: EnginePool, input: Decision): Promise<DecideResult> {
  return pool.tx(async (sql): Promise<DecideResult> => {
    const run = await lockRun(sql, input.runId);
    if (!run) return { ok: false, reason: "not_found" };
    const nodes = await sql.query<{ iteration: number; status: string; waitKind: WaitKind | null; output: unknown; startedAt: Date | null; attempt: number }>(
      `SELECT iteration, status::text AS status, "waitKind", output, "startedAt", attempt FROM "NodeRun" WHERE "runId" = $1 AND "nodeId" = $2 ORDER BY iteration`,
      [input.runId, input.nodeId],
    );
    if (nodes.length === 0) return { ok: false, reason: "not_found" };
    const waiting = nodes.find((n) => n.status === "waiting" && (n.waitKind === "person" || n.waitKind === "escalation"));
    if (!waiting || TERMINAL_RUN_STATUSES.has(run.status)) return { ok: false, reason: "not_waiting" };
    const job = { runId: input.runId, nodeId: input.nodeId, iteration: waiting.iteration };
    const decided: RunEventBody = { type: "node.decided", nodeId: input.nodeId, payload: { decision: input.decision, by: safeText(input.by), comment: safeText(input.comment) } };

    if (waiting.waitKind === "escalation" && input.decision === "approved") {
      await sql.query(`UPDATE "NodeRun" SET status = 'queued', "waitKind" = NULL, "queuedAt" = ${NOW_UTC}, "notBefore" = NULL WHERE "runId" = $1 AND "nodeId" = $2 AND iteration = $3`, [
        job.runId,
        job.nodeId,
        job.iteration,
      ]);
      await sql.query(`UPDATE "Run" SET status = 'running' WHERE id = $1 AND status = 'waiting'`, [job.runId]);
      const seq = await appendEvents(sql, job.runId, [decided, { type: "node.queued", nodeId: job.nodeId, payload: {} }]);
      const effects = published(job.runId, seq);
      effects.enqueue.push({ ...job, attempt: waiting.attempt + 1, workspaceId: run.workspaceId });
      return { ok: true, effects };
    }
    const graph = await graphOf(sql, run.flowVersionId);
    const outcome =
      waiting.waitKind === "escalation"
        ? { kind: "failed" as const, error: new NodeError("other", `${(waiting.output as { error?: string } | null)?.error ?? "Rejected"} (rejected by ${input.by})`) }
        : { kind: "succeeded" as const, result: { output: waiting.output, takenHandles: [input.decision] } };
    const effects = await settleLocked(sql, run, job, graph, outcome, { startedAt: waiting.startedAt?.getTime() ?? Date.now(), resume: { firstEvents: [decided] } });
    return effects ? { ok: true, effects } : { ok: false, reason: "not_waiting" };
  });
}

/**
 * Completes a time waitpoint that is due: the parked value continues on. One that is not due
 * yet (woken early) is scheduled again; one already settled is left alone.
 */
export async function wakeTimeWaitpoint(pool: EnginePool, job: WaitpointJob): Promise<Effects> {
  return pool.tx(async (sql) => {
    const run = await lockRun(sql, job.runId);
    if (!run || TERMINAL_RUN_STATUSES.has(run.status)) return noEffects();
    const [node] = await sql.query<{ output: unknown; startedAt: Date | null; dueInMs: number }>(
      `SELECT output, "startedAt", (extract(epoch FROM ("resumeAt" - ${NOW_UTC})) * 1000)::float8 AS "dueInMs"
         FROM "NodeRun" WHERE "runId" = $1 AND "nodeId" = $2 AND iteration = $3 AND status = 'waiting' AND "waitKind" = 'time'`,
      [job.runId, job.nodeId, job.iteration],
    );
    if (!node) return noEffects();
    if (node.dueInMs > 0) {
      const effects = noEffects();
      effects.wake.push({ job, atMs: Date.now() + node.dueInMs });
      return effects;
    }
    const graph = await graphOf(sql, run.flowVersionId);
    const effects = await settleLocked(sql, run, job, graph, { kind: "succeeded", result: { output: node.output } }, {
      startedAt: node.startedAt?.getTime() ?? Date.now(),
      resume: { firstEvents: [] },
    });
    return effects ?? noEffects();
  });
}

/** Time waitpoints past due by more than `graceMs` (their wake job was lost): for the sweeper. */
export async function overdueTimeWaitpoints(pool: EnginePool, graceMs: number, limit: number): Promise<WaitpointJob[]> {
  return pool.query<WaitpointJob>(
    `SELECT "runId", "nodeId", iteration FROM "NodeRun"
      WHERE "resumeAt" < ${NOW_UTC} - make_interval(secs => $1::float8 / 1000) AND status = 'waiting' AND "waitKind" = 'time'
      ORDER BY "resumeAt" LIMIT $2`,
    [graceMs, limit],
  );
}
