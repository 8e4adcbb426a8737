"use client";

import { memo, useSyncExternalStore } from "react";
import type { StoreApi } from "zustand";
import { callCostNanoUsd, formatUsd } from "@/lib/models/cost";
import { modelUseOf } from "@/lib/flow/catalogue";
import { findModel } from "@/lib/models/registry";
import { formatSeconds, useElapsed } from "@/components/ui/use-elapsed";
import type { NodeRunStatus } from "@/lib/run/events";
import { useEditor, useEditorApi, type EditorState } from "../editor-store";
import { ApprovalActions } from "./approval-actions";

const STATUS_STYLE: Record<NodeRunStatus, { label: string; className: string; icon: string }> = {
  queued: { label: "Queued", className: "bg-slate-100 text-slate-700", icon: "◌" },
  running: { label: "Running", className: "bg-sky-100 text-sky-800 animate-pulse", icon: "▶" },
  waiting: { label: "Waiting", className: "bg-violet-100 text-violet-800", icon: "‖" },
  succeeded: { label: "Succeeded", className: "bg-emerald-100 text-emerald-800", icon: "✓" },
  failed: { label: "Failed", className: "bg-red-100 text-red-800", icon: "✕" },
  skipped: { label: "Skipped", className: "bg-slate-100 text-slate-500", icon: "↷" },
  cancelled: { label: "Cancelled", className: "bg-amber-100 text-amber-800", icon: "■" },
};

export const STATUS_BORDER: Record<NodeRunStatus, string> = {
  queued: "border-slate-400",
  running: "border-sky-500",
  waiting: "border-violet-500",
  succeeded: "border-emerald-500",
  failed: "border-red-500",
  skipped: "border-slate-300",
  cancelled: "border-amber-500",
};

/**
 * Every node on the canvas follows the run, so these subscriptions are shared: one store listener
 * per editor that wakes the nodes only when `run` changes. A selector per node (`useEditor`) would
 * run for every node on every store change — thousands of calls per drag frame on a large flow.
 */
const runSubscriptions = new WeakMap<StoreApi<EditorState>, (onChange: () => void) => () => void>();

function subscribeToRun(store: StoreApi<EditorState>): (onChange: () => void) => () => void {
  let subscribe = runSubscriptions.get(store);
  if (!subscribe) {
    const listeners = new Set<() => void>();
    let unsubscribe: (() => void) | null = null;
    subscribe = (onChange) => {
      listeners.add(onChange);
      unsubscribe ??= store.subscribe((state, previous) => {
        if (state.run !== previous.run) for (const listener of listeners) listener();
      });
      return () => {
        listeners.delete(onChange);
        if (listeners.size === 0 && unsubscribe) {
          unsubscribe();
          unsubscribe = null;
        }
      };
    };
    runSubscriptions.set(store, subscribe);
  }
  return subscribe;
}

/** Something derived from the run (kept stable between run changes: a primitive or a store object). */
function useRunValue<T>(read: (run: EditorState["run"]) => T): T {
  const store = useEditorApi();
  const snapshot = () => read(store.getState().run);
  return useSyncExternalStore(subscribeToRun(store), snapshot, snapshot);
}

/** Time spent so far by a running node, ticking. */
function RunningFor({ startedAt }: { startedAt: string | undefined }) {
  const elapsed = useElapsed(startedAt, true, 500);
  return elapsed === null ? null : (
    <span className="text-slate-500" data-testid="node-elapsed">
      {formatSeconds(elapsed)}
    </span>
  );
}

/** While a model streams: output tokens so far and what they cost, estimated from the text (~4 characters a token). */
function StreamingEstimate({ nodeId, chars }: { nodeId: string; chars: number }) {
  const modelId = useEditor((s) => {
    const node = s.nodes.find((n) => n.id === nodeId);
    return node ? modelUseOf(node)?.model : undefined;
  });
  const model = modelId ? findModel(modelId) : undefined;
  const tokens = Math.ceil(chars / 4);
  return (
    <span className="text-slate-500" title="Estimated while the model streams; exact figures arrive when it finishes" data-testid="node-streaming">
      ~{tokens} tok out{model ? ` · ~${formatUsd(callCostNanoUsd(model, 0, tokens))}` : ""}
    </span>
  );
}

/** This node's live state in the current run: status, tokens, dollars, and the error if it failed. */
export const NodeRunBadge = memo(function NodeRunBadge({ nodeId, showOutput }: { nodeId: string; showOutput?: boolean }) {
  const view = useRunValue((run) => run?.view.nodes[nodeId]);
  if (!view) return null;
  const style = STATUS_STYLE[view.status];
  const streaming = view.status === "running" && (view.streamedChars ?? 0) > 0;
  return (
    <div className="space-y-1 border-t border-slate-100 px-3 py-2" data-testid="node-run">
      <div className="flex flex-wrap items-center gap-1.5 text-[11px]">
        <span className={`rounded px-1.5 py-0.5 font-medium ${style.className}`} data-testid="node-status" data-status={view.status}>
          {style.icon} {style.label}
        </span>
        {view.tokensIn + view.tokensOut > 0 ? (
          <span className="text-slate-500" title="Tokens in → out">
            {view.tokensIn}→{view.tokensOut} tok
          </span>
        ) : null}
        {view.status === "succeeded" ? (
          <span className="rounded bg-indigo-50 px-1.5 py-0.5 font-medium text-indigo-700" data-testid="node-cost" data-nano-usd={view.costNanoUsd}>
            {formatUsd(view.costNanoUsd)}
          </span>
        ) : null}
        {view.status === "running" ? <RunningFor startedAt={view.startedAt} /> : null}
        {streaming ? <StreamingEstimate nodeId={nodeId} chars={view.streamedChars ?? 0} /> : null}
        {view.durationMs !== undefined && view.status !== "running" ? <span className="text-slate-400">{view.durationMs} ms</span> : null}
      </div>
      {view.error ? (
        <p className="line-clamp-3 text-[11px] text-red-700" data-testid="node-error">
          {view.error}
        </p>
      ) : null}
      {view.status === "waiting" ? <ApprovalActions nodeId={nodeId} message={view.waitingMessage} /> : null}
      {(showOutput || streaming) && view.outputPreview ? (
        <p className="line-clamp-4 whitespace-pre-wrap rounded bg-slate-50 p-1.5 text-[11px] text-slate-700" data-testid="node-output">
          {view.outputPreview}
        </p>
      ) : null}
    </div>
  );
});

export function useNodeBorder(nodeId: string): string {
  return useRunValue((run) => {
    const status = run?.view.nodes[nodeId]?.status;
    return status ? STATUS_BORDER[status] : "border-slate-300";
  });
}
