import { agentNode } from "./agent";
import { inputNode } from "./input";
import { outputNode } from "./output";

/** Every node type. Adding one here makes the canvas and engine registries fail to type-check until they cover it. */
export const nodeDefinitions = {
  input: inputNode,
  agent: agentNode,
  output: outputNode,
} as const;

export type NodeType = keyof typeof nodeDefinitions;
export const NODE_TYPES = Object.keys(nodeDefinitions) as NodeType[];

export function isNodeType(value: string): value is NodeType {
  return Object.hasOwn(nodeDefinitions, value);
}
