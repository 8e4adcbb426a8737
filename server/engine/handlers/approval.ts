import { renderTemplate } from "@/lib/flow/templates";
import type { NodeHandler } from "../handler-types";

/** Parks the node on a person's decision: the worker moves on; run.decide settles it later. */
export const runApprovalNode: NodeHandler<"approval"> = async ({ node, runInputs, outputs, incoming }) => ({
  output: incoming.length === 1 ? incoming[0] : incoming,
  wait: { kind: "person", message: renderTemplate(node.data.message, { inputs: runInputs, outputs }) },
});
