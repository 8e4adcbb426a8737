import { z } from "zod";
import { labelField } from "../common-fields";
import { defineToolNode } from "../node-definition";

export const calculatorDataSchema = z.object({
  label: z.string().max(100).default("Calculator"),
  expression: z.string().min(1, "Enter an expression").max(5_000),
});

export const calculatorNode = defineToolNode({
  type: "calculator",
  title: "Calculator",
  description: "Evaluates a math expression (mathjs), e.g. {{input.price}} * 1.2",
  group: "Tools",
  icon: "∑",
  inputs: [{ id: "in", label: "values", type: "any" }],
  outputs: [
    { id: "out", label: "result", type: "json" },
    { id: "error", label: "error", type: "json" },
    { id: "tool", label: "as tool", type: "tool" },
  ],
  dataSchema: calculatorDataSchema,
  defaults: () => ({ label: "Calculator", expression: "2 + 2" }),
  fields: [
    labelField(),
    { path: "expression", label: "Expression", help: "A mathjs expression, e.g. round({{input.price}} * 1.2, 2).", widget: "template", rows: 2 },
  ],
  card: { showOutput: true },
  tool: {
    description: (data) => `${data.label}: evaluates a math expression (mathjs syntax, e.g. "round(6 * 7.5, 1)")`,
    inputSchema: { type: "object", properties: { expression: { type: "string", description: "The expression to evaluate" } }, required: ["expression"] },
    scriptedArgs: (data) => ({ expression: data.expression }),
    bind: (data, args) => ({ data: { ...data, expression: String(args.expression ?? "") }, incoming: [] }),
  },
  summary: (data) => data.expression.slice(0, 60),
  templates: (data) => ({ expression: data.expression }),
});
