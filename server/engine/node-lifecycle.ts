import { randomUUID } from "node:crypto";
import { cancelsSlowerInputs, runResultIds } from "@/lib/flow/catalogue";
import type { FlowGraph } from "@/lib/flow/graph";
import { ERROR_HANDLE } from "@/lib/flow/node-types/index";
import { outputPortsOf } from "@/lib/flow/node-ports";
import { stringifyValue } from "@/lib/flow/templates";
import { OUTPUT_PREVIEW_CHARS, type RunEventBody } from "@/lib/run/events";
import type { ExecuteNodeJob } from "../queue";
import { parseVersionGraph } from "./graph-cache";
import type { NodeResult, NodeUsage } from "./handler-types";
import { cutText, safeText, toJsonb } from "./jsonb";
import { mergeEffects, noEffects, published, type Effects } from "./kernel/effects";
import { executeInline, runsInline } from "./kernel/inline";
import { addToTotals, type Totals } from "./kernel/totals";
import type { NodeError } from "./node-error";
import { appendEvents, lockRun, TERMINAL_RUN_STATUSES, type LockedRun } from "./run-log";
import { advance, hasActiveNodes, losingBranchNodes, type NodeState } from "./scheduler";
import { NOW_UTC, type EnginePool, type Sql } from "./sql";

const SETTLED_NODE = new Set(["succeeded", "failed", "skipped", "cancelled"]);
const NO_USAGE: NodeUsage = { model: "", tokensIn: 0, tokensOut: 0, costNanoUsd: 0 };

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

function finalTotals(totals: Totals, nowMs: number) {
  return { tokensIn: totals.tokensIn, tokensOut: totals.tokensOut, costNanoUsd: totals.costNanoUsd, durationMs: nowMs - (totals.startedAtMs ?? nowMs) };
}

export interface ClaimedNode {
  graph: FlowGraph;
  run: LockedRun;
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
export async function claimNode(pool: EnginePool, job: ExecuteNodeJob, admit: (workspaceId: string) => boolean = () => true): Promise<ClaimedNode | null | "throttled"> {
  return pool.tx(async (sql) => {
    const run = await lockRun(sql, job.runId);
    if (!run || TERMINAL_RUN_STATUSES.has(run.status)) return null;
    const rows = await loadNodeRuns(sql, job.runId);
    const mine = rows.find((r) => r.nodeId === job.nodeId && r.iteration === job.iteration);
    // Settled nodes never run again; a waiting node is resumed only through its waitpoint.
    if (!mine || SETTLED_NODE.has(mine.status) || mine.status === "waiting") return null;
    // The workspace already holds its share of this worker's slots: try again in a moment.
    if (!admit(run.workspaceId)) return "throttled";
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
      run,
      runInputs: run.inputs,
      states,
      outputs,
      attempt,
      lastSeq,
      deadlineAt: run.deadlineAtMs === null ? null : new Date(run.deadlineAtMs),
    };
  });
}

/** Why a node waits, and what resumes it (see kernel/waitpoints.ts). */
export type WaitKind = "person" | "escalation" | "time" | "children";

/** One child run to start: a flow version checked for running, with its inputs. */
export interface ChildStart {
  flowId: string;
  flowVersionId: string;
  inputs: Record<string, string>;
  roots: string[];
  /** A Map item's index; null for a Sub-flow. */
  itemIndex: number | null;
}

/** Writes child runs in the parent's transaction (kernel/child-rows.ts); passed in to keep this module below it. */
export type StartChildren = (sql: Sql, parent: LockedRun, nodeId: string, children: readonly ChildStart[]) => Promise<Effects>;

export interface Parked {
  waitKind: WaitKind;
  message: string;
  /** Kept on the node while it waits (the value to pass on, a Map's progress, an escalated error). */
  output: unknown;
  /** For "time": when it is due. */
  resumeAtMs?: number;
  /** For "children": the child runs to start with the park, in the same transaction. */
  children?: ChildStart[];
}

export type NodeOutcome =
  | { kind: "succeeded"; result: NodeResult }
  | { kind: "failed"; error: NodeError }
  | { kind: "parked"; parked: Parked; usage?: NodeUsage };

/** How the run ends when a node fails and nothing handles it. */
const RUN_END_FOR_FAILURE = {
  budget: { status: "budget_exceeded", event: "run.budget_exceeded" },
  other: { status: "failed", event: "run.failed" },
} as const;

export interface SettleOptions {
  startedAt: number;
  reservedNanoUsd?: number;
  /** Set when a waitpoint settles a parked node; `firstEvents` record how (e.g. who decided). */
  resume?: { firstEvents: RunEventBody[] };
  /** Needed to park a node on child runs. */
  startChildren?: StartChildren;
}

/**
 * Commits a node's outcome and, in the same transaction with the run locked, decides what
 * happens next: successors queued or skipped, the node parked on a waitpoint, the run finished
 * or failed. Returns the effects to apply after the commit, or null when there was nothing to
 * settle (the run ended, or the node is not in the expected state: a duplicate).
 */
export async function settleNode(pool: EnginePool, job: ExecuteNodeJob, graph: FlowGraph, outcome: NodeOutcome, options: SettleOptions): Promise<Effects | null> {
  return pool.tx(async (sql) => {
    const run = await lockRun(sql, job.runId);
    if (!run || TERMINAL_RUN_STATUSES.has(run.status)) return null;
    return settleLocked(sql, run, job, graph, outcome, options);
  });
}

/** `settleNode` for a caller that already holds the run's lock in `sql`. */
export async function settleLocked(
  sql: Sql,
  run: LockedRun,
  job: ExecuteNodeJob,
  graph: FlowGraph,
  outcome: NodeOutcome,
  { startedAt, reservedNanoUsd = 0, resume, startChildren }: SettleOptions,
): Promise<Effects | null> {
  const from = resume ? "waiting" : "running";
  const node = graph.nodes.find((n) => n.id === job.nodeId);
  const nowMs = Date.now();
  const durationMs = nowMs - startedAt;
  const effects = noEffects();
  // Budget stops are never "handled": the run must end with what it has.
  const handled =
    outcome.kind === "failed" && outcome.error.kind !== "budget" && graph.edges.some((e) => e.source === job.nodeId && e.sourceHandle === ERROR_HANDLE);
  const key = [job.runId, job.nodeId, job.iteration, from];
  const events: RunEventBody[] = [...(resume?.firstEvents ?? [])];
  // Usage of every try counts, including one that failed after spending (a reply that failed its schema).
  const usage = (outcome.kind === "succeeded" ? outcome.result.usage : outcome.kind === "parked" ? outcome.usage : outcome.error.usage) ?? NO_USAGE;
  const usageSql = `model = COALESCE($7, model), "tokensIn" = "tokensIn" + $8, "tokensOut" = "tokensOut" + $9, "costNanoUsd" = "costNanoUsd" + $10`;
  const usageParams = [usage.model || null, usage.tokensIn, usage.tokensOut, usage.costNanoUsd];

  if (outcome.kind === "parked") {
    const { parked } = outcome;
    const rows = await sql.query(
      `UPDATE "NodeRun" SET status = 'waiting', output = $5::jsonb, "waitKind" = $6, ${usageSql},
              "resumeAt" = $11::timestamptz AT TIME ZONE 'UTC'
        WHERE "runId" = $1 AND "nodeId" = $2 AND iteration = $3 AND status = $4::"NodeRunStatus" RETURNING id`,
      [...key, toJsonb(parked.output), parked.waitKind, ...usageParams, parked.resumeAtMs === undefined ? null : new Date(parked.resumeAtMs).toISOString()],
    );
    if (rows.length === 0) return null;
    await addToTotals(sql, run, usage, reservedNanoUsd);
    events.push({ type: "node.waiting", nodeId: job.nodeId, payload: { message: safeText(parked.message) } });
    const [busy] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "NodeRun" WHERE "runId" = $1 AND status IN ('queued', 'running')`, [job.runId]);
    if ((busy?.n ?? 0) === 0) await sql.query(`UPDATE "Run" SET status = 'waiting' WHERE id = $1`, [job.runId]);
    if (parked.resumeAtMs !== undefined) effects.wake.push({ job: { runId: job.runId, nodeId: job.nodeId, iteration: job.iteration }, atMs: parked.resumeAtMs });
    if (parked.children?.length) {
      if (!startChildren) throw new Error("settleLocked: parking on child runs needs startChildren");
      mergeEffects(effects, await startChildren(sql, run, job.nodeId, parked.children));
    }
    return published(job.runId, await appendEvents(sql, job.runId, events), effects);
  }
  if (resume) await sql.query(`UPDATE "Run" SET status = 'running' WHERE id = $1 AND status = 'waiting'`, [job.runId]);

  if (outcome.kind === "succeeded") {
    const takenHandles =
      outcome.result.takenHandles ?? (node ? outputPortsOf(node).map((p) => p.id).filter((id) => id !== ERROR_HANDLE && id !== "tool") : []);
    const output = toJsonb(outcome.result.output);
    const committed = await sql.query(
      `UPDATE "NodeRun" SET status = 'succeeded', output = $5::jsonb, "takenHandles" = $6::text[], ${usageSql}, "waitKind" = NULL, "resumeAt" = NULL, "finishedAt" = ${NOW_UTC}
        WHERE "runId" = $1 AND "nodeId" = $2 AND iteration = $3 AND status = $4::"NodeRunStatus" RETURNING id`,
      [...key, output, takenHandles, ...usageParams],
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
        outputPreview: cutText(stringifyValue(outcome.result.output), OUTPUT_PREVIEW_CHARS),
        takenHandles,
      },
    });
  } else {
    const message = safeText(outcome.error.message);
    const committed = await sql.query(
      `UPDATE "NodeRun" SET status = 'failed', error = $5, output = $6::jsonb, "takenHandles" = $11::text[], ${usageSql}, "waitKind" = NULL, "resumeAt" = NULL, "finishedAt" = ${NOW_UTC}
        WHERE "runId" = $1 AND "nodeId" = $2 AND iteration = $3 AND status = $4::"NodeRunStatus" RETURNING id`,
      [...key, message, handled ? toJsonb({ error: message, kind: outcome.error.kind }) : null, ...usageParams, handled ? [ERROR_HANDLE] : []],
    );
    if (committed.length === 0) return null;
    events.push({ type: "node.failed", nodeId: job.nodeId, payload: { durationMs, error: message, handled } });
  }

  const totals = await addToTotals(sql, run, usage, reservedNanoUsd);

  if (outcome.kind === "failed" && !handled) {
    const end = outcome.error.kind === "budget" ? RUN_END_FOR_FAILURE.budget : RUN_END_FOR_FAILURE.other;
    const error = safeText(`${job.nodeId}: ${outcome.error.message}`);
    const cancelled = await cancelActiveNodes(sql, job.runId, `Run stopped at ${job.nodeId}`, events);
    await sql.query(`UPDATE "Run" SET status = $2::"RunStatus", error = $3, "finishedAt" = ${NOW_UTC} WHERE id = $1`, [job.runId, end.status, error]);
    events.push({ type: end.event, nodeId: null, payload: { ...finalTotals(totals, nowMs), error } });
    if (cancelled.running.length > 0) effects.cancelRunning.push({ runId: job.runId });
    effects.removeJobs.push(...cancelled.queued);
    effects.endedRuns.push(job.runId);
    return published(job.runId, await appendEvents(sql, job.runId, events), effects);
  }

  const { states, outputs } = statesOf(await loadNodeRuns(sql, job.runId));
  const next = advance(graph, states, [job.nodeId]);
  // A "first" merge that just fired wins the race: the branches still running for it are cancelled.
  for (const mergeId of next.ready) {
    const merge = graph.nodes.find((n) => n.id === mergeId);
    if (!merge || !cancelsSlowerInputs(merge)) continue;
    const losers = losingBranchNodes(graph, mergeId, states);
    if (losers.length === 0) continue;
    const reason = `Lost the race to ${mergeId}`;
    const cancelled = await cancelNodes(sql, job.runId, reason, events, losers);
    for (const c of [...cancelled.running, ...cancelled.queued.map((q) => q.nodeId), ...cancelled.waiting]) states.set(c, { status: "cancelled", takenHandles: [] });
    if (cancelled.running.length > 0) effects.cancelRunning.push({ runId: job.runId, nodeIds: cancelled.running });
    effects.removeJobs.push(...cancelled.queued);
  }
  const inserts = [...next.ready.map((nodeId) => [nodeId, "queued"] as const), ...next.skipped.map((nodeId) => [nodeId, "skipped"] as const)];
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

  const runEnds = !hasActiveNodes(states);
  if (runEnds) {
    const outputIds = runResultIds(graph);
    const runOutputs = Object.fromEntries(Object.entries(outputs).filter(([id]) => outputIds.has(id)));
    await sql.query(`UPDATE "Run" SET status = 'succeeded', outputs = $2::jsonb, "finishedAt" = ${NOW_UTC} WHERE id = $1`, [job.runId, toJsonb(runOutputs)]);
    events.push({ type: "run.succeeded", nodeId: null, payload: finalTotals(totals, nowMs) });
    effects.endedRuns.push(job.runId);
  }
  published(job.runId, await appendEvents(sql, job.runId, events), effects);
  const ready = next.ready.map((nodeId) => ({ runId: job.runId, nodeId, iteration: job.iteration, workspaceId: run.workspaceId }));
  return mergeEffects(effects, await runReady(sql, run, graph, ready));
}

/**
 * Queued nodes either run right here, in this transaction (cheap deterministic types, see
 * kernel/inline.ts), or become jobs enqueued after the commit.
 */
export async function runReady(sql: Sql, run: LockedRun, graph: FlowGraph, ready: ExecuteNodeJob[]): Promise<Effects> {
  const effects = noEffects();
  for (const job of ready) {
    if (!runsInline(graph, job.nodeId)) {
      effects.enqueue.push(job);
      continue;
    }
    const startedAt = Date.now();
    const outcome = await executeInline(sql, run, graph, job, statesOf(await loadNodeRuns(sql, job.runId)));
    if (outcome) mergeEffects(effects, await settleLocked(sql, run, job, graph, outcome, { startedAt }));
  }
  return effects;
}

export interface CancelledNodes {
  running: string[];
  waiting: string[];
  /** Queued tries whose jobs can be dropped from the queue. */
  queued: ExecuteNodeJob[];
}

/** Cancels the run's active nodes (all of them, or only `nodeIds`), recording an event for each. */
async function cancelNodes(sql: Sql, runId: string, reason: string, events: RunEventBody[], nodeIds?: readonly string[]): Promise<CancelledNodes> {
  const rows = await sql.query<{ nodeId: string; iteration: number; attempt: number; was: string }>(
    `UPDATE "NodeRun" n SET status = 'cancelled', error = $2, "finishedAt" = ${NOW_UTC}
       FROM (SELECT id, status::text AS was FROM "NodeRun" WHERE "runId" = $1 AND status IN ('queued', 'running', 'waiting')
               AND ($3::text[] IS NULL OR "nodeId" = ANY($3::text[])) FOR UPDATE) old
      WHERE n.id = old.id RETURNING n."nodeId", n.iteration, n.attempt, old.was`,
    [runId, safeText(reason), nodeIds ?? null],
  );
  for (const n of rows) events.push({ type: "node.cancelled", nodeId: n.nodeId, payload: { reason: safeText(reason) } });
  return {
    running: rows.filter((n) => n.was === "running").map((n) => n.nodeId),
    waiting: rows.filter((n) => n.was === "waiting").map((n) => n.nodeId),
    queued: rows.filter((n) => n.was === "queued").map((n) => ({ runId, nodeId: n.nodeId, iteration: n.iteration, attempt: n.attempt + 1 })),
  };
}

/** Cancels every queued, waiting or running node of the run. */
export function cancelActiveNodes(sql: Sql, runId: string, reason: string, events: RunEventBody[]): Promise<CancelledNodes> {
  return cancelNodes(sql, runId, reason, events);
}

/**
 * Puts a failed try back in the queue to run again after `delayMs`: the node returns to queued
 * (not a new row), so the attempt count and history stay with it. What the try spent counts.
 */
export async function requeueForRetry(
  pool: EnginePool,
  job: ExecuteNodeJob,
  attempt: number,
  delayMs: number,
  error: NodeError,
  reservedNanoUsd: number,
): Promise<Effects | null> {
  return pool.tx(async (sql) => {
    const run = await lockRun(sql, job.runId);
    if (!run || TERMINAL_RUN_STATUSES.has(run.status)) return null;
    const usage = error.usage ?? NO_USAGE;
    const requeued = await sql.query(
      `UPDATE "NodeRun" SET status = 'queued', error = $4, "notBefore" = ${NOW_UTC} + make_interval(secs => $5::float8 / 1000), "queuedAt" = ${NOW_UTC},
              "tokensIn" = "tokensIn" + $6, "tokensOut" = "tokensOut" + $7, "costNanoUsd" = "costNanoUsd" + $8
        WHERE "runId" = $1 AND "nodeId" = $2 AND iteration = $3 AND status = 'running' RETURNING id`,
      [job.runId, job.nodeId, job.iteration, safeText(error.message), delayMs, usage.tokensIn, usage.tokensOut, usage.costNanoUsd],
    );
    if (requeued.length === 0) return null;
    await addToTotals(sql, run, usage, reservedNanoUsd);
    const seq = await appendEvents(sql, job.runId, [{ type: "node.retrying", nodeId: job.nodeId, payload: { attempt, delayMs, error: safeText(error.message) } }]);
    return published(job.runId, seq);
  });
}

/**
 * Ends a live run from outside its nodes (a cancel, a time limit, a parent that ended): active
 * nodes are cancelled, the run gets its final status, and one terminal event records the totals.
 * Call with the run locked.
 */
export async function stopRun(sql: Sql, runId: string, end: "cancelled" | "failed", error: string): Promise<Effects> {
  const events: RunEventBody[] = [];
  const cancelled = await cancelActiveNodes(sql, runId, error, events);
  const [row] = await sql.query<{ tokensIn: number; tokensOut: number; cost: string; started: number | null }>(
    `UPDATE "Run" SET status = $2::"RunStatus", error = $3, "finishedAt" = ${NOW_UTC} WHERE id = $1
     RETURNING "tokensIn", "tokensOut", "costNanoUsd"::text AS cost, (extract(epoch FROM "startedAt") * 1000)::float8 AS started`,
    [runId, end, safeText(error)],
  );
  const totals = { tokensIn: row?.tokensIn ?? 0, tokensOut: row?.tokensOut ?? 0, costNanoUsd: Number(row?.cost ?? 0), startedAtMs: row?.started == null ? null : Number(row.started) };
  events.push({ type: end === "cancelled" ? "run.cancelled" : "run.failed", nodeId: null, payload: { ...finalTotals(totals, Date.now()), error: safeText(error) } });
  const effects = published(runId, await appendEvents(sql, runId, events));
  effects.cancelRunning.push({ runId });
  effects.removeJobs.push(...cancelled.queued);
  effects.endedRuns.push(runId);
  return effects;
}
