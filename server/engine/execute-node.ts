import type { Logger } from "pino";
import type { Db } from "../db";
import type { ExecuteNodeJob, NodeQueue } from "../queue";
import type { NodeContext, NodeResult } from "./handler-types";
import { nodeHandlers } from "./handlers/index";
import { claimNode, commitNodeFailure, commitNodeSuccess } from "./node-lifecycle";

export interface EngineDeps {
  db: Db;
  queue: NodeQueue;
  /** Announces that the run's event log reached `seq`. */
  publish: (runId: string, seq: number) => Promise<void>;
  log: Logger;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Runs one node of one run: claim, execute, commit, then schedule successors. */
export async function executeNode(deps: EngineDeps, job: ExecuteNodeJob, signal: AbortSignal): Promise<void> {
  const claimed = await claimNode(deps.db, job);
  if (!claimed) return;
  await deps.publish(job.runId, claimed.lastSeq);
  const startedAt = Date.now();
  const node = claimed.graph.nodes.find((n) => n.id === job.nodeId);

  let result: NodeResult;
  try {
    if (!node) throw new Error(`Node ${job.nodeId} is not in this flow version`);
    const incoming = claimed.graph.edges.filter((e) => e.target === node.id).map((e) => claimed.outputs[e.source]);
    const context: NodeContext = { node, runInputs: claimed.runInputs, outputs: claimed.outputs, incoming, signal };
    const handler = nodeHandlers[node.type] as (ctx: NodeContext) => Promise<NodeResult>;
    result = await handler(context);
  } catch (error) {
    const message = errorMessage(error);
    deps.log.info({ runId: job.runId, nodeId: job.nodeId, err: message }, "node failed");
    const seq = await commitNodeFailure(deps.db, job, message, startedAt);
    if (seq !== null) await deps.publish(job.runId, seq);
    return;
  }

  const commit = await commitNodeSuccess(deps.db, job, claimed.graph, result, startedAt);
  if (!commit) return;
  // Committed first, enqueued second: a crash in between leaves queued rows a sweeper can find.
  await deps.queue.enqueue(commit.ready);
  await deps.publish(job.runId, commit.lastSeq);
}
