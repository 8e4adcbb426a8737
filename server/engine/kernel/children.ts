import { MAX_SUBFLOW_DEPTH } from "@/lib/flow/node-types/subflow";
import { resolveRunInputs } from "@/lib/flow/validate-for-run";
import type { WaitRequest } from "../handler-types";
import { toJsonb } from "../jsonb";
import { NodeError } from "../node-error";
import { graphOf, settleLocked, type ChildStart, type NodeOutcome, type Parked } from "../node-lifecycle";
import { lockRun, TERMINAL_RUN_STATUSES, type LockedRun } from "../run-log";
import type { EnginePool, Sql } from "../sql";
import { insertChildRuns } from "./child-rows";
import { mergeEffects, noEffects, type Effects } from "./effects";
import { prepareFlowRun, RunRefused } from "./start-run";

/** What a waiting Map node keeps in its output while its items run. */
interface MapState {
  items: unknown[];
  /** Index of the next item to start. */
  next: number;
  /** Results by item index, as they arrive. */
  results: Record<string, unknown>;
  flowId: string;
  flowVersionId: string;
  itemInput: string;
  roots: string[];
}

function itemInputs(state: Pick<MapState, "itemInput">, item: unknown): Record<string, string> {
  return { [state.itemInput]: typeof item === "string" ? item : JSON.stringify(item) };
}

/**
 * Turns a handler's wait request into a parked node. Child runs are checked here (flow of the
 * same workspace, saved, valid, nesting depth) so a child that cannot start fails the node
 * like any other error, with the reason.
 */
export async function parkFor(sql: Sql, run: LockedRun, request: WaitRequest, output: unknown): Promise<Parked> {
  switch (request.kind) {
    case "person":
      return { waitKind: "person", message: request.message, output };
    case "time":
      return { waitKind: "time", message: `Waiting until ${new Date(request.untilMs).toISOString()}`, output, resumeAtMs: request.untilMs };
    case "subflow": {
      const flow = await prepareChild(sql, run, request.flowId, request.inputs, "Sub-flow");
      return { waitKind: "children", message: "Waiting for the sub-flow run", output, children: [{ ...flow, itemIndex: null }] };
    }
    case "map": {
      const first = await prepareChild(sql, run, request.flowId, itemInputs(request, request.items[0]), "Item 0");
      const state: MapState = { items: request.items, next: 0, results: {}, flowId: request.flowId, flowVersionId: first.flowVersionId, itemInput: request.itemInput, roots: first.roots };
      const children = request.items.slice(0, Math.max(1, request.concurrency)).map((item, index) => mapChild(first.graphInputs, state, item, index));
      state.next = children.length;
      return { waitKind: "children", message: `Waiting for ${request.items.length} item runs`, output: state, children };
    }
  }
}

async function prepareChild(sql: Sql, run: LockedRun, flowId: string, inputs: Record<string, string>, what: string) {
  if (run.depth + 1 > MAX_SUBFLOW_DEPTH) {
    throw new NodeError("client_error", `${what} could not start: Sub-flows nest deeper than ${MAX_SUBFLOW_DEPTH} levels (does a flow call itself?)`);
  }
  try {
    const flow = await prepareFlowRun(sql, run.workspaceId, flowId, inputs);
    return { flowId, flowVersionId: flow.flowVersionId, inputs: flow.inputs, roots: flow.roots, graphInputs: flow.graph };
  } catch (error) {
    if (error instanceof RunRefused) {
      const reason = error.code === "missing_flow" ? "The sub-flow does not exist in this workspace" : error.message;
      throw new NodeError("client_error", `${what} could not start: ${reason}`);
    }
    throw error;
  }
}

function mapChild(graph: Parameters<typeof resolveRunInputs>[0], state: MapState, item: unknown, index: number): ChildStart {
  const resolved = resolveRunInputs(graph, itemInputs(state, item));
  if (!resolved.ok) throw new NodeError("client_error", `Item ${index} could not start: missing run input ${resolved.missing.join(", ")}`);
  return { flowId: state.flowId, flowVersionId: state.flowVersionId, inputs: resolved.inputs, roots: state.roots, itemIndex: index };
}

interface EndedChild {
  parentRunId: string | null;
  parentNodeId: string | null;
  parentItemIndex: number | null;
  status: string;
  outputs: unknown;
  error: string | null;
}

function childFailure(label: string, child: EndedChild): NodeOutcome {
  return { kind: "failed", error: new NodeError("other", `${label} ${child.status.replace("_", " ")}: ${child.error ?? "no details"}`) };
}

/**
 * A run ended: the node waiting for it in the parent run learns the outcome. A Sub-flow settles
 * with the child's outputs (or its failure); a Map records the item and starts the next one, or
 * settles with every result in list order (or the first failure, cancelling the other items).
 * This is the only path that wakes a parent, whatever ended the child.
 */
export async function childEnded(pool: EnginePool, childRunId: string): Promise<Effects> {
  return pool.tx(async (sql) => {
    const [child] = await sql.query<EndedChild>(
      `SELECT "parentRunId", "parentNodeId", "parentItemIndex", status::text AS status, outputs, error FROM "Run" WHERE id = $1`,
      [childRunId],
    );
    if (!child?.parentRunId || !child.parentNodeId || !TERMINAL_RUN_STATUSES.has(child.status as never)) return noEffects();
    const parent = await lockRun(sql, child.parentRunId);
    if (!parent || TERMINAL_RUN_STATUSES.has(parent.status)) return noEffects();
    const [node] = await sql.query<{ output: unknown; startedAt: Date | null }>(
      `SELECT output, "startedAt" FROM "NodeRun" WHERE "runId" = $1 AND "nodeId" = $2 AND iteration = 0 AND status = 'waiting' AND "waitKind" = 'children' FOR UPDATE`,
      [parent.id, child.parentNodeId],
    );
    if (!node) return noEffects();
    const job = { runId: parent.id, nodeId: child.parentNodeId, iteration: 0 };
    const graph = await graphOf(sql, parent.flowVersionId);
    const settle = (outcome: NodeOutcome) => settleLocked(sql, parent, job, graph, outcome, { startedAt: node.startedAt?.getTime() ?? Date.now(), resume: { firstEvents: [] }, startChildren: insertChildRuns });

    if (child.parentItemIndex === null) {
      const outcome: NodeOutcome = child.status === "succeeded" ? { kind: "succeeded", result: { output: child.outputs ?? {} } } : childFailure("Sub-flow run", child);
      return (await settle(outcome)) ?? noEffects();
    }

    const state = node.output as MapState;
    const index = child.parentItemIndex;
    if (child.status !== "succeeded") {
      const effects = (await settle(childFailure(`Item ${index}`, child))) ?? noEffects();
      const siblings = await sql.query<{ id: string }>(
        `SELECT id FROM "Run" WHERE "parentRunId" = $1 AND "parentNodeId" = $2 AND status IN ('queued', 'running', 'waiting')`,
        [parent.id, child.parentNodeId],
      );
      effects.cancelRuns.push(...siblings.map((s) => ({ runId: s.id, reason: `Item ${index} of ${child.parentNodeId} failed` })));
      return effects;
    }
    const results = { ...state.results, [String(index)]: child.outputs ?? {} };
    if (Object.keys(results).length === state.items.length) {
      return (await settle({ kind: "succeeded", result: { output: state.items.map((_, i) => results[String(i)]) } })) ?? noEffects();
    }
    const effects = noEffects();
    let next = state.next;
    if (next < state.items.length) {
      const graphOfChild = await graphOf(sql, state.flowVersionId);
      try {
        mergeEffects(effects, await insertChildRuns(sql, parent, child.parentNodeId, [mapChild(graphOfChild, state, state.items[next], next)]));
      } catch (error) {
        if (!(error instanceof NodeError)) throw error;
        return mergeEffects(effects, await settle({ kind: "failed", error }));
      }
      next += 1;
    }
    await sql.query(`UPDATE "NodeRun" SET output = $3::jsonb WHERE "runId" = $1 AND "nodeId" = $2 AND iteration = 0`, [
      parent.id,
      child.parentNodeId,
      toJsonb({ ...state, next, results }),
    ]);
    return effects;
  });
}
