"use client";

import { TextAreaField, TextField } from "@/components/ui/text-field";
import type { InspectorFormProps } from "./form-types";

export function OutputForm({ node, update, references }: InspectorFormProps<"output">) {
  const { data } = node;
  return (
    <div className="space-y-3">
      <TextField label="Label" value={data.label} maxLength={100} onChange={(e) => update({ ...data, label: e.target.value })} />
      <TextAreaField
        label="Value (empty: whatever arrives on the input)"
        value={data.value}
        hint={references.length ? `Available: ${references.map((r) => `{{${r}}}`).join(" ")}` : undefined}
        onChange={(e) => update({ ...data, value: e.target.value })}
      />
    </div>
  );
}
