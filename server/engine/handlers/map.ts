import { parseMapItems } from "@/lib/flow/map-items";
import { renderTemplate } from "@/lib/flow/templates";
import type { NodeHandler } from "../handler-types";
import { NodeError } from "../node-error";

/** Parks the node with its list; the executor then starts the first item runs. */
export const runMapNode: NodeHandler<"map"> = async ({ node, runInputs, outputs, incoming }) => {
  const { data } = node;
  const source = data.items.trim() ? renderTemplate(data.items, { inputs: runInputs, outputs }) : incoming.length === 1 ? incoming[0] : incoming;
  const items = parseMapItems(source);
  if (items.length > data.maxItems) throw new NodeError("client_error", `The list has ${items.length} items; this Map allows at most ${data.maxItems}`);
  if (items.length === 0) return { output: [] };
  return {
    output: { items, next: 0, results: [] },
    startMap: { flowId: data.flowId, itemInput: data.itemInput, concurrency: data.concurrency, count: items.length },
  };
};
