import { parseMapItems } from "@/lib/flow/map-items";
import { renderTemplate } from "@/lib/flow/templates";
import type { NodeHandler } from "../handler-types";
import { NodeError } from "../node-error";

/** Parks the node on one child run per list item, `concurrency` at a time. */
export const runMapNode: NodeHandler<"map"> = async ({ node, runInputs, outputs, incoming }) => {
  const { data } = node;
  const source = data.items.trim() ? renderTemplate(data.items, { inputs: runInputs, outputs }) : incoming.length === 1 ? incoming[0] : incoming;
  const items = parseMapItems(source);
  if (items.length > data.maxItems) throw new NodeError("client_error", `The list has ${items.length} items; this Map allows at most ${data.maxItems}`);
  if (items.length === 0) return { output: [] };
  return { output: null, wait: { kind: "map", flowId: data.flowId, itemInput: data.itemInput, concurrency: data.concurrency, items } };
};
