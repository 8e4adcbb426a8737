import { agentNode } from "./agent";
import { approvalNode } from "./approval";
import { calculatorNode } from "./calculator";
import { codeNode } from "./code";
import { conditionNode } from "./condition";
import { delayNode } from "./delay";
import { httpRequestNode } from "./http-request";
import { inputNode } from "./input";
import { mapNode } from "./map";
import { mergeNode } from "./merge";
import { outputNode } from "./output";
import { promptTemplateNode } from "./prompt-template";
import { routerNode } from "./router";
import { subflowNode } from "./subflow";
import { transformNode } from "./transform";

/** The node catalogue: every node type. Adding one here makes the engine registries fail to type-check until they cover it. */
export const nodeDefinitions = {
  input: inputNode,
  agent: agentNode,
  prompt_template: promptTemplateNode,
  condition: conditionNode,
  router: routerNode,
  merge: mergeNode,
  delay: delayNode,
  calculator: calculatorNode,
  http_request: httpRequestNode,
  code: codeNode,
  approval: approvalNode,
  subflow: subflowNode,
  map: mapNode,
  transform: transformNode,
  output: outputNode,
} as const;

export type NodeType = keyof typeof nodeDefinitions;
export const NODE_TYPES = Object.keys(nodeDefinitions) as NodeType[];

export function isNodeType(value: string): value is NodeType {
  return Object.hasOwn(nodeDefinitions, value);
}

/** The output port that carries a node's failure onward; connecting it means "handle errors here". */
export const ERROR_HANDLE = "error";
