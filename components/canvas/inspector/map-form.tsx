"use client";

import { TextAreaField, TextField } from "@/components/ui/text-field";
import { FlowSelect } from "./flow-select";
import type { InspectorFormProps } from "./form-types";

export function MapForm({ node, update, references }: InspectorFormProps<"map">) {
  const { data } = node;
  const int = (value: number, fallback: number) => (Number.isFinite(value) ? Math.round(value) : fallback);
  return (
    <div className="space-y-3">
      <TextField label="Label" value={data.label} maxLength={100} onChange={(e) => update({ ...data, label: e.target.value })} />
      <FlowSelect label="Flow to run per item" value={data.flowId} onChange={(flowId) => update({ ...data, flowId })} />
      <TextAreaField
        label="List (JSON array or one item per line; empty: the incoming value)"
        rows={3}
        value={data.items}
        hint={references.length ? `Available: ${references.map((r) => `{{${r}}}`).join(" ")}` : undefined}
        onChange={(e) => update({ ...data, items: e.target.value })}
      />
      <TextField label="Input of that flow that receives each item" value={data.itemInput} onChange={(e) => update({ ...data, itemInput: e.target.value })} />
      <div className="grid grid-cols-2 gap-2">
        <TextField label="At a time" type="number" min={1} max={50} value={data.concurrency} onChange={(e) => update({ ...data, concurrency: int(e.target.valueAsNumber, data.concurrency) })} />
        <TextField label="Item cap" type="number" min={1} max={1000} value={data.maxItems} onChange={(e) => update({ ...data, maxItems: int(e.target.valueAsNumber, data.maxItems) })} />
      </div>
    </div>
  );
}
