import type { FlowGraph } from "@/lib/flow/graph";
import { definitionOf } from "@/lib/flow/catalogue";
import type { ExecuteNodeJob } from "../../queue";
import type { NodeContext, NodeResult } from "../handler-types";
import { nodeHandlers } from "../handlers/index";
import { NodeError, nodeErrorFrom } from "../node-error";
import type { LockedRun } from "../run-log";
import { appendEvents } from "../run-log";
import { incomingValues, type NodeState } from "../scheduler";
import { NOW_UTC, type Sql } from "../sql";

/**
 * Node types whose definition says `inline` (templating, rules, joins, results) run inside the
 * transaction that readies them: no job, no second transaction. A crash rolls the whole
 * transaction back, so nothing of them is half-done.
 */
export function runsInline(graph: FlowGraph, nodeId: string): boolean {
  const node = graph.nodes.find((n) => n.id === nodeId);
  return node !== undefined && definitionOf(node.type).inline === true;
}

const notAvailable = (what: string) => () => {
  throw new NodeError("other", `${what} is not available to a node run inline`);
};

/**
 * Claims a queued node in the caller's transaction and runs its handler there. Returns its
 * outcome, or null when it is no longer queued (cancelled by an earlier sibling's failure).
 */
export async function executeInline(
  sql: Sql,
  run: LockedRun,
  graph: FlowGraph,
  job: ExecuteNodeJob,
  nodeRuns: { states: Map<string, NodeState>; outputs: Record<string, unknown> },
): Promise<{ kind: "succeeded"; result: NodeResult } | { kind: "failed"; error: NodeError } | null> {
  const [row] = await sql.query<{ attempt: number }>(
    `UPDATE "NodeRun" SET status = 'running', attempt = attempt + 1, "startedAt" = ${NOW_UTC}
      WHERE "runId" = $1 AND "nodeId" = $2 AND iteration = $3 AND status = 'queued'
        AND EXISTS (SELECT 1 FROM "Run" WHERE id = $1 AND status IN ('queued', 'running'))
      RETURNING attempt`,
    [job.runId, job.nodeId, job.iteration],
  );
  if (!row) return null;
  const runStarted = await sql.query(`UPDATE "Run" SET status = 'running', "startedAt" = ${NOW_UTC} WHERE id = $1 AND status = 'queued' RETURNING id`, [job.runId]);
  await appendEvents(sql, job.runId, [
    ...(runStarted.length > 0 ? [{ type: "run.started" as const, nodeId: null, payload: {} }] : []),
    { type: "node.started", nodeId: job.nodeId, payload: { attempt: row.attempt } },
  ]);
  const node = graph.nodes.find((n) => n.id === job.nodeId)!;
  const context: NodeContext = {
    runId: job.runId,
    workspaceId: run.workspaceId,
    graph,
    iteration: job.iteration,
    node,
    runInputs: run.inputs,
    outputs: nodeRuns.outputs,
    incoming: incomingValues(graph, node.id, nodeRuns.states, nodeRuns.outputs),
    signal: new AbortController().signal,
    attempt: row.attempt,
    reserveBudget: notAvailable("A model budget"),
    loadCredential: notAvailable("A credential"),
    emitPartial: () => undefined,
    health: { gateWaitMs: notAvailable("Provider health"), noteRateLimit: notAvailable("Provider health"), check: notAvailable("Provider health"), recordSuccess: notAvailable("Provider health"), recordFailure: notAvailable("Provider health") },
  };
  try {
    const handler = nodeHandlers[node.type] as (ctx: NodeContext) => Promise<NodeResult>;
    return { kind: "succeeded", result: await handler(context) };
  } catch (error) {
    return { kind: "failed", error: nodeErrorFrom(error) };
  }
}
