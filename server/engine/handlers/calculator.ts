import { renderTemplate } from "@/lib/flow/templates";
import type { NodeHandler } from "../handler-types";
import { NodeError } from "../node-error";
import { runMath } from "../sandbox/run-math";

/**
 * Evaluates a math expression with a restricted mathjs (no functions that change the shared
 * instance or parse code) in a separate, killable process; JSON-friendly result.
 */
export async function evaluateMath(expression: string, opts: { tenant: string; signal: AbortSignal }): Promise<unknown> {
  try {
    return await runMath(expression, opts);
  } catch (error) {
    if (opts.signal.aborted || !(error instanceof NodeError)) throw error;
    throw new NodeError(error.kind, `Cannot evaluate "${expression.length > 200 ? `${expression.slice(0, 200)}…` : expression}": ${error.message}`);
  }
}

export const runCalculatorNode: NodeHandler<"calculator"> = async ({ node, runInputs, outputs, workspaceId, signal }) => ({
  output: await evaluateMath(renderTemplate(node.data.expression, { inputs: runInputs, outputs }), { tenant: workspaceId, signal }),
});
