import { nodeDefinitions, type NodeType } from "./node-types/index";
import type { PortSpec } from "./ports";

/** A node's output ports, from its settings when its type defines them so (e.g. a Router's routes). */
export function outputPortsOf(node: { type: NodeType; data: unknown }): readonly PortSpec[] {
  const definition = nodeDefinitions[node.type] as { outputs: readonly PortSpec[]; outputsFor?: (data: unknown) => readonly PortSpec[] };
  return definition.outputsFor ? definition.outputsFor(node.data) : definition.outputs;
}
