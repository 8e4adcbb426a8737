import { renderTemplate } from "@/lib/flow/templates";
import type { NodeHandler } from "../handler-types";

/** Parks the node on a child run of the chosen flow, started together with the park. */
export const runSubflowNode: NodeHandler<"subflow"> = async ({ node, runInputs, outputs }) => ({
  output: null,
  wait: {
    kind: "subflow",
    flowId: node.data.flowId,
    inputs: Object.fromEntries(node.data.inputs.map((i) => [i.name, renderTemplate(i.value, { inputs: runInputs, outputs })])),
  },
});
