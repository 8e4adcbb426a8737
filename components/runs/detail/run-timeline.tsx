"use client";

import { useMemo } from "react";
import type { RunEvent } from "@/lib/run/events";
import { buildTimeline, type TimelineSpan } from "@/lib/run/timeline";

const SPAN_CLASS: Record<TimelineSpan["kind"], string> = {
  queued: "bg-slate-300",
  running: "bg-sky-500",
  retry_wait: "bg-orange-300 bg-[repeating-linear-gradient(45deg,transparent_0_4px,rgba(255,255,255,0.6)_4px_8px)]",
  waiting: "bg-violet-400",
};
const END_CLASS: Partial<Record<TimelineSpan["end"], string>> = {
  succeeded: "bg-emerald-500",
  failed: "bg-red-500",
  cancelled: "bg-amber-500",
  retrying: "bg-red-400",
};
const KIND_LABEL: Record<TimelineSpan["kind"], string> = { queued: "queued", running: "running", retry_wait: "waiting to retry", waiting: "waiting for a person" };

function spanTitle(nodeId: string, span: TimelineSpan, startMs: number): string {
  const from = ((span.startMs - startMs) / 1000).toFixed(2);
  const length = span.endMs === null ? "still going" : `${span.endMs - span.startMs} ms`;
  const attempt = span.attempt ? ` (attempt ${span.attempt})` : "";
  const end = span.end !== "open" ? `, ended ${span.end}` : "";
  return `${nodeId}: ${KIND_LABEL[span.kind]}${attempt} from +${from} s, ${length}${end}`;
}

/**
 * Gantt chart of node executions: parallel nodes overlap, retries show each attempt and the
 * backoff between them, waits for a person show as their own bar. The line marks the replay position.
 */
export function RunTimeline({ events, playheadAt, selectedNodeId, onSelect }: { events: readonly RunEvent[]; playheadAt: string | null; selectedNodeId: string | null; onSelect: (nodeId: string) => void }) {
  const timeline = useMemo(() => buildTimeline(events, events.length ? Date.parse(events[events.length - 1]!.at) : 0), [events]);
  const total = Math.max(1, timeline.endMs - timeline.startMs);
  const x = (ms: number) => `${(Math.min(Math.max(ms - timeline.startMs, 0), total) / total) * 100}%`;
  if (timeline.rows.length === 0) return <p className="p-4 text-sm text-slate-500">No node has run yet.</p>;
  return (
    <div className="space-y-1 p-3 text-xs" data-testid="run-timeline" role="list" aria-label="Timeline">
      <div className="flex justify-between pl-36 text-[10px] text-slate-400">
        <span>0 s</span>
        <span>{(total / 1000).toFixed(2)} s</span>
      </div>
      {timeline.rows.map((row) => (
        <button
          type="button"
          role="listitem"
          key={row.nodeId}
          onClick={() => onSelect(row.nodeId)}
          className={`flex w-full items-center gap-2 rounded text-left hover:bg-slate-50 ${selectedNodeId === row.nodeId ? "bg-indigo-50" : ""}`}
          data-testid={`timeline-${row.nodeId}`}
        >
          <span className="w-34 shrink-0 truncate font-mono text-[11px] text-slate-700">{row.nodeId}</span>
          <span className="relative h-4 flex-1 rounded bg-slate-100">
            {row.spans.length === 0 ? (
              <span className="absolute inset-y-0 left-1 text-[10px] leading-4 text-slate-400" data-testid="timeline-note">
                {row.reused ? "result reused from the earlier run" : "skipped"}
              </span>
            ) : null}
            {row.spans.map((span, i) => {
              const end = span.endMs ?? timeline.endMs;
              return (
                <span
                  key={i}
                  title={spanTitle(row.nodeId, span, timeline.startMs)}
                  data-kind={span.kind}
                  className={`absolute inset-y-0.5 min-w-[2px] rounded-sm ${span.kind === "running" ? (END_CLASS[span.end] ?? SPAN_CLASS.running) : SPAN_CLASS[span.kind]}`}
                  style={{ left: x(span.startMs), width: `calc(${x(end)} - ${x(span.startMs)})` }}
                />
              );
            })}
            {playheadAt ? <span className="absolute inset-y-0 w-px bg-indigo-600" style={{ left: x(Date.parse(playheadAt)) }} aria-hidden /> : null}
          </span>
        </button>
      ))}
      <p className="pl-36 text-[10px] text-slate-400">
        <span className="mr-1 inline-block h-2 w-3 rounded-sm bg-slate-300 align-middle" /> queued
        <span className="mr-1 ml-3 inline-block h-2 w-3 rounded-sm bg-emerald-500 align-middle" /> ran
        <span className="mr-1 ml-3 inline-block h-2 w-3 rounded-sm bg-red-400 align-middle" /> failed attempt
        <span className="mr-1 ml-3 inline-block h-2 w-3 rounded-sm bg-orange-300 align-middle" /> retry backoff
        <span className="mr-1 ml-3 inline-block h-2 w-3 rounded-sm bg-violet-400 align-middle" /> waiting for a person
      </p>
    </div>
  );
}
