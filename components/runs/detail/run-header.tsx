"use client";

import Link from "next/link";
import { formatUsd } from "@/lib/models/cost";
import { Button } from "@/components/ui/button";
import { formatSeconds } from "@/components/ui/use-elapsed";
import { RunStatusPill } from "../run-status-pill";
import type { RunDetailData } from "./types";

interface RunHeaderProps {
  run: RunDetailData;
  rerunPending: boolean;
  onRerun: () => void;
  onDownload: () => void;
}

/** What the run was and how it went, with re-run and download. */
export function RunHeader({ run, rerunPending, onRerun, onDownload }: RunHeaderProps) {
  const durationMs = run.startedAt && run.finishedAt ? new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime() : null;
  return (
    <header className="space-y-2 border-b border-slate-200 bg-white px-4 py-3">
      <div className="flex flex-wrap items-center gap-3">
        <Link href="/runs" className="text-sm text-indigo-700 hover:underline">
          ← Runs
        </Link>
        <h1 className="text-lg font-semibold">
          <Link href={`/flows/${run.flowId}`} className="hover:underline" data-testid="run-flow-name">
            {run.flowName}
          </Link>{" "}
          <span className="text-sm font-normal text-slate-500">version {run.version}</span>
        </h1>
        <RunStatusPill status={run.status} />
        <div className="ml-auto flex gap-2">
          <Button variant="secondary" onClick={onDownload} data-testid="download-run">
            Download JSON
          </Button>
          <Button onClick={onRerun} disabled={rerunPending} data-testid="rerun">
            {rerunPending ? "Starting…" : "Re-run"}
          </Button>
        </div>
      </div>
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-xs text-slate-600">
        <div>
          <dt className="inline">Run </dt>
          <dd className="inline font-mono">{run.id}</dd>
        </div>
        <div>
          <dt className="inline">Started by </dt>
          <dd className="inline">{run.startedBy.name || run.startedBy.email}</dd>
        </div>
        <div>
          <dt className="inline">Trigger </dt>
          <dd className="inline">{run.trigger}</dd>
        </div>
        <div>
          <dt className="inline">Started </dt>
          <dd className="inline">{new Date(run.startedAt ?? run.createdAt).toLocaleString()}</dd>
        </div>
        <div>
          <dt className="inline">Duration </dt>
          <dd className="inline">{durationMs === null ? "—" : formatSeconds(durationMs)}</dd>
        </div>
        <div>
          <dt className="inline">Tokens </dt>
          <dd className="inline">
            {run.tokensIn} in / {run.tokensOut} out
          </dd>
        </div>
        <div>
          <dt className="inline">Cost </dt>
          <dd className="inline font-semibold" data-testid="run-detail-cost" data-nano-usd={run.costNanoUsd}>
            {formatUsd(run.costNanoUsd)}
            {run.budgetNanoUsd !== null ? ` of ${formatUsd(run.budgetNanoUsd)} budget` : ""}
          </dd>
        </div>
        {run.rerunOfId ? (
          <div>
            <dt className="inline">Re-run of </dt>
            <dd className="inline">
              <Link href={`/runs/${run.rerunOfId}`} className="font-mono text-indigo-700 hover:underline" data-testid="rerun-of">
                {run.rerunOfId}
              </Link>
              {run.rerunFromNodeId ? ` from ${run.rerunFromNodeId}` : ""}
            </dd>
          </div>
        ) : null}
      </dl>
      {run.error ? (
        <p className="text-sm text-red-700" data-testid="run-detail-error">
          {run.error}
        </p>
      ) : null}
    </header>
  );
}
