import type { NodeHandler } from "../handler-types";
import { runSandboxed } from "../sandbox/run-sandboxed";

export const runCodeNode: NodeHandler<"code"> = async ({ node, runInputs, outputs, incoming, signal, workspaceId }) => {
  const nodes = Object.fromEntries(Object.entries(outputs).map(([id, output]) => [id, { output }]));
  const result = await runSandboxed({
    code: node.data.code,
    scope: { input: runInputs, nodes, value: incoming.length === 1 ? incoming[0] : incoming },
    timeoutMs: node.data.timeoutMs,
    memoryMb: node.data.memoryMb,
    tenant: workspaceId,
    signal,
  });
  return { output: result };
};
