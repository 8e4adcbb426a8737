import type { Edge } from "@xyflow/react";
import type { RunView } from "@/lib/run/run-view";

export type EdgeRunState = "idle" | "carried" | "skipped";

const SETTLED = new Set(["succeeded", "failed", "skipped", "cancelled"]);

/** Whether a value travelled along the edge in this run (its source settled and chose that port). */
export function edgeRunState(edge: Pick<Edge, "source" | "sourceHandle">, view: RunView | undefined): EdgeRunState {
  const source = view?.nodes[edge.source];
  if (!source || !SETTLED.has(source.status)) return "idle";
  return source.takenHandles?.includes(edge.sourceHandle ?? "") ? "carried" : "skipped";
}

/** A compact key of every edge's run state, so the canvas re-derives edges only when one changes. */
export function edgeRunKey(edges: readonly Edge[], view: RunView | undefined): string {
  if (!view) return "";
  let key = view.status === "running" || view.status === "queued" || view.status === "waiting" ? "L" : "F";
  for (const edge of edges) key += edgeRunState(edge, view)[0];
  return key;
}

const STYLE = {
  carried: { stroke: "#10b981", strokeWidth: 2 },
  skipped: { stroke: "#cbd5e1", strokeDasharray: "4 4" },
} as const;

/** The edges as drawn during or after a run: carried edges green (moving while the run is live), skipped ones faint. */
export function withRunState(edges: Edge[], view: RunView | undefined, live: boolean): Edge[] {
  if (!view) return edges;
  return edges.map((edge) => {
    const state = edgeRunState(edge, view);
    if (state === "idle") return edge;
    return { ...edge, animated: state === "carried" && live, style: STYLE[state], data: { ...edge.data, runState: state } };
  });
}
