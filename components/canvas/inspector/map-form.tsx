"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { TextAreaField, TextField } from "@/components/ui/text-field";
import { useEditor } from "../editor-store";
import type { InspectorFormProps } from "./form-types";

export function MapForm({ node, update, references }: InspectorFormProps<"map">) {
  const { data } = node;
  const trpc = useTRPC();
  const currentFlowId = useEditor((s) => s.flowId);
  const workspaces = useQuery(trpc.workspace.list.queryOptions());
  const workspaceId = workspaces.data?.[0]?.id ?? "";
  const flows = useQuery({ ...trpc.flow.list.queryOptions({ workspaceId }), enabled: !!workspaceId });
  const int = (value: number, fallback: number) => (Number.isFinite(value) ? Math.round(value) : fallback);
  return (
    <div className="space-y-3">
      <TextField label="Label" value={data.label} maxLength={100} onChange={(e) => update({ ...data, label: e.target.value })} />
      <div className="space-y-1">
        <label htmlFor={`${node.id}-flow`} className="block text-xs font-medium text-slate-700">
          Flow to run per item
        </label>
        <select id={`${node.id}-flow`} value={data.flowId} onChange={(e) => update({ ...data, flowId: e.target.value })} className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
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
