import type { ChildStart, StartChildren } from "../node-lifecycle";
import type { LockedRun } from "../run-log";
import type { Sql } from "../sql";
import { mergeEffects, noEffects } from "./effects";
import { insertAndStart } from "./run-rows";

/**
 * Writes child runs of a parked node in the parent's transaction (the parent is locked), so a
 * parked node and its children commit together. A child runs as the system, for the parent's
 * starter; it gets what is left of the parent's budget and the parent's deadline.
 */
export const insertChildRuns: StartChildren = async (sql: Sql, parent: LockedRun, nodeId: string, children: readonly ChildStart[]) => {
  const effects = noEffects();
  for (const child of children) {
    const started = await insertAndStart(sql, {
      workspaceId: parent.workspaceId,
      flowId: child.flowId,
      flowVersionId: child.flowVersionId,
      inputs: child.inputs,
      budgetNanoUsd: parent.budgetLeftNanoUsd === null ? null : parent.budgetLeftNanoUsd > 0n ? parent.budgetLeftNanoUsd : 0n,
      deadlineAt: parent.deadlineAtMs === null ? null : new Date(parent.deadlineAtMs),
      actor: { type: "system", id: parent.id, userId: parent.startedById },
      trigger: child.itemIndex === null ? "subflow" : "map",
      ready: child.roots,
      parent: { runId: parent.id, nodeId, itemIndex: child.itemIndex, depth: parent.depth + 1 },
    });
    mergeEffects(effects, started.effects);
  }
  return effects;
};
