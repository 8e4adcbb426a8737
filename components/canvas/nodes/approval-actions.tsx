"use client";

import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { useEditor } from "../editor-store";

/** Approve / Reject on a node the run is waiting on. */
export function ApprovalActions({ nodeId, message }: { nodeId: string; message?: string }) {
  const trpc = useTRPC();
  const runId = useEditor((s) => s.run?.runId);
  const decide = useMutation(trpc.run.decide.mutationOptions());
  if (!runId) return null;
  const send = (decision: "approved" | "rejected") => decide.mutate({ runId, nodeId, decision, comment: "" });
  return (
    <div className="nodrag space-y-1.5 rounded bg-violet-50 p-2" data-testid="approval-actions">
      {message ? <p className="text-[11px] text-violet-900">{message}</p> : null}
      <div className="flex gap-1.5">
        <button
          type="button"
          disabled={decide.isPending}
          onClick={() => send("approved")}
          className="rounded bg-emerald-600 px-2 py-1 text-[11px] font-semibold text-white hover:bg-emerald-500 disabled:opacity-50"
        >
          Approve
        </button>
        <button
          type="button"
          disabled={decide.isPending}
          onClick={() => send("rejected")}
          className="rounded bg-red-600 px-2 py-1 text-[11px] font-semibold text-white hover:bg-red-500 disabled:opacity-50"
        >
          Reject
        </button>
      </div>
      {decide.error ? <p className="text-[11px] text-red-700">{decide.error.message}</p> : null}
    </div>
  );
}
