import type { NodeHandlers } from "../handler-types";
import { runAgentNode } from "./agent";
import { runApprovalNode } from "./approval";
import { runCalculatorNode } from "./calculator";
import { runCodeNode } from "./code";
import { runConditionNode } from "./condition";
import { runDelayNode } from "./delay";
import { runHttpRequestNode } from "./http-request";
import { runInputNode } from "./input";
import { runMapNode } from "./map";
import { runMergeNode } from "./merge";
import { runOutputNode } from "./output";
import { runPromptTemplateNode } from "./prompt-template";
import { runRouterNode } from "./router";
import { runSubflowNode } from "./subflow";
import { runTransformNode } from "./transform";

/** The engine side of the node catalogue: one handler per node type (a missing one fails tsc). */
export const nodeHandlers: NodeHandlers = {
  input: runInputNode,
  agent: runAgentNode,
  prompt_template: runPromptTemplateNode,
  condition: runConditionNode,
  router: runRouterNode,
  merge: runMergeNode,
  delay: runDelayNode,
  calculator: runCalculatorNode,
  http_request: runHttpRequestNode,
  code: runCodeNode,
  approval: runApprovalNode,
  subflow: runSubflowNode,
  map: runMapNode,
  transform: runTransformNode,
  output: runOutputNode,
};
