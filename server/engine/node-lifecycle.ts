import { randomUUID } from "node:crypto";
import type { FlowGraph } from "@/lib/flow/graph";
import { ERROR_HANDLE } from "@/lib/flow/node-types/index";
import { outputPortsOf } from "@/lib/flow/node-ports";
import { stringifyValue } from "@/lib/flow/templates";
import { OUTPUT_PREVIEW_CHARS, type RunEventBody } from "@/lib/run/events";
import type { ExecuteNodeJob } from "../queue";
import { parseVersionGraph } from "./graph-cache";
import type { NodeResult } from "./handler-types";
import type { NodeError } from "./node-error";
import { appendEvents, lockRun, type RunStatusText } from "./run-log";
import { advance, hasActiveNodes, losingBranchNodes, type NodeState } from "./scheduler";
import { NOW_UTC, type EnginePool, type Sql } from "./sql";

const TERMINAL = new Set<RunStatusText>(["succeeded", "failed", "cancelled", "budget_exceeded"]);
const SETTLED_NODE = new Set(["succeeded", "failed", "skipped", "cancelled"]);

interface NodeRow {
  nodeId: string;
  iteration: number;
  status: NodeState["status"];
  takenHandles: string[];
  output: unknown;
  attempt: number;
}

async function loadNodeRuns(sql: Sql, runId: string): Promise<NodeRow[]> {
  return sql.query<NodeRow>(`SELECT "nodeId", iteration, status::text AS status, "takenHandles", output, attempt FROM "NodeRun" WHERE "runId" = $1`, [runId]);
}

function statesOf(rows: NodeRow[]) {
  const states = new Map<string, NodeState>(rows.map((r) => [r.nodeId, { status: r.status, takenHandles: r.takenHandles }]));
  const outputs = Object.fromEntries(rows.filter((r) => r.status === "succeeded" || r.takenHandles.length > 0).map((r) => [r.nodeId, r.output]));
  return { states, outputs };
}

export async function graphOf(sql: Sql, flowVersionId: string): Promise<FlowGraph> {
  return parseVersionGraph(flowVersionId, async () => {
    const [row] = await sql.query<{ graph: unknown }>(`SELECT graph FROM "FlowVersion" WHERE id = $1`, [flowVersionId]);
    return row?.graph;
  });
}

interface Totals {
  tokensIn: number;
  tokensOut: number;
  costNanoUsd: number;
  startedAtMs: number | null;
}

function finalTotals(totals: Totals, nowMs: number) {
  return { tokensIn: totals.tokensIn, tokensOut: totals.tokensOut, costNanoUsd: totals.costNanoUsd, durationMs: nowMs - (totals.startedAtMs ?? nowMs) };
}

async function addToTotals(sql: Sql, runId: string, usage: { tokensIn: number; tokensOut: number; costNanoUsd: number }, releaseNanoUsd: number): Promise<Totals> {
  const [row] = await sql.query<{ tokensIn: number; tokensOut: number; cost: string; started: number | null }>(
    `UPDATE "Run" SET "tokensIn" = "tokensIn" + $2, "tokensOut" = "tokensOut" + $3, "costNanoUsd" = "costNanoUsd" + $4, "reservedNanoUsd" = "reservedNanoUsd" - $5
      WHERE id = $1 RETURNING "tokensIn", "tokensOut", "costNanoUsd"::text AS cost, (extract(epoch FROM "startedAt") * 1000)::float8 AS started`,
    [runId, usage.tokensIn, usage.tokensOut, usage.costNanoUsd, Math.ceil(releaseNanoUsd)],
  );
  return { tokensIn: row!.tokensIn, tokensOut: row!.tokensOut, costNanoUsd: Number(row!.cost), startedAtMs: row!.started === null ? null : Number(row!.started) };
}

export interface ClaimedNode {
  graph: FlowGraph;
  workspaceId: string;
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
export async function claimNode(pool: EnginePool, job: ExecuteNodeJob): Promise<ClaimedNode | null> {
  return pool.tx(async (sql) => {
    const run = await lockRun(sql, job.runId);
    if (!run || TERMINAL.has(run.status)) return null;
    const rows = await loadNodeRuns(sql, job.runId);
    const mine = rows.find((r) => r.nodeId === job.nodeId && r.iteration === job.iteration);
    // Settled nodes never run again; a waiting node is resumed only by a decision.
    if (!mine || SETTLED_NODE.has(mine.status) || mine.status === "waiting") return null;
    const attempt = mine.attempt + 1;
    await sql.query(`UPDATE "NodeRun" SET status = 'running', attempt = $4, "startedAt" = ${NOW_UTC} WHERE "runId" = $1 AND "nodeId" = $2 AND iteration = $3`, [
      job.runId,
      job.nodeId,
      job.iteration,
      attempt,
    ]);
    const events: RunEventBody[] = [];
    if (run.status === "queued") {
      await sql.query(`UPDATE "Run" SET status = 'running', "startedAt" = ${NOW_UTC} WHERE id = $1`, [job.runId]);
      events.push({ type: "run.started", nodeId: null, payload: {} });
    }
    events.push({ type: "node.started", nodeId: job.nodeId, payload: { attempt } });
    const lastSeq = await appendEvents(sql, job.runId, events);
    const { states, outputs } = statesOf(rows);
    return {
      graph: await graphOf(sql, run.flowVersionId),
      workspaceId: run.workspaceId,
      runInputs: run.inputs,
      states,
      outputs,
      attempt,
      lastSeq,
      deadlineAt: run.deadlineAtMs === null ? null : new Date(run.deadlineAtMs),
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
  /** The run reached a final status in this settlement. */
  runEnded: boolean;
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
  pool: EnginePool,
  job: ExecuteNodeJob,
  graph: FlowGraph,
  outcome: NodeOutcome,
  startedAt: number,
  reservedNanoUsd = 0,
  /** "waiting" when a person's decision settles a parked node; `firstEvents` then records it. */
  resume: { from: "waiting"; firstEvents: RunEventBody[] } | null = null,
): Promise<SettleResult | null> {
  return pool.tx(async (sql) => {
    const run = await lockRun(sql, job.runId);
    if (!run || TERMINAL.has(run.status)) return null;
    const from = resume?.from ?? "running";
    const node = graph.nodes.find((n) => n.id === job.nodeId);
    const nowMs = Date.now();
    const durationMs = nowMs - startedAt;
    // Budget stops are never "handled": the run must end with what it has.
    const handled =
      outcome.kind === "failed" && outcome.error.kind !== "budget" && graph.edges.some((e) => e.source === job.nodeId && e.sourceHandle === ERROR_HANDLE);
    const key = [job.runId, job.nodeId, job.iteration, from];
    const events: RunEventBody[] = [...(resume?.firstEvents ?? [])];
    let usage = { model: null as string | null, tokensIn: 0, tokensOut: 0, costNanoUsd: 0 };

    const parkMessage = outcome.kind === "succeeded" ? (outcome.result.waitForApproval?.message ?? (outcome.result.startChild ? "Waiting for the sub-flow run" : outcome.result.startMap ? `Waiting for ${outcome.result.startMap.count} item runs` : null)) : null;
    if (outcome.kind === "succeeded" && parkMessage !== null) {
      const parked = await sql.query(
        `UPDATE "NodeRun" SET status = 'waiting', output = $5::jsonb WHERE "runId" = $1 AND "nodeId" = $2 AND iteration = $3 AND status = $4::"NodeRunStatus" RETURNING id`,
        [...key, JSON.stringify(outcome.result.output ?? null)],
      );
      if (parked.length === 0) return null;
      events.push({ type: "node.waiting", nodeId: job.nodeId, payload: { message: parkMessage } });
      const [busy] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "NodeRun" WHERE "runId" = $1 AND status IN ('queued', 'running')`, [job.runId]);
      if ((busy?.n ?? 0) === 0) await sql.query(`UPDATE "Run" SET status = 'waiting' WHERE id = $1`, [job.runId]);
      return { lastSeq: await appendEvents(sql, job.runId, events), ready: [], cancelledRunning: [], runEnded: false };
    }
    if (resume) await sql.query(`UPDATE "Run" SET status = 'running' WHERE id = $1 AND status = 'waiting'`, [job.runId]);

    if (outcome.kind === "succeeded") {
      usage = outcome.result.usage ?? usage;
      const takenHandles =
        outcome.result.takenHandles ?? (node ? outputPortsOf(node).map((p) => p.id).filter((id) => id !== ERROR_HANDLE && id !== "tool") : []);
      const committed = await sql.query(
        `UPDATE "NodeRun" SET status = 'succeeded', output = $5::jsonb, "takenHandles" = $6::text[], model = $7, "tokensIn" = $8, "tokensOut" = $9,
                "costNanoUsd" = $10, "finishedAt" = ${NOW_UTC}
          WHERE "runId" = $1 AND "nodeId" = $2 AND iteration = $3 AND status = $4::"NodeRunStatus" RETURNING id`,
        [...key, JSON.stringify(outcome.result.output ?? null), takenHandles, usage.model, usage.tokensIn, usage.tokensOut, usage.costNanoUsd],
      );
      if (committed.length === 0) return null;
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
      const committed = await sql.query(
        `UPDATE "NodeRun" SET status = 'failed', error = $5, output = $6::jsonb, "takenHandles" = $7::text[], "finishedAt" = ${NOW_UTC}
          WHERE "runId" = $1 AND "nodeId" = $2 AND iteration = $3 AND status = $4::"NodeRunStatus" RETURNING id`,
        [...key, message, handled ? JSON.stringify({ error: message, kind: outcome.error.kind }) : null, handled ? [ERROR_HANDLE] : []],
      );
      if (committed.length === 0) return null;
      events.push({ type: "node.failed", nodeId: job.nodeId, payload: { durationMs, error: message, handled } });
    }

    const totals = await addToTotals(sql, job.runId, usage, reservedNanoUsd);

    if (outcome.kind === "failed" && !handled) {
      const end = outcome.error.kind === "budget" ? RUN_END_FOR_FAILURE.budget : RUN_END_FOR_FAILURE.other;
      const error = `${job.nodeId}: ${outcome.error.message}`;
      const cancelled = await cancelActiveNodes(sql, job.runId, `Run stopped at ${job.nodeId}`, events);
      await sql.query(`UPDATE "Run" SET status = $2::"RunStatus", error = $3, "finishedAt" = ${NOW_UTC} WHERE id = $1`, [job.runId, end.status, error]);
      events.push({ type: end.event, nodeId: null, payload: { ...finalTotals(totals, nowMs), error } });
      return { lastSeq: await appendEvents(sql, job.runId, events), ready: [], cancelledRunning: cancelled, runEnded: true };
    }

    const { states, outputs } = statesOf(await loadNodeRuns(sql, job.runId));
    const next = advance(graph, states, [job.nodeId]);
    // A "first" merge that just fired wins the race: the branches still running for it are cancelled.
    let raceLosersRunning: string[] = [];
    for (const mergeId of next.ready) {
      const merge = graph.nodes.find((n) => n.id === mergeId);
      if (merge?.type !== "merge" || merge.data.join !== "first") continue;
      const losers = losingBranchNodes(graph, mergeId, states);
      if (losers.length === 0) continue;
      const cancelled = await sql.query<{ nodeId: string; was: string }>(
        `UPDATE "NodeRun" n SET status = 'cancelled', error = $3, "finishedAt" = ${NOW_UTC}
           FROM (SELECT "nodeId", status::text AS was FROM "NodeRun" WHERE "runId" = $1 AND "nodeId" = ANY($2::text[]) AND status IN ('queued', 'running', 'waiting')) old
          WHERE n."runId" = $1 AND n."nodeId" = old."nodeId" RETURNING n."nodeId", old.was`,
        [job.runId, losers, `Lost the race to ${mergeId}`],
      );
      for (const c of cancelled) {
        states.set(c.nodeId, { status: "cancelled", takenHandles: [] });
        events.push({ type: "node.cancelled", nodeId: c.nodeId, payload: { reason: `Lost the race to ${mergeId}` } });
      }
      raceLosersRunning = [...raceLosersRunning, ...cancelled.filter((c) => c.was === "running").map((c) => c.nodeId)];
    }
    const inserts = [
      ...next.ready.map((nodeId) => [nodeId, "queued"] as const),
      ...next.skipped.map((nodeId) => [nodeId, "skipped"] as const),
    ];
    if (inserts.length > 0) {
      const params: unknown[] = [job.runId, job.iteration];
      const values = inserts.map(([nodeId, status]) => {
        params.push(randomUUID(), nodeId, status);
        const p = params.length;
        return `($${p - 2}, $1, $${p - 1}, $2, $${p}::"NodeRunStatus", ${NOW_UTC}, CASE WHEN $${p} = 'skipped' THEN ${NOW_UTC} END)`;
      });
      await sql.query(
        `INSERT INTO "NodeRun" (id, "runId", "nodeId", iteration, status, "queuedAt", "finishedAt") VALUES ${values.join(", ")}
         ON CONFLICT ("runId", "nodeId", iteration) DO NOTHING`,
        params,
      );
      for (const nodeId of next.skipped) events.push({ type: "node.skipped", nodeId, payload: {} });
      for (const nodeId of next.ready) events.push({ type: "node.queued", nodeId, payload: {} });
    }

    const runEnded = !hasActiveNodes(states);
    if (runEnded) {
      const outputIds = new Set(graph.nodes.filter((n) => n.type === "output").map((n) => n.id));
      const runOutputs = Object.fromEntries(Object.entries(outputs).filter(([id]) => outputIds.has(id)));
      await sql.query(`UPDATE "Run" SET status = 'succeeded', outputs = $2::jsonb, "finishedAt" = ${NOW_UTC} WHERE id = $1`, [job.runId, JSON.stringify(runOutputs)]);
      events.push({ type: "run.succeeded", nodeId: null, payload: finalTotals(totals, nowMs) });
    }
    return {
      lastSeq: await appendEvents(sql, job.runId, events),
      ready: next.ready.map((nodeId) => ({ runId: job.runId, nodeId, iteration: job.iteration })),
      cancelledRunning: raceLosersRunning,
      runEnded,
    };
  });
}

/** Cancels every queued, waiting or running node of the run; returns the ids that were running. */
export async function cancelActiveNodes(sql: Sql, runId: string, reason: string, events: RunEventBody[]): Promise<string[]> {
  const active = await sql.query<{ nodeId: string; status: string }>(
    `SELECT "nodeId", status::text AS status FROM "NodeRun" WHERE "runId" = $1 AND status IN ('queued', 'running', 'waiting')`,
    [runId],
  );
  if (active.length === 0) return [];
  await sql.query(
    `UPDATE "NodeRun" SET status = 'cancelled', error = $2, "finishedAt" = ${NOW_UTC} WHERE "runId" = $1 AND status IN ('queued', 'running', 'waiting')`,
    [runId, reason],
  );
  for (const n of active) events.push({ type: "node.cancelled", nodeId: n.nodeId, payload: { reason } });
  return active.filter((n) => n.status === "running").map((n) => n.nodeId);
}

/**
 * Puts a failed try back in the queue to run again after `delayMs`: the node returns to queued
 * (not a new row), so the attempt count and history stay with it. Returns the new seq.
 */
export async function requeueForRetry(
  pool: EnginePool,
  job: ExecuteNodeJob,
  attempt: number,
  delayMs: number,
  error: NodeError,
  reservedNanoUsd: number,
): Promise<number | null> {
  return pool.tx(async (sql) => {
    const run = await lockRun(sql, job.runId);
    if (!run || TERMINAL.has(run.status)) return null;
    const requeued = await sql.query(
      `UPDATE "NodeRun" SET status = 'queued', error = $4, "notBefore" = ${NOW_UTC} + make_interval(secs => $5::float8 / 1000), "queuedAt" = ${NOW_UTC}
        WHERE "runId" = $1 AND "nodeId" = $2 AND iteration = $3 AND status = 'running' RETURNING id`,
      [job.runId, job.nodeId, job.iteration, error.message, delayMs],
    );
    if (requeued.length === 0) return null;
    if (reservedNanoUsd > 0) await sql.query(`UPDATE "Run" SET "reservedNanoUsd" = "reservedNanoUsd" - $2 WHERE id = $1`, [job.runId, Math.ceil(reservedNanoUsd)]);
    return appendEvents(sql, job.runId, [{ type: "node.retrying", nodeId: job.nodeId, payload: { attempt, delayMs, error: error.message } }]);
  });
}

/** A person approved retrying an escalated node: back to the queue for another try. Returns the new seq. */
export async function requeueEscalated(pool: EnginePool, job: ExecuteNodeJob): Promise<{ seq: number; attempt: number } | null> {
  return pool.tx(async (sql) => {
    const run = await lockRun(sql, job.runId);
    if (!run || TERMINAL.has(run.status)) return null;
    const [row] = await sql.query<{ attempt: number }>(
      `UPDATE "NodeRun" SET status = 'queued', "queuedAt" = ${NOW_UTC}, "notBefore" = NULL WHERE "runId" = $1 AND "nodeId" = $2 AND iteration = $3 AND status = 'waiting' RETURNING attempt`,
      [job.runId, job.nodeId, job.iteration],
    );
    if (!row) return null;
    await sql.query(`UPDATE "Run" SET status = 'running' WHERE id = $1 AND status = 'waiting'`, [job.runId]);
    const seq = await appendEvents(sql, job.runId, [{ type: "node.queued", nodeId: job.nodeId, payload: {} }]);
    return { seq, attempt: row.attempt };
  });
}

/** Gives back a reservation when a node's outcome is not committed (its run already ended). */
export async function releaseReservation(pool: EnginePool, runId: string, reservedNanoUsd: number): Promise<void> {
  if (reservedNanoUsd <= 0) return;
  await pool.query(`UPDATE "Run" SET "reservedNanoUsd" = "reservedNanoUsd" - $2 WHERE id = $1`, [runId, Math.ceil(reservedNanoUsd)]);
}

/**
 * Ends a live run from outside its nodes (a cancel, a run time limit): active nodes are
 * cancelled, the run gets its final status, and one terminal event records the totals.
 * Call with the run locked; returns the new seq.
 */
export async function stopRun(sql: Sql, runId: string, end: "cancelled" | "failed", error: string): Promise<number> {
  const events: RunEventBody[] = [];
  await cancelActiveNodes(sql, runId, error, events);
  const [row] = await sql.query<{ tokensIn: number; tokensOut: number; cost: string; started: number | null }>(
    `UPDATE "Run" SET status = $2::"RunStatus", error = $3, "finishedAt" = ${NOW_UTC} WHERE id = $1
     RETURNING "tokensIn", "tokensOut", "costNanoUsd"::text AS cost, (extract(epoch FROM "startedAt") * 1000)::float8 AS started`,
    [runId, end, error],
  );
  const totals = { tokensIn: row?.tokensIn ?? 0, tokensOut: row?.tokensOut ?? 0, costNanoUsd: Number(row?.cost ?? 0), startedAtMs: row?.started == null ? null : Number(row.started) };
  events.push({ type: end === "cancelled" ? "run.cancelled" : "run.failed", nodeId: null, payload: { ...finalTotals(totals, Date.now()), error } });
  return appendEvents(sql, runId, events);
}
