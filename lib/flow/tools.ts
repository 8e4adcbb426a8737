import type { FlowEdge, FlowGraph } from "./graph";

/** The port through which a node is handed to an agent as a tool instead of running in the flow. */
export const TOOL_HANDLE = "tool";

export function isToolEdge(edge: FlowEdge): boolean {
  return edge.sourceHandle === TOOL_HANDLE;
}

/** Edges that carry data (everything but tool hand-overs). */
export function dataEdges(graph: Pick<FlowGraph, "edges">): FlowEdge[] {
  return graph.edges.filter((e) => !isToolEdge(e));
}

/** Nodes used as tools: they run only when an agent calls them, never on their own. */
export function toolNodeIds(graph: Pick<FlowGraph, "edges">): Set<string> {
  return new Set(graph.edges.filter(isToolEdge).map((e) => e.source));
}

export function toolsOfAgent(graph: FlowGraph, agentId: string) {
  const ids = new Set(graph.edges.filter((e) => isToolEdge(e) && e.target === agentId).map((e) => e.source));
  return graph.nodes.filter((n) => ids.has(n.id));
}
