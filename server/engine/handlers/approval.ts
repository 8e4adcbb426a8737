import { renderTemplate } from "@/lib/flow/templates";
import type { NodeHandler } from "../handler-types";

/** Parks the run: the node waits, the worker moves on; run.decide settles it later. */
export const runApprovalNode: NodeHandler<"approval"> = async ({ node, runInputs, outputs, incoming }) => ({
  output: incoming.length === 1 ? incoming[0] : incoming,
  waitForApproval: { message: renderTemplate(node.data.message, { inputs: runInputs, outputs }) },
});
