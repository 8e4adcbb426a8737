import { z } from "zod";
import { flowGraphSchema } from "@/lib/flow/graph";
import { rootNodes } from "@/lib/flow/graph-walk";
import { resolveRunInputs, validateForRun } from "@/lib/flow/validate-for-run";
import { runEventSchema, type RunEvent, type RunEventBody } from "@/lib/run/events";
import type { Db } from "../db";
import { appendEvents } from "../engine/run-log";
import type { NodeQueue } from "../queue";
import { requireFlow, requireRun } from "./access";
import { InvalidInputError } from "./errors";

export const startRunInputSchema = z.object({
  flowId: z.string().min(1),
  inputs: z.record(z.string().max(100), z.string().max(100_000)).default({}),
});
export type StartRunInput = z.infer<typeof startRunInputSchema>;

export interface RunStarter {
  db: Db;
  queue: NodeQueue;
  publish: (runId: string, seq: number) => Promise<void>;
}

/** Validates, writes the run row with its first nodes queued, commits, and only then enqueues. */
export async function startRun(deps: RunStarter, userId: string, input: StartRunInput) {
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
        startedById: userId,
        nodeRuns: { createMany: { data: roots.map((nodeId) => ({ nodeId })) } },
      },
      select: { id: true },
    });
    const events: RunEventBody[] = [
      { type: "run.queued", nodeId: null, payload: {} },
      ...roots.map((nodeId): RunEventBody => ({ type: "node.queued", nodeId, payload: {} })),
    ];
    return { run, lastSeq: await appendEvents(tx, run.id, events) };
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
  return status === "succeeded" || status === "failed" || status === "cancelled";
}
