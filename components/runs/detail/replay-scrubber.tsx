"use client";

import type { RunEvent } from "@/lib/run/events";
import type { Replay } from "./use-replay";

/** A slider over the run's events: drag to see the canvas as it stood at any point, or play it back. */
export function ReplayScrubber({ events, replay }: { events: readonly RunEvent[]; replay: Replay }) {
  const current = replay.position > 0 ? events[replay.position - 1] : undefined;
  const startMs = events[0] ? Date.parse(events[0].at) : 0;
  return (
    <div className="flex items-center gap-3 border-t border-slate-200 bg-white px-4 py-2 text-xs" data-testid="replay">
      <button type="button" onClick={replay.toggle} className="w-16 rounded border border-slate-300 px-2 py-1 font-medium hover:bg-slate-100" data-testid="replay-play">
        {replay.playing ? "Pause" : "Replay"}
      </button>
      <input
        type="range"
        min={0}
        max={events.length}
        value={replay.position}
        onChange={(e) => replay.setPosition(Number(e.target.value))}
        aria-label="Replay position"
        data-testid="replay-slider"
        className="min-w-0 flex-1 accent-indigo-600"
      />
      <span className="w-64 shrink-0 truncate text-slate-600" data-testid="replay-position" data-position={replay.position}>
        {replay.position} / {events.length} events
        {current ? ` · +${((Date.parse(current.at) - startMs) / 1000).toFixed(2)} s · ${current.type}${current.nodeId ? ` ${current.nodeId}` : ""}` : " · before the run"}
      </span>
    </div>
  );
}
