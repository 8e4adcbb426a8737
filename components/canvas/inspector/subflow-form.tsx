"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { TextField } from "@/components/ui/text-field";
import { FlowSelect } from "./flow-select";
import type { InspectorFormProps } from "./form-types";

export function SubflowForm({ node, update, references }: InspectorFormProps<"subflow">) {
  const { data } = node;
  const trpc = useTRPC();
  const target = useQuery({ ...trpc.flow.get.queryOptions({ flowId: data.flowId }), enabled: !!data.flowId });
  const declared = (target.data?.graph.nodes ?? []).flatMap((n) => (n.type === "input" ? n.data.fields : []));
  const valueOf = (name: string) => data.inputs.find((i) => i.name === name)?.value ?? "";
  const setValue = (name: string, value: string) =>
    update({ ...data, inputs: [...data.inputs.filter((i) => i.name !== name), { name, value }].filter((i) => declared.some((f) => f.name === i.name)) });

  return (
    <div className="space-y-3">
      <TextField label="Label" value={data.label} maxLength={100} onChange={(e) => update({ ...data, label: e.target.value })} />
      <FlowSelect label="Flow to run" value={data.flowId} onChange={(flowId) => update({ ...data, flowId, inputs: [] })} />
      {declared.map((field) => (
        <TextField key={field.name} label={`${field.label || field.name}${field.required ? " *" : ""}`} value={valueOf(field.name)} onChange={(e) => setValue(field.name, e.target.value)} />
      ))}
      {data.flowId && !target.isLoading && declared.length === 0 ? <p className="text-xs text-slate-500">That flow declares no inputs.</p> : null}
      {references.length ? <p className="text-xs text-slate-500">Available: {references.map((r) => `{{${r}}}`).join(" ")}</p> : null}
      <p className="text-xs text-slate-500">Runs the flow&apos;s latest saved version; this node waits without holding a worker and outputs the sub-run&apos;s outputs.</p>
    </div>
  );
}
