"use client";

import { useReactFlow } from "@xyflow/react";
import { useEffect, useMemo, useState } from "react";
import { nodeDefinitions } from "@/lib/flow/node-types/index";
import { validateForRun, type FlowProblem } from "@/lib/flow/validate-for-run";
import { useEditorRequest } from "./commands/editor-events";
import { useEditorApi, type EditorState } from "./editor-store";

/** Whether a change can change the problems: edges, or a node's id, type or settings (not moves or selection). */
function affectsProblems(state: EditorState, previous: EditorState): boolean {
  if (state.edges !== previous.edges) return true;
  if (state.nodes === previous.nodes) return false;
  if (state.nodes.length !== previous.nodes.length) return true;
  return state.nodes.some((n, i) => {
    const before = previous.nodes[i];
    return !before || before.id !== n.id || before.type !== n.type || before.data !== n.data;
  });
}

const sameProblems = (a: readonly FlowProblem[], b: readonly FlowProblem[]) =>
  a.length === b.length && a.every((p, i) => p.nodeId === b[i]?.nodeId && p.message === b[i]?.message);

/**
 * The graph's problems (validateForRun), recomputed shortly after a change that can affect them;
 * the same array while they are unchanged, so nothing re-renders for a drag.
 */
export function useFlowProblems(delayMs = 300): FlowProblem[] {
  const store = useEditorApi();
  const [problems, setProblems] = useState<FlowProblem[]>(() => validateForRun(store.getState().graph()));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = store.subscribe((state, previous) => {
      if (!affectsProblems(state, previous)) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        const next = validateForRun(store.getState().graph());
        setProblems((current) => (sameProblems(current, next) ? current : next));
      }, delayMs);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [store, delayMs]);
  return problems;
}

/** Selects a node and brings it to the middle of the canvas, at a readable zoom. */
export function useShowNode(): (nodeId: string) => void {
  const store = useEditorApi();
  const { getInternalNode, getZoom, setCenter } = useReactFlow();
  return (nodeId) => {
    store.getState().selectOnly([nodeId]);
    const node = getInternalNode(nodeId);
    if (!node) return;
    const { x, y } = node.internals.positionAbsolute;
    const width = node.measured.width ?? node.width ?? 240;
    const height = node.measured.height ?? node.height ?? 100;
    void setCenter(x + width / 2, y + height / 2, { zoom: Math.max(getZoom(), 0.8), duration: 300 });
  };
}

export type ProblemsPanelReason = "run" | "browse";

/**
 * Whether the ValidationPanel is open and why: `showForRun` is the toolbar's onProblems (opens it
 * when Run found problems), `toggle` is the ProblemsButton's; "Show problems" in the command
 * palette opens it too.
 */
export function useProblemsPanel(): { reason: ProblemsPanelReason | null; showForRun: (problems: readonly FlowProblem[]) => void; toggle: () => void; close: () => void } {
  const [reason, setReason] = useState<ProblemsPanelReason | null>(null);
  useEditorRequest("problems", () => setReason("browse"));
  return useMemo(
    () => ({
      reason,
      showForRun: (problems: readonly FlowProblem[]) => setReason(problems.length > 0 ? "run" : null),
      toggle: () => setReason((open) => (open ? null : "browse")),
      close: () => setReason(null),
    }),
    [reason],
  );
}

/** "Problems (3)": opens and closes the ValidationPanel; red while there is something to fix. */
export function ProblemsButton({ count, open, onToggle }: { count: number; open: boolean; onToggle: () => void }) {
  return (
    <button
      type="button"
      onClick={onToggle}
      aria-expanded={open}
      aria-controls="validation-panel"
      data-testid="problems-toggle"
      className={`inline-flex items-center gap-1.5 rounded-md border px-2.5 py-1.5 text-sm font-medium transition-colors ${
        count > 0 ? "border-red-200 bg-red-50 text-red-800 hover:bg-red-100" : "border-slate-300 bg-white text-slate-600 hover:bg-slate-100"
      }`}
    >
      <span aria-hidden className={count > 0 ? "text-red-600" : "text-emerald-600"}>
        {count > 0 ? "⚠" : "✓"}
      </span>
      {count > 0 ? `Problems (${count})` : "No problems"}
    </button>
  );
}

export interface ValidationPanelProps {
  /** Usually useFlowProblems(): the live list, so it shrinks as things are fixed. */
  problems: readonly FlowProblem[];
  /** "run": opened because Run was pressed with problems; "browse": opened from ProblemsButton. */
  reason: "run" | "browse";
  onClose: () => void;
}

/**
 * Everything that stops the flow from running, one row per problem; a row with a node selects that
 * node (the inspector shows it) and centres the view on it.
 */
export function ValidationPanel({ problems, reason, onClose }: ValidationPanelProps) {
  const store = useEditorApi();
  const showNode = useShowNode();
  // Labels are read when the list changes, which follows every graph change; no subscription needed.
  const rows = useMemo(() => {
    const nodes = new Map(store.getState().nodes.map((n) => [n.id, n]));
    return problems.map((problem) => {
      const node = problem.nodeId ? nodes.get(problem.nodeId) : undefined;
      if (!node) return { problem, node: null };
      const title = nodeDefinitions[node.type].title;
      return { problem, node: { id: node.id, icon: nodeDefinitions[node.type].icon, label: (node.data as { label?: string }).label || title, title } };
    });
  }, [problems, store]);

  const count = problems.length;
  const heading = count === 0 ? (reason === "run" ? "All fixed: press Run again" : "No problems: this flow can run") : reason === "run" ? `Fix ${count === 1 ? "this problem" : `these ${count} problems`} before running` : `${count} problem${count === 1 ? "" : "s"}`;

  return (
    <section
      id="validation-panel"
      aria-label="Problems"
      data-testid="validation-panel"
      className={`overflow-hidden rounded-md border bg-white text-sm shadow-sm ${count > 0 ? "border-red-200" : "border-emerald-200"}`}
    >
      {reason === "run" && count > 0 ? (
        <p role="alert" className="sr-only">
          {heading}
        </p>
      ) : null}
      <header className={`flex items-center justify-between gap-2 px-3 py-1.5 ${count > 0 ? "bg-red-50 text-red-800" : "bg-emerald-50 text-emerald-800"}`}>
        <h2 className="flex items-center gap-1.5 font-semibold">
          <span aria-hidden>{count > 0 ? "⚠" : "✓"}</span>
          {heading}
        </h2>
        <div className="flex items-center gap-2">
          {count > 0 ? <span className="hidden text-xs opacity-75 sm:inline">Click a problem to show its node</span> : null}
          <button type="button" onClick={onClose} aria-label="Close problems" className="rounded px-1.5 text-base leading-none opacity-70 hover:bg-black/5 hover:opacity-100">
            ×
          </button>
        </div>
      </header>
      {count > 0 ? (
        <ul className="max-h-48 divide-y divide-slate-100 overflow-y-auto">
          {rows.map(({ problem, node }, i) => (
            <li key={`${problem.nodeId ?? ""}:${problem.message}:${i}`}>
              {node ? (
                <button
                  type="button"
                  onClick={() => showNode(node.id)}
                  data-testid={`problem-${node.id}`}
                  className="group flex w-full items-start gap-2 px-3 py-1.5 text-left hover:bg-indigo-50 focus-visible:bg-indigo-50 focus-visible:outline-none"
                >
                  <span aria-hidden className="mt-px flex h-5 w-5 shrink-0 items-center justify-center rounded bg-slate-100 text-xs text-slate-600">
                    {node.icon}
                  </span>
                  <span className="min-w-0 flex-1">
                    <span className="font-medium text-slate-900">{node.label}</span> <code className="rounded bg-slate-100 px-1 text-[11px] text-slate-500">{node.id}</code>
                    <span className="block text-slate-700">{problem.message}</span>
                  </span>
                  <span aria-hidden className="self-center text-xs text-indigo-600 opacity-0 group-hover:opacity-100 group-focus-visible:opacity-100">
                    Show →
                  </span>
                </button>
              ) : (
                <p className="flex items-start gap-2 px-3 py-1.5 text-slate-700">
                  <span aria-hidden className="mt-px flex h-5 w-5 shrink-0 items-center justify-center rounded bg-slate-100 text-xs text-slate-500">
                    ⧉
                  </span>
                  <span>{problem.message}</span>
                </p>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
