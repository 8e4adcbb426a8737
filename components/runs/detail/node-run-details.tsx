"use client";

import type { ReactNode } from "react";
import { stringifyValue } from "@/lib/flow/templates";
import { formatUsd } from "@/lib/models/cost";
import type { RunEvent } from "@/lib/run/events";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import type { NodeRunDetail } from "./types";

const LOG_LINES = 300;

function logLine(event: RunEvent): string {
  switch (event.type) {
    case "node.started":
      return `started (attempt ${event.payload.attempt})`;
    case "node.delta":
      return `streamed: ${event.payload.text}`;
    case "node.succeeded":
      return event.payload.reusedFrom
        ? `reused the result of run ${event.payload.reusedFrom}`
        : `succeeded in ${event.payload.durationMs} ms (${event.payload.tokensIn}→${event.payload.tokensOut} tokens, ${formatUsd(event.payload.costNanoUsd)})`;
    case "node.failed":
      return `failed after ${event.payload.durationMs} ms${event.payload.handled ? " (sent down its error port)" : ""}: ${event.payload.error}`;
    case "node.retrying":
      return `attempt ${event.payload.attempt} failed (${event.payload.error}); retrying in ${event.payload.delayMs} ms`;
    case "node.waiting":
      return `waiting: ${event.payload.message}`;
    case "node.decided":
      return `${event.payload.decision} by ${event.payload.by}${event.payload.comment ? `: ${event.payload.comment}` : ""}`;
    case "node.cancelled":
      return `cancelled: ${event.payload.reason}`;
    default:
      return event.type.replace("node.", "");
  }
}

function Value({ label, value, testId }: { label: string; value: unknown; testId: string }) {
  const text = stringifyValue(value);
  return (
    <div className="space-y-1">
      <div className="flex items-center justify-between">
        <h4 className="text-xs font-semibold text-slate-600">{label}</h4>
        <CopyButton text={text} label={`Copy ${label.toLowerCase()}`} />
      </div>
      <pre className="max-h-56 overflow-auto whitespace-pre-wrap rounded bg-slate-50 p-2 text-[11px] text-slate-800" data-testid={testId}>
        {text === "" ? "—" : text}
      </pre>
    </div>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-slate-800">{children}</dd>
    </>
  );
}

const TIME_FORMAT: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false, fractionalSecondDigits: 3 };
const time = (d: Date | null) => (d ? new Date(d).toLocaleTimeString(undefined, TIME_FORMAT) : "—");

/** One node of the run: its timing, attempts, tokens and cost, what it received and produced, and its log. */
export function NodeRunDetails({
  nodeId,
  nodeRun,
  events,
  runStartMs,
  canRerun,
  rerunPending,
  onRerunFrom,
}: {
  nodeId: string;
  nodeRun: NodeRunDetail | undefined;
  events: readonly RunEvent[];
  runStartMs: number;
  canRerun: boolean;
  rerunPending: boolean;
  onRerunFrom: (nodeId: string) => void;
}) {
  const log = events.filter((e) => e.nodeId === nodeId);
  const shown = log.slice(-LOG_LINES);
  const duration = nodeRun?.startedAt && nodeRun.finishedAt ? new Date(nodeRun.finishedAt).getTime() - new Date(nodeRun.startedAt).getTime() : null;
  return (
    <section className="space-y-3 p-4 text-sm" aria-label={`Node ${nodeId}`} data-testid="node-details">
      <div className="flex items-start justify-between gap-2">
        <h3 className="font-semibold">
          <code>{nodeId}</code>
        </h3>
        {canRerun ? (
          <Button variant="secondary" className="text-xs" disabled={rerunPending} onClick={() => onRerunFrom(nodeId)} data-testid="rerun-from-node">
            Re-run from here
          </Button>
        ) : null}
      </div>
      {!nodeRun ? (
        <p className="text-slate-500">This node was not reached in this run.</p>
      ) : (
        <>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
            <Field label="Status">
              <span data-testid="node-details-status">{nodeRun.status}</span>
            </Field>
            <Field label="Attempts">{nodeRun.attempt}</Field>
            {nodeRun.model ? <Field label="Model">{nodeRun.model}</Field> : null}
            <Field label="Tokens">
              {nodeRun.tokensIn} in / {nodeRun.tokensOut} out
            </Field>
            <Field label="Cost">
              <span data-testid="node-details-cost" data-nano-usd={nodeRun.costNanoUsd}>
                {formatUsd(nodeRun.costNanoUsd)}
              </span>
            </Field>
            <Field label="Queued">{time(nodeRun.queuedAt)}</Field>
            <Field label="Started">{time(nodeRun.startedAt)}</Field>
            <Field label="Finished">{time(nodeRun.finishedAt)}</Field>
            {duration !== null ? <Field label="Took">{duration} ms</Field> : null}
          </dl>
          {nodeRun.error ? (
            <div className="space-y-1">
              <div className="flex items-center justify-between">
                <h4 className="text-xs font-semibold text-red-700">Error</h4>
                <CopyButton text={nodeRun.error} label="Copy error" />
              </div>
              <pre className="max-h-48 overflow-auto whitespace-pre-wrap rounded border border-red-200 bg-red-50 p-2 text-[11px] text-red-800" data-testid="node-details-error">
                {nodeRun.error}
              </pre>
            </div>
          ) : null}
          <Value label="Input" value={nodeRun.input} testId="node-details-input" />
          <Value label="Output" value={nodeRun.output} testId="node-details-output" />
        </>
      )}
      <div className="space-y-1">
        <h4 className="text-xs font-semibold text-slate-600">Log</h4>
        {log.length > shown.length ? <p className="text-[11px] text-slate-400">Showing the last {LOG_LINES} of {log.length} lines.</p> : null}
        <ol className="max-h-64 overflow-auto rounded bg-slate-900 p-2 font-mono text-[11px] text-slate-100" data-testid="node-details-log">
          {shown.length === 0 ? <li className="text-slate-400">No events.</li> : null}
          {shown.map((event) => (
            <li key={event.seq} className="whitespace-pre-wrap">
              <span className="text-slate-400">+{((Date.parse(event.at) - runStartMs) / 1000).toFixed(3)}s</span> {logLine(event)}
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
