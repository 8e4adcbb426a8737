import { z } from "zod";
import { flowGraphSchema } from "@/lib/flow/graph";
import type { RunEventBody } from "@/lib/run/events";
import { stringifyValue } from "@/lib/flow/templates";
import { OUTPUT_PREVIEW_CHARS } from "@/lib/run/events";
import * as kernel from "../engine/kernel";
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
  const plan = kernel.planRerun(graph, previous, fromNodeId);
  if (!plan.ok) throw new InvalidInputError(plan.reason);
  const byId = new Map(previous.map((n) => [n.nodeId, n]));
  const reused = plan.reused.map((nodeId) => byId.get(nodeId)!);

  const seedEvents: RunEventBody[] = [
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
  ];
  return kernel.startPlannedRun(deps, {
    workspaceId: old.workspaceId,
    flowId: old.flowId,
    flowVersionId: old.flowVersionId,
    inputs: (old.inputs ?? {}) as Record<string, string>,
    budgetNanoUsd: old.budgetNanoUsd,
    deadlineAt: old.deadlineAt ? new Date(Date.now() + (old.deadlineAt.getTime() - old.createdAt.getTime())) : null,
    actor: { type: "user", id: userId, userId },
    trigger: "rerun",
    rerunOf: { runId: old.id, fromNodeId },
    ready: plan.ready,
    seeded: [
      ...reused.map((n): kernel.SeededNode => ({
        nodeId: n.nodeId,
        status: n.status as kernel.SeededNode["status"],
        output: n.output,
        takenHandles: n.takenHandles,
        model: n.model,
        error: n.error,
        startedAt: n.startedAt,
        finishedAt: n.finishedAt,
      })),
      ...plan.skipped.map((nodeId): kernel.SeededNode => ({ nodeId, status: "skipped" })),
    ],
    seedEvents,
  });
}
