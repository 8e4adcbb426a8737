import { randomUUID } from "node:crypto";
import type { RunEventBody } from "@/lib/run/events";
import type { ExecuteNodeJob } from "../../queue";
import { mergeEffects, published, type Effects } from "./effects";
import { toJsonb } from "../jsonb";
import { graphOf, runReady } from "../node-lifecycle";
import { appendEvents, lockRun } from "../run-log";
import { NOW_UTC, type Sql } from "../sql";

export type ActorType = "user" | "api_key" | "schedule" | "webhook" | "system";

/** Who starts a run. `userId` is the person it acts for (a key's or schedule's owner; a child run's starter). */
export interface RunActor {
  type: ActorType;
  /** The API key, schedule or webhook id; the parent run's id for "system". */
  id: string | null;
  userId: string;
}

/** A node row written with the run: already settled (a re-run's reused result) or skipped. */
export interface SeededNode {
  nodeId: string;
  status: "succeeded" | "failed" | "skipped";
  output?: unknown;
  takenHandles?: string[];
  model?: string | null;
  error?: string | null;
  startedAt?: Date | null;
  finishedAt?: Date | null;
}

/** Everything needed to write a run's rows; validated by whoever built it. */
export interface RunPlan {
  workspaceId: string;
  flowId: string;
  flowVersionId: string;
  inputs: Record<string, string>;
  budgetNanoUsd: bigint | null;
  deadlineAt: Date | null;
  actor: RunActor;
  trigger: string;
  /** Nodes queued when the run starts. */
  ready: string[];
  seeded?: SeededNode[];
  /** Events written after run.queued for the seeded nodes. */
  seedEvents?: RunEventBody[];
  parent?: { runId: string; nodeId: string; itemIndex: number | null; depth: number };
  rerunOf?: { runId: string; fromNodeId: string | null };
}

/**
 * Writes the run row, its first node rows and first events in the caller's transaction; the
 * caller enqueues the returned jobs only after the commit (a run is a row before it is a job).
 */
export async function insertRun(sql: Sql, plan: RunPlan): Promise<{ runId: string; lastSeq: number; jobs: ExecuteNodeJob[] }> {
  const runId = randomUUID();
  await sql.query(
    `INSERT INTO "Run" (id, "workspaceId", "flowId", "flowVersionId", inputs, "budgetNanoUsd", "deadlineAt", "startedById", "actorType", "actorId", trigger,
                        "parentRunId", "parentNodeId", "parentItemIndex", depth, "rerunOfId", "rerunFromNodeId", "createdAt")
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::bigint, $7::timestamptz AT TIME ZONE 'UTC', $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, ${NOW_UTC})`,
    [
      runId,
      plan.workspaceId,
      plan.flowId,
      plan.flowVersionId,
      toJsonb(plan.inputs),
      plan.budgetNanoUsd === null ? null : plan.budgetNanoUsd.toString(),
      plan.deadlineAt?.toISOString() ?? null,
      plan.actor.userId,
      plan.actor.type,
      plan.actor.id,
      plan.trigger,
      plan.parent?.runId ?? null,
      plan.parent?.nodeId ?? null,
      plan.parent?.itemIndex ?? null,
      plan.parent?.depth ?? 0,
      plan.rerunOf?.runId ?? null,
      plan.rerunOf?.fromNodeId ?? null,
    ],
  );
  const seeded = plan.seeded ?? [];
  if (plan.ready.length + seeded.length > 0) {
    const params: unknown[] = [runId];
    const rows = [
      ...plan.ready.map((nodeId) => ({ nodeId, status: "queued", output: null, takenHandles: [], model: null, error: null, startedAt: null, finishedAt: null })),
      ...seeded.map((n) => ({
        nodeId: n.nodeId,
        status: n.status,
        output: n.output === undefined ? null : toJsonb(n.output),
        takenHandles: n.takenHandles ?? [],
        model: n.model ?? null,
        error: n.error ?? null,
        startedAt: n.startedAt?.toISOString() ?? null,
        finishedAt: (n.finishedAt ?? (n.status === "skipped" ? new Date() : null))?.toISOString() ?? null,
      })),
    ].map((r) => {
      params.push(randomUUID(), r.nodeId, r.status, r.output, r.takenHandles, r.model, r.error, r.startedAt, r.finishedAt);
      const p = params.length;
      return `($${p - 8}, $1, $${p - 7}, 0, $${p - 6}::"NodeRunStatus", $${p - 5}::jsonb, $${p - 4}::text[], $${p - 3}, $${p - 2}, ${NOW_UTC},
               $${p - 1}::timestamptz AT TIME ZONE 'UTC', $${p}::timestamptz AT TIME ZONE 'UTC')`;
    });
    await sql.query(
      `INSERT INTO "NodeRun" (id, "runId", "nodeId", iteration, status, output, "takenHandles", model, error, "queuedAt", "startedAt", "finishedAt") VALUES ${rows.join(", ")}`,
      params,
    );
  }
  const events: RunEventBody[] = [
    { type: "run.queued", nodeId: null, payload: { budgetNanoUsd: plan.budgetNanoUsd === null ? null : Number(plan.budgetNanoUsd) } },
    ...(plan.seedEvents ?? []),
    ...plan.ready.map((nodeId): RunEventBody => ({ type: "node.queued", nodeId, payload: {} })),
  ];
  const lastSeq = await appendEvents(sql, runId, events);
  return { runId, lastSeq, jobs: plan.ready.map((nodeId) => ({ runId, nodeId, iteration: 0, workspaceId: plan.workspaceId })) };
}

/** Writes a run and starts it: its cheap first nodes run in this transaction, the rest become jobs. */
export async function insertAndStart(sql: Sql, plan: RunPlan): Promise<{ runId: string; effects: Effects }> {
  const started = await insertRun(sql, plan);
  const run = (await lockRun(sql, started.runId))!;
  const effects = published(started.runId, started.lastSeq);
  mergeEffects(effects, await runReady(sql, run, await graphOf(sql, plan.flowVersionId), started.jobs));
  return { runId: started.runId, effects };
}
