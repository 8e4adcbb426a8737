"use client";

import { FlowSelect } from "./flow-select";
import { NumberInput, TemplateInput, TextInput } from "./form-kit";
import type { InspectorFormProps } from "./form-types";

export function MapForm({ node, update }: InspectorFormProps<"map">) {
  const { data } = node;
  return (
    <div className="space-y-3">
      <TextInput path="label" value={data.label} onChange={(label) => update({ ...data, label })} />
      <FlowSelect path="flowId" value={data.flowId} onChange={(flowId) => update({ ...data, flowId })} />
      <TemplateInput path="items" rows={3} placeholder={'["a", "b"] or {{agent_1.output}}'} value={data.items} onChange={(items) => update({ ...data, items })} />
      <TextInput path="itemInput" value={data.itemInput} onChange={(itemInput) => update({ ...data, itemInput })} />
      <div className="grid grid-cols-2 items-start gap-2">
        <NumberInput path="concurrency" value={data.concurrency} onChange={(concurrency) => update({ ...data, concurrency: concurrency ?? data.concurrency })} />
        <NumberInput path="maxItems" value={data.maxItems} onChange={(maxItems) => update({ ...data, maxItems: maxItems ?? data.maxItems })} />
      </div>
    </div>
  );
}
