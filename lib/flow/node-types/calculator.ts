import { z } from "zod";
import { defineNode } from "../node-definition";

export const calculatorDataSchema = z.object({
  label: z.string().max(100).default("Calculator"),
  expression: z.string().min(1, "Enter an expression").max(5_000),
});

export const calculatorNode = defineNode({
  type: "calculator",
  title: "Calculator",
  description: "Evaluates a math expression (mathjs), e.g. {{input.price}} * 1.2",
  group: "Tools",
  inputs: [{ id: "in", label: "values", type: "any" }],
  outputs: [
    { id: "out", label: "result", type: "json" },
    { id: "error", label: "error", type: "json" },
    { id: "tool", label: "as tool", type: "tool" },
  ],
  dataSchema: calculatorDataSchema,
  defaults: () => ({ label: "Calculator", expression: "2 + 2" }),
  summary: (data) => data.expression.slice(0, 60),
  templates: (data) => ({ expression: data.expression }),
});
