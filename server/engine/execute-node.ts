import type { Logger } from "pino";
import type { Db } from "../db";
import type { ExecuteNodeJob, NodeQueue } from "../queue";
import type { NodeContext, NodeResult } from "./handler-types";
import { nodeHandlers } from "./handlers/index";
import { claimNode, settleNode, type NodeOutcome } from "./node-lifecycle";
import { incomingValues } from "./scheduler";

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

  let outcome: NodeOutcome;
  try {
    if (!node) throw new Error(`Node ${job.nodeId} is not in this flow version`);
    const incoming = incomingValues(claimed.graph, node.id, claimed.states, claimed.outputs);
    const context: NodeContext = { node, runInputs: claimed.runInputs, outputs: claimed.outputs, incoming, signal };
    const handler = nodeHandlers[node.type] as (ctx: NodeContext) => Promise<NodeResult>;
    outcome = { kind: "succeeded", result: await handler(context) };
  } catch (error) {
    outcome = { kind: "failed", message: errorMessage(error) };
    deps.log.info({ runId: job.runId, nodeId: job.nodeId, err: outcome.message }, "node failed");
  }

  const settled = await settleNode(deps.db, job, claimed.graph, outcome, startedAt);
  if (!settled) return;
  // Committed first, enqueued second: a crash in between leaves queued rows a sweeper can find.
  await deps.queue.enqueue(settled.ready);
  await deps.publish(job.runId, settled.lastSeq);
}
