import { renderTemplate } from "@/lib/flow/templates";
import type { NodeHandler } from "../handler-types";

/** Parks the node; the executor starts the child run once the node is committed as waiting. */
export const runSubflowNode: NodeHandler<"subflow"> = async ({ node, runInputs, outputs }) => ({
  output: null,
  startChild: {
    flowId: node.data.flowId,
    inputs: Object.fromEntries(node.data.inputs.map((i) => [i.name, renderTemplate(i.value, { inputs: runInputs, outputs })])),
  },
});
