import { createHash } from "node:crypto";

/**
 * The key a node's side effects carry: the same for every try and every re-execution of the
 * same node in the same run and iteration, different for anything else.
 */
export function idempotencyKey(runId: string, nodeId: string, iteration: number): string {
  return createHash("sha256").update(`${runId}\u0000${nodeId}\u0000${iteration}`).digest("hex").slice(0, 40);
}
