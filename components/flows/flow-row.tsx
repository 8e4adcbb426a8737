"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

interface FlowSummary {
  id: string;
  name: string;
  updatedAt: Date;
  latestVersion: number;
}

export function FlowRow({ flow }: { flow: FlowSummary }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.flow.list.queryKey() });
  const rename = useMutation(trpc.flow.rename.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.flow.delete.mutationOptions({ onSuccess: invalidate }));
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [name, setName] = useState(flow.name);

  async function onRename(event: FormEvent) {
    event.preventDefault();
    await rename.mutateAsync({ flowId: flow.id, name });
    setEditing(false);
  }

  return (
    <li className="flex items-center justify-between gap-3 px-4 py-3" data-testid="flow-row">
      {editing ? (
        <form onSubmit={onRename} className="flex flex-1 items-center gap-2">
          <input
            aria-label="Rename flow"
            autoFocus
            value={name}
            maxLength={120}
            onChange={(e) => setName(e.target.value)}
            className="flex-1 rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
          <Button type="submit" disabled={rename.isPending}>
            Save name
          </Button>
          <Button variant="ghost" onClick={() => setEditing(false)}>
            Cancel
          </Button>
          {rename.error ? <span className="text-xs text-red-600">{rename.error.message}</span> : null}
        </form>
      ) : (
        <>
          <div className="min-w-0">
            <Link href={`/flows/${flow.id}`} className="font-medium text-slate-900 hover:text-indigo-700">
              {flow.name}
            </Link>
            <p className="text-xs text-slate-500">
              {flow.latestVersion ? `Version ${flow.latestVersion}` : "Not saved yet"} · updated {new Date(flow.updatedAt).toLocaleString()}
            </p>
          </div>
          <div className="flex gap-1">
            <Button variant="ghost" onClick={() => setEditing(true)} aria-label={`Rename ${flow.name}`}>
              Rename
            </Button>
            <Button variant="ghost" onClick={() => setConfirming(true)} aria-label={`Delete ${flow.name}`}>
              Delete
            </Button>
          </div>
        </>
      )}
      <Dialog open={confirming} title={`Delete “${flow.name}”?`} onClose={() => setConfirming(false)}>
        <p className="text-sm text-slate-600">The flow, its versions and its runs will be deleted. This cannot be undone.</p>
        {remove.error ? <p className="text-sm text-red-600">{remove.error.message}</p> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
          <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate({ flowId: flow.id }, { onSuccess: () => setConfirming(false) })}>
            {remove.isPending ? "Deleting…" : "Delete flow"}
          </Button>
        </div>
      </Dialog>
    </li>
  );
}
