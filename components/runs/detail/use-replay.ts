"use client";

import { useEffect, useMemo, useState } from "react";
import type { RunEvent } from "@/lib/run/events";
import { applyRunEvent, emptyRunView, type RunView } from "@/lib/run/run-view";

/** Replays take about this long from the first event to the last, whatever the run's length. */
const REPLAY_MS = 8_000;
const TICK_MS = 50;

export interface Replay {
  /** How many events are applied: 0 = before the run, events.length = its final state. */
  position: number;
  setPosition: (position: number) => void;
  view: RunView;
  playing: boolean;
  toggle: () => void;
}

/**
 * The run as it stood after `position` events. Stays on the newest event while the log grows
 * (a live run), unless the person moved the scrubber back.
 */
export function useReplay(events: readonly RunEvent[]): Replay {
  const [pinned, setPinned] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  const position = pinned === null ? events.length : Math.min(pinned, events.length);

  useEffect(() => {
    if (!playing) return;
    const step = Math.max(1, Math.ceil(events.length / (REPLAY_MS / TICK_MS)));
    const timer = setInterval(() => {
      setPinned((current) => {
        const next = Math.min(events.length, (current ?? 0) + step);
        if (next >= events.length) {
          setPlaying(false);
          return null;
        }
        return next;
      });
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [playing, events.length]);

  const view = useMemo(() => events.slice(0, position).reduce(applyRunEvent, emptyRunView()), [events, position]);

  return {
    position,
    setPosition: (next) => {
      setPlaying(false);
      setPinned(next >= events.length ? null : Math.max(0, next));
    },
    view,
    playing,
    toggle: () => {
      if (playing) return setPlaying(false);
      if (position >= events.length) setPinned(0);
      setPlaying(true);
    },
  };
}
