import { all, create } from "mathjs";
import { renderTemplate } from "@/lib/flow/templates";
import type { NodeHandler } from "../handler-types";

/**
 * A mathjs instance without the functions that parse or define code at evaluation time
 * (mathjs' own security guidance), so an expression can only compute.
 */
if (!all) throw new Error("mathjs did not export its function set");
const math = create(all);
const evaluate = math.evaluate.bind(math);
const disabled = (name: string) => () => {
  throw new Error(`${name} is not available in the Calculator`);
};
math.import(
  Object.fromEntries(["import", "createUnit", "evaluate", "parse", "simplify", "derivative", "resolve", "compile"].map((n) => [n, disabled(n)])),
  { override: true },
);

/** Evaluates a math expression with the restricted mathjs instance; JSON-friendly result. */
export function evaluateMath(expression: string): unknown {
  let result: unknown;
  try {
    result = evaluate(expression);
  } catch (error) {
    throw new Error(`Cannot evaluate "${expression}": ${(error as Error).message}`);
  }
  if (typeof result === "number" || typeof result === "boolean" || typeof result === "string") return result;
  return math.format(result as never, { precision: 14 });
}

export const runCalculatorNode: NodeHandler<"calculator"> = async ({ node, runInputs, outputs }) => ({
  output: evaluateMath(renderTemplate(node.data.expression, { inputs: runInputs, outputs })),
});
