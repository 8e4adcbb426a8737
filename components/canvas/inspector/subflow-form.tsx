"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { declaredInputs } from "@/lib/flow/catalogue";
import { FlowSelect } from "./flow-select";
import { ListField, TemplateInput, TextInput } from "./form-kit";
import type { InspectorFormProps } from "./form-types";

export function SubflowForm({ node, update }: InspectorFormProps<"subflow">) {
  const { data } = node;
  const trpc = useTRPC();
  const target = useQuery({ ...trpc.flow.get.queryOptions({ flowId: data.flowId }), enabled: !!data.flowId });
  const declared = target.data ? declaredInputs(target.data.graph) : [];
  const indexOf = (name: string) => data.inputs.findIndex((i) => i.name === name);
  const setValue = (name: string, value: string) =>
    update({ ...data, inputs: [...data.inputs.filter((i) => i.name !== name), { name, value }].filter((i) => declared.some((f) => f.name === i.name)) });

  return (
    <div className="space-y-3">
      <TextInput path="label" value={data.label} onChange={(label) => update({ ...data, label })} />
      <FlowSelect path="flowId" value={data.flowId} onChange={(flowId) => update({ ...data, flowId, inputs: [] })} />
      {data.flowId ? (
        <ListField path="inputs">
          {declared.map((field) => {
            const index = indexOf(field.name);
            return (
              <TemplateInput
                key={field.name}
                // The stored list holds only the inputs given so far; a new one is appended.
                path={`inputs.${index >= 0 ? index : data.inputs.length}.value`}
                singleLine
                label={`${field.label || field.name}${field.required ? " *" : ""}`}
                help={field.defaultValue ? `Default ${field.defaultValue}. May hold {{references}}.` : `{{input.${field.name}}} in that flow. May hold {{references}}.`}
                value={index >= 0 ? (data.inputs[index]?.value ?? "") : ""}
                onChange={(value) => setValue(field.name, value)}
              />
            );
          })}
          {!target.isLoading && declared.length === 0 ? <p className="text-xs text-slate-500">That flow declares no inputs.</p> : null}
        </ListField>
      ) : null}
      <p className="text-[11px] leading-snug text-slate-500">Runs the flow&apos;s latest saved version; this node waits without holding a worker and outputs the sub-run&apos;s outputs.</p>
    </div>
  );
}
