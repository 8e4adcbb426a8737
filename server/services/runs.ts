import { z } from "zod";
import { flowGraphSchema } from "@/lib/flow/graph";
import { runEventSchema, type RunEvent } from "@/lib/run/events";
import { usdToNano } from "@/lib/models/cost";
import type { Db } from "../db";
import * as kernel from "../engine/kernel";
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

/** What starting, cancelling or deciding needs: the database and the kernel's queue and notifications. */
export interface RunStarter extends kernel.KernelDeps {
  db: Db;
}

/** A person starts a run of a flow they may edit; the kernel checks the flow and writes it. */
export async function startRun(deps: RunStarter, userId: string, input: StartRunInput) {
  const flow = await requireFlow(deps.db, userId, input.flowId, "editor");
  try {
    return await kernel.startRun(deps, {
      workspaceId: flow.workspaceId,
      flowId: flow.id,
      inputs: input.inputs,
      budgetNanoUsd: input.budgetUsd === undefined ? null : BigInt(usdToNano(input.budgetUsd)),
      deadlineAt: input.timeoutSeconds === undefined ? null : new Date(Date.now() + input.timeoutSeconds * 1000),
      actor: { type: "user", id: userId, userId },
      trigger: "manual",
    });
  } catch (error) {
    if (error instanceof kernel.RunRefused) throw new InvalidInputError(error.message, error.problems);
    throw error;
  }
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
 * worker hears it), child runs stop with it, and the run ends `cancelled` with what it had done.
 */
export async function cancelRun(deps: RunStarter, userId: string, runId: string) {
  await requireRun(deps.db, userId, runId, "editor");
  return { cancelled: await kernel.cancelRun(deps, runId) };
}
