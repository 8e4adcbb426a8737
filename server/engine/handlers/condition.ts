import { combineResults, evaluateRule } from "@/lib/flow/condition-eval";
import { renderTemplate } from "@/lib/flow/templates";
import type { NodeHandler } from "../handler-types";

/** Passes its input on through the "true" or the "false" port; the other branch is skipped. */
export const runConditionNode: NodeHandler<"condition"> = async ({ node, runInputs, outputs, incoming }) => {
  const scope = { inputs: runInputs, outputs };
  const results = node.data.rules.map((rule) => evaluateRule(rule, renderTemplate(rule.left, scope), renderTemplate(rule.right, scope)));
  const passed = combineResults(results, node.data.combine);
  return { output: incoming.length === 1 ? incoming[0] : incoming, takenHandles: [passed ? "true" : "false"] };
};
