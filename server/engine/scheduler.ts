import { startsOnFirstInput } from "@/lib/flow/catalogue";
import type { FlowEdge, FlowGraph } from "@/lib/flow/graph";
import { dataEdges } from "@/lib/flow/tools";

/** What the scheduler knows of a node in one run. Absent = not reached yet. */
export interface NodeState {
  status: "queued" | "running" | "waiting" | "succeeded" | "failed" | "skipped" | "cancelled";
  takenHandles: readonly string[];
}

const SETTLED = new Set<NodeState["status"]>(["succeeded", "failed", "skipped", "cancelled"]);
const ACTIVE = new Set<NodeState["status"]>(["queued", "running", "waiting"]);

export type EdgeState = "pending" | "taken" | "skipped";

/**
 * An edge is taken when its source settled and chose that output port, skipped when the source
 * settled any other way, and pending until then.
 */
export function edgeState(edge: FlowEdge, states: ReadonlyMap<string, NodeState>): EdgeState {
  const source = states.get(edge.source);
  if (!source || !SETTLED.has(source.status)) return "pending";
  return source.takenHandles.includes(edge.sourceHandle) ? "taken" : "skipped";
}

export type Readiness = "wait" | "ready" | "skip";

/**
 * A node runs once every input is resolved and at least one was taken; it is skipped when all
 * were skipped. A Merge with join "any" runs as soon as one input is taken.
 */
export function readiness(graph: FlowGraph, nodeId: string, states: ReadonlyMap<string, NodeState>): Readiness {
  const incoming = dataEdges(graph).filter((e) => e.target === nodeId).map((e) => edgeState(e, states));
  if (incoming.length === 0) return "ready";
  const node = graph.nodes.find((n) => n.id === nodeId);
  const eager = node !== undefined && startsOnFirstInput(node);
  if (eager && incoming.includes("taken")) return "ready";
  if (incoming.includes("pending")) return "wait";
  return incoming.includes("taken") ? "ready" : "skip";
}

export interface Advance {
  /** Nodes to queue now. */
  ready: string[];
  /** Nodes settled as skipped (their outgoing edges are skipped in turn). */
  skipped: string[];
}

/**
 * After `settled` nodes changed state, finds which of their successors can run or must be
 * skipped, following skips transitively. Mutates `states` with the decisions.
 */
export function advance(graph: FlowGraph, states: Map<string, NodeState>, settled: readonly string[]): Advance {
  const result: Advance = { ready: [], skipped: [] };
  const frontier = [...settled];
  while (frontier.length > 0) {
    const from = frontier.pop() as string;
    const next = new Set(dataEdges(graph).filter((e) => e.source === from).map((e) => e.target));
    for (const nodeId of next) {
      if (states.has(nodeId)) continue;
      const decision = readiness(graph, nodeId, states);
      if (decision === "ready") {
        states.set(nodeId, { status: "queued", takenHandles: [] });
        result.ready.push(nodeId);
      } else if (decision === "skip") {
        states.set(nodeId, { status: "skipped", takenHandles: [] });
        result.skipped.push(nodeId);
        frontier.push(nodeId);
      }
    }
  }
  return result;
}

/**
 * For a "first" merge that just fired: the still-active nodes whose work can only ever reach the
 * merge (every path from them leads into it), i.e. the losing branches of the race.
 */
export function losingBranchNodes(graph: FlowGraph, mergeId: string, states: ReadonlyMap<string, NodeState>): string[] {
  const edges = dataEdges(graph);
  const feeders = new Set<string>();
  const stack = edges.filter((e) => e.target === mergeId).map((e) => e.source);
  while (stack.length) {
    const id = stack.pop() as string;
    if (feeders.has(id)) continue;
    feeders.add(id);
    for (const e of edges) if (e.target === id) stack.push(e.source);
  }
  const onlyFeedsMerge = (id: string) => {
    const seen = new Set<string>();
    const todo = [id];
    while (todo.length) {
      const current = todo.pop() as string;
      for (const e of edges.filter((x) => x.source === current)) {
        if (e.target === mergeId || seen.has(e.target)) continue;
        if (!feeders.has(e.target)) return false;
        seen.add(e.target);
        todo.push(e.target);
      }
    }
    return true;
  };
  return [...feeders].filter((id) => {
    const status = states.get(id)?.status;
    return (status === "queued" || status === "running" || status === "waiting") && onlyFeedsMerge(id);
  });
}

export function hasActiveNodes(states: ReadonlyMap<string, NodeState>): boolean {
  for (const state of states.values()) if (ACTIVE.has(state.status)) return true;
  return false;
}

/** Values arriving at a node: the sources' outputs on taken edges, in edge order. */
export function incomingValues(graph: FlowGraph, nodeId: string, states: ReadonlyMap<string, NodeState>, outputs: Readonly<Record<string, unknown>>): unknown[] {
  return dataEdges(graph).filter((e) => e.target === nodeId && edgeState(e, states) === "taken").map((e) => outputs[e.source]);
}
