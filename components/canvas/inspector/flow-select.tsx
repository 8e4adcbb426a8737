"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { useEditor } from "../editor-store";
import { SelectInput } from "./form-kit";

/** Another saved flow of the workspace (not the one being edited), e.g. for Sub-flow and Map. */
export function FlowSelect({ path, value, onChange }: { path: string; value: string; onChange: (flowId: string) => void }) {
  const trpc = useTRPC();
  const currentFlowId = useEditor((s) => s.flowId);
  const workspaces = useQuery(trpc.workspace.list.queryOptions());
  const workspaceId = workspaces.data?.[0]?.id ?? "";
  const flows = useQuery({ ...trpc.flow.list.queryOptions({ workspaceId }), enabled: !!workspaceId });
  return (
    <SelectInput path={path} value={value} onChange={onChange}>
      <option value="">{flows.isLoading ? "Loading…" : "Pick a flow"}</option>
      {(flows.data ?? [])
        .filter((f) => f.id !== currentFlowId && f.latestVersion > 0)
        .map((f) => (
          <option key={f.id} value={f.id}>
            {f.name}
          </option>
        ))}
    </SelectInput>
  );
}
