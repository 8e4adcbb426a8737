import { setTimeout as sleep } from "node:timers/promises";
import type { NodeHandler } from "../handler-types";

export const runDelayNode: NodeHandler<"delay"> = async ({ node, incoming, signal }) => {
  await sleep(node.data.ms, undefined, { signal });
  return { output: incoming.length === 1 ? incoming[0] : incoming };
};
