import type { FlowEdge, FlowGraph } from "./graph";
import { dataEdges, toolNodeIds } from "./tools";

/** Neighbours of every node, built once so walks cost O(nodes + edges), not a scan of all edges per step. */
export interface EdgeIndex {
  into: ReadonlyMap<string, readonly string[]>;
  out: ReadonlyMap<string, readonly string[]>;
}

export function indexEdges(edges: readonly Pick<FlowEdge, "source" | "target">[]): EdgeIndex {
  const into = new Map<string, string[]>();
  const out = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, value: string) => {
    const list = map.get(key);
    if (!list) map.set(key, [value]);
    else if (!list.includes(value)) list.push(value);
  };
  for (const e of edges) {
    add(into, e.target, e.source);
    add(out, e.source, e.target);
  }
  return { into, out };
}

export function predecessors(edges: readonly FlowEdge[], nodeId: string): string[] {
  return [...new Set(edges.filter((e) => e.target === nodeId).map((e) => e.source))];
}

export function successors(edges: readonly FlowEdge[], nodeId: string): string[] {
  return [...new Set(edges.filter((e) => e.source === nodeId).map((e) => e.target))];
}

function reachable(next: ReadonlyMap<string, readonly string[]>, nodeId: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...(next.get(nodeId) ?? [])];
  while (stack.length) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return seen;
}

/** All nodes from which `nodeId` can be reached. Pass an EdgeIndex when asking for many nodes. */
export function ancestors(edges: readonly FlowEdge[] | EdgeIndex, nodeId: string): Set<string> {
  return reachable(("into" in edges ? edges : indexEdges(edges)).into, nodeId);
}

/** All nodes reachable from `nodeId`. */
export function descendants(edges: readonly FlowEdge[] | EdgeIndex, nodeId: string): Set<string> {
  return reachable(("out" in edges ? edges : indexEdges(edges)).out, nodeId);
}

/** One cycle as a closed path of node ids (first = last), or null when the graph is acyclic. */
export function findCycle(graph: Pick<FlowGraph, "nodes" | "edges">): string[] | null {
  const { out } = indexEdges(graph.edges);
  const state = new Map<string, "visiting" | "done">();
  // Iterative depth-first search: a long chain must not overflow the call stack.
  for (const root of graph.nodes) {
    if (state.has(root.id)) continue;
    const path: string[] = [root.id];
    const cursors: number[] = [0];
    state.set(root.id, "visiting");
    while (path.length) {
      const id = path[path.length - 1] as string;
      const next = out.get(id) ?? [];
      const i = cursors[cursors.length - 1] as number;
      if (i >= next.length) {
        state.set(id, "done");
        path.pop();
        cursors.pop();
        continue;
      }
      cursors[cursors.length - 1] = i + 1;
      const child = next[i] as string;
      const s = state.get(child);
      if (s === "visiting") return [...path.slice(path.indexOf(child)), child];
      if (!s) {
        state.set(child, "visiting");
        path.push(child);
        cursors.push(0);
      }
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
