"use client";

import type { InputField } from "@/lib/flow/node-types/input";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { InspectorFormProps } from "./form-types";

export function InputForm({ node, update }: InspectorFormProps<"input">) {
  const { data } = node;
  const setField = (index: number, patch: Partial<InputField>) =>
    update({ ...data, fields: data.fields.map((f, i) => (i === index ? { ...f, ...patch } : f)) });
  return (
    <div className="space-y-3">
      <TextField label="Label" value={data.label} maxLength={100} onChange={(e) => update({ ...data, label: e.target.value })} />
      <p className="text-xs font-medium text-slate-700">Run inputs</p>
      {data.fields.map((field, i) => (
        <fieldset key={i} className="space-y-2 rounded-md border border-slate-200 p-2" aria-label={`Input field ${i + 1}`}>
          <TextField label="Name (used as {{input.name}})" value={field.name} onChange={(e) => setField(i, { name: e.target.value })} />
          <TextField label="Label shown when running" value={field.label} onChange={(e) => setField(i, { label: e.target.value })} />
          <TextField label="Default value" value={field.defaultValue} onChange={(e) => setField(i, { defaultValue: e.target.value })} />
          <div className="flex items-center justify-between">
            <label className="flex items-center gap-2 text-xs text-slate-700">
              <input type="checkbox" checked={field.required} onChange={(e) => setField(i, { required: e.target.checked })} />
              Required
            </label>
            <Button variant="ghost" onClick={() => update({ ...data, fields: data.fields.filter((_, j) => j !== i) })}>
              Remove
            </Button>
          </div>
        </fieldset>
      ))}
      <Button
        variant="secondary"
        onClick={() => update({ ...data, fields: [...data.fields, { name: `field_${data.fields.length + 1}`, label: "", required: false, defaultValue: "" }] })}
      >
        Add input
      </Button>
    </div>
  );
}
