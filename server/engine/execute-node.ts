import type { Logger } from "pino";
import { executionPolicyOf } from "@/lib/flow/catalogue";
import { DEFAULT_EXECUTION } from "@/lib/flow/execution-settings";
import type { FlowNode } from "@/lib/flow/graph";
import { formatUsd } from "@/lib/models/cost";
import type { ExecuteNodeJob } from "../queue";
import type { KeyRing } from "../security/secret-box";
import { openCredential } from "../security/credential-secrets";
import type { NodeContext, NodeResult, ProviderHealthPort } from "./handler-types";
import { nodeHandlers } from "./handlers/index";
import { applyEffects, type KernelDeps } from "./kernel/apply";
import { insertChildRuns } from "./kernel/child-rows";
import { parkFor } from "./kernel/children";
import { releaseReservation, reserveBudget } from "./kernel/totals";
import { NodeError, nodeErrorFrom } from "./node-error";
import { claimNode, requeueForRetry, settleNode, type ClaimedNode, type NodeOutcome } from "./node-lifecycle";
import { createPartialEmitter } from "./partial-output";
import { retryDelayMs, shouldRetry } from "./retry-policy";
import type { RunAborts } from "./run-aborts";
import { lockRun } from "./run-log";
import { incomingValues } from "./scheduler";
import type { WorkspaceSlots } from "./workspace-slots";

export interface EngineDeps extends KernelDeps {
  /** Per-workspace share of this worker's slots; absent: no limit. */
  slots?: WorkspaceSlots;
  keyRing: KeyRing;
  health: ProviderHealthPort;
  aborts: RunAborts;
  log: Logger;
}


/**
 * Runs one try of one node of one run: claim, execute under its timeout, then commit, park or
 * retry. "throttled": the run's workspace holds its share of this worker's slots; nothing was
 * claimed, and the caller puts the job back for a moment.
 */
export async function executeNode(deps: EngineDeps, job: ExecuteNodeJob, jobSignal: AbortSignal): Promise<"done" | "throttled"> {
  let slot: string | null = null;
  const admit = (workspaceId: string) => {
    if (!deps.slots) return true;
    if (!deps.slots.tryTake(workspaceId)) return false;
    slot = workspaceId;
    return true;
  };
  // Most jobs name their workspace: its share is checked before any database work.
  if (job.workspaceId !== undefined && !admit(job.workspaceId)) return "throttled";
  try {
    const claimed = await claimNode(deps.pool, job, (workspaceId) => slot !== null || admit(workspaceId));
    if (claimed === "throttled") return "throttled";
    if (claimed) await runClaimed(deps, job, claimed, jobSignal);
    return "done";
  } finally {
    if (slot !== null) deps.slots?.release(slot);
  }
}

async function runClaimed(deps: EngineDeps, job: ExecuteNodeJob, claimed: ClaimedNode, jobSignal: AbortSignal): Promise<void> {
  await deps.publish(job.runId, claimed.lastSeq);
  const startedAt = Date.now();
  const node = claimed.graph.nodes.find((n) => n.id === job.nodeId);
  const execution = node ? executionPolicyOf(node) : DEFAULT_EXECUTION;
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
    const handler = nodeHandlers[node.type] as (ctx: NodeContext) => Promise<NodeResult>;
    const result = await handler(contextFor(deps, job, claimed, node, signal, partial.push, (n) => (reserved += n)));
    outcome = result.wait ? await park(deps, job, claimed, result) : { kind: "succeeded", result };
  } catch (thrown) {
    let error = nodeErrorFrom(thrown);
    if (timeout.aborted && !cancel.signal.aborted) {
      error = new NodeError("timeout", timeoutMs < execution.timeoutMs ? "The run reached its time limit" : `Timed out after ${timeoutMs} ms`, undefined, error.usage);
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
    deps.log.info({ runId: job.runId, nodeId: job.nodeId, attempt: claimed.attempt, kind: outcome.error.kind }, "node failed");
    const runTimedOut = outcome.error.kind === "timeout" && timeoutMs < execution.timeoutMs;
    if (!runTimedOut && shouldRetry(execution.retry, outcome.error, claimed.attempt)) {
      const delayMs = retryDelayMs(execution.retry, claimed.attempt, outcome.error);
      const effects = await requeueForRetry(deps.pool, job, claimed.attempt, delayMs, outcome.error, reserved);
      if (!effects) return releaseReservation(deps.pool, job.runId, reserved);
      await deps.queue.enqueue([{ ...job, attempt: claimed.attempt + 1 }], { delayMs });
      return applyEffects(deps, effects);
    }
    const errorPortConnected = claimed.graph.edges.some((e) => e.source === job.nodeId && e.sourceHandle === "error");
    if (execution.onFailure === "escalate" && !errorPortConnected && outcome.error.kind !== "budget") {
      // Park the node for a person: Approve retries it, Reject fails it (run.decide).
      outcome = {
        kind: "parked",
        usage: outcome.error.usage,
        parked: {
          waitKind: "escalation",
          message: `${job.nodeId} failed: ${outcome.error.message}. Approve to try again, Reject to fail it.`,
          output: { error: outcome.error.message, kind: outcome.error.kind },
        },
      };
    }
  }
  const effects = await settleNode(deps.pool, job, claimed.graph, outcome, { startedAt, reservedNanoUsd: reserved, startChildren: insertChildRuns });
  if (!effects) return releaseReservation(deps.pool, job.runId, reserved);
  await applyEffects(deps, effects);
}

/** A wait request becomes a parked node; child runs are checked first, so one that cannot start fails the node. */
async function park(deps: EngineDeps, job: ExecuteNodeJob, claimed: ClaimedNode, result: NodeResult): Promise<NodeOutcome> {
  const request = result.wait!;
  const parked = await deps.pool.tx(async (sql) => {
    const run = (await lockRun(sql, job.runId)) ?? claimed.run;
    return parkFor(sql, run, request, result.output);
  });
  return { kind: "parked", parked, usage: result.usage };
}

function contextFor(
  deps: EngineDeps,
  job: ExecuteNodeJob,
  claimed: ClaimedNode,
  node: FlowNode,
  signal: AbortSignal,
  emitPartial: (text: string) => void,
  onReserved: (nanoUsd: number) => void,
): NodeContext {
  return {
    runId: job.runId,
    workspaceId: claimed.run.workspaceId,
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
      onReserved(Math.ceil(nanoUsd));
    },
    loadCredential: async (credentialId) => {
      const [row] = await deps.pool.query<{ workspaceId: string; name: string; provider: string; baseUrl: string | null; sealedKey: string }>(
        `SELECT c."workspaceId", c.name, c.provider, c."baseUrl", c."sealedKey" FROM "Credential" c WHERE c.id = $1 AND c."workspaceId" = $2`,
        [credentialId, claimed.run.workspaceId],
      );
      if (!row) throw new NodeError("client_error", "This node's credential no longer exists in the workspace; pick another one");
      return openCredential(deps.keyRing, row);
    },
    emitPartial,
    health: deps.health,
  };
}
