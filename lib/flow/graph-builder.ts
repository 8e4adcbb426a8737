import { GRAPH_SCHEMA_VERSION, type FlowEdge, type FlowGraph, type FlowNode } from "./graph";
import { nodeDefinitions, type NodeType } from "./node-types/index";

type DataOf<K extends NodeType> = Extract<FlowNode, { type: K }>["data"];

/** A node with its type's defaults, overridden by `data`; for tests, benchmarks and templates. */
export function makeNode<K extends NodeType>(id: string, type: K, data: Partial<DataOf<K>> = {}, position = { x: 0, y: 0 }): FlowNode {
  return { id, type, position, data: { ...nodeDefinitions[type].defaults(), ...data } } as FlowNode;
}

export function makeEdge(source: string, target: string, sourceHandle = "out", targetHandle = "in"): FlowEdge {
  return { id: `${source}.${sourceHandle}-${target}.${targetHandle}`, source, sourceHandle, target, targetHandle };
}

export function makeGraph(nodes: FlowNode[], edges: FlowEdge[]): FlowGraph {
  return { schemaVersion: GRAPH_SCHEMA_VERSION, nodes, edges };
}
