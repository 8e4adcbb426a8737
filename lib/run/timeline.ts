import type { RunEvent } from "./events";

export type SpanKind = "queued" | "running" | "retry_wait" | "waiting";
export type SpanEnd = "succeeded" | "failed" | "cancelled" | "retrying" | "decided" | "open";

export interface TimelineSpan {
  kind: SpanKind;
  startMs: number;
  /** Null while still open at the end of the log. */
  endMs: number | null;
  attempt?: number;
  /** How the span ended. */
  end: SpanEnd;
}

export interface TimelineRow {
  nodeId: string;
  spans: TimelineSpan[];
  /** A re-run took this node's result from the earlier run instead of running it. */
  reused: boolean;
}

export interface Timeline {
  startMs: number;
  endMs: number;
  rows: TimelineRow[];
}

/**
 * The Gantt chart of a run from its event log: per node, time queued, each attempt running,
 * backoff between attempts, and time waiting for a person. Rows keep first-seen order.
 */
export function buildTimeline(events: readonly RunEvent[], nowMs: number): Timeline {
  const rows = new Map<string, TimelineSpan[]>();
  const reused = new Set<string>();
  const open = new Map<string, TimelineSpan>();
  const startMs = events.length ? Date.parse(events[0]!.at) : nowMs;
  let endMs: number | null = null;

  const close = (nodeId: string, at: number, end: SpanEnd) => {
    const span = open.get(nodeId);
    if (!span) return;
    span.endMs = at;
    span.end = end;
    open.delete(nodeId);
  };
  const begin = (nodeId: string, span: TimelineSpan) => {
    let spans = rows.get(nodeId);
    if (!spans) rows.set(nodeId, (spans = []));
    spans.push(span);
    open.set(nodeId, span);
  };

  for (const event of events) {
    const at = Date.parse(event.at);
    if (event.nodeId === null) {
      if (event.type !== "run.queued" && event.type !== "run.started") endMs = at;
      continue;
    }
    const id = event.nodeId;
    switch (event.type) {
      case "node.queued":
        close(id, at, "open");
        begin(id, { kind: "queued", startMs: at, endMs: null, end: "open" });
        break;
      case "node.started":
        close(id, at, "open");
        begin(id, { kind: "running", startMs: at, endMs: null, attempt: event.payload.attempt, end: "open" });
        break;
      case "node.retrying":
        close(id, at, "retrying");
        begin(id, { kind: "retry_wait", startMs: at, endMs: at + event.payload.delayMs, end: "open" });
        break;
      case "node.waiting":
        close(id, at, "open");
        begin(id, { kind: "waiting", startMs: at, endMs: null, end: "open" });
        break;
      case "node.decided":
        close(id, at, "decided");
        begin(id, { kind: "running", startMs: at, endMs: null, end: "open" });
        break;
      case "node.succeeded":
        if (event.payload.reusedFrom) {
          reused.add(id);
          if (!rows.has(id)) rows.set(id, []);
        }
        close(id, at, "succeeded");
        break;
      case "node.failed":
        close(id, at, "failed");
        break;
      case "node.cancelled":
        close(id, at, "cancelled");
        break;
      case "node.skipped":
        if (!rows.has(id)) rows.set(id, []);
        break;
      case "node.delta":
        break;
    }
  }
  const last = endMs ?? nowMs;
  for (const span of open.values()) {
    if (span.kind === "retry_wait" && span.endMs !== null) continue;
    span.endMs = null;
  }
  return { startMs, endMs: Math.max(last, startMs), rows: [...rows].map(([nodeId, spans]) => ({ nodeId, spans, reused: reused.has(nodeId) })) };
}
