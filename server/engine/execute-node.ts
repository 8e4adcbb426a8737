import type { Logger } from "pino";
import { DEFAULT_EXECUTION, type ExecutionSettings } from "@/lib/flow/execution-settings";
import type { FlowNode } from "@/lib/flow/graph";
import { formatUsd } from "@/lib/models/cost";
import type { Db } from "../db";
import type { ExecuteNodeJob, NodeQueue } from "../queue";
import { notifyParent, startChildRun } from "./subflow";
import { startMapItems } from "./map-runs";
import { reserveBudget } from "./budget";
import type { NodeContext, NodeResult, ProviderHealthPort } from "./handler-types";
import { nodeHandlers } from "./handlers/index";
import { NodeError, nodeErrorFrom } from "./node-error";
import { claimNode, releaseReservation, requeueForRetry, settleNode, type NodeOutcome } from "./node-lifecycle";
import { retryDelayMs, shouldRetry } from "./retry-policy";
import type { RunAborts } from "./run-aborts";
import { incomingValues } from "./scheduler";
import type { EnginePool } from "./sql";
import type { KeyRing } from "../security/secret-box";
import { openCredential } from "../services/credentials";
import { createPartialEmitter } from "./partial-output";

export interface EngineDeps {
  db: Db;
  pool: EnginePool;
  keyRing: KeyRing;
  health: ProviderHealthPort;
  queue: NodeQueue;
  /** Announces that the run's event log reached `seq`. */
  publish: (runId: string, seq: number) => Promise<void>;
  /** Tells every worker to abort the run's running nodes (only `nodeIds` when given). */
  publishCancel: (runId: string, nodeIds?: readonly string[]) => Promise<void>;
  aborts: RunAborts;
  log: Logger;
}

/** Nodes that call out get the retry and timeout policy from their settings; the rest run once. */
function executionOf(node: FlowNode): ExecutionSettings {
  if (node.type === "agent" || node.type === "http_request") return node.data.execution;
  return { ...DEFAULT_EXECUTION, retry: { ...DEFAULT_EXECUTION.retry, attempts: 1 } };
}

/** Runs one try of one node of one run: claim, execute under its timeout, then commit or retry. */
export async function executeNode(deps: EngineDeps, job: ExecuteNodeJob, jobSignal: AbortSignal): Promise<void> {
  const claimed = await claimNode(deps.pool, job);
  if (!claimed) return;
  await deps.publish(job.runId, claimed.lastSeq);
  const startedAt = Date.now();
  const node = claimed.graph.nodes.find((n) => n.id === job.nodeId);
  const execution = node ? executionOf(node) : DEFAULT_EXECUTION;
  const runLeftMs = claimed.deadlineAt ? claimed.deadlineAt.getTime() - startedAt : Number.POSITIVE_INFINITY;
  const timeoutMs = Math.max(0, Math.min(execution.timeoutMs, runLeftMs));
  const timeout = AbortSignal.timeout(Math.max(1, timeoutMs));
  const cancel = deps.aborts.register(job.runId, job.nodeId);
  const signal = AbortSignal.any([jobSignal, timeout, cancel.signal]);
  let reserved = 0;
  const partial = createPartialEmitter(deps, job);

  let outcome: NodeOutcome;
  try {
    if (!node) throw new Error(`Node ${job.nodeId} is not in this flow version`);
    if (timeoutMs <= 0) throw new NodeError("timeout", "The run reached its time limit");
    const context: NodeContext = {
      runId: job.runId,
      workspaceId: claimed.workspaceId,
      graph: claimed.graph,
      iteration: job.iteration,
      node,
      runInputs: claimed.runInputs,
      outputs: claimed.outputs,
      incoming: incomingValues(claimed.graph, node.id, claimed.states, claimed.outputs),
      signal,
      attempt: claimed.attempt,
      reserveBudget: async (nanoUsd, what) => {
        const result = await reserveBudget(deps.pool, job.runId, nanoUsd);
        if (!result.ok) {
          throw new NodeError("budget", `Budget exceeded: ${what} could cost up to ${formatUsd(nanoUsd)} and ${formatUsd(result.remainingNanoUsd)} remains`);
        }
        reserved += Math.ceil(nanoUsd);
      },
      loadCredential: async (credentialId) => {
        const [row] = await deps.pool.query<{ workspaceId: string; name: string; provider: string; baseUrl: string | null; sealedKey: string }>(
          `SELECT c."workspaceId", c.name, c.provider, c."baseUrl", c."sealedKey" FROM "Credential" c
             JOIN "Run" r ON r."workspaceId" = c."workspaceId" WHERE c.id = $1 AND r.id = $2`,
          [credentialId, job.runId],
        );
        if (!row) throw new NodeError("client_error", "This node's credential no longer exists in the workspace; pick another one");
        return openCredential(deps.keyRing, row);
      },
      emitPartial: partial.push,
      health: deps.health,
    };
    const handler = nodeHandlers[node.type] as (ctx: NodeContext) => Promise<NodeResult>;
    outcome = { kind: "succeeded", result: await handler(context) };
  } catch (thrown) {
    let error = nodeErrorFrom(thrown);
    if (timeout.aborted && !cancel.signal.aborted) {
      error = new NodeError("timeout", timeoutMs < execution.timeoutMs ? "The run reached its time limit" : `Timed out after ${timeoutMs} ms`);
    }
    outcome = { kind: "failed", error };
  } finally {
    cancel.done();
    await partial.flush();
  }

  if (cancel.signal.aborted) {
    // The run was cancelled or failed elsewhere: nothing of this try is committed.
    await releaseReservation(deps.pool, job.runId, reserved);
    return;
  }
  if (outcome.kind === "failed") {
    deps.log.info({ runId: job.runId, nodeId: job.nodeId, attempt: claimed.attempt, kind: outcome.error.kind, err: outcome.error.message }, "node failed");
    const runTimedOut = outcome.error.kind === "timeout" && timeoutMs < execution.timeoutMs;
    if (!runTimedOut && shouldRetry(execution.retry, outcome.error, claimed.attempt)) {
      const delayMs = retryDelayMs(execution.retry, claimed.attempt, outcome.error);
      const seq = await requeueForRetry(deps.pool, job, claimed.attempt, delayMs, outcome.error, reserved);
      if (seq === null) return;
      await deps.queue.enqueue([{ ...job, attempt: claimed.attempt + 1 }], { delayMs });
      await deps.publish(job.runId, seq);
      return;
    }
  }

  const errorPortConnected = claimed.graph.edges.some((e) => e.source === job.nodeId && e.sourceHandle === "error");
  if (outcome.kind === "failed" && execution.onFailure === "escalate" && !errorPortConnected && outcome.error.kind !== "budget") {
    // Park the node for a person: Approve retries it, Reject fails it (run.decide).
    const message = `${job.nodeId} failed: ${outcome.error.message}. Approve to try again, Reject to fail it.`;
    outcome = { kind: "succeeded", result: { output: { error: outcome.error.message, kind: outcome.error.kind }, waitForApproval: { message } } };
  }
  const settled = await settleNode(deps.pool, job, claimed.graph, outcome, startedAt, reserved);
  if (!settled) {
    await releaseReservation(deps.pool, job.runId, reserved);
    return;
  }
  // Committed first, enqueued second: a crash in between leaves queued rows the sweeper re-enqueues.
  await deps.queue.enqueue(settled.ready);
  await deps.publish(job.runId, settled.lastSeq);
  // A failed run stops all its nodes; a won race stops only the losing branches.
  if (settled.cancelledRunning.length > 0) await deps.publishCancel(job.runId, settled.runEnded ? undefined : settled.cancelledRunning);
  if (outcome.kind === "succeeded" && outcome.result.startChild) await startChildRun(deps, job, outcome.result.startChild);
  if (outcome.kind === "succeeded" && outcome.result.startMap) await startMapItems(deps, job, outcome.result.startMap);
  if (settled.runEnded) await notifyParent(deps, job.runId);
}
