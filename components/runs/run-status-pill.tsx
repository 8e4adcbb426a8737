import type { RunStatus } from "@/lib/run/events";

export const RUN_STATUS_LABEL: Record<RunStatus, string> = {
  queued: "Queued",
  running: "Running",
  waiting: "Waiting",
  succeeded: "Succeeded",
  failed: "Failed",
  cancelled: "Cancelled",
  budget_exceeded: "Budget exceeded",
};

const STATUS_CLASS: Record<RunStatus, string> = {
  queued: "bg-slate-200 text-slate-800",
  running: "bg-sky-100 text-sky-800",
  waiting: "bg-violet-100 text-violet-800",
  succeeded: "bg-emerald-100 text-emerald-800",
  failed: "bg-red-100 text-red-800",
  cancelled: "bg-amber-100 text-amber-800",
  budget_exceeded: "bg-orange-100 text-orange-800",
};

export function RunStatusPill({ status }: { status: RunStatus }) {
  return (
    <span data-testid="run-status" data-status={status} className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${STATUS_CLASS[status]}`}>
      {RUN_STATUS_LABEL[status]}
    </span>
  );
}
