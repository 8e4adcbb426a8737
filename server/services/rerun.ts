import { z } from "zod";
import { flowGraphSchema } from "@/lib/flow/graph";
import type { RunEventBody } from "@/lib/run/events";
import { stringifyValue } from "@/lib/flow/templates";
import { OUTPUT_PREVIEW_CHARS } from "@/lib/run/events";
import { planRerun } from "../engine/rerun-plan";
import { appendEvents } from "../engine/run-log";
import { prismaSql } from "../engine/sql";
import { requireRun } from "./access";
import { InvalidInputError } from "./errors";
import { isRunFinished, type RunStarter } from "./runs";

export const rerunInputSchema = z.object({
  runId: z.string().min(1),
  /** Re-run from this node; omitted: the whole run. */
  fromNodeId: z.string().min(1).max(100).optional(),
});

/**
 * Repeats a run as a new run of the same flow version with the same inputs and budget, linked
 * to it. From a node: results upstream of it are reused (at no cost), the rest runs anew.
 */
export async function rerun(deps: RunStarter, userId: string, input: z.infer<typeof rerunInputSchema>) {
  const old = await requireRun(deps.db, userId, input.runId, "editor");
  if (old.parentRunId) throw new InvalidInputError("This run belongs to a Sub-flow or Map node: re-run its parent run instead");
  const fromNodeId = input.fromNodeId ?? null;
  if (fromNodeId && !isRunFinished(old.status)) throw new InvalidInputError("Wait for the run to finish (or cancel it) before re-running it from a node");
  const version = await deps.db.flowVersion.findUniqueOrThrow({ where: { id: old.flowVersionId }, select: { graph: true } });
  const graph = flowGraphSchema.parse(version.graph);
  const previous = await deps.db.nodeRun.findMany({ where: { runId: old.id, iteration: 0 } });
  const plan = planRerun(graph, previous, fromNodeId);
  if (!plan.ok) throw new InvalidInputError(plan.reason);
  const byId = new Map(previous.map((n) => [n.nodeId, n]));
  const reused = plan.reused.map((nodeId) => byId.get(nodeId)!);

  const { runId, lastSeq } = await deps.db.$transaction(async (tx) => {
    const run = await tx.run.create({
      data: {
        workspaceId: old.workspaceId,
        flowId: old.flowId,
        flowVersionId: old.flowVersionId,
        inputs: old.inputs ?? {},
        budgetNanoUsd: old.budgetNanoUsd,
        deadlineAt: old.deadlineAt ? new Date(Date.now() + (old.deadlineAt.getTime() - old.createdAt.getTime())) : null,
        startedById: userId,
        trigger: "rerun",
        rerunOfId: old.id,
        rerunFromNodeId: fromNodeId,
        nodeRuns: {
          createMany: {
            data: [
              ...reused.map((n) => ({
                nodeId: n.nodeId,
                status: n.status,
                output: n.output ?? undefined,
                takenHandles: n.takenHandles,
                model: n.model,
                error: n.error,
                startedAt: n.startedAt,
                finishedAt: n.finishedAt,
              })),
              ...plan.ready.map((nodeId) => ({ nodeId })),
              ...plan.skipped.map((nodeId) => ({ nodeId, status: "skipped" as const, finishedAt: new Date() })),
            ],
          },
        },
      },
      select: { id: true },
    });
    const events: RunEventBody[] = [
      { type: "run.queued", nodeId: null, payload: { budgetNanoUsd: old.budgetNanoUsd === null ? null : Number(old.budgetNanoUsd) } },
      ...reused.map((n): RunEventBody =>
        n.status === "skipped"
          ? { type: "node.skipped", nodeId: n.nodeId, payload: {} }
          : n.status === "failed"
            ? { type: "node.failed", nodeId: n.nodeId, payload: { durationMs: 0, error: n.error ?? "", handled: true } }
            : {
              type: "node.succeeded",
              nodeId: n.nodeId,
              payload: {
                tokensIn: 0,
                tokensOut: 0,
                costNanoUsd: 0,
                durationMs: 0,
                outputPreview: stringifyValue(n.output).slice(0, OUTPUT_PREVIEW_CHARS),
                takenHandles: n.takenHandles,
                reusedFrom: old.id,
              },
            },
      ),
      ...plan.skipped.map((nodeId): RunEventBody => ({ type: "node.skipped", nodeId, payload: {} })),
      ...plan.ready.map((nodeId): RunEventBody => ({ type: "node.queued", nodeId, payload: {} })),
    ];
    return { runId: run.id, lastSeq: await appendEvents(prismaSql(tx), run.id, events) };
  });
  await deps.queue.enqueue(plan.ready.map((nodeId) => ({ runId, nodeId, iteration: 0 })));
  await deps.publish(runId, lastSeq);
  return { runId };
}
