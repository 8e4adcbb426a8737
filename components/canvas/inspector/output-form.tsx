"use client";

import { TemplateInput, TextInput } from "./form-kit";
import type { InspectorFormProps } from "./form-types";

export function OutputForm({ node, update }: InspectorFormProps<"output">) {
  const { data } = node;
  return (
    <div className="space-y-3">
      <TextInput path="label" value={data.label} onChange={(label) => update({ ...data, label })} />
      <TemplateInput path="value" value={data.value} placeholder="Empty: whatever arrives on the input" onChange={(value) => update({ ...data, value })} />
    </div>
  );
}
