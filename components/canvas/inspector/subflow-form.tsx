"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { TextField } from "@/components/ui/text-field";
import { useEditor } from "../editor-store";
import type { InspectorFormProps } from "./form-types";

export function SubflowForm({ node, update, references }: InspectorFormProps<"subflow">) {
  const { data } = node;
  const trpc = useTRPC();
  const currentFlowId = useEditor((s) => s.flowId);
  const workspaces = useQuery(trpc.workspace.list.queryOptions());
  const workspaceId = workspaces.data?.[0]?.id ?? "";
  const flows = useQuery({ ...trpc.flow.list.queryOptions({ workspaceId }), enabled: !!workspaceId });
  const target = useQuery({ ...trpc.flow.get.queryOptions({ flowId: data.flowId }), enabled: !!data.flowId });
  const declared = (target.data?.graph.nodes ?? []).flatMap((n) => (n.type === "input" ? n.data.fields : []));
  const valueOf = (name: string) => data.inputs.find((i) => i.name === name)?.value ?? "";
  const setValue = (name: string, value: string) =>
    update({ ...data, inputs: [...data.inputs.filter((i) => i.name !== name), { name, value }].filter((i) => declared.some((f) => f.name === i.name)) });

  return (
    <div className="space-y-3">
      <TextField label="Label" value={data.label} maxLength={100} onChange={(e) => update({ ...data, label: e.target.value })} />
      <div className="space-y-1">
        <label htmlFor={`${node.id}-flow`} className="block text-xs font-medium text-slate-700">
          Flow to run
        </label>
        <select
          id={`${node.id}-flow`}
          value={data.flowId}
          onChange={(e) => update({ ...data, flowId: e.target.value, inputs: [] })}
          className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
        >
          <option value="">{flows.isLoading ? "Loading…" : "Pick a flow"}</option>
          {(flows.data ?? [])
            .filter((f) => f.id !== currentFlowId && f.latestVersion > 0)
            .map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
        </select>
      </div>
      {declared.map((field) => (
        <TextField key={field.name} label={`${field.label || field.name}${field.required ? " *" : ""}`} value={valueOf(field.name)} onChange={(e) => setValue(field.name, e.target.value)} />
      ))}
      {data.flowId && !target.isLoading && declared.length === 0 ? <p className="text-xs text-slate-500">That flow declares no inputs.</p> : null}
      {references.length ? <p className="text-xs text-slate-500">Available: {references.map((r) => `{{${r}}}`).join(" ")}</p> : null}
      <p className="text-xs text-slate-500">Runs the flow&apos;s latest saved version; this node waits without holding a worker and outputs the sub-run&apos;s outputs.</p>
    </div>
  );
}
