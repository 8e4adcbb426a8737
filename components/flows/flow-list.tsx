"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Notice, Spinner } from "@/components/ui/notice";
import { FlowRow } from "./flow-row";

export function FlowList() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const workspaces = useQuery(trpc.workspace.list.queryOptions());
  const workspaceId = workspaces.data?.[0]?.id;
  const flows = useQuery({ ...trpc.flow.list.queryOptions({ workspaceId: workspaceId ?? "" }), enabled: !!workspaceId });
  const create = useMutation(trpc.flow.create.mutationOptions());
  const [name, setName] = useState("");

  async function onCreate(event: FormEvent) {
    event.preventDefault();
    if (!workspaceId) return;
    const flow = await create.mutateAsync({ workspaceId, name: name.trim() || "Untitled flow" });
    await queryClient.invalidateQueries({ queryKey: trpc.flow.list.queryKey() });
    router.push(`/flows/${flow.id}`);
  }

  const error = workspaces.error ?? flows.error;
  return (
    <main className="mx-auto max-w-3xl space-y-6 p-8">
      <div className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Flows</h1>
          <p className="text-sm text-slate-500">{workspaces.data?.[0]?.name ?? " "}</p>
        </div>
        <form onSubmit={onCreate} className="flex gap-2">
          <input
            aria-label="New flow name"
            placeholder="New flow name"
            value={name}
            maxLength={120}
            onChange={(e) => setName(e.target.value)}
            className="w-56 rounded-md border border-slate-300 px-2.5 py-1.5 text-sm"
          />
          <Button type="submit" disabled={!workspaceId || create.isPending}>
            {create.isPending ? "Creating…" : "Create flow"}
          </Button>
        </form>
      </div>
      {create.error ? <Notice tone="error">{create.error.message}</Notice> : null}
      {error ? (
        <Notice tone="error">
          Could not load your flows: {error.message}{" "}
          <button className="underline" onClick={() => void flows.refetch()}>
            Retry
          </button>
        </Notice>
      ) : workspaces.isLoading || (flows.isLoading && !!workspaceId) ? (
        <Spinner label="Loading flows…" />
      ) : flows.data && flows.data.length > 0 ? (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label="Flows">
          {flows.data.map((flow) => (
            <FlowRow key={flow.id} flow={flow} />
          ))}
        </ul>
      ) : (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
          <p className="text-lg font-medium">No flows yet</p>
          <p className="mt-1 text-sm text-slate-500">
            A flow wires agents together. Name one above and press <strong>Create flow</strong> to open the editor.
          </p>
        </div>
      )}
    </main>
  );
}
