"use client";

import { skipToken } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import type { RunEvent } from "@/lib/run/events";
import { useTRPC } from "@/components/providers/trpc";
import { useEditor } from "./editor-store";

/**
 * Streams the watched run's events into the store. On a dropped connection the SSE link
 * reconnects with the last event id it saw, and the server replays from there.
 */
export function useRunEvents() {
  const trpc = useTRPC();
  const runId = useEditor((s) => s.run?.runId);
  const applyRunEvent = useEditor((s) => s.applyRunEvent);
  return useSubscription(
    trpc.run.events.subscriptionOptions(runId ? { runId } : skipToken, {
      onData: (tracked) => applyRunEvent(tracked.data as RunEvent),
    }),
  );
}
