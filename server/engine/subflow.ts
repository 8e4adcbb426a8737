import { MAX_SUBFLOW_DEPTH } from "@/lib/flow/node-types/subflow";
import type { Db } from "../db";
import type { ExecuteNodeJob, NodeQueue } from "../queue";
import { startRun } from "../services/runs";
import { NodeError, nodeErrorFrom } from "./node-error";
import { graphOf, settleNode, type NodeOutcome } from "./node-lifecycle";
import { mapItemFinished } from "./map-runs";
import type { EnginePool } from "./sql";

export interface SubflowDeps {
  db: Db;
  pool: EnginePool;
  queue: NodeQueue;
  publish: (runId: string, seq: number) => Promise<void>;
}

/**
 * Starts the child run for a Sub-flow node that is already parked as waiting, as the user who
 * started the parent run and only for a flow of the same workspace. If it cannot start, the
 * parked node fails with the reason.
 */
/** Starts a child run of a flow of the parent's workspace, as the user who started the parent. */
export async function startChild(deps: SubflowDeps, parentRunId: string, nodeId: string, flowId: string, inputs: Record<string, string>, itemIndex?: number): Promise<void> {
  const parent = await deps.db.run.findUniqueOrThrow({ where: { id: parentRunId }, select: { startedById: true, workspaceId: true, depth: true } });
  if (parent.depth + 1 > MAX_SUBFLOW_DEPTH) throw new NodeError("client_error", `Sub-flows nest deeper than ${MAX_SUBFLOW_DEPTH} levels (does a flow call itself?)`);
  const flow = await deps.db.flow.findUnique({ where: { id: flowId }, select: { workspaceId: true } });
  if (!flow || flow.workspaceId !== parent.workspaceId) throw new NodeError("client_error", "The sub-flow does not exist in this workspace");
  await startRun(deps, parent.startedById, { flowId, inputs }, { runId: parentRunId, nodeId, depth: parent.depth + 1, itemIndex });
}

export async function startChildRun(deps: SubflowDeps, job: ExecuteNodeJob, spec: { flowId: string; inputs: Record<string, string> }): Promise<void> {
  try {
    await startChild(deps, job.runId, job.nodeId, spec.flowId, spec.inputs);
  } catch (thrown) {
    const error = nodeErrorFrom(thrown);
    const ended = await resumeParentNode(deps, job.runId, job.nodeId, { kind: "failed", error: new NodeError("client_error", `Sub-flow could not start: ${error.message}`) });
    if (ended) await notifyParent(deps, job.runId);
  }
}

export async function resumeParentNode(deps: SubflowDeps, runId: string, nodeId: string, outcome: NodeOutcome): Promise<boolean> {
  const [run] = await deps.pool.query<{ flowVersionId: string }>(`SELECT "flowVersionId" FROM "Run" WHERE id = $1`, [runId]);
  if (!run) return false;
  const graph = await graphOf(deps.pool, run.flowVersionId);
  const settled = await settleNode(deps.pool, { runId, nodeId, iteration: 0 }, graph, outcome, Date.now(), 0, { from: "waiting", firstEvents: [] });
  if (!settled) return false;
  await deps.queue.enqueue(settled.ready);
  await deps.publish(runId, settled.lastSeq);
  return settled.runEnded;
}

/** When a child run has ended, settles the Sub-flow node waiting for it (and so on up the chain). */
export async function notifyParent(deps: SubflowDeps, childRunId: string): Promise<void> {
  let current = childRunId;
  for (let hop = 0; hop <= MAX_SUBFLOW_DEPTH; hop++) {
    const child = await deps.db.run.findUnique({
      where: { id: current },
      select: { parentRunId: true, parentNodeId: true, parentItemIndex: true, status: true, outputs: true, error: true },
    });
    if (!child?.parentRunId || !child.parentNodeId || !["succeeded", "failed", "cancelled", "budget_exceeded"].includes(child.status)) return;
    if (child.parentItemIndex !== null) {
      const parentEnded = await mapItemFinished(deps, { ...child, parentRunId: child.parentRunId, parentNodeId: child.parentNodeId, parentItemIndex: child.parentItemIndex });
      if (!parentEnded) return;
      current = child.parentRunId;
      continue;
    }
    const outcome: NodeOutcome =
      child.status === "succeeded"
        ? { kind: "succeeded", result: { output: child.outputs ?? {} } }
        : { kind: "failed", error: new NodeError("other", `Sub-flow run ${child.status.replace("_", " ")}: ${child.error ?? "no details"}`) };
    const parentEnded = await resumeParentNode(deps, child.parentRunId, child.parentNodeId, outcome);
    if (!parentEnded) return;
    current = child.parentRunId;
  }
}
