import { runStatusSchema, type RunStatus } from "@/lib/run/events";

/** The Runs page filters as they live in the URL (`?status=&flow=&from=&to=`); days are YYYY-MM-DD. */
export interface RunFilters {
  status: RunStatus | null;
  flowId: string | null;
  from: string | null;
  to: string | null;
}

export const NO_FILTERS: RunFilters = { status: null, flowId: null, from: null, to: null };

function day(value: string | null): string | null {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : null;
}

export function filtersFromParams(params: Pick<URLSearchParams, "get">): RunFilters {
  const status = runStatusSchema.safeParse(params.get("status"));
  return { status: status.success ? status.data : null, flowId: params.get("flow") || null, from: day(params.get("from")), to: day(params.get("to")) };
}

export function filtersToSearch(filters: RunFilters): string {
  const params = new URLSearchParams();
  if (filters.status) params.set("status", filters.status);
  if (filters.flowId) params.set("flow", filters.flowId);
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  const search = params.toString();
  return search ? `?${search}` : "";
}

export function hasFilters(filters: RunFilters): boolean {
  return !!(filters.status || filters.flowId || filters.from || filters.to);
}

/** The chosen days as moments in the viewer's time zone: from the start of `from` to the end of `to`. */
export function localDayRange(filters: RunFilters): { from?: Date; to?: Date; error: string | null } {
  const from = filters.from ? new Date(`${filters.from}T00:00:00`) : undefined;
  const to = filters.to ? new Date(`${filters.to}T23:59:59.999`) : undefined;
  if (from && to && from > to) return { error: "The start date must be on or before the end date" };
  return { from, to, error: null };
}
