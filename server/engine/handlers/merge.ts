import type { NodeHandler } from "../handler-types";

export const runMergeNode: NodeHandler<"merge"> = async ({ node, incoming }) => ({
  output: node.data.join === "all" ? [...incoming] : incoming[0],
});
