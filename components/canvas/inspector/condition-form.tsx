"use client";

import { CONDITION_OPERATORS, OPERATOR_LABELS, type ConditionOperator, type ConditionRule } from "@/lib/flow/node-types/condition";
import { Button } from "@/components/ui/button";
import { CheckboxInput, FieldGroup, ListField, SelectInput, TemplateInput, TextInput } from "./form-kit";
import type { InspectorFormProps } from "./form-types";

const UNARY = new Set<ConditionOperator>(["is_empty", "is_not_empty"]);

export function ConditionForm({ node, update }: InspectorFormProps<"condition">) {
  const { data } = node;
  const setRule = (index: number, patch: Partial<ConditionRule>) => update({ ...data, rules: data.rules.map((r, i) => (i === index ? { ...r, ...patch } : r)) });
  return (
    <div className="space-y-3">
      <TextInput path="label" value={data.label} onChange={(label) => update({ ...data, label })} />
      <SelectInput path="combine" value={data.combine} onChange={(v) => update({ ...data, combine: v === "any" ? "any" : "all" })}>
        <option value="all">all rules hold</option>
        <option value="any">any rule holds</option>
      </SelectInput>
      <ListField path="rules">
        {data.rules.map((rule, i) => (
          <FieldGroup key={i} legend={`Rule ${i + 1}`} aria-label={`Rule ${i + 1}`}>
            <TemplateInput path={`rules.${i}.left`} singleLine value={rule.left} onChange={(left) => setRule(i, { left })} />
            <SelectInput path={`rules.${i}.operator`} value={rule.operator} onChange={(v) => setRule(i, { operator: v as ConditionOperator })}>
              {CONDITION_OPERATORS.map((op) => (
                <option key={op} value={op}>
                  {OPERATOR_LABELS[op]}
                </option>
              ))}
            </SelectInput>
            {UNARY.has(rule.operator) ? null : <TemplateInput path={`rules.${i}.right`} singleLine value={rule.right} onChange={(right) => setRule(i, { right })} />}
            <div className="flex items-start justify-between gap-2">
              <CheckboxInput path={`rules.${i}.caseSensitive`} checked={rule.caseSensitive} onChange={(caseSensitive) => setRule(i, { caseSensitive })} />
              {data.rules.length > 1 ? (
                <Button variant="ghost" aria-label={`Remove rule ${i + 1}`} onClick={() => update({ ...data, rules: data.rules.filter((_, j) => j !== i) })}>
                  Remove
                </Button>
              ) : null}
            </div>
          </FieldGroup>
        ))}
        <Button variant="secondary" onClick={() => update({ ...data, rules: [...data.rules, { left: "", operator: "equals", right: "", caseSensitive: false }] })}>
          Add rule
        </Button>
      </ListField>
    </div>
  );
}
