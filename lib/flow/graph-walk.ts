import type { FlowEdge, FlowGraph } from "./graph";
import { dataEdges, toolNodeIds } from "./tools";

export function predecessors(edges: readonly FlowEdge[], nodeId: string): string[] {
  return [...new Set(edges.filter((e) => e.target === nodeId).map((e) => e.source))];
}

export function successors(edges: readonly FlowEdge[], nodeId: string): string[] {
  return [...new Set(edges.filter((e) => e.source === nodeId).map((e) => e.target))];
}

/** All nodes from which `nodeId` can be reached. */
export function ancestors(edges: readonly FlowEdge[], nodeId: string): Set<string> {
  const seen = new Set<string>();
  const stack = predecessors(edges, nodeId);
  while (stack.length) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...predecessors(edges, id));
  }
  return seen;
}

/** All nodes reachable from `nodeId`. */
export function descendants(edges: readonly FlowEdge[], nodeId: string): Set<string> {
  const seen = new Set<string>();
  const stack = successors(edges, nodeId);
  while (stack.length) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...successors(edges, id));
  }
  return seen;
}

/** One cycle as a closed path of node ids (first = last), or null when the graph is acyclic. */
export function findCycle(graph: Pick<FlowGraph, "nodes" | "edges">): string[] | null {
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    state.set(id, "visiting");
    path.push(id);
    for (const next of successors(graph.edges, id)) {
      const s = state.get(next);
      if (s === "visiting") return [...path.slice(path.indexOf(next)), next];
      if (!s) {
        const found = visit(next);
        if (found) return found;
      }
    }
    path.pop();
    state.set(id, "done");
    return null;
  };
  for (const node of graph.nodes) {
    if (!state.has(node.id)) {
      const found = visit(node.id);
      if (found) return found;
    }
  }
  return null;
}

/** Nodes none of whose data inputs are connected: where a run starts (tools wait for their agent). */
export function rootNodes(graph: Pick<FlowGraph, "nodes" | "edges">): string[] {
  const tools = toolNodeIds(graph);
  const targets = new Set(dataEdges(graph).map((e) => e.target));
  return graph.nodes.filter((n) => !targets.has(n.id) && !tools.has(n.id)).map((n) => n.id);
}
