import { Graph, layout } from "@dagrejs/dagre";

export interface LayoutBox {
  id: string;
  width: number;
  height: number;
}

/**
 * Left-to-right layered layout of the given boxes (top-left positions), so every edge points
 * forward and parallel branches stack. Edges to boxes not listed are ignored.
 */
export function layeredLayout(boxes: readonly LayoutBox[], edges: readonly { source: string; target: string }[]): Map<string, { x: number; y: number }> {
  const graph = new Graph({ multigraph: false });
  graph.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 90, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(boxes.map((b) => b.id));
  for (const box of boxes) graph.setNode(box.id, { width: box.width, height: box.height });
  for (const edge of edges) if (ids.has(edge.source) && ids.has(edge.target)) graph.setEdge(edge.source, edge.target);
  layout(graph);
  const positions = new Map<string, { x: number; y: number }>();
  for (const box of boxes) {
    const placed = graph.node(box.id);
    // dagre gives centres; the canvas positions top-left corners.
    positions.set(box.id, { x: Math.round(placed.x - box.width / 2), y: Math.round(placed.y - box.height / 2) });
  }
  return positions;
}
