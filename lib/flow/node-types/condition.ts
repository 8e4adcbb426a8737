import { z } from "zod";
import { labelField } from "../common-fields";
import { defineNode } from "../node-definition";
import { compileLinearRegex } from "../linear-regex";

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

/** Operators that take no second value. */
export const UNARY_OPERATORS: ReadonlySet<ConditionOperator> = new Set(["is_empty", "is_not_empty"]);

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
  icon: "◇",
  inputs: [{ id: "in", label: "value", type: "any" }],
  outputs: [
    { id: "true", label: "true", type: "any" },
    { id: "false", label: "false", type: "any" },
  ],
  dataSchema: conditionDataSchema,
  defaults: (): z.infer<typeof conditionDataSchema> => ({ label: "Condition", combine: "all", rules: [{ left: "{{input.topic}}", operator: "is_not_empty", right: "", caseSensitive: false }] }),
  fields: [
    labelField(),
    {
      path: "combine",
      label: "True when",
      help: "Whether every rule or any one rule must hold.",
      widget: "select",
      options: () => [
        { value: "all", label: "all rules hold" },
        { value: "any", label: "any rule holds" },
      ],
    },
    {
      path: "rules",
      label: "Rules",
      help: "Each compares a value, usually a {{reference}}, with another.",
      widget: "list",
      itemLabel: "Rule",
      legend: true,
      addLabel: "Add rule",
      minItems: 1,
      maxItems: 20,
      newItem: () => ({ left: "", operator: "equals", right: "", caseSensitive: false }),
      item: [
        { path: "left", label: "Value", help: "What to test, e.g. {{input.topic}}.", widget: "template", singleLine: true },
        { path: "operator", label: "Operator", help: "How the value is compared.", widget: "select", options: () => CONDITION_OPERATORS.map((op) => ({ value: op, label: OPERATOR_LABELS[op] })) },
        {
          path: "right",
          label: "Compared with",
          help: "Text or a number; may hold {{references}}.",
          widget: "template",
          singleLine: true,
          when: (rule) => !UNARY_OPERATORS.has(rule.operator as ConditionOperator),
        },
        { path: "caseSensitive", label: "Case-sensitive", help: "Upper and lower case count as different.", widget: "checkbox" },
      ],
    },
  ],
  inline: true,
  summary: (data) =>
    data.rules.map((r) => `${r.left} ${OPERATOR_LABELS[r.operator]}${r.operator.startsWith("is_") ? "" : ` ${r.right}`}`).join(data.combine === "all" ? " and " : " or "),
  // A fixed pattern is checked now (RE2 has no backreferences or lookaround); a templated one when the node runs.
  validate: (data) =>
    data.rules.flatMap((rule) => {
      if (rule.operator !== "matches_regex" || rule.right.includes("{{")) return [];
      try {
        compileLinearRegex(rule.right);
        return [];
      } catch (error) {
        return [(error as Error).message];
      }
    }),
  templates: (data) => Object.fromEntries(data.rules.flatMap((r, i) => [[`rules.${i}.left`, r.left], [`rules.${i}.right`, r.right]])),
});
