import { z } from "zod";
import { flowGraphSchema } from "@/lib/flow/graph";
import { rootNodes } from "@/lib/flow/graph-walk";
import { resolveRunInputs, validateForRun } from "@/lib/flow/validate-for-run";
import { runEventSchema, type RunEvent, type RunEventBody } from "@/lib/run/events";
import { usdToNano } from "@/lib/models/cost";
import type { Db } from "../db";
import { stopRun } from "../engine/node-lifecycle";
import { appendEvents, lockRun } from "../engine/run-log";
import { prismaSql, type EnginePool } from "../engine/sql";
import { notifyParent } from "../engine/subflow";
import { nodeJobId } from "../queue";
import type { NodeQueue } from "../queue";
import { requireFlow, requireRun } from "./access";
import { InvalidInputError } from "./errors";

export const startRunInputSchema = z.object({
  flowId: z.string().min(1),
  inputs: z.record(z.string().max(100), z.string().max(100_000)).default({}),
  /** Stop before any model call that could take the run's cost above this. */
  budgetUsd: z.number().positive("The budget must be more than $0").max(100_000).optional(),
  /** Fail the run if it has not finished after this long. */
  timeoutSeconds: z.number().int().min(1).max(7 * 24 * 3600).optional(),
});
export type StartRunInput = z.infer<typeof startRunInputSchema>;

export interface RunStarter {
  db: Db;
  queue: NodeQueue;
  publish: (runId: string, seq: number) => Promise<void>;
}

export interface RunCanceller extends RunStarter {
  publishCancel: (runId: string) => Promise<void>;
  pool: EnginePool;
}

/** Validates, writes the run row with its first nodes queued, commits, and only then enqueues. */
export async function startRun(deps: RunStarter, userId: string, input: StartRunInput, parent?: { runId: string; nodeId: string; depth: number; itemIndex?: number }) {
  const flow = await requireFlow(deps.db, userId, input.flowId, "editor");
  if (flow.latestVersion === 0) throw new InvalidInputError("Save the flow before running it");
  const version = await deps.db.flowVersion.findUniqueOrThrow({
    where: { flowId_version: { flowId: flow.id, version: flow.latestVersion } },
  });
  const graph = flowGraphSchema.parse(version.graph);
  const problems = validateForRun(graph);
  if (problems.length) {
    throw new InvalidInputError(`The flow cannot run: ${problems.map((p) => (p.nodeId ? `${p.nodeId}: ${p.message}` : p.message)).join("; ")}`, problems);
  }
  const resolved = resolveRunInputs(graph, input.inputs);
  if (!resolved.ok) throw new InvalidInputError(`Missing run input: ${resolved.missing.join(", ")}`);
  const roots = rootNodes(graph);

  const { run, lastSeq } = await deps.db.$transaction(async (tx) => {
    const run = await tx.run.create({
      data: {
        workspaceId: flow.workspaceId,
        flowId: flow.id,
        flowVersionId: version.id,
        inputs: resolved.inputs,
        budgetNanoUsd: input.budgetUsd === undefined ? null : BigInt(usdToNano(input.budgetUsd)),
        deadlineAt: input.timeoutSeconds === undefined ? null : new Date(Date.now() + input.timeoutSeconds * 1000),
        startedById: userId,
        parentRunId: parent?.runId ?? null,
        parentNodeId: parent?.nodeId ?? null,
        parentItemIndex: parent?.itemIndex ?? null,
        depth: parent?.depth ?? 0,
        nodeRuns: { createMany: { data: roots.map((nodeId) => ({ nodeId })) } },
      },
      select: { id: true },
    });
    const events: RunEventBody[] = [
      { type: "run.queued", nodeId: null, payload: { budgetNanoUsd: input.budgetUsd === undefined ? null : usdToNano(input.budgetUsd) } },
      ...roots.map((nodeId): RunEventBody => ({ type: "node.queued", nodeId, payload: {} })),
    ];
    return { run, lastSeq: await appendEvents(prismaSql(tx), run.id, events) };
  });
  await deps.queue.enqueue(roots.map((nodeId) => ({ runId: run.id, nodeId, iteration: 0 })));
  await deps.publish(run.id, lastSeq);
  return { runId: run.id };
}

function toDto<T extends { costNanoUsd: bigint; budgetNanoUsd?: bigint | null }>(row: T) {
  return { ...row, costNanoUsd: Number(row.costNanoUsd), budgetNanoUsd: row.budgetNanoUsd == null ? null : Number(row.budgetNanoUsd) };
}

export async function getRun(db: Db, userId: string, runId: string) {
  await requireRun(db, userId, runId, "viewer");
  const run = await db.run.findUniqueOrThrow({
    where: { id: runId },
    include: { nodeRuns: { orderBy: { queuedAt: "asc" } }, flowVersion: { select: { version: true, graph: true } } },
  });
  const { nodeRuns, flowVersion, ...rest } = run;
  return {
    ...toDto(rest),
    version: flowVersion.version,
    graph: flowGraphSchema.parse(flowVersion.graph),
    nodeRuns: nodeRuns.map((n) => ({ ...n, costNanoUsd: Number(n.costNanoUsd) })),
  };
}

export async function listRunsForFlow(db: Db, userId: string, flowId: string, limit = 20) {
  await requireFlow(db, userId, flowId, "viewer");
  const runs = await db.run.findMany({
    where: { flowId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, status: true, createdAt: true, finishedAt: true, costNanoUsd: true, tokensIn: true, tokensOut: true },
  });
  return runs.map(toDto);
}

/** The flow's newest top-level run that is still going, for an editor opened mid-run. */
export async function activeRunForFlow(db: Db, userId: string, flowId: string) {
  await requireFlow(db, userId, flowId, "viewer");
  const run = await db.run.findFirst({
    where: { flowId, parentRunId: null, status: { in: ["queued", "running", "waiting"] } },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  return { runId: run?.id ?? null };
}

/** Events after `afterSeq`, in order, at most `limit`. Caller must have authorized the run. */
export async function readRunEvents(db: Db, runId: string, afterSeq: number, limit = 500): Promise<RunEvent[]> {
  const rows = await db.runEvent.findMany({
    where: { runId, seq: { gt: afterSeq } },
    orderBy: { seq: "asc" },
    take: limit,
  });
  return rows.map((r) => runEventSchema.parse({ seq: r.seq, at: r.createdAt.toISOString(), type: r.type, nodeId: r.nodeId, payload: r.payload }));
}

export function isRunFinished(status: string): boolean {
  return status === "succeeded" || status === "failed" || status === "cancelled" || status === "budget_exceeded";
}

/**
 * Stops a run: queued work is removed from the queue, running nodes are told to abort (every
 * worker hears it), and the run ends `cancelled` with what it had done so far.
 */
export async function cancelRun(deps: RunCanceller, userId: string, runId: string) {
  await requireRun(deps.db, userId, runId, "editor");
  const result = await deps.db.$transaction(async (tx) => {
    const sql = prismaSql(tx);
    const run = await lockRun(sql, runId);
    if (!run || isRunFinished(run.status)) return null;
    const queued = await tx.nodeRun.findMany({ where: { runId, status: "queued" }, select: { nodeId: true, iteration: true, attempt: true } });
    return { lastSeq: await stopRun(sql, runId, "cancelled", "Cancelled"), queued };
  });
  if (!result) return { cancelled: false };
  await deps.publishCancel(runId);
  await deps.queue.remove(result.queued.map((n) => nodeJobId({ runId, nodeId: n.nodeId, iteration: n.iteration, attempt: n.attempt + 1 })));
  await deps.publish(runId, result.lastSeq);
  // Sub-flow runs started by this one stop with it; a parent waiting on this one learns it ended.
  const children = await deps.db.run.findMany({ where: { parentRunId: runId, status: { in: ["queued", "running", "waiting"] } }, select: { id: true } });
  for (const child of children) await cancelRun(deps, userId, child.id);
  await notifyParent(deps, runId);
  return { cancelled: true };
}
