import { OUTPUT_PREVIEW_CHARS, type RunEventBody } from "@/lib/run/events";
import { predecessors, successors } from "@/lib/flow/graph-walk";
import type { FlowGraph } from "@/lib/flow/graph";
import { stringifyValue } from "@/lib/flow/templates";
import type { Db } from "../db";
import type { ExecuteNodeJob } from "../queue";
import { parseVersionGraph } from "./graph-cache";
import type { NodeResult } from "./handler-types";
import { appendEvents, lockRun } from "./run-log";

const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);

const RUN_TOTALS = { tokensIn: true, tokensOut: true, costNanoUsd: true, startedAt: true } as const;

function finalTotals(totals: { tokensIn: number; tokensOut: number; costNanoUsd: bigint; startedAt: Date | null }, finishedAt: Date) {
  return {
    tokensIn: totals.tokensIn,
    tokensOut: totals.tokensOut,
    costNanoUsd: Number(totals.costNanoUsd),
    durationMs: finishedAt.getTime() - (totals.startedAt ?? finishedAt).getTime(),
  };
}

export interface ClaimedNode {
  graph: FlowGraph;
  runInputs: Record<string, string>;
  outputs: Record<string, unknown>;
  attempt: number;
  lastSeq: number;
}

function jsonValue(value: unknown): object | string | number | boolean {
  return value === undefined || value === null ? { value: null } : (value as object);
}

/**
 * Marks the node running, unless the run is over or the node already finished (a redelivered
 * job): committed nodes never run again. Returns what the handler needs, or null to skip.
 */
export async function claimNode(db: Db, job: ExecuteNodeJob): Promise<ClaimedNode | null> {
  return db.$transaction(async (tx) => {
    const run = await lockRun(tx, job.runId);
    if (!run || TERMINAL.has(run.status)) return null;
    const nodeRun = await tx.nodeRun.findUnique({
      where: { runId_nodeId_iteration: { runId: job.runId, nodeId: job.nodeId, iteration: job.iteration } },
    });
    if (!nodeRun || TERMINAL.has(nodeRun.status) || nodeRun.status === "skipped") return null;

    const full = await tx.run.findUniqueOrThrow({
      where: { id: job.runId },
      select: { inputs: true, flowVersion: { select: { id: true, graph: true } } },
    });
    const done = await tx.nodeRun.findMany({
      where: { runId: job.runId, status: "succeeded" },
      select: { nodeId: true, output: true },
    });
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
      outputs: Object.fromEntries(done.map((d) => [d.nodeId, d.output])),
      attempt,
      lastSeq,
    };
  });
}

export interface CommitResult {
  lastSeq: number;
  ready: ExecuteNodeJob[];
}

/**
 * Commits the node's result, then (same transaction, run locked) queues each successor whose
 * predecessors have all succeeded, and finishes the run when every node has.
 */
export async function commitNodeSuccess(db: Db, job: ExecuteNodeJob, graph: FlowGraph, result: NodeResult, startedAt: number): Promise<CommitResult | null> {
  return db.$transaction(async (tx) => {
    const run = await lockRun(tx, job.runId);
    if (!run || TERMINAL.has(run.status)) return null;
    const usage = result.usage ?? { model: null, tokensIn: 0, tokensOut: 0, costNanoUsd: 0 };
    const durationMs = Date.now() - startedAt;
    const committed = await tx.nodeRun.updateMany({
      where: { runId: job.runId, nodeId: job.nodeId, iteration: job.iteration, status: "running" },
      data: {
        status: "succeeded",
        output: jsonValue(result.output),
        model: usage.model,
        tokensIn: usage.tokensIn,
        tokensOut: usage.tokensOut,
        costNanoUsd: BigInt(usage.costNanoUsd),
        finishedAt: new Date(),
      },
    });
    if (committed.count === 0) return null;
    const totals = await tx.run.update({
      where: { id: job.runId },
      data: {
        tokensIn: { increment: usage.tokensIn },
        tokensOut: { increment: usage.tokensOut },
        costNanoUsd: { increment: BigInt(usage.costNanoUsd) },
      },
      select: RUN_TOTALS,
    });
    const events: RunEventBody[] = [
      {
        type: "node.succeeded",
        nodeId: job.nodeId,
        payload: {
          tokensIn: usage.tokensIn,
          tokensOut: usage.tokensOut,
          costNanoUsd: usage.costNanoUsd,
          durationMs,
          outputPreview: stringifyValue(result.output).slice(0, OUTPUT_PREVIEW_CHARS),
        },
      },
    ];

    const succeeded = await tx.nodeRun.findMany({
      where: { runId: job.runId, status: "succeeded" },
      select: { nodeId: true, output: true },
    });
    const doneIds = new Set(succeeded.map((n) => n.nodeId));
    const ready = successors(graph.edges, job.nodeId).filter((id) => predecessors(graph.edges, id).every((p) => doneIds.has(p)));
    if (ready.length > 0) {
      await tx.nodeRun.createMany({
        data: ready.map((nodeId) => ({ runId: job.runId, nodeId, iteration: job.iteration })),
        skipDuplicates: true,
      });
      for (const nodeId of ready) events.push({ type: "node.queued", nodeId, payload: {} });
    }

    if (doneIds.size === graph.nodes.length) {
      const outputIds = new Set(graph.nodes.filter((n) => n.type === "output").map((n) => n.id));
      const outputs = Object.fromEntries(succeeded.filter((n) => outputIds.has(n.nodeId)).map((n) => [n.nodeId, n.output]));
      const finishedAt = new Date();
      await tx.run.update({ where: { id: job.runId }, data: { status: "succeeded", outputs, finishedAt } });
      events.push({ type: "run.succeeded", nodeId: null, payload: finalTotals(totals, finishedAt) });
    }
    const lastSeq = await appendEvents(tx, job.runId, events);
    return { lastSeq, ready: ready.map((nodeId) => ({ runId: job.runId, nodeId, iteration: job.iteration })) };
  });
}

/** The node failed: record the error on it, fail the run, and cancel work not yet started. */
export async function commitNodeFailure(db: Db, job: ExecuteNodeJob, message: string, startedAt: number): Promise<number | null> {
  return db.$transaction(async (tx) => {
    const run = await lockRun(tx, job.runId);
    if (!run || TERMINAL.has(run.status)) return null;
    const durationMs = Date.now() - startedAt;
    const finishedAt = new Date();
    await tx.nodeRun.updateMany({
      where: { runId: job.runId, nodeId: job.nodeId, iteration: job.iteration },
      data: { status: "failed", error: message, finishedAt },
    });
    const pending = await tx.nodeRun.findMany({ where: { runId: job.runId, status: "queued" }, select: { nodeId: true } });
    await tx.nodeRun.updateMany({ where: { runId: job.runId, status: "queued" }, data: { status: "cancelled", finishedAt } });
    const error = `${job.nodeId}: ${message}`;
    const totals = await tx.run.update({
      where: { id: job.runId },
      data: { status: "failed", error, finishedAt },
      select: RUN_TOTALS,
    });
    return appendEvents(tx, job.runId, [
      { type: "node.failed", nodeId: job.nodeId, payload: { durationMs, error: message } },
      ...pending.map((p): RunEventBody => ({ type: "node.cancelled", nodeId: p.nodeId, payload: { reason: `Run failed at ${job.nodeId}` } })),
      { type: "run.failed", nodeId: null, payload: { ...finalTotals(totals, finishedAt), error } },
    ]);
  });
}
