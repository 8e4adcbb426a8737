"use client";

import { CONDITION_OPERATORS, OPERATOR_LABELS, type ConditionOperator, type ConditionRule } from "@/lib/flow/node-types/condition";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { InspectorFormProps } from "./form-types";

const UNARY = new Set<ConditionOperator>(["is_empty", "is_not_empty"]);

export function ConditionForm({ node, update, references }: InspectorFormProps<"condition">) {
  const { data } = node;
  const setRule = (index: number, patch: Partial<ConditionRule>) => update({ ...data, rules: data.rules.map((r, i) => (i === index ? { ...r, ...patch } : r)) });
  return (
    <div className="space-y-3">
      <TextField label="Label" value={data.label} maxLength={100} onChange={(e) => update({ ...data, label: e.target.value })} />
      <div className="space-y-1">
        <label htmlFor={`${node.id}-combine`} className="block text-xs font-medium text-slate-700">
          True when
        </label>
        <select
          id={`${node.id}-combine`}
          value={data.combine}
          onChange={(e) => update({ ...data, combine: e.target.value === "any" ? "any" : "all" })}
          className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
        >
          <option value="all">all rules hold</option>
          <option value="any">any rule holds</option>
        </select>
      </div>
      {data.rules.map((rule, i) => (
        <fieldset key={i} className="space-y-2 rounded-md border border-slate-200 p-2" aria-label={`Rule ${i + 1}`}>
          <TextField label="Value" value={rule.left} onChange={(e) => setRule(i, { left: e.target.value })} />
          <select
            aria-label="Operator"
            value={rule.operator}
            onChange={(e) => setRule(i, { operator: e.target.value as ConditionOperator })}
            className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
          >
            {CONDITION_OPERATORS.map((op) => (
              <option key={op} value={op}>
                {OPERATOR_LABELS[op]}
              </option>
            ))}
          </select>
          {UNARY.has(rule.operator) ? null : <TextField label="Compared with" value={rule.right} onChange={(e) => setRule(i, { right: e.target.value })} />}
          <div className="flex items-center justify-between">
            <label className="flex items-center gap-2 text-xs text-slate-700">
              <input type="checkbox" checked={rule.caseSensitive} onChange={(e) => setRule(i, { caseSensitive: e.target.checked })} />
              Case-sensitive
            </label>
            {data.rules.length > 1 ? (
              <Button variant="ghost" onClick={() => update({ ...data, rules: data.rules.filter((_, j) => j !== i) })}>
                Remove
              </Button>
            ) : null}
          </div>
        </fieldset>
      ))}
      <Button variant="secondary" onClick={() => update({ ...data, rules: [...data.rules, { left: "", operator: "equals", right: "", caseSensitive: false }] })}>
        Add rule
      </Button>
      {references.length ? <p className="text-xs text-slate-500">Available: {references.map((r) => `{{${r}}}`).join(" ")}</p> : null}
    </div>
  );
}
