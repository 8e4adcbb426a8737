import type { FlowGraph } from "@/lib/flow/graph";
import { descendants, predecessors, rootNodes } from "@/lib/flow/graph-walk";
import { dataEdges, toolNodeIds } from "@/lib/flow/tools";
import { advance, type NodeState } from "./scheduler";

export interface PreviousNodeRun {
  nodeId: string;
  status: NodeState["status"];
  takenHandles: readonly string[];
}

/** Finished with a result its successors used: succeeded, skipped, or failed down its error port. */
export function isReusable(node: PreviousNodeRun): boolean {
  return node.status === "succeeded" || node.status === "skipped" || (node.status === "failed" && node.takenHandles.length > 0);
}

export type RerunPlan =
  | { ok: true; reused: string[]; ready: string[]; skipped: string[] }
  | { ok: false; reason: string };

/**
 * How a run is repeated from `fromNodeId` (or from the start when null): nodes that are not
 * downstream of it and finished in the earlier run keep their results; the node, everything
 * after it, and anything that did not finish run anew.
 */
export function planRerun(graph: FlowGraph, previous: readonly PreviousNodeRun[], fromNodeId: string | null): RerunPlan {
  const edges = dataEdges(graph);
  let rerun = new Set<string>();
  if (fromNodeId !== null) {
    if (!graph.nodes.some((n) => n.id === fromNodeId)) return { ok: false, reason: `This run's flow has no node "${fromNodeId}"` };
    if (toolNodeIds(graph).has(fromNodeId)) return { ok: false, reason: `${fromNodeId} runs as a tool of its agent: re-run from the agent instead` };
    rerun = new Set([fromNodeId, ...descendants(edges, fromNodeId)]);
  }
  const states = new Map<string, NodeState>();
  if (fromNodeId !== null) {
    for (const node of previous) {
      if (rerun.has(node.nodeId) || !isReusable(node)) continue;
      states.set(node.nodeId, { status: node.status, takenHandles: node.takenHandles });
    }
    const missing = predecessors(edges, fromNodeId).filter((id) => !states.has(id));
    if (missing.length > 0) return { ok: false, reason: `${fromNodeId} cannot be re-run alone: ${missing.join(", ")} did not finish in that run, so its inputs are unknown` };
  }
  const reused = [...states.keys()];
  const roots = rootNodes(graph).filter((id) => !states.has(id));
  for (const id of roots) states.set(id, { status: "queued", takenHandles: [] });
  const next = advance(graph, states, reused);
  const ready = [...roots, ...next.ready];
  if (ready.length === 0) return { ok: false, reason: "Nothing would run: every node after that point is skipped" };
  return { ok: true, reused, ready, skipped: next.skipped };
}
