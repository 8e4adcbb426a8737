"use client";

import { formatUsd } from "@/lib/models/cost";
import { useEditor } from "../editor-store";

/** The selected node in the current run: its state and its output, streaming while the model writes. */
export function NodeRunPanel({ nodeId }: { nodeId: string }) {
  const view = useEditor((s) => s.run?.view.nodes[nodeId]);
  if (!view) return null;
  return (
    <section aria-label="This node in the run" className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-2 text-xs" data-testid="inspector-run">
      <p className="font-semibold text-slate-700">
        In this run: <span data-testid="inspector-run-status">{view.status}</span>
        {view.attempt && view.attempt > 1 ? ` · attempt ${view.attempt}` : ""}
      </p>
      <p className="text-slate-600">
        {view.tokensIn}→{view.tokensOut} tokens · {formatUsd(view.costNanoUsd)}
        {view.durationMs !== undefined && view.status !== "running" ? ` · ${view.durationMs} ms` : ""}
      </p>
      {view.error ? <p className="whitespace-pre-wrap text-red-700">{view.error}</p> : null}
      {view.outputPreview ? (
        <pre className="max-h-64 overflow-auto whitespace-pre-wrap rounded bg-white p-2 text-slate-800" data-testid="inspector-run-output" aria-live="polite">
          {view.outputPreview}
        </pre>
      ) : view.status === "running" ? (
        <p className="text-slate-500">Waiting for output…</p>
      ) : null}
    </section>
  );
}
