"use client";

import { MAX_DELAY_MS } from "@/lib/flow/node-types/delay";
import { SelectField } from "@/components/ui/select-field";
import { TextAreaField, TextField } from "@/components/ui/text-field";
import type { InspectorFormProps } from "./form-types";

function referencesHint(references: string[]): string | undefined {
  return references.length ? `Available: ${references.map((r) => `{{${r}}}`).join(" ")}` : undefined;
}

export function PromptTemplateForm({ node, update, references }: InspectorFormProps<"prompt_template">) {
  const { data } = node;
  return (
    <div className="space-y-3">
      <TextField label="Label" value={data.label} maxLength={100} onChange={(e) => update({ ...data, label: e.target.value })} />
      <TextAreaField label="Template" rows={6} value={data.template} hint={referencesHint(references)} onChange={(e) => update({ ...data, template: e.target.value })} />
    </div>
  );
}

export function MergeForm({ node, update }: InspectorFormProps<"merge">) {
  const { data } = node;
  return (
    <div className="space-y-3">
      <TextField label="Label" value={data.label} maxLength={100} onChange={(e) => update({ ...data, label: e.target.value })} />
      <SelectField label="Join" value={data.join} onChange={(e) => update({ ...data, join: e.target.value as typeof data.join })}>
        <option value="all">All: wait for every branch, output the list of values</option>
        <option value="any">Any: continue with the first branch to arrive (the others finish)</option>
        <option value="first">First: a race; the other branches are cancelled</option>
      </SelectField>
    </div>
  );
}

export function DelayForm({ node, update }: InspectorFormProps<"delay">) {
  const { data } = node;
  return (
    <div className="space-y-3">
      <TextField label="Label" value={data.label} maxLength={100} onChange={(e) => update({ ...data, label: e.target.value })} />
      <TextField
        label="Wait (ms)"
        type="number"
        min={0}
        max={MAX_DELAY_MS}
        value={data.ms}
        onChange={(e) => update({ ...data, ms: Number.isFinite(e.target.valueAsNumber) ? e.target.valueAsNumber : data.ms })}
      />
    </div>
  );
}

export function CalculatorForm({ node, update, references }: InspectorFormProps<"calculator">) {
  const { data } = node;
  return (
    <div className="space-y-3">
      <TextField label="Label" value={data.label} maxLength={100} onChange={(e) => update({ ...data, label: e.target.value })} />
      <TextAreaField
        label="Expression"
        rows={2}
        value={data.expression}
        hint={referencesHint(references) ?? "e.g. round({{input.price}} * 1.2, 2)"}
        onChange={(e) => update({ ...data, expression: e.target.value })}
      />
    </div>
  );
}

export function ApprovalForm({ node, update, references }: InspectorFormProps<"approval">) {
  const { data } = node;
  return (
    <div className="space-y-3">
      <TextField label="Label" value={data.label} maxLength={100} onChange={(e) => update({ ...data, label: e.target.value })} />
      <TextAreaField label="Question for the approver" rows={3} value={data.message} hint={referencesHint(references)} onChange={(e) => update({ ...data, message: e.target.value })} />
      <p className="text-xs text-slate-500">The run pauses here without holding a worker. Approve or reject on the canvas; the value continues down that port.</p>
    </div>
  );
}

export function CodeForm({ node, update, references }: InspectorFormProps<"code">) {
  const { data } = node;
  const upstream = references.filter((r) => r.endsWith(".output")).map((r) => `nodes.${r}`);
  return (
    <div className="space-y-3">
      <TextField label="Label" value={data.label} maxLength={100} onChange={(e) => update({ ...data, label: e.target.value })} />
      <TextAreaField
        label="JavaScript (function body, return a JSON value)"
        rows={8}
        value={data.code}
        hint={`In scope: input, value${upstream.length ? `, ${upstream.join(", ")}` : ""}`}
        onChange={(e) => update({ ...data, code: e.target.value })}
      />
      <div className="grid grid-cols-2 gap-2">
        <TextField
          label="Time limit (ms)"
          type="number"
          min={10}
          max={30000}
          value={data.timeoutMs}
          onChange={(e) => update({ ...data, timeoutMs: Number.isFinite(e.target.valueAsNumber) ? e.target.valueAsNumber : data.timeoutMs })}
        />
        <TextField
          label="Memory limit (MB)"
          type="number"
          min={4}
          max={128}
          value={data.memoryMb}
          onChange={(e) => update({ ...data, memoryMb: Number.isFinite(e.target.valueAsNumber) ? e.target.valueAsNumber : data.memoryMb })}
        />
      </div>
      <p className="text-xs text-slate-500">Runs in a QuickJS WebAssembly sandbox: no network, files, process or host objects.</p>
    </div>
  );
}
