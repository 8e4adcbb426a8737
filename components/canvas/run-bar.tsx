"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { stringifyValue } from "@/lib/flow/templates";
import { formatUsd } from "@/lib/models/cost";
import { useTRPC } from "@/components/providers/trpc";
import { RunStatusPill } from "@/components/runs/run-status-pill";
import { Button } from "@/components/ui/button";
import { formatSeconds, useElapsed } from "@/components/ui/use-elapsed";
import { useEditor } from "./editor-store";
import { useRunEvents } from "./use-run-events";

/** Holds the live subscription; only this small piece re-renders as each event arrives. */
function RunConnection({ seenEvents }: { seenEvents: boolean }) {
  const subscription = useRunEvents();
  // While reconnecting, `error` holds the reason the connection dropped; it is only final in "error".
  if (subscription.status === "error") return <span className="text-xs text-red-600">Live updates failed: {subscription.error?.message ?? "unknown error"}</span>;
  if (subscription.status !== "connecting" || !seenEvents) return null;
  return (
    <span className="text-xs text-amber-600" data-testid="run-connection" role="status">
      Reconnecting…
    </span>
  );
}

function BudgetMeter({ spent, budget }: { spent: number; budget: number }) {
  const share = budget > 0 ? Math.min(1, spent / budget) : 1;
  return (
    <span className="ml-2 inline-block h-1.5 w-20 overflow-hidden rounded bg-slate-200 align-middle" title={`${Math.round(share * 100)}% of the budget`}>
      <span className={`block h-full ${share >= 0.9 ? "bg-orange-500" : "bg-indigo-500"}`} style={{ width: `${share * 100}%` }} />
    </span>
  );
}

/** The current run: status, duration, tokens, total cost, and the outputs once it has finished. */
export function RunBar() {
  const trpc = useTRPC();
  const run = useEditor((s) => s.run);
  const view = run?.view;
  const finished = !!view && ["succeeded", "failed", "cancelled", "budget_exceeded"].includes(view.status);
  const elapsed = useElapsed(view?.startedAt, view?.status === "running" || view?.status === "waiting");
  const detail = useQuery({ ...trpc.run.get.queryOptions({ runId: run?.runId ?? "" }), enabled: !!run && finished });
  const cancel = useMutation(trpc.run.cancel.mutationOptions());

  if (!run || !view) return null;
  const durationMs = view.durationMs ?? elapsed;
  const outputs = detail.data?.outputs as Record<string, unknown> | null | undefined;
  return (
    <section
      aria-label="Run"
      className="space-y-2 border-t border-slate-200 bg-white px-4 py-2 text-sm"
      data-testid="run-bar"
      data-last-seq={view.lastSeq}
      data-event-count={view.eventCount}
    >
      <div className="flex flex-wrap items-center gap-4">
        <RunStatusPill status={view.status} />
        <span className="text-slate-600">
          Duration <strong data-testid="run-duration">{durationMs === null ? "—" : formatSeconds(durationMs)}</strong>
        </span>
        <span className="text-slate-600">
          Tokens <strong>{view.tokensIn}</strong> in / <strong>{view.tokensOut}</strong> out
        </span>
        <span className="text-slate-600">
          Cost <strong data-testid="run-cost" data-nano-usd={view.costNanoUsd}>{formatUsd(view.costNanoUsd)}</strong>
          {view.budgetNanoUsd !== null ? (
            <>
              {" "}
              of <strong data-testid="run-budget">{formatUsd(view.budgetNanoUsd)}</strong> budget
              <BudgetMeter spent={view.costNanoUsd} budget={view.budgetNanoUsd} />
            </>
          ) : null}
        </span>
        <Link href={`/runs/${run.runId}`} className="text-xs text-indigo-700 hover:underline" data-testid="run-details-link">
          Run details
        </Link>
        {!finished ? (
          <Button variant="secondary" className="ml-auto" disabled={cancel.isPending} onClick={() => cancel.mutate({ runId: run.runId })}>
            {cancel.isPending ? "Cancelling…" : "■ Cancel run"}
          </Button>
        ) : null}
        {cancel.error ? <span className="text-xs text-red-600">Cancel failed: {cancel.error.message}</span> : null}
        <RunConnection seenEvents={view.lastSeq > 0} />
      </div>
      {view.error ? (
        <p className="text-red-700" data-testid="run-error">
          {view.error}
        </p>
      ) : null}
      {outputs && Object.keys(outputs).length > 0 ? (
        <div className="max-h-40 space-y-1 overflow-auto" data-testid="run-outputs">
          {Object.entries(outputs).map(([nodeId, value]) => (
            <div key={nodeId}>
              <p className="text-xs font-medium text-slate-500">{nodeId}</p>
              <pre className="whitespace-pre-wrap rounded bg-slate-50 p-2 text-xs text-slate-800">{stringifyValue(value)}</pre>
            </div>
          ))}
        </div>
      ) : null}
    </section>
  );
}
