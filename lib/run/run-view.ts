import { OUTPUT_PREVIEW_CHARS, type NodeRunStatus, type RunEvent, type RunStatus } from "./events";

export interface NodeView {
  status: NodeRunStatus;
  tokensIn: number;
  tokensOut: number;
  costNanoUsd: number;
  durationMs?: number;
  startedAt?: string;
  error?: string;
  outputPreview?: string;
  attempt?: number;
  /** For a node waiting on a person: what they are asked. */
  waitingMessage?: string;
  /** Output ports whose edges carried this node's value onward. */
  takenHandles?: readonly string[];
  /** Characters of partial output streamed so far by the current attempt. */
  streamedChars?: number;
}

export interface RunView {
  status: RunStatus;
  lastSeq: number;
  /** Events folded in; equals lastSeq unless some were never received. */
  eventCount: number;
  nodes: Record<string, NodeView>;
  budgetNanoUsd: number | null;
  tokensIn: number;
  tokensOut: number;
  costNanoUsd: number;
  startedAt?: string;
  durationMs?: number;
  error?: string;
}

export function emptyRunView(): RunView {
  return { status: "queued", lastSeq: 0, eventCount: 0, nodes: {}, budgetNanoUsd: null, tokensIn: 0, tokensOut: 0, costNanoUsd: 0 };
}

const RUN_STATUS_AFTER = {
  "run.succeeded": "succeeded",
  "run.failed": "failed",
  "run.cancelled": "cancelled",
  "run.budget_exceeded": "budget_exceeded",
} as const;

const blankNode: NodeView = { status: "queued", tokensIn: 0, tokensOut: 0, costNanoUsd: 0 };

/**
 * Folds one event into the view; events at or below lastSeq are ignored, so replays after a
 * reconnect are harmless. Returns the same object when nothing changed.
 */
export function applyRunEvent(view: RunView, event: RunEvent): RunView {
  if (event.seq <= view.lastSeq) return view;
  const next: RunView = { ...view, lastSeq: event.seq, eventCount: view.eventCount + 1 };
  const setNode = (nodeId: string, patch: Partial<NodeView>) => {
    next.nodes = { ...next.nodes, [nodeId]: { ...(next.nodes[nodeId] ?? blankNode), ...patch } };
  };
  switch (event.type) {
    case "run.queued":
      next.status = "queued";
      next.budgetNanoUsd = event.payload.budgetNanoUsd;
      break;
    case "run.started":
      next.status = "running";
      next.startedAt = event.at;
      break;
    case "run.succeeded":
    case "run.failed":
    case "run.cancelled":
    case "run.budget_exceeded":
      next.status = RUN_STATUS_AFTER[event.type];
      next.durationMs = event.payload.durationMs;
      next.tokensIn = event.payload.tokensIn;
      next.tokensOut = event.payload.tokensOut;
      next.costNanoUsd = event.payload.costNanoUsd;
      if (event.type !== "run.succeeded") next.error = event.payload.error;
      break;
    case "node.queued":
      setNode(event.nodeId, { status: "queued" });
      break;
    case "node.started":
      setNode(event.nodeId, { status: "running", startedAt: event.at, attempt: event.payload.attempt, error: undefined, streamedChars: 0, outputPreview: undefined });
      break;
    case "node.retrying":
      setNode(event.nodeId, { status: "queued", error: `Attempt ${event.payload.attempt} failed (${event.payload.error}); retrying in ${event.payload.delayMs} ms` });
      break;
    case "node.succeeded":
      setNode(event.nodeId, {
        status: "succeeded",
        tokensIn: event.payload.tokensIn,
        tokensOut: event.payload.tokensOut,
        costNanoUsd: event.payload.costNanoUsd,
        durationMs: event.payload.durationMs,
        outputPreview: event.payload.outputPreview,
        takenHandles: event.payload.takenHandles,
      });
      next.tokensIn += event.payload.tokensIn;
      next.tokensOut += event.payload.tokensOut;
      next.costNanoUsd += event.payload.costNanoUsd;
      break;
    case "node.failed":
      setNode(event.nodeId, { status: "failed", durationMs: event.payload.durationMs, error: event.payload.error, takenHandles: event.payload.handled ? ["error"] : [] });
      break;
    case "node.waiting":
      setNode(event.nodeId, { status: "waiting", waitingMessage: event.payload.message });
      break;
    case "node.decided":
      setNode(event.nodeId, { status: "running", waitingMessage: undefined, outputPreview: `${event.payload.decision} by ${event.payload.by}` });
      break;
    case "node.delta": {
      const before = next.nodes[event.nodeId];
      setNode(event.nodeId, {
        outputPreview: ((before?.outputPreview ?? "") + event.payload.text).slice(0, OUTPUT_PREVIEW_CHARS),
        streamedChars: (before?.streamedChars ?? 0) + event.payload.text.length,
      });
      break;
    }
    case "node.skipped":
      setNode(event.nodeId, { status: "skipped" });
      break;
    case "node.cancelled":
      setNode(event.nodeId, { status: "cancelled", error: event.payload.reason });
      break;
  }
  if (event.nodeId !== null && (next.status === "running" || next.status === "waiting")) next.status = liveStatus(next.nodes);
  return next;
}

/** A live run is "waiting" while nothing runs or is queued and someone's decision is pending. */
function liveStatus(nodes: Record<string, NodeView>): "running" | "waiting" {
  const views = Object.values(nodes);
  if (views.some((n) => n.status === "running" || n.status === "queued")) return "running";
  return views.some((n) => n.status === "waiting") ? "waiting" : "running";
}
