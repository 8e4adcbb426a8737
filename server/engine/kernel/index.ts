/**
 * The run kernel's public face: the only engine module services, routes and scripts may import
 * (lint enforces it). Start a run, cancel it, complete a waitpoint, execute a node, sweep. Every
 * call commits first and then applies its effects through one function (apply.ts).
 */
import type { Sql } from "../sql";
import { applyEffects, type KernelDeps } from "./apply";
import { endRun } from "./cancel";
import { decide as decideWaitpoint, wakeTimeWaitpoint, type Decision } from "./waitpoints";
import { insertAndStart, type RunPlan } from "./run-rows";
import { prepareFlowRun } from "./start-run";
import type { WaitpointJob } from "../../queue";

export type { KernelDeps } from "./apply";
export type { ActorType, RunActor, RunPlan, SeededNode } from "./run-rows";
export type { Decision } from "./waitpoints";
export { RunRefused, type FlowToRun } from "./start-run";
export { executeNode, type EngineDeps } from "../execute-node";
export { sweepOnce, startSweeper, type SweeperDeps, type SweepReport } from "../sweeper";
export { planRerun } from "../rerun-plan";
export { incomingValues, type NodeState } from "../scheduler";
export { createEnginePool, prismaSql, type EnginePool, type Sql } from "../sql";
export { TERMINAL_RUN_STATUSES } from "../run-log";
export { WorkspaceSlots, workspaceSlotLimit } from "../workspace-slots";

export interface StartRunRequest {
  workspaceId: string;
  flowId: string;
  inputs: Record<string, string>;
  budgetNanoUsd: bigint | null;
  deadlineAt: Date | null;
  actor: RunPlan["actor"];
  trigger: string;
}

/**
 * Starts a run of a flow's latest saved version for an actor that was already authorized.
 * Throws RunRefused (with the problems) when the flow cannot run.
 */
export async function startRun(deps: KernelDeps, request: StartRunRequest): Promise<{ runId: string }> {
  const started = await deps.pool.tx(async (sql) => {
    const flow = await prepareFlowRun(sql, request.workspaceId, request.flowId, request.inputs);
    return insertAndStart(sql, { ...request, flowVersionId: flow.flowVersionId, inputs: flow.inputs, ready: flow.roots });
  });
  await applyEffects(deps, started.effects);
  return { runId: started.runId };
}

/** Starts a run from a plan its caller built and checked (a re-run with reused results). */
export async function startPlannedRun(deps: KernelDeps, plan: RunPlan): Promise<{ runId: string }> {
  const started = await deps.pool.tx((sql) => insertAndStart(sql, plan));
  await applyEffects(deps, started.effects);
  return { runId: started.runId };
}

/** Cancels a live run and, with it, its child runs. False when it had already ended. */
export async function cancelRun(deps: KernelDeps, runId: string, reason = "Cancelled"): Promise<boolean> {
  const effects = await endRun(deps.pool, runId, "cancelled", reason);
  await applyEffects(deps, effects);
  return effects !== null;
}

/** Completes a person waitpoint (an Approval node or an escalated failure). */
export async function decide(deps: KernelDeps, decision: Decision): Promise<"decided" | "not_found" | "not_waiting"> {
  const result = await decideWaitpoint(deps.pool, decision);
  if (!result.ok) return result.reason;
  await applyEffects(deps, result.effects);
  return "decided";
}

/** Completes a time waitpoint when its wake job fires. */
export async function wake(deps: KernelDeps, job: WaitpointJob): Promise<void> {
  await applyEffects(deps, await wakeTimeWaitpoint(deps.pool, job));
}

/** Checks a flow the way a run start would, without starting it. */
export function checkFlowRun(sql: Sql, workspaceId: string, flowId: string, inputs: Record<string, string>) {
  return prepareFlowRun(sql, workspaceId, flowId, inputs);
}


