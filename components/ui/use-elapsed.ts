"use client";

import { useEffect, useState } from "react";

/** Milliseconds since `startedAt`, ticking while `live`; null before anything started. */
export function useElapsed(startedAt: string | undefined, live: boolean, tickMs = 250): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setNow(Date.now()), tickMs);
    return () => clearInterval(timer);
  }, [live, tickMs]);
  return startedAt ? Math.max(0, now - Date.parse(startedAt)) : null;
}

export function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms < 60_000 ? `${Math.floor(ms / 1000)} s` : ms < 3_600_000 ? `${Math.floor(ms / 60_000)}m ${Math.floor((ms % 60_000) / 1000)}s` : `${Math.floor(ms / 3_600_000)}h ${Math.floor((ms % 3_600_000) / 60_000)}m`;
}
