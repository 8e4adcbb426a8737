import type { ExecuteNodeJob } from "../../queue";
import type { LockedRun } from "../run-log";
import type { Sql } from "../sql";
import { insertRun } from "./run-rows";

/** One child run to start: a flow version checked for running, with its inputs. */
export interface ChildStart {
  flowId: string;
  flowVersionId: string;
  inputs: Record<string, string>;
  roots: string[];
  /** A Map item's index; null for a Sub-flow. */
  itemIndex: number | null;
}

/**
 * Writes child runs of a parked node in the parent's transaction (the parent is locked), so a
 * parked node and its children commit together. A child runs as the system, for the parent's
 * starter; it gets what is left of the parent's budget and the parent's deadline.
 */
export async function insertChildRuns(sql: Sql, parent: LockedRun, nodeId: string, children: readonly ChildStart[]) {
  const jobs: ExecuteNodeJob[] = [];
  const publish = new Map<string, number>();
  for (const child of children) {
    const started = await insertRun(sql, {
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
    jobs.push(...started.jobs);
    publish.set(started.runId, started.lastSeq);
  }
  return { jobs, publish };
}
