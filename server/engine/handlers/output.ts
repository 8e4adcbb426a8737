import { renderTemplate } from "@/lib/flow/templates";
import type { NodeHandler } from "../handler-types";

export const runOutputNode: NodeHandler<"output"> = async ({ node, runInputs, outputs, incoming }) => {
  if (node.data.value.trim()) return { output: renderTemplate(node.data.value, { inputs: runInputs, outputs }) };
  return { output: incoming.length === 1 ? incoming[0] : incoming };
};
