import { flowGraphSchema } from "@/lib/flow/graph";
import type { RunEvent } from "@/lib/run/events";
import type { Db } from "../db";
import { incomingValues, type NodeState } from "../engine/kernel";
import { requireRun } from "./access";
import { readRunEvents } from "./runs";

/** The most events the run page loads for its timeline, logs and replay. */
export const RUN_LOG_LIMIT = 20_000;

/**
 * Everything the run page shows: the run, who started it, the flow version it ran, and each
 * node's execution with the values it received (recomputed from its upstream outputs).
 */
export async function getRunDetail(db: Db, userId: string, runId: string) {
  await requireRun(db, userId, runId, "viewer");
  const run = await db.run.findUniqueOrThrow({
    where: { id: runId },
    include: {
      nodeRuns: { orderBy: [{ queuedAt: "asc" }, { nodeId: "asc" }] },
      flowVersion: { select: { version: true, graph: true } },
      flow: { select: { name: true } },
      startedBy: { select: { name: true, email: true } },
    },
  });
  const { nodeRuns, flowVersion, flow, startedBy, costNanoUsd, budgetNanoUsd, reservedNanoUsd, ...rest } = run;
  const graph = flowGraphSchema.parse(flowVersion.graph);
  const states = new Map<string, NodeState>(nodeRuns.map((n) => [n.nodeId, { status: n.status, takenHandles: n.takenHandles }]));
  const outputs = Object.fromEntries(nodeRuns.filter((n) => n.status === "succeeded" || n.takenHandles.length > 0).map((n) => [n.nodeId, n.output]));
  const inputsOf = (nodeId: string): unknown => {
    const node = graph.nodes.find((n) => n.id === nodeId);
    if (node?.type === "input") return run.inputs;
    const values = incomingValues(graph, nodeId, states, outputs);
    return values.length === 1 ? values[0] : values;
  };
  return {
    ...rest,
    costNanoUsd: Number(costNanoUsd),
    reservedNanoUsd: Number(reservedNanoUsd),
    budgetNanoUsd: budgetNanoUsd === null ? null : Number(budgetNanoUsd),
    flowName: flow.name,
    startedBy,
    version: flowVersion.version,
    graph,
    nodeRuns: nodeRuns.map((n) => ({
      ...n,
      costNanoUsd: Number(n.costNanoUsd),
      input: n.status === "queued" || n.status === "skipped" ? null : (inputsOf(n.nodeId) ?? null),
    })),
  };
}

/** The run's whole event log (up to RUN_LOG_LIMIT events) for the timeline, logs and replay. */
export async function readRunLog(db: Db, userId: string, runId: string): Promise<{ events: RunEvent[]; truncated: boolean }> {
  await requireRun(db, userId, runId, "viewer");
  const events: RunEvent[] = [];
  for (;;) {
    const batch = await readRunEvents(db, runId, events.at(-1)?.seq ?? 0, 1_000);
    events.push(...batch);
    if (batch.length < 1_000) return { events, truncated: false };
    if (events.length >= RUN_LOG_LIMIT) return { events, truncated: true };
  }
}
