import type { NodeHandler } from "../handler-types";

/** Parks the node on a time waitpoint: no worker waits, however long the delay. */
export const runDelayNode: NodeHandler<"delay"> = async ({ node, incoming }) => ({
  output: incoming.length === 1 ? incoming[0] : incoming,
  wait: { kind: "time", untilMs: Date.now() + node.data.ms },
});
