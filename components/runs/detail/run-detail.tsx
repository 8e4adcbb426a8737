"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { downloadJson } from "@/components/ui/download";
import { Notice, Spinner } from "@/components/ui/notice";
import { NodeRunDetails } from "./node-run-details";
import { ReplayScrubber } from "./replay-scrubber";
import { RunCanvas } from "./run-canvas";
import { RunHeader } from "./run-header";
import { RunTimeline } from "./run-timeline";
import { useReplay } from "./use-replay";

const LIVE_REFRESH_MS = 1_000;
const isLive = (status: string | undefined) => status === "queued" || status === "running" || status === "waiting";

/** One run after the fact (or while it goes): the flow as it ran, a timeline, each node's details, replay and re-run. */
export function RunDetail({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const detail = useQuery({
    ...trpc.run.detail.queryOptions({ runId }),
    refetchInterval: (query) => (isLive(query.state.data?.status) ? LIVE_REFRESH_MS : false),
  });
  const live = isLive(detail.data?.status);
  const log = useQuery({ ...trpc.run.log.queryOptions({ runId }), refetchInterval: live ? LIVE_REFRESH_MS : false });
  const events = log.data?.events ?? [];
  const replay = useReplay(events);
  const [selected, setSelected] = useState<string | null>(null);
  const rerun = useMutation(trpc.run.rerun.mutationOptions({ onSuccess: ({ runId: next }) => router.push(`/runs/${next}`) }));

  const error = detail.error ?? log.error;
  if (error) {
    return (
      <div className="mx-auto max-w-lg space-y-3 p-8">
        <Notice tone="error">
          {error.data?.code === "NOT_FOUND" ? "This run does not exist or you do not have access to it." : `Could not load the run: ${error.message}`}{" "}
          <button className="underline" onClick={() => void Promise.all([detail.refetch(), log.refetch()])}>
            Retry
          </button>
        </Notice>
        <Link href="/runs" className="text-sm text-indigo-700 hover:underline">
          ← Back to runs
        </Link>
      </div>
    );
  }
  if (!detail.data || !log.data) {
    return (
      <div className="p-8">
        <Spinner label="Loading run…" />
      </div>
    );
  }

  const run = detail.data;
  const nodeRun = selected ? run.nodeRuns.find((n) => n.nodeId === selected) : undefined;
  const playheadAt = replay.position > 0 && replay.position < events.length ? (events[replay.position - 1]?.at ?? null) : null;
  return (
    <div className="flex h-full flex-col">
      <RunHeader
        run={run}
        rerunPending={rerun.isPending}
        onRerun={() => rerun.mutate({ runId })}
        onDownload={() => downloadJson(`run-${runId}.json`, { run, events })}
      />
      {rerun.error ? (
        <div className="border-b border-slate-200 px-4 py-2">
          <Notice tone="error">Could not re-run: {rerun.error.message}</Notice>
        </div>
      ) : null}
      {log.data.truncated ? (
        <div className="border-b border-slate-200 px-4 py-2">
          <Notice>This run has more events than the page shows; the timeline and replay cover the first {events.length}.</Notice>
        </div>
      ) : null}
      <div className="flex min-h-0 flex-1">
        <div className="flex min-w-0 flex-1 flex-col">
          <div className="min-h-0 flex-1">
            <RunCanvas runId={runId} flowId={run.flowId} version={run.version} graph={run.graph} view={replay.view} selectedNodeId={selected} onSelect={setSelected} />
          </div>
          <ReplayScrubber events={events} replay={replay} />
          <div className="max-h-64 overflow-y-auto border-t border-slate-200 bg-white">
            <RunTimeline events={events} playheadAt={playheadAt} selectedNodeId={selected} onSelect={setSelected} />
          </div>
        </div>
        <aside aria-label="Node details" className="w-96 shrink-0 overflow-y-auto border-l border-slate-200 bg-white">
          {selected ? (
            <NodeRunDetails
              nodeId={selected}
              nodeRun={nodeRun}
              events={events}
              runStartMs={events[0] ? Date.parse(events[0].at) : 0}
              canRerun={!live && !run.parentRunId}
              rerunPending={rerun.isPending}
              onRerunFrom={(nodeId) => rerun.mutate({ runId, fromNodeId: nodeId })}
            />
          ) : (
            <RunOutputs outputs={run.outputs} />
          )}
        </aside>
      </div>
    </div>
  );
}

function RunOutputs({ outputs }: { outputs: unknown }) {
  const entries = outputs && typeof outputs === "object" ? Object.entries(outputs as Record<string, unknown>) : [];
  return (
    <div className="space-y-2 p-4 text-sm">
      <p className="text-slate-500">Select a node on the canvas or the timeline to see its inputs, outputs, log and cost.</p>
      {entries.length > 0 ? (
        <div className="space-y-1" data-testid="run-detail-outputs">
          <h3 className="text-xs font-semibold text-slate-600">Outputs</h3>
          {entries.map(([nodeId, value]) => (
            <div key={nodeId}>
              <p className="text-xs text-slate-500">{nodeId}</p>
              <pre className="whitespace-pre-wrap rounded bg-slate-50 p-2 text-[11px]">{typeof value === "string" ? value : JSON.stringify(value, null, 2)}</pre>
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
