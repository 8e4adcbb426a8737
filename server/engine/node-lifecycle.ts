import type { FlowGraph } from "@/lib/flow/graph";
import { ERROR_HANDLE, nodeDefinitions } from "@/lib/flow/node-types/index";
import { stringifyValue } from "@/lib/flow/templates";
import { OUTPUT_PREVIEW_CHARS, type RunEventBody } from "@/lib/run/events";
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { ExecuteNodeJob } from "../queue";
import { parseVersionGraph } from "./graph-cache";
import type { NodeResult } from "./handler-types";
import type { NodeError } from "./node-error";
import { appendEvents, lockRun } from "./run-log";
import { advance, hasActiveNodes, type NodeState } from "./scheduler";

type Tx = Prisma.TransactionClient;
const TERMINAL = new Set(["succeeded", "failed", "cancelled", "budget_exceeded"]);
const SETTLED_NODE = new Set(["succeeded", "failed", "skipped", "cancelled"]);
const RUN_TOTALS = { tokensIn: true, tokensOut: true, costNanoUsd: true, startedAt: true } as const;

function finalTotals(totals: { tokensIn: number; tokensOut: number; costNanoUsd: bigint; startedAt: Date | null }, finishedAt: Date) {
  return {
    tokensIn: totals.tokensIn,
    tokensOut: totals.tokensOut,
    costNanoUsd: Number(totals.costNanoUsd),
    durationMs: finishedAt.getTime() - (totals.startedAt ?? finishedAt).getTime(),
  };
}

function jsonValue(value: unknown): Prisma.InputJsonValue {
  return (value === undefined || value === null ? { value: null } : value) as Prisma.InputJsonValue;
}

async function loadStates(tx: Tx, runId: string) {
  const rows = await tx.nodeRun.findMany({ where: { runId }, select: { nodeId: true, status: true, takenHandles: true, output: true } });
  const states = new Map<string, NodeState>(rows.map((r) => [r.nodeId, { status: r.status, takenHandles: r.takenHandles }]));
  const outputs = Object.fromEntries(rows.filter((r) => r.status === "succeeded" || r.takenHandles.length > 0).map((r) => [r.nodeId, r.output]));
  return { states, outputs };
}

export interface ClaimedNode {
  graph: FlowGraph;
  runInputs: Record<string, string>;
  states: Map<string, NodeState>;
  outputs: Record<string, unknown>;
  attempt: number;
  lastSeq: number;
  deadlineAt: Date | null;
}

/**
 * Marks the node running, unless the run is over or the node already settled (a redelivered
 * job): committed nodes never run again. Returns what the handler needs, or null to skip.
 */
export async function claimNode(db: Db, job: ExecuteNodeJob): Promise<ClaimedNode | null> {
  return db.$transaction(async (tx) => {
    const run = await lockRun(tx, job.runId);
    if (!run || TERMINAL.has(run.status)) return null;
    const nodeRun = await tx.nodeRun.findUnique({
      where: { runId_nodeId_iteration: { runId: job.runId, nodeId: job.nodeId, iteration: job.iteration } },
    });
    if (!nodeRun || SETTLED_NODE.has(nodeRun.status)) return null;

    const full = await tx.run.findUniqueOrThrow({
      where: { id: job.runId },
      select: { inputs: true, deadlineAt: true, flowVersion: { select: { id: true, graph: true } } },
    });
    const { states, outputs } = await loadStates(tx, job.runId);
    const attempt = nodeRun.attempt + 1;
    const now = new Date();
    await tx.nodeRun.update({ where: { id: nodeRun.id }, data: { status: "running", attempt, startedAt: now } });
    const events: RunEventBody[] = [];
    if (run.status === "queued") {
      await tx.run.update({ where: { id: job.runId }, data: { status: "running", startedAt: now } });
      events.push({ type: "run.started", nodeId: null, payload: {} });
    }
    events.push({ type: "node.started", nodeId: job.nodeId, payload: { attempt } });
    const lastSeq = await appendEvents(tx, job.runId, events);
    return {
      graph: parseVersionGraph(full.flowVersion.id, full.flowVersion.graph),
      runInputs: full.inputs as Record<string, string>,
      states,
      outputs,
      attempt,
      lastSeq,
      deadlineAt: full.deadlineAt,
    };
  });
}

export type NodeOutcome = { kind: "succeeded"; result: NodeResult } | { kind: "failed"; error: NodeError };

/** How the run ends when a node fails and nothing handles it. */
const RUN_END_FOR_FAILURE = {
  budget: { status: "budget_exceeded", event: "run.budget_exceeded" },
  other: { status: "failed", event: "run.failed" },
} as const;

export interface SettleResult {
  lastSeq: number;
  ready: ExecuteNodeJob[];
  /** Nodes of this run that were running elsewhere and were cancelled by this settlement. */
  cancelledRunning: string[];
}

/**
 * Commits a node's outcome and, in the same transaction with the run locked, decides what
 * happens next: successors queued or skipped, the run finished, or the run failed. Jobs for the
 * queued successors are enqueued by the caller after this commits.
 */
export async function settleNode(
  db: Db,
  job: ExecuteNodeJob,
  graph: FlowGraph,
  outcome: NodeOutcome,
  startedAt: number,
  reservedNanoUsd = 0,
): Promise<SettleResult | null> {
  return db.$transaction(async (tx) => {
    const run = await lockRun(tx, job.runId);
    if (!run || TERMINAL.has(run.status)) return null;
    const node = graph.nodes.find((n) => n.id === job.nodeId);
    const durationMs = Date.now() - startedAt;
    const now = new Date();
    // Budget stops are never "handled": the run must end with what it has.
    const handled =
      outcome.kind === "failed" && outcome.error.kind !== "budget" && graph.edges.some((e) => e.source === job.nodeId && e.sourceHandle === ERROR_HANDLE);
    const where = { runId: job.runId, nodeId: job.nodeId, iteration: job.iteration, status: "running" as const };
    const events: RunEventBody[] = [];
    let usage = { model: null as string | null, tokensIn: 0, tokensOut: 0, costNanoUsd: 0 };

    if (outcome.kind === "succeeded") {
      usage = outcome.result.usage ?? usage;
      const takenHandles =
        outcome.result.takenHandles ?? (node ? nodeDefinitions[node.type].outputs.map((p) => p.id).filter((id) => id !== ERROR_HANDLE) : []);
      const committed = await tx.nodeRun.updateMany({
        where,
        data: {
          status: "succeeded",
          output: jsonValue(outcome.result.output),
          takenHandles,
          model: usage.model,
          tokensIn: usage.tokensIn,
          tokensOut: usage.tokensOut,
          costNanoUsd: BigInt(usage.costNanoUsd),
          finishedAt: now,
        },
      });
      if (committed.count === 0) return null;
      events.push({
        type: "node.succeeded",
        nodeId: job.nodeId,
        payload: {
          tokensIn: usage.tokensIn,
          tokensOut: usage.tokensOut,
          costNanoUsd: usage.costNanoUsd,
          durationMs,
          outputPreview: stringifyValue(outcome.result.output).slice(0, OUTPUT_PREVIEW_CHARS),
          takenHandles,
        },
      });
    } else {
      const message = outcome.error.message;
      const committed = await tx.nodeRun.updateMany({
        where,
        data: {
          status: "failed",
          error: message,
          output: handled ? { error: message, kind: outcome.error.kind } : undefined,
          takenHandles: handled ? [ERROR_HANDLE] : [],
          finishedAt: now,
        },
      });
      if (committed.count === 0) return null;
      events.push({ type: "node.failed", nodeId: job.nodeId, payload: { durationMs, error: message, handled } });
    }

    const totals = await tx.run.update({
      where: { id: job.runId },
      data: {
        tokensIn: { increment: usage.tokensIn },
        tokensOut: { increment: usage.tokensOut },
        costNanoUsd: { increment: BigInt(usage.costNanoUsd) },
        reservedNanoUsd: { decrement: BigInt(reservedNanoUsd) },
      },
      select: RUN_TOTALS,
    });

    if (outcome.kind === "failed" && !handled) {
      const end = outcome.error.kind === "budget" ? RUN_END_FOR_FAILURE.budget : RUN_END_FOR_FAILURE.other;
      const error = `${job.nodeId}: ${outcome.error.message}`;
      const cancelled = await cancelActiveNodes(tx, job.runId, `Run stopped at ${job.nodeId}`, events);
      await tx.run.update({ where: { id: job.runId }, data: { status: end.status, error, finishedAt: now } });
      events.push({ type: end.event, nodeId: null, payload: { ...finalTotals(totals, now), error } });
      return { lastSeq: await appendEvents(tx, job.runId, events), ready: [], cancelledRunning: cancelled };
    }

    const { states, outputs } = await loadStates(tx, job.runId);
    const next = advance(graph, states, [job.nodeId]);
    if (next.ready.length + next.skipped.length > 0) {
      await tx.nodeRun.createMany({
        data: [
          ...next.ready.map((nodeId) => ({ runId: job.runId, nodeId, iteration: job.iteration })),
          ...next.skipped.map((nodeId) => ({ runId: job.runId, nodeId, iteration: job.iteration, status: "skipped" as const, finishedAt: now })),
        ],
        skipDuplicates: true,
      });
      for (const nodeId of next.skipped) events.push({ type: "node.skipped", nodeId, payload: {} });
      for (const nodeId of next.ready) events.push({ type: "node.queued", nodeId, payload: {} });
    }

    if (!hasActiveNodes(states)) {
      const outputIds = new Set(graph.nodes.filter((n) => n.type === "output").map((n) => n.id));
      const runOutputs = Object.fromEntries(Object.entries(outputs).filter(([id]) => outputIds.has(id)));
      await tx.run.update({ where: { id: job.runId }, data: { status: "succeeded", outputs: jsonValue(runOutputs), finishedAt: now } });
      events.push({ type: "run.succeeded", nodeId: null, payload: finalTotals(totals, now) });
    }
    return {
      lastSeq: await appendEvents(tx, job.runId, events),
      ready: next.ready.map((nodeId) => ({ runId: job.runId, nodeId, iteration: job.iteration })),
      cancelledRunning: [],
    };
  });
}

/** Cancels every queued, waiting or running node of the run; returns the ids that were running. */
export async function cancelActiveNodes(tx: Tx, runId: string, reason: string, events: RunEventBody[]): Promise<string[]> {
  const active = await tx.nodeRun.findMany({
    where: { runId, status: { in: ["queued", "running", "waiting"] } },
    select: { nodeId: true, status: true },
  });
  if (active.length === 0) return [];
  await tx.nodeRun.updateMany({
    where: { runId, status: { in: ["queued", "running", "waiting"] } },
    data: { status: "cancelled", error: reason, finishedAt: new Date() },
  });
  for (const n of active) events.push({ type: "node.cancelled", nodeId: n.nodeId, payload: { reason } });
  return active.filter((n) => n.status === "running").map((n) => n.nodeId);
}

/**
 * Puts a failed try back in the queue to run again after `delayMs`: the node returns to queued
 * (not a new row), so the attempt count and history stay with it. Returns the new seq.
 */
export async function requeueForRetry(
  db: Db,
  job: ExecuteNodeJob,
  attempt: number,
  delayMs: number,
  error: NodeError,
  reservedNanoUsd: number,
): Promise<number | null> {
  return db.$transaction(async (tx) => {
    const run = await lockRun(tx, job.runId);
    if (!run || TERMINAL.has(run.status)) return null;
    const requeued = await tx.nodeRun.updateMany({
      where: { runId: job.runId, nodeId: job.nodeId, iteration: job.iteration, status: "running" },
      data: { status: "queued", error: error.message, notBefore: new Date(Date.now() + delayMs), queuedAt: new Date() },
    });
    if (requeued.count === 0) return null;
    if (reservedNanoUsd > 0) await tx.run.update({ where: { id: job.runId }, data: { reservedNanoUsd: { decrement: BigInt(reservedNanoUsd) } } });
    return appendEvents(tx, job.runId, [{ type: "node.retrying", nodeId: job.nodeId, payload: { attempt, delayMs, error: error.message } }]);
  });
}

/** Gives back a reservation when a node's outcome is not committed (its run already ended). */
export async function releaseReservation(db: Db, runId: string, reservedNanoUsd: number): Promise<void> {
  if (reservedNanoUsd <= 0) return;
  await db.run.update({ where: { id: runId }, data: { reservedNanoUsd: { decrement: BigInt(reservedNanoUsd) } } });
}
