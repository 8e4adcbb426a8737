import type { Edge, Node } from "@xyflow/react";
import { GRAPH_SCHEMA_VERSION, type Annotation, type FlowEdge, type FlowGraph, type FlowNode } from "@/lib/flow/graph";
import type { NodeType } from "@/lib/flow/node-types/index";
import { estimatedGeometry } from "./node-geometry";

/** A React Flow node carrying one node type's config as its data. */
export type CanvasNode = { [K in NodeType]: Node<Extract<FlowNode, { type: K }>["data"], K> }[NodeType];
export type CanvasNodeOf<K extends NodeType> = Node<Extract<FlowNode, { type: K }>["data"], K>;

export function toCanvasNodes(graph: Pick<FlowGraph, "nodes">): CanvasNode[] {
  return graph.nodes.map(
    (n) => ({ id: n.id, type: n.type, position: n.position, data: n.data, ...estimatedGeometry(n), ...(n.parentId ? { parentId: n.parentId } : {}) }) as CanvasNode,
  );
}

export function toCanvasEdges(graph: Pick<FlowGraph, "edges">): Edge[] {
  return graph.edges.map((e) => ({ ...e }));
}

export function toGraph(nodes: readonly CanvasNode[], edges: readonly Edge[], annotations: readonly Annotation[] = []): FlowGraph {
  return {
    schemaVersion: GRAPH_SCHEMA_VERSION,
    nodes: nodes.map(
      (n) => ({ id: n.id, type: n.type, position: { x: n.position.x, y: n.position.y }, data: n.data, ...(n.parentId ? { parentId: n.parentId } : {}) }) as FlowNode,
    ),
    edges: edges.map(
      (e): FlowEdge => ({ id: e.id, source: e.source, sourceHandle: e.sourceHandle ?? "out", target: e.target, targetHandle: e.targetHandle ?? "in" }),
    ),
    ...(annotations.length > 0 ? { annotations: [...annotations] } : {}),
  };
}

/** The first free id `<prefix>_<n>`; the prefix is a node type, "note" or "group". */
export function nextNodeId(type: NodeType | "note" | "group", nodes: readonly { id: string }[]): string {
  const taken = new Set(nodes.map((n) => n.id));
  let i = 1;
  while (taken.has(`${type}_${i}`)) i++;
  return `${type}_${i}`;
}
