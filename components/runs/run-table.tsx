import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { formatUsd } from "@/lib/models/cost";
import type { AppRouter } from "@/server/api/root";
import { RunStatusPill } from "./run-status-pill";

export type RunRow = inferRouterOutputs<AppRouter>["run"]["list"]["items"][number];

export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

const th = "px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-slate-500";
const td = "px-3 py-2 align-top";

/** Runs not started by a person in the app say what started them (and for whom). */
const ACTOR_LABELS: Record<string, string> = { api_key: "API key", schedule: "Schedule", webhook: "Webhook", system: "System" };

function RunTableRow({ run }: { run: RunRow }) {
  const actor = ACTOR_LABELS[run.actorType];
  return (
    // The link's ::after covers the row, so the whole row opens the run.
    <tr className="relative hover:bg-slate-50" data-testid="run-row" data-id={run.id}>
      <td className={td}>
        <RunStatusPill status={run.status} />
      </td>
      <td className={`${td} max-w-56 truncate font-medium text-slate-900`}>{run.flowName}</td>
      <td className={`${td} text-slate-600`}>
        {run.trigger}
        {run.rerunOfId ? (
          <Link href={`/runs/${run.rerunOfId}`} className="relative z-10 ml-1 text-xs text-indigo-600 hover:underline">
            (of earlier run)
          </Link>
        ) : null}
      </td>
      <td className={`${td} max-w-48 truncate`} title={run.startedBy.email} data-actor={run.actorType}>
        {actor ? `${actor} · for ` : ""}
        {run.startedBy.name ?? run.startedBy.email}
      </td>
      <td className={`${td} whitespace-nowrap`}>
        <Link href={`/runs/${run.id}`} className="text-slate-900 after:absolute after:inset-0 hover:text-indigo-700" aria-label={`Open run of ${run.flowName} started ${run.createdAt.toLocaleString()}`}>
          <time dateTime={run.createdAt.toISOString()}>{run.createdAt.toLocaleString()}</time>
        </Link>
      </td>
      <td className={`${td} text-right tabular-nums whitespace-nowrap`}>{formatDuration(run.durationMs)}</td>
      <td className={`${td} text-right tabular-nums whitespace-nowrap`} title="tokens in / out">
        {run.tokensIn.toLocaleString()} / {run.tokensOut.toLocaleString()}
      </td>
      <td className={`${td} text-right tabular-nums whitespace-nowrap`}>{formatUsd(run.costNanoUsd)}</td>
    </tr>
  );
}

export function RunTable({ runs }: { runs: RunRow[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-sm" aria-label="Runs">
        <thead className="border-b border-slate-200 bg-slate-50">
          <tr>
            <th className={th}>Status</th>
            <th className={th}>Flow</th>
            <th className={th}>Trigger</th>
            <th className={th}>Started by</th>
            <th className={th}>Started</th>
            <th className={`${th} text-right`}>Duration</th>
            <th className={`${th} text-right`}>Tokens in / out</th>
            <th className={`${th} text-right`}>Cost</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {runs.map((run) => (
            <RunTableRow key={run.id} run={run} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
