import { z } from "zod";
import { defineNode } from "../node-definition";

export const CONDITION_OPERATORS = [
  "equals",
  "not_equals",
  "contains",
  "not_contains",
  "starts_with",
  "ends_with",
  "is_empty",
  "is_not_empty",
  "greater_than",
  "less_than",
  "matches_regex",
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export const OPERATOR_LABELS: Record<ConditionOperator, string> = {
  equals: "equals",
  not_equals: "does not equal",
  contains: "contains",
  not_contains: "does not contain",
  starts_with: "starts with",
  ends_with: "ends with",
  is_empty: "is empty",
  is_not_empty: "is not empty",
  greater_than: "is greater than",
  less_than: "is less than",
  matches_regex: "matches regex",
};

export const conditionRuleSchema = z.object({
  left: z.string().max(10_000),
  operator: z.enum(CONDITION_OPERATORS),
  right: z.string().max(10_000).default(""),
  caseSensitive: z.boolean().default(false),
});
export type ConditionRule = z.infer<typeof conditionRuleSchema>;

export const conditionDataSchema = z.object({
  label: z.string().max(100).default("Condition"),
  combine: z.enum(["all", "any"]).default("all"),
  rules: z.array(conditionRuleSchema).min(1, "Add at least one rule").max(20),
});

export const conditionNode = defineNode({
  type: "condition",
  title: "Condition",
  description: "Sends its input down the true or the false branch; the other branch is skipped",
  group: "Control",
  inputs: [{ id: "in", label: "value", type: "any" }],
  outputs: [
    { id: "true", label: "true", type: "any" },
    { id: "false", label: "false", type: "any" },
  ],
  dataSchema: conditionDataSchema,
  defaults: (): z.infer<typeof conditionDataSchema> => ({ label: "Condition", combine: "all", rules: [{ left: "{{input.topic}}", operator: "is_not_empty", right: "", caseSensitive: false }] }),
  summary: (data) =>
    data.rules.map((r) => `${r.left} ${OPERATOR_LABELS[r.operator]}${r.operator.startsWith("is_") ? "" : ` ${r.right}`}`).join(data.combine === "all" ? " and " : " or "),
  templates: (data) => Object.fromEntries(data.rules.flatMap((r, i) => [[`rules.${i}.left`, r.left], [`rules.${i}.right`, r.right]])),
});
