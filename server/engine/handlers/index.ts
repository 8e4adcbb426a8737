import type { NodeHandlers } from "../handler-types";
import { runAgentNode } from "./agent";
import { runInputNode } from "./input";
import { runOutputNode } from "./output";

export const nodeHandlers: NodeHandlers = {
  input: runInputNode,
  agent: runAgentNode,
  output: runOutputNode,
};
